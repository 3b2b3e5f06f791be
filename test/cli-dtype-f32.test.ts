// `wasmprop train --dtype f32` and `wasmprop export` of the f32 model, in-process through
// main(argv, io): the report names the dtype, the model file records it, the export is float32.
// Not here: the float64 CLI (cli-train.test.ts, cli-eval-predict-export.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { parseModel } from '../src/model/format.js';
import { tempDir } from './helpers/temp-dir.js';

async function run(argv: string[], cwd?: string): Promise<{ code: number; out: string; err: string }> {
  const io = { ...memoryIo(), cwd };
  const code = await main(argv, io);
  return { code, out: io.text(), err: io.errors() };
}

describe('wasmprop train --dtype f32', () => {
  test('iris in float32: ≥ 90% validation accuracy, a model file with dtype f32, a float32 ONNX export', async () => {
    const dir = tempDir('wasmprop-cli-f32-');
    const r = await run(['train', '--dataset', 'iris', '--epochs', '60', '--validation', '0.3', '--dtype', 'f32', '--out', 'm.json', '--json'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out) as { final: { validationAccuracy: number }; network: { backend: { dtype: string } } };
    expect(rep.network.backend.dtype).toBe('f32');
    expect(rep.final.validationAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(parseModel(readFileSync(join(dir, 'm.json'), 'utf8')).network.dtype).toBe('f32');
    const e = await run(['export', '--model', 'm.json', '--onnx', 'm.onnx', '--json'], dir);
    expect(e.code).toBe(0);
    expect(JSON.parse(e.out).dtype).toBe('float32');
  });

  test('--dtype takes only f64 or f32', async () => {
    const r = await run(['train', '--dataset', 'iris', '--dtype', 'f16']);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/f64, f32|'f64', 'f32'|choices/);
  });
});

// `wasmprop import --onnx … --out …` in-process: a torch.onnx.export file becomes a model file whose
// network gives torch's outputs; export → import through the CLI keeps the weights bit for bit and
// the class labels; a graph the importer does not know fails with exit code 1 naming the node.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { EXIT_FAILED } from '../src/cli/errors.js';
import { parseModel } from '../src/model/format.js';
import { Predictor } from '../src/model/predictor.js';
import { ONNX_F64 } from './helpers/onnxruntime.js';
import { expectClose } from './helpers/tolerance.js';
import { tempDir } from './helpers/temp-dir.js';

const onnxFixture = (name: string): string => new URL(`./fixtures/onnx/${name}.onnx`, import.meta.url).pathname;
const expected = JSON.parse(readFileSync(new URL('./fixtures/onnx/expected.json', import.meta.url), 'utf8')) as { models: Record<string, { inputs: number[][]; outputs: number[][] }> };
let dir = '';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = { ...memoryIo(), cwd: dir };
  const code = await main(argv, io);
  return { code, out: io.text(), err: io.errors() };
}

beforeAll(() => {
  dir = tempDir('wasmprop-import-');
});

describe('wasmprop import', () => {
  test('a torch file becomes a model file that runs like torch', async () => {
    const r = await run(['import', '--onnx', onnxFixture('normalized-f64'), '--out', 'torch.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('wasmprop import: torch.json written from normalized-f64.onnx');
    expect(r.out).toContain('network: 3-5-2, relu, linear, loss sse, input normalization, 32 parameters');
    const model = parseModel(readFileSync(join(dir, 'torch.json'), 'utf8'));
    expect(model.training).toMatchObject({ importedFrom: 'normalized-f64.onnx', onnxDtype: 'float64' });
    const p = await Predictor.fromModel(model, 'ts');
    const e = expected.models['normalized-f64'];
    expectClose('imported model file vs torch', p.run(Float64Array.from(e.inputs.flat())), e.outputs, ONNX_F64);
    p.dispose();
  });

  test('--json and --loss', async () => {
    const r = await run(['import', '--onnx', onnxFixture('sigmoid'), '--out', 'sig.json', '--loss', 'cross-entropy', '--json']);
    expect(r.code, r.err).toBe(0);
    const info = JSON.parse(r.out) as Record<string, unknown>;
    expect(info).toMatchObject({ command: 'import', dtype: 'float32', layers: [3, 2], activations: ['sigmoid'], loss: 'cross-entropy', parameters: 8 });
    expect(String(info.producer)).toMatch(/^pytorch/);
  });

  test('train → export → import keeps the weights bit for bit and the class labels', async () => {
    const csv = new URL('./fixtures/csv/flowers.csv', import.meta.url).pathname;
    expect((await run(['train', '--data', csv, '--layers', '4', '--epochs', '20', '--out', 'flowers.json'])).code).toBe(0);
    expect((await run(['export', '--model', 'flowers.json', '--onnx', 'flowers.onnx'])).code).toBe(0);
    const r = await run(['import', '--onnx', 'flowers.onnx', '--out', 'back.json']);
    expect(r.code, r.err).toBe(0);
    const a = parseModel(readFileSync(join(dir, 'flowers.json'), 'utf8'));
    const b = parseModel(readFileSync(join(dir, 'back.json'), 'utf8'));
    expect(b.network.weights).toEqual(a.network.weights);
    expect(b.network.biases).toEqual(a.network.biases);
    expect(b.network.normalization?.offset).toEqual(a.network.normalization?.offset);
    expect(b.network.normalization?.scale).toEqual(a.network.normalization?.scale);
    expect(b.network.loss).toBe(a.network.loss);
    expect(b.classes).toEqual(a.classes);
    expect(b.featureNames).toEqual(a.featureNames);
  });

  test('a graph it does not know: exit code 1, the node and op named', async () => {
    const r = await run(['import', '--onnx', onnxFixture('conv'), '--out', 'conv.json']);
    expect(r.code).toBe(EXIT_FAILED);
    expect(r.err).toMatch(/^wasmprop: conv\.onnx: onnx: node '\/0\/Conv' \(Conv\): expected an operator the ONNX importer knows/);
  });

  test('a missing file: exit code 1', async () => {
    const r = await run(['import', '--onnx', 'nowhere.onnx', '--out', 'x.json']);
    expect(r.code).toBe(EXIT_FAILED);
    expect(r.err).toContain('nowhere.onnx: expected a readable ONNX file, got "no such file"');
  });
});

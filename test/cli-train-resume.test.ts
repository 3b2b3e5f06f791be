// `wasmprop train --resume model.json --epochs N` continues a saved run: 4 epochs, saved, then 4
// more from the file give the parameters of one 8-epoch run, bit for bit (momentum, shuffled,
// a schedule, the validation split); another optimizer starts the optimizer afresh from the saved weights.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { parseModel } from '../src/model/format.js';
import { tempDir } from './helpers/temp-dir.js';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.text(), err: io.errors() };
}

const weights = (path: string): unknown => parseModel(readFileSync(path, 'utf8')).network.weights;

describe('wasmprop train --resume', () => {
  test('4 epochs + --resume 4 epochs == 8 epochs, bit for bit', async () => {
    const dir = tempDir('wasmprop-resume-');
    const common = ['train', '--dataset', 'iris', '--optimizer', 'momentum', '--lr', '0.05', '--schedule', 'step:3:0.5', '--batch', '8', '--seed', '4', '--json'];
    expect((await run([...common, '--epochs', '8', '--out', join(dir, 'whole.json')])).code).toBe(0);
    expect((await run([...common, '--epochs', '4', '--out', join(dir, 'half.json')])).code).toBe(0);
    const half = parseModel(readFileSync(join(dir, 'half.json'), 'utf8'));
    expect(half.network.version).toBe(2);
    expect(half.network.training?.epochs).toBe(4);
    const r = await run([...common, '--epochs', '4', '--resume', join(dir, 'half.json'), '--out', join(dir, 'resumed.json')]);
    expect(r.code, r.err).toBe(0);
    expect(weights(join(dir, 'resumed.json'))).toEqual(weights(join(dir, 'whole.json')));
    expect(parseModel(readFileSync(join(dir, 'resumed.json'), 'utf8')).training?.epochs).toBe(8);
    // another optimizer: the saved weights, a fresh optimizer
    const other = await run([...common.map((a) => (a === 'momentum' ? 'adam' : a)), '--epochs', '1', '--resume', join(dir, 'half.json'), '--out', join(dir, 'adam.json')]);
    expect(other.code, other.err).toBe(0);
    expect(parseModel(readFileSync(join(dir, 'adam.json'), 'utf8')).network.training?.epochs).toBe(1);
  });

  test('a model file that does not fit the data is refused with a clear message', async () => {
    const dir = tempDir('wasmprop-resume-');
    expect((await run(['train', '--dataset', 'xor', '--epochs', '2', '--out', join(dir, 'xor.json')])).code).toBe(0);
    const r = await run(['train', '--dataset', 'iris', '--epochs', '1', '--resume', join(dir, 'xor.json')]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/wasmprop/);
  });
});

// The CLI on IDX files (--images, --labels): train, eval and predict on the committed 300-digit
// MNIST fixture, and the usage errors of the new options. In-process through main(argv, io).
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { tempDir } from './helpers/temp-dir.js';

const IMAGES = fileURLToPath(new URL('./fixtures/idx/t300-images-idx3-ubyte.gz', import.meta.url));
const LABELS = fileURLToPath(new URL('./fixtures/idx/t300-labels-idx1-ubyte.gz', import.meta.url));

async function run(argv: string[], cwd?: string): Promise<{ code: number; out: string; err: string }> {
  const io = { ...memoryIo(), cwd };
  const code = await main(argv, io);
  return { code, out: io.text(), err: io.errors() };
}

describe('wasmprop with --images / --labels', () => {
  test('train, eval and predict on 300 MNIST digits read from gzipped IDX files', async () => {
    const dir = tempDir('wasmprop-cli-idx-');
    const t = await run(['train', '--images', IMAGES, '--labels', LABELS, '--layers', '32', '--epochs', '30', '--lr', '0.5', '--validation', '0', '--out', 'm.json', '--json'], dir);
    expect(t.err).toBe('');
    expect(t.code).toBe(0);
    const rep = JSON.parse(t.out) as { data: { trainingRows: number }; network: { layers: number[] }; final: { accuracy: number } };
    expect(rep.data.trainingRows).toBe(300);
    expect(rep.network.layers).toEqual([784, 32, 10]);
    expect(rep.final.accuracy, `training accuracy ${rep.final.accuracy}`).toBeGreaterThan(0.9);

    const e = await run(['eval', '--model', 'm.json', '--images', IMAGES, '--labels', LABELS, '--json'], dir);
    expect(e.code).toBe(0);
    const ev = JSON.parse(e.out) as { rows: number; accuracy: number };
    expect(ev.rows).toBe(300);
    expect(ev.accuracy).toBeCloseTo(rep.final.accuracy, 12);

    const p = await run(['predict', '--model', 'm.json', '--images', IMAGES, '--rows', '3', '--json'], dir);
    expect(p.code).toBe(0);
    const pr = JSON.parse(p.out) as { rows: number; predictions: { predicted: string }[] };
    expect(pr.rows).toBe(3);
    expect(pr.predictions.map((x) => x.predicted)).toHaveLength(3);
  });

  test('usage errors: --labels alone, two sources, --images without labels for train', async () => {
    const a = await run(['train', '--labels', LABELS]);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/--labels: expected --images as well/);
    const b = await run(['train', '--images', IMAGES, '--labels', LABELS, '--dataset', 'iris']);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/--images: expected no --data or --dataset beside it, got "both"/);
    const c = await run(['train', '--images', IMAGES]);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/--labels: expected an IDX labels file with --images/);
  });

  test('a malformed IDX file fails with exit code 1 and a one-line message', async () => {
    const r = await run(['train', '--images', LABELS, '--labels', LABELS]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^wasmprop: images: expected an IDX file of uint8 pixels with at least 2 dimensions/);
  });
});

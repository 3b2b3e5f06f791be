// `wasmprop eval`, `predict` and `export` on a model trained by `wasmprop train` (in-process):
// the confusion matrix, predictions CSV, and an ONNX file whose outputs equal the predictions.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { parseCsv } from '../src/data/csv.js';
import { expectClose } from './helpers/tolerance.js';
import { tempDir } from './helpers/temp-dir.js';

const fixture = (name: string): string => new URL(`./fixtures/csv/${name}`, import.meta.url).pathname;
let dir = '';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = { ...memoryIo(), cwd: dir };
  const code = await main(argv, io);
  return { code, out: io.text(), err: io.errors() };
}

beforeAll(async () => {
  dir = tempDir('wasmprop-cli-');
  const r = await run(['train', '--data', fixture('flowers.csv'), '--layers', '4', '--epochs', '200', '--lr', '0.3', '--out', 'flowers.json']);
  expect(r.code, r.err).toBe(0);
});

describe('wasmprop eval', () => {
  test('loss, accuracy and the confusion matrix with class labels', async () => {
    const r = await run(['eval', '--model', 'flowers.json', '--data', fixture('flowers.csv')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('wasmprop eval: flowers.json on flowers.csv (6 rows)');
    expect(r.out).toMatch(/loss \(cross-entropy\): \d\.\d{6}/);
    expect(r.out).toContain('accuracy: 100.0% (6 of 6)');
    expect(r.out).toMatch(/actual \\ predicted +setosa +versicolor +virginica\n +setosa +2 +0 +0\n +versicolor +0 +2 +0\n +virginica +0 +0 +2/);
  });

  test('--json gives the numbers, and the matrix counts every row once', async () => {
    const r = await run(['eval', '--model', 'flowers.json', '--dataset', 'iris', '--json']);
    const rep = JSON.parse(r.out) as { rows: number; accuracy: number; confusion: number[][]; classes: string[] };
    expect(rep.rows).toBe(150);
    expect(rep.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(rep.confusion.flat().reduce((a, b) => a + b, 0)).toBe(150);
    expect(rep.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([50, 50, 50]);
    const diag = rep.confusion.reduce((s, row, k) => s + row[k], 0);
    expect(rep.accuracy).toBe(diag / 150);
  });
});

describe('wasmprop predict', () => {
  test('one CSV row per input row, on a file without the target column', async () => {
    const r = await run(['predict', '--model', 'flowers.json', '--data', fixture('flowers-unlabelled.csv')]);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('row,predicted,p(setosa),p(versicolor),p(virginica)');
    expect(lines).toHaveLength(4);
    expect(lines[1].split(',')[1]).toBe('setosa');
    const classes = ['setosa', 'versicolor', 'virginica'];
    for (const l of lines.slice(1)) {
      const p = l.split(',').slice(2).map(Number);
      expectClose('probabilities sum to 1', [p.reduce((a, b) => a + b)], [1], { atol: 1e-12, rtol: 0 });
      expect(l.split(',')[1]).toBe(classes[p.indexOf(Math.max(...p))]);
    }
  });

  test('--out writes the file; --json prints the rows', async () => {
    const r = await run(['predict', '--model', 'flowers.json', '--data', fixture('flowers.csv'), '--out', 'pred.csv']);
    expect(r.out).toBe('wasmprop predict: 6 predictions written to pred.csv\n');
    const written = parseCsv(readFileSync(join(dir, 'pred.csv'), 'utf8'), { target: 'predicted' });
    expect(written.rows).toBe(6);
    const j = JSON.parse((await run(['predict', '--model', 'flowers.json', '--data', fixture('flowers.csv'), '--json'])).out) as { predictions: { row: number; predicted: string; outputs: number[] }[] };
    expect(j.predictions.map((p) => p.predicted)).toEqual(['setosa', 'setosa', 'versicolor', 'versicolor', 'virginica', 'virginica']);
  });
});

describe('wasmprop export', () => {
  test('float64 and float32 ONNX files that onnxruntime runs, equal to the predictions', async () => {
    const ort = createRequire(import.meta.url)('onnxruntime-node') as {
      InferenceSession: { create(path: string): Promise<{ run(f: Record<string, unknown>): Promise<{ output: { data: ArrayLike<number> } }> }> };
      Tensor: new (t: string, d: Float64Array | Float32Array, dims: number[]) => unknown;
    };
    const r = await run(['export', '--model', 'flowers.json', '--onnx', 'flowers.onnx']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^wasmprop export: flowers\.onnx written \([\d,]+ bytes, float64, opset 13\)\n/);
    expect(r.out).toContain('input "input" [N, 4] → zscore normalization (Sub, Mul) → Gemm 4 + sigmoid → Gemm 3 + softmax → output "output" [N, 3]');
    const pred = JSON.parse((await run(['predict', '--model', 'flowers.json', '--data', fixture('flowers.csv'), '--json'])).out) as { predictions: { outputs: number[] }[] };
    const want = pred.predictions.flatMap((p) => p.outputs);
    const data = parseCsv(readFileSync(fixture('flowers.csv'), 'utf8'));
    const s64 = await ort.InferenceSession.create(join(dir, 'flowers.onnx'));
    const o64 = await s64.run({ input: new ort.Tensor('float64', data.inputs, [6, 4]) });
    expectClose('ONNX float64 vs predict', o64.output.data, want, { atol: 1e-14, rtol: 1e-12 });
    expect((await run(['export', '--model', 'flowers.json', '--onnx', 'flowers32.onnx', '--float32'])).code).toBe(0);
    const s32 = await ort.InferenceSession.create(join(dir, 'flowers32.onnx'));
    const o32 = await s32.run({ input: new ort.Tensor('float32', Float32Array.from(data.inputs), [6, 4]) });
    expectClose('ONNX float32 vs predict', o32.output.data, want, { atol: 2e-6, rtol: 2e-5 });
  });
});

// ONNX export checked by an independent runtime: the exported file runs in onnxruntime-node and
// matches Network#runBatch — 1e-12 relative in float64, float32 precision in float32 — for every
// activation, sigmoid gain ≠ 1, leaky slopes inside and outside [0, 1], normalization, deep nets.
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { Network, type NetworkOptions } from '../src/api/network.js';
import { exportOnnx } from '../src/model/onnx.js';
import { Predictor } from '../src/model/predictor.js';
import { computeNormalization } from '../src/data/normalize.js';
import { Rng } from '../src/util/rng.js';
import { expectClose, type Tol } from './helpers/tolerance.js';

interface OrtTensor { data: Float64Array | Float32Array; dims: number[]; type: string }
interface Ort {
  InferenceSession: { create(bytes: Uint8Array): Promise<{ run(feeds: Record<string, unknown>): Promise<Record<string, OrtTensor>>; inputNames: string[]; outputNames: string[] }> };
  Tensor: new (type: string, data: Float64Array | Float32Array, dims: number[]) => unknown;
}
const ort = createRequire(import.meta.url)('onnxruntime-node') as Ort;

/** float64 export vs run(): 1e-12 relative (atol only for outputs that are ~0, e.g. after cancellation). */
const ONNX_F64: Tol = { atol: 1e-14, rtol: 1e-12 };
/** float32 export: float32 weights and arithmetic. */
const ONNX_F32: Tol = { atol: 2e-6, rtol: 2e-5 };

const IN = 5;
const rng = new Rng(99);
const X = Float64Array.from({ length: 64 * IN }, () => rng.uniform(3) + 1);
const T3 = Float64Array.from({ length: 64 * 3 }, (_, k) => (k % 3 === Math.floor(k / 3) % 3 ? 1 : 0));

const cases: [string, NetworkOptions][] = [
  ['sigmoid, alpha 1.7, z-score', { layers: [IN, 7, 3], alpha: 1.7, normalization: computeNormalization('zscore', X, 64, IN) }],
  ['tanh → softmax, cross-entropy', { layers: [IN, { units: 6, activation: 'tanh' }, { units: 3, activation: 'softmax' }], loss: 'cross-entropy' }],
  ['relu → leaky-relu (0.2) → linear, min-max', {
    layers: [IN, { units: 8, activation: 'relu' }, { units: 8, activation: 'leaky-relu' }, { units: 3, activation: 'linear' }], leakySlope: 0.2,
    normalization: computeNormalization('minmax', X, 64, IN),
  }],
  ['leaky-relu with slope 1.5 (Where form)', { layers: [IN, { units: 4, activation: 'leaky-relu' }, { units: 3, activation: 'linear' }], leakySlope: 1.5 }],
  ['deep sigmoid 5-8-8-8-8-8-3, alpha 0.5', { layers: [IN, 8, 8, 8, 8, 8, 3], alpha: 0.5 }],
  ['no hidden layer: sigmoid cross-entropy', { layers: [IN, { units: 3, activation: 'sigmoid' }], loss: 'cross-entropy' }],
];

async function runOnnx(bytes: Uint8Array, x: Float64Array, rows: number, float32: boolean): Promise<OrtTensor> {
  const session = await ort.InferenceSession.create(bytes);
  expect(session.inputNames).toEqual(['input']);
  expect(session.outputNames).toEqual(['output']);
  const data = float32 ? Float32Array.from(x) : Float64Array.from(x);
  const out = await session.run({ input: new ort.Tensor(float32 ? 'float32' : 'float64', data, [rows, IN]) });
  return out.output;
}

describe('ONNX export runs in onnxruntime and matches run()', () => {
  for (const [name, options] of cases) {
    test(name, async () => {
      const net = await Network.create({ ...options, seed: 5 });
      net.train({ inputs: X, targets: T3 }, { epochs: 5, batchSize: 8, learningRate: 0.05, seed: 5 });
      const model = new Predictor(net, { format: 'wasmprop-model', version: 1, classes: ['a', 'b', 'c'] }).toModel();
      const expected = net.runBatch(X);
      for (const rows of [64, 1]) {
        const x = X.subarray(0, rows * IN);
        const want = expected.subarray(0, rows * 3);
        const f64 = await runOnnx(exportOnnx(model), x, rows, false);
        expect(f64.type).toBe('float64');
        expect(f64.dims).toEqual([rows, 3]);
        expectClose(`${name} float64 (${rows} rows)`, f64.data, want, ONNX_F64);
        const f32 = await runOnnx(exportOnnx(model, { float32: true }), x, rows, true);
        expect(f32.type).toBe('float32');
        expectClose(`${name} float32 (${rows} rows)`, f32.data, want, ONNX_F32);
      }
      net.dispose();
    });
  }

  test('the file carries the producer and the class and feature names as metadata', async () => {
    const net = await Network.create({ layers: [IN, 3, 3] });
    const model = new Predictor(net, { format: 'wasmprop-model', version: 1, classes: ['a', 'b', 'c'], featureNames: ['f1', 'f2', 'f3', 'f4', 'f5'] }).toModel();
    const text = Buffer.from(exportOnnx(model)).toString('latin1');
    expect(text).toContain('wasmprop');
    expect(text).toContain('["a","b","c"]');
    expect(text).toContain('["f1","f2","f3","f4","f5"]');
    net.dispose();
  });
});

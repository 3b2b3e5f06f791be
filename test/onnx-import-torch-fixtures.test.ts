// ONNX import of files made by a real exporter (torch.onnx.export, scripts/make-onnx-fixtures.py,
// test/fixtures/onnx/): the architecture read is the one torch built, and the imported network's
// outputs match both torch's own outputs (expected.json) and onnxruntime's run of the same file —
// 1e-12 relative for float64 files, float32 precision for float32 ones — on every backend. The
// imported network trains. Graphs the importer does not know are refused naming the node and op.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WasmpropError, type LayerSpec } from '../src/index.js';
import { importOnnx, readOnnx } from '../src/model/onnx-import.js';
import { ENGINES } from './helpers/golden.js';
import { ONNX_F32, ONNX_F64, runOrt } from './helpers/onnxruntime.js';
import { expectClose } from './helpers/tolerance.js';

const dir = new URL('./fixtures/onnx/', import.meta.url);
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`${name}.onnx`, dir)));
const expected: { models: Record<string, { dtype: string; inputs: number[][]; outputs: number[][] }> } = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8'));

/** What torch built, as wasmprop options (scripts/make-onnx-fixtures.py). */
const ARCH: Record<string, { layers: LayerSpec[]; loss: string; alpha?: number; leakySlope?: number; normalization?: { offset: number[]; scale: number[] } }> = {
  'relu-softmax': { layers: [4, { units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }], loss: 'cross-entropy' },
  sigmoid: { layers: [3, 2], loss: 'sse', alpha: 1 },
  'tanh-leaky': { layers: [3, { units: 5, activation: 'tanh' }, { units: 4, activation: 'leaky-relu' }, { units: 2, activation: 'linear' }], loss: 'sse', leakySlope: 0.1 },
  'tanh-sigmoid-f64': { layers: [3, { units: 6, activation: 'tanh' }, 2], loss: 'sse', alpha: 1 },
  'normalized-f64': { layers: [3, { units: 5, activation: 'relu' }, { units: 2, activation: 'linear' }], loss: 'sse', normalization: { offset: [0.5, -1, 2], scale: [2, 0.25, 1.5] } },
  'matmul-add-f64': { layers: [3, { units: 4, activation: 'tanh' }, { units: 3, activation: 'softmax' }], loss: 'cross-entropy' },
  'sigmoid-gain-f64': { layers: [2, 3], loss: 'sse', alpha: 2 },
};

describe('ONNX files written by torch.onnx.export', () => {
  it('the fixtures are the ones the script lists', () => {
    expect(Object.keys(expected.models).sort()).toEqual(Object.keys(ARCH).sort());
  });
  for (const [name, arch] of Object.entries(ARCH)) {
    it(`${name}: the architecture torch built`, () => {
      const r = readOnnx(file(name));
      expect(r.dtype).toBe(expected.models[name].dtype);
      expect(r.producer).toMatch(/^pytorch/);
      const { normalization, ...rest } = r.options;
      expect(rest).toEqual(arch.normalization ? (({ normalization: _n, ...a }) => a)(arch) : arch);
      if (arch.normalization) expect(normalization).toEqual({ kind: 'onnx', ...arch.normalization });
    });
  }
  describe.each(ENGINES)('on $label', ({ opts }) => {
    for (const name of Object.keys(ARCH)) {
      it(`${name}: outputs match torch and onnxruntime`, async () => {
        const e = expected.models[name];
        const f32 = e.dtype === 'float32';
        const tol = f32 ? ONNX_F32 : ONNX_F64;
        const net = await importOnnx(file(name), opts);
        const y = net.runBatch(e.inputs);
        expectClose(`${name} vs torch`, y, e.outputs, tol);
        const rows = e.inputs.length, width = e.inputs[0].length;
        const ort = await runOrt(file(name), e.inputs.flat(), rows, width, f32);
        expect(ort.dims).toEqual([rows, e.outputs[0].length]);
        expectClose(`${name} vs onnxruntime`, y, ort.data, tol);
        net.dispose();
      });
    }
  });

  it('an imported network trains: the loss goes down', async () => {
    const e = expected.models['relu-softmax'];
    const net = await importOnnx(file('relu-softmax'), { backend: 'ts' });
    const targets = e.inputs.map((_, r) => [0, 1, 2].map((j) => (j === r % 3 ? 1 : 0)));
    const before = net.loss(e.inputs, targets);
    net.train({ inputs: e.inputs, targets }, { learningRate: 0.1, epochs: 20, batchSize: 5 });
    expect(net.loss(e.inputs, targets)).toBeLessThan(before);
    net.dispose();
  });

  it('a convolution is refused, naming the node and its op', () => {
    expect(() => readOnnx(file('conv'))).toThrow(WasmpropError);
    expect(() => readOnnx(file('conv'))).toThrow(/node '\/0\/Conv' \(Conv\).*got "Conv"/);
  });

  it('a graph with two inputs is refused, naming the node that reads the second', () => {
    expect(() => readOnnx(file('two-inputs'))).toThrow(/graph\.input \('y' is read by node '\/Add' \(Add\)\): expected one data input.*got "2 inputs"/);
  });
});

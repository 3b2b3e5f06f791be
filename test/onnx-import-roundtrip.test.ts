// ONNX import beyond torch's files: wasmprop export → import is bit-exact in float64 (parameters,
// architecture, normalization, metadata, outputs) and within float32 precision for float32 files;
// hand-built graphs (Gemm transB 0 with alpha/beta, MatMul without Add, Reshape, Div normalization,
// float_data/double_data tensors, opset 11 Softmax) import to 1e-12 of onnxruntime; and every
// graph the importer does not know is refused with a WasmpropError that names the node and its op.
import { describe, expect, it } from 'vitest';
import { Network, WasmpropError, type NetworkJSON, type NetworkOptions } from '../src/index.js';
import { layerActivations, layerUnits, type NetworkDoc } from '../src/model/format.js';
import { exportOnnx, onnxTypes } from '../src/model/onnx.js';
import { importOnnx, readOnnx } from '../src/model/onnx-import.js';
import { Predictor } from '../src/model/predictor.js';
import { computeNormalization } from '../src/data/normalize.js';
import { Rng } from '../src/util/rng.js';
import { ONNX_F32, ONNX_F64, runOrt } from './helpers/onnxruntime.js';
import { expectClose } from './helpers/tolerance.js';

const IN = 4;
const rng = new Rng(7);
const X = Float64Array.from({ length: 16 * IN }, () => rng.uniform(3) + 0.5);
const T = Float64Array.from({ length: 16 * 3 }, (_, k) => (k % 3 === Math.floor(k / 3) % 3 ? 1 : 0));

/** A network document with every layer's activation spelled out (an explicit 'sigmoid' and a plain count are the same layer). */
function canonical(json: NetworkJSON): NetworkJSON {
  // an ONNX file holds the network, not where its training stands (a version-2 document's training state)
  const { training: _state, ...doc } = { ...json, version: 1 as const };
  const acts = layerActivations(doc as unknown as NetworkDoc);
  return { ...doc, layers: doc.layers.map((l, k) => (k === 0 ? l : { units: layerUnits(l), activation: acts[k - 1] })) };
}

const cases: [string, NetworkOptions][] = [
  ['sigmoid, alpha 1.7, z-score', { layers: [IN, 5, 3], alpha: 1.7, normalization: computeNormalization('zscore', X, 16, IN) }],
  ['tanh → softmax, cross-entropy', { layers: [IN, { units: 6, activation: 'tanh' }, { units: 3, activation: 'softmax' }], loss: 'cross-entropy' }],
  ['relu → leaky-relu 0.2 → linear, min-max', {
    layers: [IN, { units: 5, activation: 'relu' }, { units: 5, activation: 'leaky-relu' }, { units: 3, activation: 'linear' }], leakySlope: 0.2,
    normalization: computeNormalization('minmax', X, 16, IN),
  }],
  ['leaky-relu slope 1.5 (Where form)', { layers: [IN, { units: 4, activation: 'leaky-relu' }, { units: 3, activation: 'linear' }], leakySlope: 1.5 }],
  ['no hidden layer, sigmoid cross-entropy', { layers: [IN, { units: 3, activation: 'sigmoid' }], loss: 'cross-entropy' }],
];

describe('wasmprop export → import', () => {
  for (const [name, options] of cases) {
    it(`${name}: float64 is bit-exact`, async () => {
      const net = await Network.create({ ...options, seed: 3 });
      net.train({ inputs: X, targets: T }, { epochs: 3, batchSize: 4, learningRate: 0.05 });
      const model = new Predictor(net, { format: 'wasmprop-model', version: 1, classes: ['a', 'b', 'c'] }).toModel();
      const bytes = exportOnnx(model);
      const r = readOnnx(bytes);
      expect(r.meta).toEqual({ classes: ['a', 'b', 'c'] });
      const back = await importOnnx(bytes);
      const want = canonical(net.toJSON()), got = canonical(back.toJSON());
      if (want.normalization) want.normalization.kind = 'onnx';
      expect(got).toEqual(want);
      expect(back.runBatch(X)).toEqual(net.runBatch(X));
      const f32 = await importOnnx(exportOnnx(model, { float32: true }), { backend: 'ts' });
      expectClose(`${name} float32 file`, f32.runBatch(X), net.runBatch(X), ONNX_F32);
      net.dispose(); back.dispose(); f32.dispose();
    });
  }
  it('Network.fromOnnx is importOnnx: the same network, bit for bit', async () => {
    const net = await Network.create({ layers: [IN, 5, { units: 3, activation: 'tanh' }], seed: 9 });
    const bytes = exportOnnx(new Predictor(net).toModel());
    const a = await Network.fromOnnx(bytes, { backend: 'ts' });
    expect(a.getParametersFlat()).toEqual(net.getParametersFlat());
    expect(a.toJSON()).toEqual(net.toJSON());
    a.dispose();
    net.dispose();
  });

  it('the loss option overrides the file\'s loss metadata', async () => {
    const net = await Network.create({ layers: [IN, { units: 3, activation: 'softmax' }], loss: 'cross-entropy' });
    const bytes = exportOnnx(new Predictor(net).toModel());
    expect(readOnnx(bytes).options.loss).toBe('cross-entropy');
    expect(readOnnx(bytes, { loss: 'sse' }).options.loss).toBe('sse');
    net.dispose();
  });
});

// ---- hand-built graphs ---------------------------------------------------------------------------

type Init = { name: string; dims: number[]; values: number[]; type?: 'f32' | 'f64' | 'i64'; encoding?: 'raw' | 'typed'; external?: boolean };
type Node = { op: string; inputs: string[]; output: string; name?: string; attrs?: Record<string, number>; domain?: string };

function tensor(t: Init): Record<string, unknown> {
  const type = t.type ?? 'f64';
  const data_type = type === 'f32' ? 1 : type === 'f64' ? 11 : 7;
  const out: Record<string, unknown> = { name: t.name, dims: t.dims, data_type };
  if (t.external) out.data_location = 1;
  if (t.encoding === 'typed') out[type === 'f32' ? 'float_data' : type === 'f64' ? 'double_data' : 'int64_data'] = t.values;
  else {
    const size = type === 'f32' ? 4 : 8;
    const raw = new Uint8Array(t.values.length * size);
    const dv = new DataView(raw.buffer);
    t.values.forEach((v, k) => (type === 'f32' ? dv.setFloat32(k * 4, v, true) : type === 'f64' ? dv.setFloat64(k * 8, v, true) : dv.setBigInt64(k * 8, BigInt(v), true)));
    out.raw_data = raw;
  }
  return out;
}

/** An ONNX file: input "x" [N, width], output = the last node's output. */
function graph(nodes: Node[], inits: Init[], o: { width?: number; f32?: boolean; opset?: number; output?: string } = {}): Uint8Array {
  const elem = o.f32 ? 1 : 11;
  const vi = (name: string, w?: number) => ({ name, type: { tensor_type: { elem_type: elem, shape: { dim: [{ dim_param: 'N' }, w ? { dim_value: w } : { dim_param: 'W' }] } } } });
  const { Model } = onnxTypes();
  const message = {
    ir_version: 7, producer_name: 'test', opset_import: [{ domain: '', version: o.opset ?? 13 }],
    graph: {
      name: 'g', input: [vi('x', o.width)], output: [vi(o.output ?? nodes[nodes.length - 1].output)], initializer: inits.map(tensor),
      node: nodes.map((n, k) => ({
        op_type: n.op, input: n.inputs, output: [n.output], name: n.name ?? `n${k}`, domain: n.domain ?? '',
        attribute: Object.entries(n.attrs ?? {}).map(([name, v]) => (Number.isInteger(v) && name !== 'alpha' && name !== 'beta' ? { name, type: 2, i: v } : { name, type: 1, f: v })),
      })),
    },
  };
  return Model.encode(Model.fromObject(message)).finish();
}

const W34 = [0.5, -1, 0.25, 2, 0.75, -0.5, 1.5, 0.1, -0.3, 0.2, 0.9, -1.2]; // 3×4 (or 4×3)
const b3 = [0.1, -0.2, 0.3];

describe('hand-built graphs run like onnxruntime', () => {
  const XR = Array.from(X.subarray(0, 8 * IN));
  const built: [string, Uint8Array, boolean][] = [
    ['Gemm transB 0, alpha 0.5, beta 2, C [1, 3], Softmax with opset 11 default axis', graph([
      { op: 'Gemm', inputs: ['x', 'W', 'C'], output: 'g', attrs: { alpha: 0.5, beta: 2, transB: 0 } },
      { op: 'Softmax', inputs: ['g'], output: 'y' },
    ], [{ name: 'W', dims: [4, 3], values: W34 }, { name: 'C', dims: [1, 3], values: b3 }], { width: IN, opset: 11 }), false],
    ['MatMul without Add, double_data, Identity, Reshape [0, −1], Relu, Gemm', graph([
      { op: 'Identity', inputs: ['x'], output: 'i' },
      { op: 'MatMul', inputs: ['i', 'W'], output: 'm' },
      { op: 'Relu', inputs: ['m'], output: 'r' },
      { op: 'Reshape', inputs: ['r', 'shape'], output: 's' },
      { op: 'Gemm', inputs: ['s', 'W2', 'b2'], output: 'y', attrs: { transB: 1 } },
    ], [
      { name: 'W', dims: [4, 3], values: W34, encoding: 'typed' }, { name: 'shape', dims: [2], values: [0, -1], type: 'i64' },
      { name: 'W2', dims: [2, 3], values: [1, -1, 0.5, 0.25, 2, -3], encoding: 'typed' }, { name: 'b2', dims: [2], values: [0.5, -0.5] },
    ]), false],
    ['float32 float_data, Div by a scalar then Flatten, Tanh', graph([
      { op: 'Div', inputs: ['x', 'd'], output: 'n' },
      { op: 'Flatten', inputs: ['n'], output: 'f', attrs: { axis: 1 } },
      { op: 'Gemm', inputs: ['f', 'W', 'b'], output: 'g', attrs: { transB: 1 } },
      { op: 'Tanh', inputs: ['g'], output: 'y' },
    ], [{ name: 'd', dims: [], values: [4], type: 'f32', encoding: 'typed' }, { name: 'W', dims: [3, 4], values: W34, type: 'f32', encoding: 'typed' }, { name: 'b', dims: [3], values: b3, type: 'f32', encoding: 'typed' }],
    { width: IN, f32: true }), true],
  ];
  for (const [name, bytes, f32] of built) {
    it(name, async () => {
      const net = await importOnnx(bytes, { backend: 'ts' });
      const ort = await runOrt(bytes, XR, 8, IN, f32);
      expectClose(name, net.runBatch(XR), ort.data, f32 ? ONNX_F32 : ONNX_F64);
      net.dispose();
    });
  }
  it('the Div normalization is scale 1/d; a LeakyRelu attribute reads as its short decimal', () => {
    expect(readOnnx(built[2][1]).options.normalization).toEqual({ kind: 'onnx', offset: [0, 0, 0, 0], scale: [0.25, 0.25, 0.25, 0.25] });
    const leaky = readOnnx(graph([
      { op: 'Gemm', inputs: ['x', 'W', 'b'], output: 'g', attrs: { transB: 1 } },
      { op: 'LeakyRelu', inputs: ['g'], output: 'y', attrs: { alpha: 0.3 } },
    ], [{ name: 'W', dims: [3, 4], values: W34 }, { name: 'b', dims: [3], values: b3 }]));
    expect(leaky.options.leakySlope).toBe(0.3);
  });
});

describe('refusals name the node and its op', () => {
  const gemm = (k: number, input: string, out: string, w = 'W', b = 'b'): Node => ({ op: 'Gemm', inputs: [input, w, b], output: out, name: `fc${k}`, attrs: { transB: 1 } });
  const inits: Init[] = [{ name: 'W', dims: [3, 4], values: W34 }, { name: 'b', dims: [3], values: b3 }, { name: 'W2', dims: [3, 3], values: W34.slice(0, 9) }];
  const refusals: [string, () => unknown, RegExp][] = [
    ['an unknown op', () => readOnnx(graph([gemm(1, 'x', 'g'), { op: 'Elu', inputs: ['g'], output: 'y', name: 'act' }], inits)), /node 'act' \(Elu\): expected an operator the ONNX importer knows/],
    ['two leaky slopes', () => readOnnx(graph([gemm(1, 'x', 'g'), { op: 'LeakyRelu', inputs: ['g'], output: 'a', attrs: { alpha: 0.1 } }, gemm(2, 'a', 'h', 'W2'), { op: 'LeakyRelu', inputs: ['h'], output: 'y', name: 'second', attrs: { alpha: 0.2 } }], inits)), /node 'second' \(LeakyRelu\): expected the one leaky-relu slope of the network \(0\.1/],
    ['two sigmoid gains', () => readOnnx(graph([gemm(1, 'x', 'g'), { op: 'Sigmoid', inputs: ['g'], output: 'a' }, gemm(2, 'a', 'h', 'W2'), { op: 'Mul', inputs: ['h', 'two'], output: 'm', name: 'gain' }, { op: 'Sigmoid', inputs: ['m'], output: 'y', name: 's2' }], [...inits, { name: 'two', dims: [], values: [2] }])), /node 's2' \(Sigmoid\): expected the one sigmoid gain/],
    ['a layer after Softmax', () => readOnnx(graph([gemm(1, 'x', 'g'), { op: 'Softmax', inputs: ['g'], output: 'a', attrs: { axis: 1 } }, gemm(2, 'a', 'y', 'W2')], inits)), /node 'fc2' \(Gemm\): expected no layer after a Softmax/],
    ['Softmax on axis 0', () => readOnnx(graph([gemm(1, 'x', 'g'), { op: 'Softmax', inputs: ['g'], output: 'y', name: 'sm', attrs: { axis: 0 } }], inits)), /node 'sm' \(Softmax\): expected axis 1 or −1/],
    ['Mul before Sub', () => readOnnx(graph([{ op: 'Mul', inputs: ['x', 'b4'], output: 'm' }, { op: 'Sub', inputs: ['m', 'b4'], output: 's', name: 'late' }, gemm(1, 's', 'y')], [...inits, { name: 'b4', dims: [4], values: [1, 2, 3, 4] }])), /node 'late' \(Sub\): expected one Sub, before the Mul\/Div/],
    ['transA 1', () => readOnnx(graph([{ op: 'Gemm', inputs: ['x', 'W', 'b'], output: 'y', name: 'ta', attrs: { transA: 1, transB: 1 } }], inits)), /node 'ta' \(Gemm\): expected transA = 0/],
    ['a weight computed from the input', () => readOnnx(graph([{ op: 'Relu', inputs: ['x'], output: 'r', name: 'pre' }], inits)), /node 'pre' \(Relu\): expected an activation right after a dense layer/],
    ['a branch (a value read twice)', () => readOnnx(graph([gemm(1, 'x', 'g'), { op: 'Add', inputs: ['g', 'g'], output: 'y', name: 'twice' }], inits)), /node 'twice' \(Add\): expected one chain of layers/],
    ['a width that does not match', () => readOnnx(graph([gemm(1, 'x', 'g'), gemm(2, 'g', 'y')], inits)), /node 'fc2' \(Gemm\): expected a weight matrix with 3 inputs/],
    ['another domain', () => readOnnx(graph([gemm(1, 'x', 'g'), { op: 'Relu', inputs: ['g'], output: 'y', name: 'ml', domain: 'com.example' }], inits)), /node 'ml' \(Relu\): expected an operator of the default ONNX domain/],
    ['external tensor data', () => readOnnx(graph([gemm(1, 'x', 'y')], [{ ...inits[0], external: true }, inits[1]])), /initializer 'W': expected tensor data stored inside the file/],
    ['an output that is not the end of the chain', () => readOnnx(graph([gemm(1, 'x', 'g'), { op: 'Relu', inputs: ['g'], output: 'y' }], inits, { output: 'g' })), /graph\.output: expected the end of the chain of layers \('y'\)/],
    ['bytes that are not a model', () => readOnnx(new Uint8Array([0x3a, 0x05, 0x01])), /onnx: expected an ONNX model file/],
    ['not bytes at all', () => readOnnx('model.onnx' as unknown as Uint8Array), /bytes: expected the ONNX file as a Uint8Array/],
  ];
  for (const [name, f, message] of refusals) {
    it(name, () => {
      expect(f).toThrow(WasmpropError);
      expect(f).toThrow(message);
    });
  }
});

// float32 networks as documents and files: toJSON/fromJSON and model files (serializeModel /
// parseModel) carry `dtype: 'f32'` and reload bit for bit; the one document validator refuses a bad
// dtype; ONNX export of an f32 network is a float32 graph that onnxruntime runs to the network's
// outputs (float32 arithmetic on both sides).
// Not here: float64 round trips (model-format-roundtrip.test.ts), ONNX in float64 (onnx-export-matches-run.test.ts).
import { describe, it, expect } from 'vitest';
import { Network } from '../src/index.js';
import { Predictor } from '../src/model/predictor.js';
import { exportOnnx, ONNX_FLOAT, onnxTypes } from '../src/model/onnx.js';
import { parseModel, serializeModel } from '../src/model/format.js';
import { Rng } from '../src/util/rng.js';
import { runOrt, ONNX_F32 } from './helpers/onnxruntime.js';
import { expectClose } from './helpers/tolerance.js';

const rng = new Rng(4);
const X = Array.from({ length: 20 }, () => Array.from({ length: 4 }, () => rng.uniform(1)));
const T = X.map((x) => [x[0] > 0 ? 1 : 0, x[0] > 0 ? 0 : 1]);

async function trained(): Promise<Network> {
  const net = await Network.create({ layers: [4, { units: 5, activation: 'tanh' }, { units: 2, activation: 'softmax' }], loss: 'cross-entropy', dtype: 'f32', seed: 3 });
  net.train({ inputs: X, targets: T }, { epochs: 20, batchSize: 4, optimizer: 'adam', learningRate: 0.01 });
  return net;
}

describe('float32 documents, model files and ONNX', () => {
  it('toJSON writes dtype f32 and float32 values; fromJSON reloads them bit for bit', async () => {
    const net = await trained();
    const doc = net.toJSON();
    expect(doc.dtype).toBe('f32');
    expect(doc.weights.flat(2).every((v) => Math.fround(v) === v)).toBe(true);
    const back = Network.fromJSON(JSON.parse(JSON.stringify(doc)));
    expect(back.dtype).toBe('f32');
    expect(back.parameterView()).toBeInstanceOf(Float32Array);
    expect(Array.from(back.getParametersFlat())).toEqual(Array.from(net.getParametersFlat()));
    expect(Array.from(back.runBatch(X))).toEqual(Array.from(net.runBatch(X)));
    expect(new Network({ layers: [2, 1] }).toJSON().dtype).toBeUndefined(); // f64 documents stay as they were
    back.dispose();
    net.dispose();
  });

  it('a model file of an f32 network saves and reloads bit for bit (text identical after a second save)', async () => {
    const p = new Predictor(await trained(), { format: 'wasmprop-model', version: 1, classes: ['a', 'b'] });
    const text = serializeModel(p.toModel());
    expect(text).toContain('"dtype": "f32"');
    const again = await Predictor.fromModel(parseModel(text));
    expect(again.net.dtype).toBe('f32');
    expect(serializeModel(again.toModel())).toBe(text);
    expect(Array.from(again.net.getParametersFlat())).toEqual(Array.from(p.net.getParametersFlat()));
  });

  it('training continues across toJSON/fromJSON in f32: 10 + save + load + 10 epochs == 20, bit for bit (Adam)', async () => {
    const opts = { epochs: 10, batchSize: 4, optimizer: 'adam' as const, learningRate: 0.01, shuffle: true, seed: 9 };
    const make = (): Promise<Network> => Network.create({ layers: [4, 6, 2], dtype: 'f32', seed: 9 });
    const whole = await make();
    whole.train({ inputs: X, targets: T }, { ...opts, epochs: 20 });
    const half = await make();
    half.train({ inputs: X, targets: T }, opts);
    const again = Network.fromJSON(JSON.parse(JSON.stringify(half.toJSON())));
    again.train({ inputs: X, targets: T }, opts);
    expect(Array.from(again.getParametersFlat())).toEqual(Array.from(whole.getParametersFlat()));
    for (const n of [whole, half, again]) n.dispose();
  });

  it('the document validator refuses an unknown dtype', () => {
    const doc = { ...new Network({ layers: [2, 1], backend: 'ts' }).toJSON(), dtype: 'f16' };
    expect(() => Network.fromJSON(doc)).toThrow(/json\.dtype.*'f64', 'f32'/);
    expect(() => parseModel({ format: 'wasmprop-model', version: 1, network: doc })).toThrow(/model\.network\.dtype/);
  });

  it('ONNX export of an f32 network is a float32 graph that onnxruntime runs to the network\'s outputs', async () => {
    const p = new Predictor(await trained());
    const bytes = exportOnnx(p.toModel());
    const m = onnxTypes().Model.decode(bytes) as unknown as { graph: { initializer: { data_type: number }[]; input: { type: { tensor_type: { elem_type: number } } }[] } };
    expect(m.graph.initializer.every((t) => t.data_type === ONNX_FLOAT)).toBe(true);
    expect(m.graph.input[0].type.tensor_type.elem_type).toBe(ONNX_FLOAT);
    const out = await runOrt(bytes, X.flat(), X.length, 4, true);
    expect(out.type).toBe('float32');
    expectClose('onnxruntime float32 vs runBatch (f32)', out.data, p.net.runBatch(X), ONNX_F32);
  });
});

// Bad input: every case throws a WasmpropError naming the argument, the expectation and the value,
// and a failed call leaves the network as it was.
import { describe, it, expect } from 'vitest';
import { Network, WasmpropError } from '../src/index.js';
import { ENGINES } from './helpers/golden.js';
import { thrownWasmpropError } from './helpers/errors.js';

function expectError(fn: () => unknown, argument: RegExp | string, expected: RegExp, received?: RegExp): WasmpropError {
  const w = thrownWasmpropError(fn);
  if (typeof argument === 'string') expect(w.argument).toBe(argument);
  else expect(w.argument).toMatch(argument);
  expect(w.message).toMatch(expected);
  if (received) expect(w.received).toMatch(received);
  expect(w.message.startsWith(w.argument)).toBe(true);
  return w;
}

async function expectReject(p: Promise<unknown>, argument: string, expected: RegExp): Promise<void> {
  await expect(p).rejects.toBeInstanceOf(WasmpropError);
  await expect(p).rejects.toMatchObject({ argument });
  await expect(p).rejects.toThrow(expected);
}

const X = [[0, 0], [0, 1], [1, 0], [1, 1]];
const T = [[0], [1], [1], [0]];

describe('network construction errors', () => {
  it('layers with fewer than 2 entries, non-positive or non-integer sizes', async () => {
    await expectReject(Network.create({ layers: [3] }), 'layers', /at least 2/);
    await expectReject(Network.create({ layers: [] }), 'layers', /at least 2/);
    await expectReject(Network.create({ layers: 'abc' as unknown as number[] }), 'layers', /array/);
    await expectReject(Network.create({ layers: [2, 0, 1] }), 'layers[1]', /positive integer/);
    await expectReject(Network.create({ layers: [2, -3, 1] }), 'layers[1]', /positive integer/);
    await expectReject(Network.create({ layers: [2, 1.5] }), 'layers[1]', /positive integer/);
    await expectReject(Network.create({ layers: [2, NaN] }), 'layers[1]', /positive integer/);
    await expectReject(Network.create({ layers: [100000, 100000, 10] }), 'layers', /at most/);
    await expectReject(Network.create(null as unknown as { layers: number[] }), 'options', /object/);
  });

  it('alpha not finite or ≤ 0; unknown backend or kernel', async () => {
    for (const alpha of [0, -1, NaN, Infinity, '1' as unknown as number]) {
      await expectReject(Network.create({ layers: [2, 1], alpha }), 'alpha', /finite number > 0/);
    }
    await expectReject(Network.create({ layers: [2, 1], backend: 'gpu' as 'ts' }), 'backend', /'wasm' or 'ts'/);
    await expectReject(Network.create({ layers: [2, 1], kernel: 'avx' as 'simd' }), 'kernel', /'auto'/);
  });
});

describe.each(ENGINES)('bad input on $label', ({ opts }) => {
  const make = () => Network.create({ layers: [2, 3, 1], seed: 7, ...opts });

  it('train options: learningRate, epochs, batchSize, trainBias', async () => {
    const net = await make();
    const before = net.getParametersFlat();
    const data = { inputs: X, targets: T };
    for (const learningRate of [0, -0.1, NaN, Infinity]) expectError(() => net.train(data, { learningRate }), 'learningRate', /finite number > 0/);
    for (const epochs of [0, -1, 1.5, NaN]) expectError(() => net.train(data, { epochs }), 'epochs', /positive integer/);
    for (const batchSize of [0, 2.5, -4]) expectError(() => net.train(data, { batchSize }), 'batchSize', /positive integer/);
    expectError(() => net.train(data, { trainBias: 'yes' as unknown as boolean }), 'trainBias', /true or false/);
    expectError(() => net.train(null as unknown as typeof data), 'data', /inputs, targets/);
    expect(net.getParametersFlat()).toEqual(before);
  });

  it('rows of the wrong length, flat arrays of the wrong size, mismatched or empty data', async () => {
    const net = await make();
    const before = net.getParametersFlat();
    expectError(() => net.train({ inputs: [[0, 0], [1]], targets: [[0], [1]] }), 'inputs[1]', /row of 2 numbers/, /row of 1/);
    expectError(() => net.train({ inputs: X, targets: [[0], [1], [1], [0, 1]] }), 'targets[3]', /row of 1 numbers/);
    expectError(() => net.train({ inputs: new Float64Array(7), targets: new Float64Array(4) }), 'inputs', /multiple of the row size 2/, /length 7/);
    expectError(() => net.train({ inputs: X, targets: [[0], [1], [1]] }), 'targets', /4 rows, as many as inputs/, /3 rows/);
    expectError(() => net.train({ inputs: [], targets: [] }), 'inputs', /at least one row/);
    expectError(() => net.loss([[1, 2]], [[1], [2]]), 'targets', /1 rows/);
    expectError(() => net.run([1, 2, 3]), 'input', /row of 2 numbers/);
    expectError(() => net.run('12' as unknown as number[]), 'input', /row of 2 numbers/);
    expect(net.getParametersFlat()).toEqual(before);
  });

  it('a gradient that overflows the element type (float32: finite f64 loss, infinite f32 gradient) is refused', async () => {
    // y = w·x + b with x = 1e20: the loss ½(t − y)² ≈ 1e39 is finite (summed in f64), dW = δ·x ≈ 5e39 is
    // past float32's 3.4e38 — the check must read the f32 gradient block itself, not the f64 view
    const make32 = (dtype: 'f32' | 'f64') => Network.create({ layers: [1, { units: 1, activation: 'linear' }], dtype, init: 'uniform', initRange: 0.5, seed: 1 });
    const n32 = await make32('f32');
    const before = n32.getParametersFlat();
    expectError(() => n32.gradients([[1e20]], [[0]]), 'inputs', /gradient are finite/);
    expect(n32.getParametersFlat()).toEqual(before);
    expect(n32.gradients([[1e3]], [[0]]).weights[0][0][0]).toBeGreaterThan(0);
    const n64 = await make32('f64');
    expect(Number.isFinite(n64.gradients([[1e20]], [[0]]).weights[0][0][0])).toBe(true);
    n32.dispose();
    n64.dispose();
  });

  it('NaN or ±Infinity anywhere in inputs, targets or parameters', async () => {
    const net = await make();
    const before = net.getParametersFlat();
    expectError(() => net.train({ inputs: [[0, 0], [0, NaN]], targets: [[0], [1]] }), 'inputs[1][1]', /finite number/, /NaN/);
    expectError(() => net.train({ inputs: X, targets: [[0], [1], [Infinity], [0]] }), 'targets[2][0]', /finite number/, /Infinity/);
    expectError(() => net.gradients(new Float64Array([0, 0, 1, -Infinity]), [[0], [1]]), /^inputs\[3\]/, /finite number/, /-Infinity/);
    expectError(() => net.run([0, NaN]), 'input[1]', /finite number/);
    const p = net.getParameters();
    p.weights[1][0][2] = NaN;
    expectError(() => net.setParameters(p), 'parameters.weights[1][0][2]', /finite number/);
    expect(net.getParametersFlat()).toEqual(before);
  });

  it('setParameters with wrong shapes leaves the parameters as they were', async () => {
    const net = await make();
    const before = net.getParametersFlat();
    const p = net.getParameters();
    expectError(() => net.setParameters({ weights: [p.weights[0]], biases: p.biases }), 'parameters.weights', /2 weight matrices/);
    expectError(() => net.setParameters({ weights: [p.weights[0], [[1, 2, 3], [4, 5, 6]]], biases: p.biases }), 'parameters.weights[1]', /1 rows/, /length 2/);
    expectError(() => net.setParameters({ weights: [p.weights[0], [[1, 2]]], biases: p.biases }), 'parameters.weights[1][0]', /row of 3 numbers/);
    expectError(() => net.setParameters({ weights: [[[1, 2], [3, 4], [5]], p.weights[1]], biases: p.biases }), 'parameters.weights[0][2]', /row of 2/);
    expectError(() => net.setParameters({ weights: p.weights, biases: [[1, 2], [0]] }), 'parameters.biases[0]', /3 numbers/);
    expectError(() => net.setParameters({ weights: [new Float64Array(5), p.weights[1]], biases: p.biases }), 'parameters.weights[0]', /3×2 = 6/);
    expectError(() => net.setParameters(undefined as unknown as typeof p), 'parameters', /weights, biases/);
    expect(net.getParametersFlat()).toEqual(before);
  });

  it('malformed fromJSON documents', async () => {
    const net = await make();
    const doc = net.toJSON();
    const o = { ...opts };
    expectError(() => Network.fromJSON('{not json', o), 'json', /valid JSON/);
    expectError(() => Network.fromJSON(42, o), 'json', /document object/);
    expectError(() => Network.fromJSON({ ...doc, format: 'brain.js' }, o), 'json.format', /'wasmprop-network'/);
    expectError(() => Network.fromJSON({ ...doc, version: 3 }, o), 'json.version', /1 or 2/);
    expectError(() => Network.fromJSON({ ...doc, layers: [2] }, o), 'json.layers', /at least 2/); // one validator: every key of the document is named json.*
    expectError(() => Network.fromJSON({ ...doc, alpha: -1 }, o), 'json.alpha', /> 0/);
    expectError(() => Network.fromJSON({ ...doc, weights: 'w' }, o), 'json.weights', /array/);
    expectError(() => Network.fromJSON({ ...doc, weights: [doc.weights[0]] }, o), 'json.weights', /2 weight matrices/);
    const bad = JSON.parse(JSON.stringify(doc));
    bad.biases[1][0] = null;
    expectError(() => Network.fromJSON(bad, o), 'json.biases[1][0]', /finite number/, /null/);
  });

  it('any call after dispose', async () => {
    const net = await make();
    net.dispose();
    net.dispose(); // twice is fine
    const calls: (() => unknown)[] = [
      () => net.run([0, 0]), () => net.train({ inputs: X, targets: T }), () => net.loss(X, T), () => net.gradients(X, T),
      () => net.getParameters(), () => net.setParameters({ weights: [], biases: [] }), () => net.toJSON(), () => net.runBatch(X),
    ];
    for (const c of calls) expectError(c, 'this', /not been disposed/, /disposed network/);
  });
});

describe('Network.load / fromJSON of text that is not JSON', () => {
  it('names the argument; a file name instead of its text gets a hint, other text does not', async () => {
    for (const s of ['/tmp/model.json', 'model.json', 'models\\iris.json']) {
      await expect(Network.load(s)).rejects.toThrow(/^json: expected a valid JSON document — it looks like a file name: pass the file's text \(Node: readFileSync\(path, 'utf8'\); CLI: --model path\), got "a string that does not parse/);
    }
    for (const s of ['{"format":', 'hello', '']) {
      await expect(Network.load(s)).rejects.toThrow(/^json: expected a valid JSON document, got "a string that does not parse/);
    }
    expect(() => Network.fromJSON('model.json')).toThrow(WasmpropError);
  });
});

describe('values of the wrong type are shown as written', () => {
  it('a bigint is shown with its n', async () => {
    const net = await Network.create({ layers: [2, 3, 2], backend: 'ts' });
    expect(() => net.train({ inputs: [[1n as unknown as number, 2]], targets: [[1, 0]] }, { epochs: 1 })).toThrow(/^inputs\[0\]\[0\]: expected a finite number, got 1n$/);
    expect(() => net.train({ inputs: [[1, 2]], targets: [[1, 0]] }, { epochs: 2n as unknown as number })).toThrow(/^epochs: .*, got 2n$/);
    net.dispose();
  });
});

// `npm start`: the main job. (1) Trains the seeds' worked 2-2-2 example and prints every number
// next to the expected one, on both backends; (2) trains Iris (4-8-3 sigmoid, one-hot targets,
// inputs min-max scaled to [0, 1]) on both backends, printing loss per 20 epochs, held-out
// accuracy and samples/s of WASM vs the pure-TS reference. Finishes in seconds.
import { Network, type NetworkOptions } from '../index.js';
import { loadDataset } from '../data/datasets.js';
import { splitDataset } from '../data/split.js';
import { computeNormalization } from '../data/normalize.js';

const ENGINES: { label: string; opts: Pick<NetworkOptions, 'backend' | 'kernel'> }[] = [
  { label: 'wasm', opts: { backend: 'wasm' } },
  { label: 'ts', opts: { backend: 'ts' } },
];

const fmt = (v: number, d = 8): string => v.toFixed(d);
const pad = (s: string, n: number): string => s.padEnd(n);

async function workedExample(): Promise<boolean> {
  console.log('1. The worked 2-2-2 example (sigmoid, alpha 1, SSE, lr 0.5, biases fixed)\n');
  const weights = [[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45], [0.5, 0.55]]];
  const biases = [[0.35, 0.35], [0.6, 0.6]];
  const data = { inputs: [[0.05, 0.1]], targets: [[0.01, 0.99]] };
  // as printed in the seeds (issue text): each is checked to half a unit of its last digit
  const expected: [string, string][] = [
    ['error before the step', '0.298371109'],
    ['w5 after one step', '0.35891648'], ['w6', '0.40866619'], ['w7', '0.51130127'], ['w8', '0.56137012'],
    ['w1 after one step', '0.14978072'], ['w2', '0.19956143'], ['w3', '0.24975114'], ['w4', '0.29950229'],
    ['error after one step', '0.29102777'],
    ['error after 10,000 steps', '3.5101878e-05'], ['out o1 after 10,000', '0.0159136'], ['out o2 after 10,000', '0.9840643'],
  ];
  const columns: number[][] = [];
  for (const e of ENGINES) {
    const net = await Network.create({ layers: [2, 2, 2], alpha: 1, ...e.opts });
    net.setParameters({ weights, biases });
    const col = [net.loss(data.inputs, data.targets)];
    const one = net.train(data, { learningRate: 0.5, epochs: 1, batchSize: 1, trainBias: false, finalError: true });
    const [W1, W2] = net.getParameters().weights;
    col.push(W2[0][0], W2[0][1], W2[1][0], W2[1][1], W1[0][0], W1[0][1], W1[1][0], W1[1][1], one.error);
    const rest = net.train(data, { learningRate: 0.5, epochs: 9999, batchSize: 1, trainBias: false, finalError: true });
    const out = net.run([0.05, 0.1]);
    col.push(rest.error, out[0], out[1]);
    columns.push(col);
    net.dispose();
  }
  console.log(`   ${pad('quantity', 26)}${pad('expected', 16)}${ENGINES.map((e) => pad(e.label, 22)).join('')}`);
  let ok = true;
  expected.forEach(([name, text], k) => {
    const want = Number(text);
    const [mant, exp] = text.split('e');
    const decimals = (mant.split('.')[1] ?? '').length;
    const tol = 0.5 * 10 ** (Number(exp ?? 0) - decimals);
    const cells = columns.map((c) => {
      const good = Math.abs(c[k] - want) <= tol;
      ok &&= good;
      return pad(`${exp ? c[k].toExponential(decimals + 2) : fmt(c[k], decimals + 2)} ${good ? '✓' : '✗'}`, 22);
    });
    console.log(`   ${pad(name, 26)}${pad(text, 16)}${cells.join('')}`);
  });
  console.log(`
   Exact backprop (all gradients of a step from one forward pass) gives 0.29102777 after one step.
   The tutorial prints 0.291027924 (and 0.0000351085 after 10,000 steps): it computed the hidden
   deltas with the already-updated output weights. wasmprop does not reproduce that slip.\n`);
  return ok;
}

async function iris(): Promise<void> {
  console.log('2. Iris: 4-8-3 sigmoid, SSE, one-hot targets, inputs min-max scaled to [0, 1],');
  console.log('   online SGD lr 0.1, 200 epochs, 30% of the 150 rows held out (seed 1)\n');
  const ds = loadDataset('iris', { seed: 1 });
  const { train, test } = splitDataset(ds, 0.3, 1);
  const normalization = computeNormalization('minmax', train.inputs, train.rows, train.inputSize);
  const results: { label: string; samplesPerSecond: number; accuracy: number; losses: number[] }[] = [];
  for (const e of ENGINES) {
    const data = { inputs: train.inputs, targets: train.targets };
    const epochs = 200;
    // time training alone (the per-epoch loss pass is a separate, untimed run afterwards): the
    // median of 7 runs from the same start, so one slow run (JIT warm-up, a busy machine) does not decide
    const times: number[] = [];
    for (let rep = 0; rep < 7; rep++) {
      const net = await Network.create({ layers: [4, 8, 3], seed: 1, normalization, ...e.opts });
      const t0 = performance.now();
      net.train(data, { learningRate: 0.1, epochs, batchSize: 1, recordLoss: false });
      times.push((performance.now() - t0) / 1000);
      net.dispose();
    }
    const seconds = times.sort((a, b) => a - b)[3];
    const check = await Network.create({ layers: [4, 8, 3], seed: 1, normalization, ...e.opts });
    const r = check.train(data, { learningRate: 0.1, epochs, batchSize: 1, recordLoss: true });
    const acc = check.evaluate(test.inputs, test.targets).accuracy ?? NaN;
    results.push({ label: e.label, samplesPerSecond: (train.rows * epochs) / seconds, accuracy: acc, losses: r.lossPerEpoch });
    check.dispose();
  }
  console.log(`   ${pad('epoch', 8)}${results.map((r) => pad(`loss (${r.label})`, 20)).join('')}`);
  for (let e = 19; e < 200; e += 20) console.log(`   ${pad(String(e + 1), 8)}${results.map((r) => pad(fmt(r.losses[e], 10), 20)).join('')}`);
  console.log('');
  for (const r of results) {
    console.log(`   ${pad(r.label, 6)} held-out accuracy ${(100 * r.accuracy).toFixed(1)}%   ${Math.round(r.samplesPerSecond).toLocaleString('en-US')} samples/s (median of 7 runs)`);
  }
  const [w, t] = results;
  console.log(`\n   WASM vs TS: ${(w.samplesPerSecond / t.samplesPerSecond).toFixed(1)}× the samples/s, same losses to ${Math.max(...w.losses.map((l, k) => Math.abs(l - t.losses[k]))).toExponential(1)}`);
}

const t0 = performance.now();
const ok = await workedExample();
await iris();
console.log(`\ndone in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
if (!ok) {
  console.error('the worked example did not match the expected numbers');
  process.exitCode = 1;
}

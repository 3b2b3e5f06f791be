// WASM (scalar and SIMD kernels) against the pure-TS twin on random shapes: sizes 1, 2, 3, odd and
// even up to a few hundred; gradients of one batch, and a few epochs of mini-batch training.
import { describe, it } from 'vitest';
import { Network, Rng } from '../src/index.js';
import { ENGINES } from './helpers/golden.js';
import { randomParams, randomRows } from './helpers/random.js';
import { expectClose, ONE_PASS, TRAINED } from './helpers/tolerance.js';

const SHAPES: { layers: number[]; rows: number; batch: number }[] = [
  { layers: [1, 1], rows: 1, batch: 1 },
  { layers: [2, 1], rows: 2, batch: 2 },
  { layers: [3, 2, 3], rows: 3, batch: 2 },
  { layers: [7, 8, 9], rows: 9, batch: 4 },
  { layers: [16, 33, 15, 2], rows: 17, batch: 5 },
  { layers: [64, 31, 10], rows: 12, batch: 12 },
  { layers: [257, 128, 3], rows: 6, batch: 4 },
  { layers: [300, 301, 299], rows: 3, batch: 3 },
];

const others = ENGINES.filter((e) => e.label !== 'ts');

describe.each(others)('$label agrees with the TS twin', ({ label, opts }) => {
  for (const s of SHAPES) {
    it(`layers ${s.layers.join('-')}, ${s.rows} rows, batch ${s.batch}`, async () => {
      const rng = new Rng(s.layers.reduce((a, b) => a * 31 + b, 7));
      const params = randomParams(rng, s.layers, 1 / Math.sqrt(s.layers[0]));
      const X = randomRows(rng, s.rows, s.layers[0]);
      const T = randomRows(rng, s.rows, s.layers[s.layers.length - 1], 0.5, 0.5);
      const a = await Network.create({ layers: s.layers, alpha: 1.3, ...opts });
      const e = await Network.create({ layers: s.layers, alpha: 1.3, backend: 'ts' });
      a.setParameters(params);
      e.setParameters(params);
      const tag = `${label} layers ${s.layers.join('-')}`;
      expectClose(`${tag} outputs`, a.runBatch(X), e.runBatch(X), ONE_PASS);
      const ga = a.gradients(X, T);
      const ge = e.gradients(X, T);
      expectClose(`${tag} loss`, ga.loss, ge.loss, ONE_PASS);
      expectClose(`${tag} grad weights`, ga.weights, ge.weights, ONE_PASS);
      expectClose(`${tag} grad biases`, ga.biases, ge.biases, ONE_PASS);
      const opt = { learningRate: 0.3, epochs: 3, batchSize: s.batch };
      const ra = a.train({ inputs: X, targets: T }, opt);
      const re = e.train({ inputs: X, targets: T }, opt);
      expectClose(`${tag} lossPerEpoch`, ra.lossPerEpoch, re.lossPerEpoch, TRAINED);
      expectClose(`${tag} trained parameters`, a.getParametersFlat(), e.getParametersFlat(), TRAINED);
      a.dispose();
      e.dispose();
    });
  }
});

// Centered finite differences of the mean SSE against the backprop gradient, on random nets,
// alpha ∈ {0.5, 1, 2}, every backend. f64 lets us demand a relative error ≲ 1e-6.
import { describe, it, expect } from 'vitest';
import { Network, Rng } from '../src/index.js';
import { ENGINES } from './helpers/golden.js';
import { randomParams, randomRows } from './helpers/random.js';
import { expectFiniteDifferences } from './helpers/finite-difference.js';

const SHAPES = [[1, 1], [3, 4, 2], [2, 5, 3, 1], [4, 7, 6, 3]];

describe.each(ENGINES)('finite-difference gradient check on $label', ({ opts }) => {
  for (const alpha of [0.5, 1, 2]) {
    for (const layers of SHAPES) {
      it(`layers ${layers.join('-')}, alpha ${alpha}`, async () => {
        const rng = new Rng(layers.length * 1000 + alpha * 10);
        const net = await Network.create({ layers, alpha, ...opts });
        net.setParameters(randomParams(rng, layers, 1));
        const rows = 5;
        const X = randomRows(rng, rows, layers[0], 1.5);
        const T = randomRows(rng, rows, layers[layers.length - 1], 0.5, 0.5);
        const worst = expectFiniteDifferences(net, X, T, 1e-5, 1e-7, `layers ${layers.join('-')}, alpha ${alpha}`);
        expect(worst).toBeLessThan(1e-6);
        net.dispose();
      });
    }
  }
});

// Centered finite differences of a network's mean loss against its backprop gradient, parameter by
// parameter (STYLE.md §12). f64 lets the tests demand a relative error below 1e-6.
import { expect } from 'vitest';
import type { Network } from '../../src/index.js';

/**
 * Checks every parameter: |fd − g| / max(|fd| + |g|, floor) < 1e-6 with fd = (L(p+h) − L(p−h)) / 2h.
 * Restores the parameters afterwards. Returns the worst relative error seen.
 */
export function expectFiniteDifferences(net: Network, X: number[][], T: number[][], h: number, floor: number, label: string): number {
  const g = net.gradients(X, T);
  const analytic = g.weights.flatMap((W, l) => [...W.flat(), ...g.biases[l]]);
  const p0 = net.getParametersFlat();
  expect(analytic.length).toBe(p0.length);
  let worst = 0;
  try {
    for (let k = 0; k < p0.length; k++) {
      const p = p0.slice();
      p[k] = p0[k] + h;
      net.setParametersFlat(p);
      const up = net.loss(X, T);
      p[k] = p0[k] - h;
      net.setParametersFlat(p);
      const fd = (up - net.loss(X, T)) / (2 * h);
      const rel = Math.abs(fd - analytic[k]) / Math.max(Math.abs(fd) + Math.abs(analytic[k]), floor);
      worst = Math.max(worst, rel);
      expect(rel, `${label}: param ${k}: backprop ${analytic[k]}, finite difference ${fd}`).toBeLessThan(1e-6);
    }
  } finally {
    net.setParametersFlat(p0);
  }
  return worst;
}

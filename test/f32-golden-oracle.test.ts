// The float32 family against the float64 oracle: every golden case (test/fixtures/mlp-cases.json,
// an independent float64 implementation) and the 2-2-2 worked example, run with dtype 'f32' on
// every engine, compared with a tolerance derived from each problem (f32Tol below); and centered
// finite differences of the f32 loss with an f32-appropriate step (below).
//
// The tolerance. Every value is O(1) (inputs, weights, activations), so each rounding costs at most
// u = 2⁻²⁴ relative. One pass performs, per output, at most K = (maxFanIn + 3)·L roundings along
// its longest chain (a fan-in sum, the bias add, the activation's few operations, per layer), and
// the backward pass as many again: one-pass values are within K·u (atol and rtol). Training moves
// every weight by lr·g per step with g computed to K·u relative, so the error added per step is
// ≤ K·u·|Δw| and the total over the run ≤ K·u·(path length) ≈ K·u·D with D the largest parameter
// displacement of the float64 run (golden initial → trained parameters); hence atol = rtol =
// K·u·(1 + D) for trained parameters and outputs. A loss ½Σ(t − o)² moves by ≤ Σ|t − o|·|Δo|.
// Measured errors are 1–5 % of these bounds (the golden cases: ≤ 1.3·K·u on trained weights).
// Not here: f32 kernels against their twins (kernels-variants.test.ts), f32 WASM vs f32 TS engine
// (f32-engine-agreement.test.ts).
import { describe, it, expect } from 'vitest';
import { Network, Rng, hasSimd, type NetworkOptions } from '../src/index.js';
import { randomParams, randomRows } from './helpers/random.js';
import { golden, type GoldenCase } from './helpers/golden.js';
import { expectClose, flat, F32_U, type Tol } from './helpers/tolerance.js';

const ENGINES_F32: { label: string; opts: Pick<NetworkOptions, 'backend' | 'kernel'> }[] = [
  { label: 'ts f32', opts: { backend: 'ts' } },
  { label: 'wasm-scalar f32', opts: { backend: 'wasm', kernel: 'scalar' } },
  ...(hasSimd() ? [{ label: 'wasm-simd f32', opts: { backend: 'wasm' as const, kernel: 'simd' as const } }] : []),
];

/** K = (maxFanIn + 3)·L roundings per chain (see the header). */
function roundings(layers: readonly number[]): number {
  return (Math.max(...layers.slice(0, -1)) + 3) * (layers.length - 1);
}

/** The f32 tolerances of a case: one pass, and after training a run that moved parameters by up to D. */
function f32Tol(layers: readonly number[], displacement = 0): Tol {
  const t = roundings(layers) * F32_U * (1 + displacement);
  return { atol: t, rtol: t };
}

/** Largest |trained − initial| over all parameters of a golden case (the float64 run's displacement). */
function displacement(c: GoldenCase): number {
  const a = flat([c.expect.trainedWeights, c.expect.trainedBiases]);
  const b = flat([c.weights, c.biases]);
  return Math.max(...a.map((v, k) => Math.abs(v - b[k])));
}

/** Bound on |Δloss| of the mean ½Σ(t − o)² when every output moves by ≤ tol (outputs o, targets t). */
function lossTol(outputs: number[][], targets: number[][], tol: number): Tol {
  const s = outputs.reduce((acc, row, r) => acc + row.reduce((q, o, j) => q + Math.abs(targets[r][j] - o) + tol, 0), 0) / outputs.length;
  return { atol: s * tol, rtol: 0 };
}

describe.each(ENGINES_F32)('golden cases in float32 on $label against the float64 oracle', ({ label, opts }) => {
  describe.each(golden.cases)('$name', (c) => {
    const make = async (): Promise<Network> => {
      const net = await Network.create({ layers: c.layers, alpha: c.alpha, ...opts, dtype: 'f32' });
      net.setParameters({ weights: c.weights, biases: c.biases });
      return net;
    };

    it('one pass: outputs, loss and gradients within K·u', async () => {
      const net = await make();
      const tol = f32Tol(c.layers);
      const tag = `${label} ${c.name} (K = ${roundings(c.layers)})`;
      expect(net.backendInfo.dtype).toBe('f32');
      expectClose(`${tag} outputs`, net.runBatch(c.inputs), c.expect.outputs, tol);
      expectClose(`${tag} loss`, net.loss(c.inputs, c.targets), c.expect.loss, lossTol(c.expect.outputs, c.targets, tol.atol));
      const g = net.gradients(c.inputs, c.targets);
      expectClose(`${tag} gradWeights`, g.weights, c.expect.gradWeights, tol);
      expectClose(`${tag} gradBiases`, g.biases, c.expect.gradBiases, tol);
      net.dispose();
    });

    it(`trains ${c.epochs} epochs of batches of ${c.batchSize} within K·u·(1 + D)`, async () => {
      const net = await make();
      const D = displacement(c);
      const tol = f32Tol(c.layers, D);
      const tag = `${label} ${c.name} (K = ${roundings(c.layers)}, D = ${D.toFixed(3)})`;
      const r = net.train({ inputs: c.inputs, targets: c.targets }, {
        learningRate: c.learningRate, epochs: c.epochs, batchSize: c.batchSize, trainBias: c.trainBias, finalError: true,
      });
      const p = net.getParameters();
      expectClose(`${tag} trainedWeights`, p.weights, c.expect.trainedWeights, tol);
      expectClose(`${tag} trainedBiases`, p.biases, c.expect.trainedBiases, tol);
      expectClose(`${tag} finalOutputs`, net.runBatch(c.inputs), c.expect.finalOutputs, tol);
      expectClose(`${tag} finalLoss`, r.error, c.expect.finalLoss, lossTol(c.expect.finalOutputs, c.targets, tol.atol));
      if (!c.trainBias) expect(p.biases, `${tag}: trainBias false keeps the (float32-rounded) biases`).toEqual(c.biases.map((b) => b.map(Math.fround)));
      net.dispose();
    });
  });
});

describe.each(ENGINES_F32)('the 2-2-2 worked example in float32 on $label', ({ opts }) => {
  const W = [[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45], [0.5, 0.55]]];
  const B = [[0.35, 0.35], [0.6, 0.6]];
  const X = [[0.05, 0.1]];
  const T = [[0.01, 0.99]];
  const layers = [2, 2, 2];

  it('error 0.298371109 before the step, 0.29102777 after one, 3.5101878e-05 after 10,000 (float64 values)', async () => {
    const net = await Network.create({ layers, alpha: 1, ...opts, dtype: 'f32' });
    net.setParameters({ weights: W, biases: B });
    const one = f32Tol(layers);
    expectClose('outputs', net.run([0.05, 0.1]), [0.7513650695523157, 0.7729284653214625], one);
    expectClose('loss', net.loss(X, T), 0.2983711087600027, one);
    const r1 = net.train({ inputs: X, targets: T }, { learningRate: 0.5, epochs: 1, batchSize: 1, trainBias: false, finalError: true });
    expectClose('loss after one step', r1.error, 0.29102777369359933, one);
    // the remaining 9,999 steps move the weights by < 6 (the golden mazur-2-2-2 case's D)
    const r = net.train({ inputs: X, targets: T }, { learningRate: 0.5, epochs: 9999, batchSize: 1, trainBias: false, finalError: true });
    const out = Array.from(net.run([0.05, 0.1]));
    // the float64 oracle of the same run: the TS twin in float64 (itself held to the golden file)
    const ref = new Network({ layers, alpha: 1, backend: 'ts' });
    ref.setParameters({ weights: W, biases: B });
    ref.train({ inputs: X, targets: T }, { learningRate: 0.5, epochs: 10_000, batchSize: 1, trainBias: false });
    const tol = f32Tol(layers, 6);
    expectClose('outputs after 10,000 steps', out, ref.run([0.05, 0.1]), tol);
    expectClose('parameters after 10,000 steps', net.getParametersFlat(), ref.getParametersFlat(), tol);
    expectClose('loss after 10,000 steps', r.error, 3.5101878e-5, lossTol([out], T, tol.atol));
    ref.dispose();
    net.dispose();
  });
});

// Centered differences in float32: the loss carries ≈ K·u relative rounding noise, so the step is
// h = 2⁻⁸ (≈ (K·u)^⅓, which balances the noise term K·u·L/h against the truncation term h²·L‴/6)
// and the perturbed parameter is read back (p ± h is rounded to float32). Bound per parameter:
// |fd − g| ≤ 2·K·u·L/h + α³·h² + K·u·|g|  (L‴ ≤ α³·O(1) for these O(1) inputs and weights).
describe.each(ENGINES_F32)('finite differences in float32 on $label', ({ opts }) => {
  const h = 2 ** -8;
  for (const alpha of [0.5, 1, 2]) {
    for (const layers of [[3, 4, 2], [2, 5, 3, 1], [4, 7, 6, 3]]) {
      it(`layers ${layers.join('-')}, alpha ${alpha}`, async () => {
        const rng = new Rng(layers.length * 1000 + alpha * 10);
        const net = await Network.create({ layers, alpha, ...opts, dtype: 'f32' });
        net.setParameters(randomParams(rng, layers, 1));
        const X = randomRows(rng, 5, layers[0], 1.5);
        const T = randomRows(rng, 5, layers[layers.length - 1], 0.5, 0.5);
        const K = roundings(layers);
        const g = net.gradients(X, T);
        const analytic = g.weights.flatMap((W, l) => [...W.flat(), ...g.biases[l]]);
        const p0 = net.getParametersFlat();
        for (let k = 0; k < p0.length; k++) {
          const p = p0.slice();
          p[k] = p0[k] + h;
          net.setParametersFlat(p);
          const up = net.loss(X, T);
          const hi = net.getParametersFlat()[k];
          p[k] = p0[k] - h;
          net.setParametersFlat(p);
          const down = net.loss(X, T);
          const fd = (up - down) / (hi - net.getParametersFlat()[k]);
          const bound = (2 * K * F32_U * g.loss) / h + alpha ** 3 * h * h + K * F32_U * Math.abs(analytic[k]);
          expect(Math.abs(fd - analytic[k]), `param ${k}: backprop ${analytic[k]}, finite difference ${fd}, bound ${bound}`).toBeLessThanOrEqual(bound);
        }
        net.dispose();
      });
    }
  }
});

// The playground's walk-through of the 2-2-2 step (playground/walkthrough-model.ts) shows the
// engine's numbers; this checks them against the worked example and the golden file, and checks
// that the page's chain-rule factors multiply to the engine's gradients and σ(net) = engine out.
// Runs in Node on every backend; no browser needed.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { computeStep, WORKED_EXAMPLE, type StepNumbers } from '../../playground/walkthrough-model.js';
import { expectClose, ONE_PASS } from '../helpers/tolerance.js';

const golden = JSON.parse(readFileSync(new URL('../fixtures/mlp-cases.json', import.meta.url), 'utf8')) as {
  cases: { name: string; expect: { outputs: number[][]; loss: number; gradWeights: number[][][]; weightsAfterOneStep: number[][][]; lossAfterOneStep: number } }[];
};
const mazur = golden.cases.find((c) => c.name === 'mazur-2-2-2')!;

const BACKENDS = [
  { name: 'wasm simd', options: { backend: 'wasm', kernel: 'simd' } },
  { name: 'wasm scalar', options: { backend: 'wasm', kernel: 'scalar' } },
  { name: 'ts', options: { backend: 'ts' } },
] as const;

const sigmoid = (alpha: number, x: number): number => 1 / (1 + Math.exp(-alpha * x));

describe.each(BACKENDS)('walk-through step on $name', ({ options }) => {
  let s: StepNumbers;
  it('computes the step', async () => {
    s = await computeStep(WORKED_EXAMPLE, options);
    expect(s.backend.backend).toBe(options.backend);
  });

  it('matches the worked example (8 decimals) and the golden file', () => {
    expectClose('loss before', s.loss, 0.2983711087600027, ONE_PASS);
    const after = [...s.output, ...s.hidden].map((x) => x.after);
    const tutorial = [0.35891648, 0.40866619, 0.51130127, 0.56137012, 0.14978072, 0.19956143, 0.24975114, 0.29950229];
    after.forEach((v, k) => expect(Math.abs(v - tutorial[k]), `${[...s.output, ...s.hidden][k].name}: ${v} vs ${tutorial[k]}`).toBeLessThan(5e-9));
    expectClose('outputs', s.outO, mazur.expect.outputs, ONE_PASS);
    expectClose('gradients w5..w8', s.output.map((x) => x.grad), mazur.expect.gradWeights[1], ONE_PASS);
    expectClose('gradients w1..w4', s.hidden.map((x) => x.grad), mazur.expect.gradWeights[0], ONE_PASS);
    expectClose('weights after one step', [s.hidden.map((x) => x.after), s.output.map((x) => x.after)], mazur.expect.weightsAfterOneStep, ONE_PASS);
    expectClose('loss after one step', s.lossAfter, mazur.expect.lossAfterOneStep, ONE_PASS);
  });

  it("decomposes the engine's numbers exactly: σ(net) = out, Σ E_o = E, Π factors = ∂E/∂w, w − η·∂E/∂w = w⁺", () => {
    const a = s.input.alpha;
    expectClose('σ(net_h) vs engine out_h', s.netH.map((x) => sigmoid(a, x)), s.outH, ONE_PASS);
    expectClose('σ(net_o) vs engine out_o', s.netO.map((x) => sigmoid(a, x)), s.outO, ONE_PASS);
    expectClose('E_o1 + E_o2 vs engine loss', s.errors[0] + s.errors[1], s.loss, ONE_PASS);
    for (const w of [...s.output, ...s.hidden]) {
      expectClose(`${w.name} chain-rule product vs engine gradient`, w.product, w.grad, ONE_PASS);
      expectClose(`${w.name} w − η·grad vs engine update`, w.before - s.input.learningRate * w.grad, w.after, ONE_PASS);
    }
  });

  it('follows edited inputs (alpha 2, other weights) with the same identities', async () => {
    const edited = { ...WORKED_EXAMPLE, alpha: 2, learningRate: 0.1, i: [0.7, -0.3] as [number, number], w: [0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8] as StepNumbers['input']['w'] };
    const e = await computeStep(edited, options);
    expectClose('σ(net_o) vs engine out_o (alpha 2)', e.netO.map((x) => sigmoid(2, x)), e.outO, ONE_PASS);
    for (const w of [...e.output, ...e.hidden]) expectClose(`${w.name} product vs gradient (alpha 2)`, w.product, w.grad, ONE_PASS);
  });
});

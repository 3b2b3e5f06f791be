// The numbers of one backprop step of the 2-2-2 worked example (inputs i1,i2, hidden h1,h2,
// outputs o1,o2, weights w1..w8, shared biases b1 (hidden) and b2 (output), SSE with ½).
// The decomposition is src/explain/step.ts's (the one `wasmprop trace` prints): the loss, every
// gradient and updated weight come from the engine (`gradients`, a one-step `train` with
// trainBias:false); nets, outs and chain-rule factors are its TypeScript forward pass, and
// test/browser/walkthrough.test.ts checks that the factors multiply to the engine's gradients.
// This file only renames them in the tutorial's terms. Not UI code (walkthrough.ts renders this).
import type { NetworkDoc, NetworkOptions } from '../src/index.js';
import { explainStep, WORKED_EXAMPLE as E } from '../src/explain/step.js';

/** The editable inputs of the step. w = [w1..w8] in the tutorial's naming. */
export interface StepInput {
  i: [number, number];
  t: [number, number];
  /** w1 i1→h1, w2 i2→h1, w3 i1→h2, w4 i2→h2, w5 h1→o1, w6 h2→o1, w7 h1→o2, w8 h2→o2. */
  w: [number, number, number, number, number, number, number, number];
  b: [number, number];
  alpha: number;
  learningRate: number;
}

/** The worked example's values (src/explain's WORKED_EXAMPLE, in the tutorial's naming). */
export const WORKED_EXAMPLE: StepInput = {
  i: [E.input[0], E.input[1]],
  t: [E.target[0], E.target[1]],
  w: [...E.weights[0][0], ...E.weights[0][1], ...E.weights[1][0], ...E.weights[1][1]] as StepInput['w'],
  b: [E.biases[0][0], E.biases[1][0]],
  alpha: 1,
  learningRate: E.learningRate,
};

/** One weight's line of the chain rule. */
export interface WeightStep {
  /** 'w1' … 'w8'. */
  name: string;
  /** From unit → to unit, e.g. 'h1 → o1'. */
  edge: string;
  /** The chain-rule factors, in order, with their names as the page prints them. */
  factors: { label: string; value: number }[];
  /** Product of the factors (page arithmetic). */
  product: number;
  /** ∂E/∂w from the engine's `gradients`. */
  grad: number;
  /** The weight before the step. */
  before: number;
  /** The weight after one SGD step, from the engine's `train`. */
  after: number;
}

/** Every number of the step. */
export interface StepNumbers {
  input: StepInput;
  backend: { backend: 'wasm' | 'ts'; isa: string };
  /** net_h = W·i + b1 (page arithmetic). */
  netH: [number, number];
  /** out_h from the engine (the first layer run alone). */
  outH: [number, number];
  /** net_o = W·out_h + b2 (page arithmetic on the engine's out_h). */
  netO: [number, number];
  /** out_o from the engine. */
  outO: [number, number];
  /** E_o = ½(t_o − out_o)² (page arithmetic). */
  errors: [number, number];
  /** E_total from the engine's `loss`. */
  loss: number;
  /** δ_o = ∂E/∂net_o = (out_o − t_o)·α·out_o(1 − out_o) (page arithmetic). */
  deltaO: [number, number];
  /** ∂E/∂out_h = Σ_o δ_o·w_{h→o} (page arithmetic). */
  dEdOutH: [number, number];
  /** w5..w8, then w1..w4: the tutorial's order. */
  output: WeightStep[];
  hidden: WeightStep[];
  /** E_total after the step, from the engine. */
  lossAfter: number;
  /** Bias gradients from the engine (the step keeps biases fixed, as the tutorial does). */
  biasGrads: { hidden: [number, number]; output: [number, number] };
}

/** Runs the step on the engine and decomposes it (src/explain/step.ts), in the tutorial's naming. */
export async function computeStep(input: StepInput, backend: Pick<NetworkOptions, 'backend' | 'kernel'> = {}): Promise<StepNumbers> {
  const { i, t, w, b, alpha, learningRate } = input;
  const network: NetworkDoc = {
    format: 'wasmprop-network', version: 1, layers: [2, 2, 2], alpha, loss: 'sse',
    weights: [[[w[0], w[1]], [w[2], w[3]]], [[w[4], w[5]], [w[6], w[7]]]], biases: [[b[0], b[0]], [b[1], b[1]]],
  };
  const r = await explainStep({
    model: { format: 'wasmprop-model', version: 1, network }, input: [...i], target: [...t], learningRate, trainBias: false,
    ...(backend.backend ? { backend: backend.backend } : {}), ...(backend.kernel ? { kernel: backend.kernel } : {}),
  });
  const pair = (a: number[]): [number, number] => [a[0], a[1]];
  const [hiddenUnits, outputUnits] = r.units;
  // the tutorial numbers w1..w4 (layer 1) and w5..w8 (layer 2) row by row: the report's order
  const line = (x: (typeof r.weights)[number], k: number): WeightStep => {
    const o = x.to.slice(1);
    const factors = x.layer === 2
      ? [{ label: `∂E/∂out_o${o}`, value: x.dEdOut! }, { label: `∂out_o${o}/∂net_o${o}`, value: x.doutDnet! }, { label: `∂net_o${o}/∂w = out_${x.from}`, value: x.dnetDw }]
      : [{ label: `∂E/∂out_h${o} = δ_o1·w${5 + Math.floor(k / 2)} + δ_o2·w${7 + Math.floor(k / 2)}`, value: x.dEdOut! }, { label: `∂out_h${o}/∂net_h${o}`, value: x.doutDnet! }, { label: `∂net_h${o}/∂w = ${x.from}`, value: x.dnetDw }];
    return {
      name: `w${k + 1}`, edge: `${x.from} → ${x.to}`, factors, product: factors[0].value * factors[1].value * factors[2].value,
      grad: x.gradient, before: x.weight, after: x.updated,
    };
  };
  const all = r.weights.map(line);
  const output = r.weights.filter((x) => x.layer === 2);
  const bias = (layer: number): [number, number] => pair(r.biases.filter((x) => x.layer === layer).map((x) => x.gradient));
  return {
    input,
    backend: r.backend,
    netH: pair(hiddenUnits.map((u) => u.net)),
    outH: pair(hiddenUnits.map((u) => u.out)),
    netO: pair(outputUnits.map((u) => u.net)),
    outO: pair(outputUnits.map((u) => u.out)),
    errors: pair(outputUnits.map((u, k) => 0.5 * (t[k] - u.out) ** 2)),
    loss: r.lossBefore,
    deltaO: pair(output.filter((_, k) => k % 2 === 0).map((x) => x.dEdNet)),
    dEdOutH: pair(r.weights.filter((x) => x.layer === 1 && x.from === 'i1').map((x) => x.dEdOut!)),
    output: all.slice(4),
    hidden: all.slice(0, 4),
    lossAfter: r.lossAfter,
    biasGrads: { hidden: bias(1), output: bias(2) },
  };
}

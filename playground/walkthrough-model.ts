// The numbers of one backprop step of the 2-2-2 worked example (inputs i1,i2, hidden h1,h2,
// outputs o1,o2, weights w1..w8, shared biases b1 (hidden) and b2 (output), SSE with ½).
// Every output, loss, gradient and updated weight comes from the engine: `run`/`runBatch` on the
// network and on its first layer alone, `loss`, `gradients`, and a one-epoch `train` with
// trainBias:false. The page adds only the arithmetic that shows how those numbers decompose —
// net = W·x + b and each chain-rule factor — and test/browser/walkthrough.test.ts checks that the
// factors multiply to the engine's gradients. Not UI code (walkthrough.ts renders this).
import { Network, type NetworkOptions } from '../src/index.js';

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

/** The worked example's values. */
export const WORKED_EXAMPLE: StepInput = {
  i: [0.05, 0.1],
  t: [0.01, 0.99],
  w: [0.15, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.55],
  b: [0.35, 0.6],
  alpha: 1,
  learningRate: 0.5,
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

/** Runs the step on the engine and decomposes it. */
export async function computeStep(input: StepInput, backend: Pick<NetworkOptions, 'backend' | 'kernel'> = {}): Promise<StepNumbers> {
  const { i, t, w, b, alpha, learningRate } = input;
  const W0 = [[w[0], w[1]], [w[2], w[3]]];
  const W1 = [[w[4], w[5]], [w[6], w[7]]];
  const params = { weights: [W0, W1], biases: [[b[0], b[0]], [b[1], b[1]]] };
  const full = await Network.create({ layers: [2, 2, 2], alpha, ...backend });
  const first = await Network.create({ layers: [2, 2], alpha, ...backend });
  try {
    full.setParameters(params);
    first.setParameters({ weights: [W0], biases: [params.biases[0]] });
    const rows = { inputs: [i], targets: [t] };
    const oh = first.run(i);
    const oo = full.run(i);
    const outH: [number, number] = [oh[0], oh[1]];
    const outO: [number, number] = [oo[0], oo[1]];
    const loss = full.loss(rows.inputs, rows.targets);
    const g = full.gradients(rows.inputs, rows.targets);
    full.train(rows, { learningRate, epochs: 1, batchSize: 1, trainBias: false, recordLoss: false });
    const after = full.getParameters();
    const lossAfter = full.loss(rows.inputs, rows.targets);

    const netH: [number, number] = [W0[0][0] * i[0] + W0[0][1] * i[1] + b[0], W0[1][0] * i[0] + W0[1][1] * i[1] + b[0]];
    const netO: [number, number] = [W1[0][0] * outH[0] + W1[0][1] * outH[1] + b[1], W1[1][0] * outH[0] + W1[1][1] * outH[1] + b[1]];
    const errors: [number, number] = [0.5 * (t[0] - outO[0]) ** 2, 0.5 * (t[1] - outO[1]) ** 2];
    const dEdOut = [outO[0] - t[0], outO[1] - t[1]];
    const dOutdNetO = [alpha * outO[0] * (1 - outO[0]), alpha * outO[1] * (1 - outO[1])];
    const deltaO: [number, number] = [dEdOut[0] * dOutdNetO[0], dEdOut[1] * dOutdNetO[1]];
    const dEdOutH: [number, number] = [deltaO[0] * W1[0][0] + deltaO[1] * W1[1][0], deltaO[0] * W1[0][1] + deltaO[1] * W1[1][1]];
    const dOutHdNetH = [alpha * outH[0] * (1 - outH[0]), alpha * outH[1] * (1 - outH[1])];

    const output: WeightStep[] = [];
    for (let o = 0; o < 2; o++) {
      for (let h = 0; h < 2; h++) {
        const factors = [
          { label: `∂E/∂out_o${o + 1}`, value: dEdOut[o] },
          { label: `∂out_o${o + 1}/∂net_o${o + 1}`, value: dOutdNetO[o] },
          { label: `∂net_o${o + 1}/∂w = out_h${h + 1}`, value: outH[h] },
        ];
        output.push({
          name: `w${5 + 2 * o + h}`, edge: `h${h + 1} → o${o + 1}`, factors,
          product: factors[0].value * factors[1].value * factors[2].value,
          grad: g.weights[1][o][h], before: W1[o][h], after: after.weights[1][o][h],
        });
      }
    }
    const hidden: WeightStep[] = [];
    for (let h = 0; h < 2; h++) {
      for (let k = 0; k < 2; k++) {
        const factors = [
          { label: `∂E/∂out_h${h + 1} = δ_o1·w${5 + h} + δ_o2·w${7 + h}`, value: dEdOutH[h] },
          { label: `∂out_h${h + 1}/∂net_h${h + 1}`, value: dOutHdNetH[h] },
          { label: `∂net_h${h + 1}/∂w = i${k + 1}`, value: i[k] },
        ];
        hidden.push({
          name: `w${1 + 2 * h + k}`, edge: `i${k + 1} → h${h + 1}`, factors,
          product: factors[0].value * factors[1].value * factors[2].value,
          grad: g.weights[0][h][k], before: W0[h][k], after: after.weights[0][h][k],
        });
      }
    }
    return {
      input, backend: full.backendInfo, netH, outH, netO, outO, errors, loss, deltaO, dEdOutH, output, hidden, lossAfter,
      biasGrads: { hidden: [g.biases[0][0], g.biases[0][1]], output: [g.biases[1][0], g.biases[1][1]] },
    };
  } finally {
    full.dispose();
    first.dispose();
  }
}

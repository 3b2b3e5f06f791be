// The decomposition of one SGD step of backpropagation, the way the classic worked example shows
// it — every unit's net and out, and for every weight the chain rule
// ∂E/∂w = ∂E/∂out · ∂out/∂net · ∂net/∂w, the gradient and the updated weight. Used by `wasmprop
// trace` (src/cli/trace.ts prints it) and the playground's walk-through (playground/walkthrough-model.ts).
// The gradient, the updated weights and both losses come from the engine (net.gradients and a
// one-step net.train); the factor columns are TypeScript arithmetic (forward.ts) whose product must
// equal the engine's gradient (test/cli-trace.test.ts checks it). Not a debugger for big nets.
import { Network } from '../api/network.js';
import type { BackendName, Isa, KernelChoice } from '../api/types.js';
import { WasmpropError } from '../api/errors.js';
import { applyNormalization } from '../data/normalize.js';
import { layerActivations, layerUnits, type Activation, type ModelFile, type NetworkDoc } from '../model/format.js';
import { Predictor } from '../model/predictor.js';
import { derivative, forwardRow } from './forward.js';
import { sig } from '../cli/format.js';

/** The worked 2-2-2 example: weights, fixed biases, one input row, its target, learning rate 0.5. */
export const WORKED_EXAMPLE = {
  layers: [2, 2, 2],
  weights: [[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45], [0.5, 0.55]]],
  biases: [[0.35, 0.35], [0.6, 0.6]],
  input: [0.05, 0.1],
  target: [0.01, 0.99],
  learningRate: 0.5,
} as const;

/** Options of `traceStep`. */
export interface TraceOptions {
  /** The model to trace; default: the worked 2-2-2 example. */
  model?: ModelFile;
  /** One raw input row; default: the example's (required with a model). */
  input?: number[];
  /** Its target; default: the example's (required with a model). */
  target?: number[];
  /** Default 0.5. */
  learningRate?: number;
  /** Whether the step updates biases. Default: false for the worked example, true for a model. */
  trainBias?: boolean;
  backend?: BackendName;
  /** WASM kernel family (default 'auto'). */
  kernel?: KernelChoice;
}

/** One weight's line of the trace. */
export interface WeightTrace {
  name: string;
  /** 1-based weight layer. */
  layer: number;
  from: string;
  to: string;
  weight: number;
  /** ∂E/∂out of the destination unit (null where only ∂E/∂net is defined per unit: softmax). */
  dEdOut: number | null;
  /** ∂out/∂net of the destination unit (null for softmax: a Jacobian, not a factor). */
  doutDnet: number | null;
  /** ∂E/∂net of the destination unit (= dEdOut·doutDnet when both exist). */
  dEdNet: number;
  /** ∂net/∂w: the source unit's out. */
  dnetDw: number;
  /** dEdNet·dnetDw (TypeScript arithmetic). */
  product: number;
  /** ∂E/∂w from the engine. */
  gradient: number;
  /** The weight after the step, from the engine. */
  updated: number;
}

/** One bias's line of the trace. */
export interface BiasTrace {
  name: string;
  layer: number;
  to: string;
  bias: number;
  gradient: number;
  updated: number;
}

/** Everything `wasmprop trace` prints. */
export interface TraceReport {
  /** The backend and kernel family the engine's numbers came from. */
  backend: { backend: 'wasm' | 'ts'; isa: Isa };
  layers: number[];
  activations: Activation[];
  alpha: number;
  loss: 'sse' | 'cross-entropy';
  learningRate: number;
  trainBias: boolean;
  workedExample: boolean;
  input: number[];
  /** The input after the model's normalization (= input without one). */
  x: number[];
  target: number[];
  /** Per non-input layer: every unit's name, net and out (TypeScript forward pass). */
  units: { name: string; net: number; out: number; terms: string }[][];
  /** E before and after the step, from the engine. */
  lossBefore: number;
  lossAfter: number;
  /** E computed here from the forward pass (must equal lossBefore). */
  lossBeforeTs: number;
  weights: WeightTrace[];
  biases: BiasTrace[];
  /** Worked example only: E after a step whose hidden deltas used the already-updated output weights. */
  lossAfterStale?: number;
}

function backendOf(o: TraceOptions): { backend?: BackendName; kernel?: KernelChoice } {
  return { ...(o.backend ? { backend: o.backend } : {}), ...(o.kernel ? { kernel: o.kernel } : {}) };
}

function unitNames(sizes: readonly number[]): string[][] {
  const L = sizes.length - 1;
  return sizes.map((n, l) => Array.from({ length: n }, (_, k) => {
    if (l === 0) return `i${k + 1}`;
    if (l === L) return `o${k + 1}`;
    return L === 2 ? `h${k + 1}` : `h${l}.${k + 1}`;
  }));
}

function lossOf(kind: 'sse' | 'cross-entropy', act: Activation, out: number[], t: number[]): number {
  let e = 0;
  for (let k = 0; k < out.length; k++) {
    if (kind === 'sse') e += 0.5 * (t[k] - out[k]) ** 2;
    else {
      if (t[k] !== 0) e -= t[k] * Math.log(out[k]);
      if (act === 'sigmoid' && t[k] !== 1) e -= (1 - t[k]) * Math.log(1 - out[k]);
    }
  }
  return e;
}

/** Runs one explained SGD step (see the file header) and returns every number of it. */
export async function explainStep(opts: TraceOptions = {}): Promise<TraceReport> {
  const worked = opts.model === undefined;
  const input = opts.input ?? (worked ? [...WORKED_EXAMPLE.input] : undefined);
  const target = opts.target ?? (worked ? [...WORKED_EXAMPLE.target] : undefined);
  if (!input) throw new WasmpropError('--input', 'one input row, e.g. --input 0.05,0.1', 'nothing');
  if (!target) throw new WasmpropError('--target', 'the row\'s target, e.g. --target 0.01,0.99', 'nothing');
  const lr = opts.learningRate ?? WORKED_EXAMPLE.learningRate;
  const trainBias = opts.trainBias ?? !worked;

  let predictor: Predictor;
  if (worked) {
    const net = await Network.create({ layers: [...WORKED_EXAMPLE.layers], alpha: 1, ...backendOf(opts) });
    net.setParameters({ weights: WORKED_EXAMPLE.weights.map((W) => W.map((r) => [...r])), biases: WORKED_EXAMPLE.biases.map((b) => [...b]) });
    predictor = new Predictor(net);
  } else {
    const { network, ...meta } = opts.model!;
    predictor = new Predictor(await Network.load(network, backendOf(opts)), meta);
  }
  try {
    const before = predictor.toModel().network;
    const sizes = before.layers.map(layerUnits);
    const L = sizes.length - 1;
    if (input.length !== sizes[0]) throw new WasmpropError('--input', `${sizes[0]} numbers (the model's inputs)`, `${input.length} numbers`);
    if (target.length !== sizes[L]) throw new WasmpropError('--target', `${sizes[L]} numbers (the model's outputs)`, `${target.length} numbers`);
    const acts = layerActivations(before);
    const loss = before.loss ?? 'sse';
    const outAct = acts[L - 1];
    if (loss === 'cross-entropy' && outAct !== 'softmax' && outAct !== 'sigmoid') {
      throw new WasmpropError('model', 'cross-entropy with a sigmoid or softmax output for trace', outAct);
    }
    const x = before.normalization ? Array.from(applyNormalization(before.normalization, Float64Array.from(input))) : [...input];
    const fw = forwardRow(before, x);
    const names = unitNames(sizes);

    // ∂E/∂net per layer (TypeScript), output layer first.
    const dEdOut: (number | null)[][] = new Array(L);
    const doutDnet: (number | null)[][] = new Array(L);
    const dEdNet: number[][] = new Array(L);
    const o = fw.outs[L - 1];
    if (outAct === 'softmax') {
      const g = loss === 'sse' ? o.map((v, k) => v - target[k]) : null;
      const dot = g ? g.reduce((s, v, k) => s + v * o[k], 0) : 0;
      dEdOut[L - 1] = loss === 'sse' ? g! : o.map((v, k) => (target[k] === 0 ? 0 : -target[k] / v));
      doutDnet[L - 1] = o.map(() => null);
      dEdNet[L - 1] = loss === 'sse' ? o.map((v, k) => v * (g![k] - dot)) : o.map((v, k) => v - target[k]);
    } else if (loss === 'cross-entropy') {
      // sigmoid + binary cross-entropy: ∂E/∂out = (o − t)/(o(1 − o)), ∂out/∂net = α·o(1 − o)
      dEdOut[L - 1] = o.map((v, k) => (v - target[k]) / (v * (1 - v)));
      doutDnet[L - 1] = o.map((v, k) => derivative(outAct, fw.nets[L - 1][k], v, before.alpha, before.leakySlope));
      dEdNet[L - 1] = o.map((v, k) => before.alpha * (v - target[k]));
    } else {
      dEdOut[L - 1] = o.map((v, k) => v - target[k]);
      doutDnet[L - 1] = o.map((v, k) => derivative(outAct, fw.nets[L - 1][k], v, before.alpha, before.leakySlope));
      dEdNet[L - 1] = o.map((_, k) => (dEdOut[L - 1][k] as number) * (doutDnet[L - 1][k] as number));
    }
    for (let l = L - 2; l >= 0; l--) {
      const W = before.weights[l + 1]; // the weights BEFORE the update
      dEdOut[l] = fw.outs[l].map((_, h) => W.reduce((s, row, k) => s + dEdNet[l + 1][k] * row[h], 0));
      doutDnet[l] = fw.outs[l].map((v, h) => derivative(acts[l], fw.nets[l][h], v, before.alpha, before.leakySlope));
      dEdNet[l] = fw.outs[l].map((_, h) => (dEdOut[l][h] as number) * (doutDnet[l][h] as number));
    }

    // The engine: gradient of this one row, then one SGD step.
    const xs = Float64Array.from(input);
    const ts = Float64Array.from(target);
    const grads = predictor.net.gradients(xs, ts);
    predictor.net.train({ inputs: xs, targets: ts }, {
      learningRate: lr, epochs: 1, batchSize: 1, trainBias, recordLoss: false, shuffle: false, optimizer: 'sgd',
    });
    const after = predictor.net.getParameters();
    const lossAfter = predictor.loss(xs, ts);

    const weights: WeightTrace[] = [];
    const biases: BiasTrace[] = [];
    let n = 0;
    for (let l = 0; l < L; l++) {
      const src = l === 0 ? x : fw.outs[l - 1];
      for (let d = 0; d < sizes[l + 1]; d++) {
        for (let s = 0; s < sizes[l]; s++) {
          n++;
          weights.push({
            name: `w${n}`, layer: l + 1, from: names[l][s], to: names[l + 1][d], weight: before.weights[l][d][s],
            dEdOut: dEdOut[l][d], doutDnet: doutDnet[l][d], dEdNet: dEdNet[l][d], dnetDw: src[s], product: dEdNet[l][d] * src[s],
            gradient: grads.weights[l][d][s], updated: after.weights[l][d][s],
          });
        }
        biases.push({ name: `b(${names[l + 1][d]})`, layer: l + 1, to: names[l + 1][d], bias: before.biases[l][d], gradient: grads.biases[l][d], updated: after.biases[l][d] });
      }
    }

    const units = fw.nets.map((nets, l) => nets.map((net, k) => {
      const src = l === 0 ? x : fw.outs[l - 1];
      const terms = before.weights[l][k].map((w, s) => `${sig(w)}·${sig(src[s])}`).join(' + ') + ` + ${sig(before.biases[l][k])}`;
      return { name: names[l + 1][k], net, out: fw.outs[l][k], terms };
    }));

    const report: TraceReport = {
      backend: predictor.net.backendInfo, layers: sizes, activations: acts, alpha: before.alpha, loss, learningRate: lr, trainBias, workedExample: worked,
      input: [...input], x, target: [...target], units,
      lossBefore: grads.loss, lossAfter, lossBeforeTs: lossOf(loss, outAct, o, target), weights, biases,
    };
    if (worked) report.lossAfterStale = staleLoss(before, after.weights, fw, dEdNet, x, target, lr);
    return report;
  } finally {
    predictor.dispose();
  }
}

// The tutorial's variant: hidden deltas from the already-updated output weights (2-layer nets).
function staleLoss(before: NetworkDoc, updated: number[][][], fw: ReturnType<typeof forwardRow>, dEdNet: number[][], x: number[], t: number[], lr: number): number {
  const acts = layerActivations(before);
  const Wout = updated[1];
  const hidden = fw.outs[0].map((v, h) => Wout.reduce((s, row, k) => s + dEdNet[1][k] * row[h], 0) * derivative(acts[0], fw.nets[0][h], v, before.alpha, before.leakySlope));
  const W1 = before.weights[0].map((row, d) => row.map((w, s) => w - lr * hidden[d] * x[s]));
  const doc: NetworkDoc = { ...before, weights: [W1, Wout] };
  const out = forwardRow(doc, x).outs[1];
  return lossOf('sse', acts[1], out, t);
}


// Reference arithmetic for what `wasmprop trace` *shows*: a plain-TypeScript forward pass of one
// row that keeps every unit's net and out, and the derivative of each activation (the chain-rule
// factors). The gradients, updated weights and losses the CLI prints come from the engine.
import type { Activation, NetworkDoc } from '../model/format.js';
import { DEFAULT_LEAKY_SLOPE, layerActivations } from '../model/format.js';

/** Nets and outs of every non-input layer for one row (index 0 = first hidden layer). */
export interface ForwardTrace {
  input: number[];
  nets: number[][];
  outs: number[][];
}

/** out = act(net) for one unit (softmax is handled per layer by `forwardRow`). */
export function activate(act: Activation, net: number, alpha: number, slope = DEFAULT_LEAKY_SLOPE): number {
  switch (act) {
    case 'sigmoid': return 1 / (1 + Math.exp(-alpha * net));
    case 'tanh': return Math.tanh(net);
    case 'relu': return net > 0 ? net : 0;
    case 'leaky-relu': return net > 0 ? net : slope * net;
    case 'linear': return net;
    case 'softmax': throw new Error('softmax is per layer');
  }
}

/** ∂out/∂net of an elementwise activation at (net, out); for softmax the diagonal out(1 − out). */
export function derivative(act: Activation, net: number, out: number, alpha: number, slope = DEFAULT_LEAKY_SLOPE): number {
  switch (act) {
    case 'sigmoid': return alpha * out * (1 - out);
    case 'tanh': return 1 - out * out;
    case 'relu': return out > 0 ? 1 : 0; // the engine's convention: the derivative at 0 is 0
    case 'leaky-relu': return out > 0 ? 1 : slope;
    case 'linear': return 1;
    case 'softmax': return out * (1 - out);
  }
}

/** Forward pass of one (already normalized) input row through `doc`, keeping nets and outs. */
export function forwardRow(doc: NetworkDoc, input: ArrayLike<number>): ForwardTrace {
  const acts = layerActivations(doc);
  const nets: number[][] = [];
  const outs: number[][] = [];
  let a = Array.from(input);
  doc.weights.forEach((W, l) => {
    const net = W.map((row, o) => row.reduce((s, w, i) => s + w * a[i], 0) + doc.biases[l][o]);
    let out: number[];
    if (acts[l] === 'softmax') {
      const m = Math.max(...net);
      const e = net.map((v) => Math.exp(v - m));
      const s = e.reduce((p, q) => p + q, 0);
      out = e.map((v) => v / s);
    } else {
      out = net.map((v) => activate(acts[l], v, doc.alpha, doc.leakySlope));
    }
    nets.push(net);
    outs.push(out);
    a = out;
  });
  return { input: Array.from(input), nets, outs };
}

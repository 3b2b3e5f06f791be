// The baseline column, "plain TS, straightforward loops": the multilayer perceptron a
// developer would write by hand from the textbook, with none of wasmprop's machinery (no arena, no
// kernels, no fused online path). Per layer a weight matrix as an array of Float64Array rows
// (W[l][o][i]: OUT rows of IN) and a bias vector; per sample a forward pass of nested loops with
// 1/(1+exp(−x)), backprop of ½·Σ(t−o)² with the sigmoid derivative y·(1−y), gradients summed over
// the batch's rows, then one SGD step with the gradient divided by the batch size (the mean loss
// over the batch, as every other system). Batch size 1 (online) goes through the same code.
// Competent, not clever: every buffer is allocated once in create, rows are read in place from the
// workload's arrays, nothing is allocated per sample or per batch.
// Not here: the other systems and the System interface (bench/systems.ts), timing (bench/child.ts).
import type { Data, System, Trainer } from './types.js';
import type { Run, Workload } from './workloads.js';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** An OUT×IN matrix as OUT rows of IN, zero-filled. */
function matrix(OUT: number, IN: number): Float64Array[] {
  const m: Float64Array[] = [];
  for (let o = 0; o < OUT; o++) m.push(new Float64Array(IN));
  return m;
}

function createPlain(w: Workload, d: Data): Trainer {
  const sizes = w.layers;
  const L = sizes.length - 1; // weight layers
  const W: Float64Array[][] = []; // W[l][o][i]: from unit i of layer l to unit o of layer l+1
  const b: Float64Array[] = [];
  const gW: Float64Array[][] = []; // gradients summed over the current batch
  const gb: Float64Array[] = [];
  const y: Float64Array[] = []; // y[l]: outputs of weight layer l (sigmoid of its net input)
  const delta: Float64Array[] = []; // delta[l] = ∂E/∂net of weight layer l, for the current sample
  for (let l = 0; l < L; l++) {
    W.push(matrix(sizes[l + 1], sizes[l]));
    b.push(new Float64Array(sizes[l + 1]));
    gW.push(matrix(sizes[l + 1], sizes[l]));
    gb.push(new Float64Array(sizes[l + 1]));
    y.push(new Float64Array(sizes[l + 1]));
    delta.push(new Float64Array(sizes[l + 1]));
  }
  const IN = d.IN;
  const OUT = d.OUT;

  /** Forward pass of row r of d.x: fills y[0..L-1]; y[L-1] is the network's output. */
  function forward(r: number): void {
    for (let l = 0; l < L; l++) {
      // layer 0 reads the input row in place; later layers the previous layer's outputs
      const input = l === 0 ? d.x : y[l - 1];
      const at = l === 0 ? r * IN : 0;
      const n = sizes[l];
      const Wl = W[l];
      const bl = b[l];
      const yl = y[l];
      for (let o = 0; o < yl.length; o++) {
        const row = Wl[o];
        let net = bl[o];
        for (let i = 0; i < n; i++) net += row[i] * input[at + i];
        yl[o] = sigmoid(net);
      }
    }
  }

  /** ½·Σ(t−o)² of row r, from the outputs of the last forward pass. */
  function rowError(r: number): number {
    const out = y[L - 1];
    let e = 0;
    for (let o = 0; o < OUT; o++) {
      const diff = d.t[r * OUT + o] - out[o];
      e += 0.5 * diff * diff;
    }
    return e;
  }

  /** Backprop of row r (after forward(r)): adds ∂E/∂W and ∂E/∂b of this sample to gW and gb. */
  function backward(r: number): void {
    // output layer: ∂E/∂net = −(t − y)·y·(1 − y)
    const out = y[L - 1];
    const dOut = delta[L - 1];
    for (let o = 0; o < OUT; o++) {
      const yo = out[o];
      dOut[o] = -(d.t[r * OUT + o] - yo) * yo * (1 - yo);
    }
    // hidden layers: ∂E/∂net_i = (Σ_o W[o][i]·delta_o)·y_i·(1 − y_i), through the weights before the step
    for (let l = L - 2; l >= 0; l--) {
      const above = W[l + 1];
      const dAbove = delta[l + 1];
      const yl = y[l];
      const dl = delta[l];
      for (let i = 0; i < yl.length; i++) {
        let s = 0;
        for (let o = 0; o < dAbove.length; o++) s += above[o][i] * dAbove[o];
        dl[i] = s * yl[i] * (1 - yl[i]);
      }
    }
    // gradients: ∂E/∂W[o][i] = delta_o · input_i, ∂E/∂b[o] = delta_o
    for (let l = 0; l < L; l++) {
      const input = l === 0 ? d.x : y[l - 1];
      const at = l === 0 ? r * IN : 0;
      const n = sizes[l];
      const dl = delta[l];
      const gWl = gW[l];
      const gbl = gb[l];
      for (let o = 0; o < dl.length; o++) {
        const row = gWl[o];
        const dlo = dl[o];
        for (let i = 0; i < n; i++) row[i] += dlo * input[at + i];
        gbl[o] += dlo;
      }
    }
  }

  /** One mini-batch of rows [first, first + B): summed gradients, then W −= lr · (gW / B). */
  function batch(first: number, B: number): void {
    for (let l = 0; l < L; l++) {
      for (const row of gW[l]) row.fill(0);
      gb[l].fill(0);
    }
    for (let r = first; r < first + B; r++) {
      forward(r);
      backward(r);
    }
    const lr = w.learningRate;
    for (let l = 0; l < L; l++) {
      const Wl = W[l];
      const gWl = gW[l];
      for (let o = 0; o < Wl.length; o++) {
        const row = Wl[o];
        const g = gWl[o];
        for (let i = 0; i < row.length; i++) row[i] -= lr * (g[i] / B);
      }
      if (w.trainBias) {
        const bl = b[l];
        const gbl = gb[l];
        for (let o = 0; o < bl.length; o++) bl[o] -= lr * (gbl[o] / B);
      }
    }
  }

  return {
    reset(p) {
      // arena order: per layer W (OUT, IN) row-major, then b
      let at = 0;
      for (let l = 0; l < L; l++) {
        for (const row of W[l]) {
          for (let i = 0; i < row.length; i++) row[i] = p[at++];
        }
        const bl = b[l];
        for (let o = 0; o < bl.length; o++) bl[o] = p[at++];
      }
      if (at !== p.length) throw new Error(`plain-ts: ${p.length} parameters given, ${at} expected`);
    },
    train(run: Run) {
      for (let e = 0; e < run.epochs; e++) {
        for (let r = 0; r < run.rows; r += w.batchSize) batch(r, Math.min(w.batchSize, run.rows - r));
      }
    },
    loss(rows) {
      let s = 0;
      for (let r = 0; r < rows; r++) {
        forward(r);
        s += rowError(r);
      }
      return s / rows;
    },
    dispose() {},
  };
}

/** "plain TS (straightforward loops)": the baseline, the reference of the bench's speed ratios. */
export const plainTs: System = {
  id: 'plain-ts',
  label: 'plain TS (straightforward loops)',
  precision: 'f64',
  check: () => 'exact',
  unsupported: () => undefined,
  create: async (w, d) => createPlain(w, d),
};

// The single passes of a network over validated rows: gradients of one batch, a streamed
// evaluation, outputs for many rows. Each stages its rows (staging.ts) into scratch memory that it
// frees again, so a call leaves memory as it found it apart from the arena's activation capacity.
// Not here: training (trainer.ts) or checking user input (options/).
import { WasmpropError } from '../api/errors.js';
import { isClassLike, type RowSource } from '../options/rows.js';
import type { Arena } from './arena.js';
import { align8, chunkRows, evaluateStreamed, stageInputs, stageRows } from './staging.js';
import { allFinite } from '../util/finite.js';

/** Σloss/B and the gradient of the mean loss of B rows taken as ONE batch; the gradient block holds it after. */
export function gradientPass(arena: Arena, xs: RowSource, ts: RowSource): number {
  const n = xs.rows;
  const IN = arena.inputs;
  const E = arena.elementBytes;
  const rowBytes = (IN + arena.outputs) * E;
  arena.ensureCapacity(n);
  const ptr = arena.alloc(n * rowBytes, 'inputs');
  try {
    const x = ptr;
    const t = ptr + n * IN * E;
    stageRows(arena, { x: xs, t: ts, rows: n }, x, t, 0, n);
    arena.driver.fill(arena.base + arena.layout.grads, 0, arena.nParams);
    arena.driver.forward(arena.desc, x, n);
    const loss = arena.driver.backward(arena.desc, x, t, n, 1 / n) / n;
    // the gradient block in the arena's element type (gradsAt indexes that view, not the f64 one)
    const g = arena.data.subarray(arena.gradsAt, arena.gradsAt + arena.nParams);
    if (!Number.isFinite(loss) || !allFinite(g)) {
      throw new WasmpropError('inputs', 'rows whose loss and gradient are finite (values small enough not to overflow the network)', `a loss of ${loss}`);
    }
    return loss;
  } finally {
    arena.free(ptr);
  }
}

/** Mean loss and, for class-like targets (0/1, one-hot), accuracy over rows, staged a chunk of `budget` bytes at a time. */
export function evaluatePass(arena: Arena, xs: RowSource, ts: RowSource, budget: number): { loss: number; accuracy?: number } {
  const n = xs.rows;
  const width = arena.inputs + arena.outputs;
  const E = arena.elementBytes;
  const chunk = chunkRows(budget, width, n, E);
  arena.ensureCapacity(Math.min(n, 256));
  const outAt = align8(chunk * width * E); // the evaluate driver's two f64 words
  const ptr = arena.alloc(outAt + 16, 'inputs');
  try {
    const r = evaluateStreamed(arena, { x: xs, t: ts, rows: n }, ptr, ptr + chunk * arena.inputs * E, chunk, ptr + outAt);
    if (!Number.isFinite(r.loss)) throw new WasmpropError('inputs', 'rows whose loss is finite (values small enough not to overflow the network)', `a loss of ${r.loss}`);
    return isClassLike(ts) ? r : { loss: r.loss };
  } finally {
    arena.free(ptr);
  }
}

/** Outputs for many rows, flat row-major (rows × outputs); rows staged a chunk of `budget` bytes at a time. */
export function outputPass(arena: Arena, xs: RowSource, budget: number): Float64Array {
  const IN = arena.inputs;
  const OUT = arena.outputs;
  const n = xs.rows;
  const E = arena.elementBytes;
  const chunk = chunkRows(budget, IN, n, E);
  arena.ensureCapacity(Math.min(n, 256));
  const ptr = arena.alloc(chunk * IN * E, 'inputs');
  try {
    const out = new Float64Array(n * OUT);
    const cap = arena.layout.capacity;
    for (let r0 = 0; r0 < n; r0 += chunk) {
      const c = Math.min(chunk, n - r0);
      stageInputs(arena, xs, ptr, r0, c);
      for (let r = 0; r < c; r += cap) {
        const B = Math.min(cap, c - r);
        arena.driver.forward(arena.desc, ptr + r * IN * E, B);
        const top = (arena.base + arena.layout.layers[arena.layout.layers.length - 1].act) >> arena.shift;
        const y = arena.data.subarray(top, top + B * OUT);
        const bad = y.findIndex((v) => !Number.isFinite(v));
        if (bad >= 0) {
          const row = r0 + r + Math.floor(bad / OUT);
          throw new WasmpropError(n === 1 ? 'input' : `inputs[${row}]`, 'values small enough for finite outputs (the network overflows on this row)', `an output of ${y[bad]}`);
        }
        out.set(y, (r0 + r) * OUT);
      }
    }
    return out;
  } finally {
    arena.free(ptr);
  }
}

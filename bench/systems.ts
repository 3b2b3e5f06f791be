// The JavaScript systems the end-to-end benchmark compares, each behind one small interface: start
// from given parameters, train a Run, report the mean loss. Every system runs the same algorithm:
// sigmoid layers, loss ½·Σ(t−o)² averaged over the batch, plain SGD, rows in order.
// The first system, 'plain-ts' (bench/plain-ts.ts), is the hand-written baseline and the
// reference of the report's speed ratios; 'ts' is wasmprop's own TS twin, the reference of the losses.
// Not here: the native C build (bench/native/mlp.c, driven by bench/run.ts), timing (bench/child.ts).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Network } from '../src/index.js';
import type { Workload, WorkloadFiles } from './workloads.js';
import type { Data, System } from './types.js';

export type { Data, System, Trainer } from './types.js';
import { plainTs } from './plain-ts.js';
import { wasmpropTrainer } from './wasmprop-trainer.js';

const require = createRequire(import.meta.url);

function rowLoss(out: ArrayLike<number>, t: Float64Array, at: number, OUT: number): number {
  let s = 0;
  for (let o = 0; o < OUT; o++) {
    const e = t[at + o] - out[o];
    s += 0.5 * e * e;
  }
  return s;
}

// ---- wasmprop through its public Network API -------------------------------------------------

/**
 * wasmprop through Network.create + train. `fastest`: train with recordLoss false and finalError
 * false (the running loss, no per-epoch or final forward pass); otherwise only the four options
 * every workload sets, the rest at their defaults — what a user calls.
 */
function wasmprop(id: string, label: string, opts: { backend?: 'ts' | 'wasm'; kernel?: 'scalar' | 'simd' | 'relaxed'; dtype?: 'f32'; threads?: 'auto' }, fastest: boolean, flags?: string[]): System {
  const f32 = opts.dtype === 'f32';
  return {
    id, label, precision: f32 ? 'f32' : 'f64', nodeFlags: flags,
    check: () => (f32 ? 'f32' : 'exact'),
    unsupported: () => undefined,
    async create(w, d) {
      return wasmpropTrainer(await Network.create({ layers: w.layers, ...opts }), w, d, fastest);
    },
  };
}

// ---- brain.js 1.6.1 (float32, online only) -------------------------------------------------------

interface BrainNet {
  sizes: number[];
  weights: Float32Array[][];
  biases: Float32Array[];
  initialize(): void;
  train(data: { input: number[]; output: number[] }[], opts: Record<string, number>): { error: number; iterations: number };
  run(input: number[]): Float32Array;
}

const brainjs: System = {
  id: 'brain', label: 'brain.js 1.6.1 (f32)', precision: 'f32',
  // brain.js always trains biases: W1 (biases fixed) cannot be reproduced, only seen to learn.
  check: (w) => (w.trainBias ? 'f32' : 'falls'),
  unsupported: (w) => (w.batchSize > 1 ? 'online only' : undefined),
  async create(w, d) {
    const brain = require('brain.js') as { NeuralNetwork: new (o: object) => BrainNet };
    const net = new brain.NeuralNetwork({ hiddenLayers: w.layers.slice(1, -1), activation: 'sigmoid' });
    net.sizes = [...w.layers];
    net.initialize();
    const rows = d.x.length / d.IN;
    const data = Array.from({ length: rows }, (_, r) => ({
      input: Array.from(d.x.subarray(r * d.IN, (r + 1) * d.IN)),
      output: Array.from(d.t.subarray(r * d.OUT, (r + 1) * d.OUT)),
    }));
    return {
      reset(p) {
        let at = 0;
        for (let l = 1; l < w.layers.length; l++) {
          const IN = w.layers[l - 1];
          const OUT = w.layers[l];
          for (let o = 0; o < OUT; o++) net.weights[l][o].set(p.subarray(at + o * IN, at + (o + 1) * IN));
          at += OUT * IN;
          net.biases[l].set(p.subarray(at, at + OUT));
          at += OUT;
        }
      },
      train(run) {
        // momentum must be > 0 for brain.js's option check; 1e-20 makes its contribution vanish.
        // errorThresh must be in (0, 1); the loss never reaches 1e-12 here, so every epoch runs.
        net.train(data.slice(0, run.rows), { iterations: run.epochs, learningRate: w.learningRate, momentum: 1e-20, errorThresh: 1e-12 });
      },
      loss(n) {
        let s = 0;
        for (let r = 0; r < n; r++) s += rowLoss(net.run(data[r].input), d.t, r * d.OUT, d.OUT);
        return s / n;
      },
      dispose() {},
    };
  },
};

// ---- TensorFlow.js 4.22 (float32), cpu or wasm backend ------------------------------------------

type Tf = typeof import('@tensorflow/tfjs');

async function loadTf(backend: 'cpu' | 'wasm'): Promise<Tf> {
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // the .wasm files ship in the package's dist folder
    wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} did not initialize`);
  await tf.ready();
  return tf;
}

function tfjs(backend: 'cpu' | 'wasm'): System {
  return {
    id: `tfjs-${backend}`, label: `TF.js 4.22 ${backend} (f32)`, precision: 'f32',
    check: () => 'f32',
    unsupported: () => undefined,
    async create(w, d) {
      const tf = await loadTf(backend);
      const L = w.layers.length - 1;
      const rows = d.x.length / d.IN;
      const X = tf.tensor2d(Float32Array.from(d.x), [rows, d.IN]);
      const T = tf.tensor2d(Float32Array.from(d.t), [rows, d.OUT]);
      // W as (IN, OUT) so a batch is x·W; biases are variables only when trained
      const Ws = w.layers.slice(1).map((OUT, l) => tf.variable(tf.zeros([w.layers[l], OUT]), true));
      const bs = w.layers.slice(1).map((OUT, l) => tf.variable(tf.zeros([OUT]), w.trainBias));
      const vars = w.trainBias ? [...Ws, ...bs] : [...Ws];
      const opt = tf.train.sgd(w.learningRate);
      type Tensor = import('@tensorflow/tfjs').Tensor;
      const forward = (x: Tensor): Tensor => {
        let a = x;
        for (let l = 0; l < L; l++) a = tf.sigmoid(tf.add(tf.matMul(a, Ws[l]), bs[l]));
        return a;
      };
      // mean over the batch of ½·Σ_o (t − o)²
      const batchLoss = (x: Tensor, t: Tensor, B: number) =>
        tf.div(tf.mul(0.5, tf.sum(tf.square(tf.sub(t, forward(x))))), B) as import('@tensorflow/tfjs').Scalar;
      return {
        reset(p) {
          let at = 0;
          for (let l = 0; l < L; l++) {
            const IN = w.layers[l];
            const OUT = w.layers[l + 1];
            const Wt = new Float32Array(IN * OUT);
            for (let o = 0; o < OUT; o++) for (let i = 0; i < IN; i++) Wt[i * OUT + o] = p[at + o * IN + i];
            at += OUT * IN;
            Ws[l].assign(tf.tensor2d(Wt, [IN, OUT]));
            bs[l].assign(tf.tensor1d(Float32Array.from(p.subarray(at, at + OUT))));
            at += OUT;
          }
        },
        train(run) {
          for (let e = 0; e < run.epochs; e++) {
            for (let r = 0; r < run.rows; r += w.batchSize) {
              const B = Math.min(w.batchSize, run.rows - r);
              tf.tidy(() => {
                const xb = tf.slice(X, [r, 0], [B, d.IN]);
                const tb = tf.slice(T, [r, 0], [B, d.OUT]);
                opt.minimize(() => batchLoss(xb, tb, B), false, vars);
              });
            }
          }
          Ws[0].dataSync(); // make sure every queued step has run
        },
        loss(n) {
          return tf.tidy(() => batchLoss(tf.slice(X, [0, 0], [n, d.IN]), tf.slice(T, [0, 0], [n, d.OUT]), n).dataSync()[0]);
        },
        dispose() {
          tf.dispose([X, T, ...Ws, ...bs]);
          opt.dispose();
        },
      };
    },
  };
}

/** Every JS system, in table order: the plain-TS baseline first. */
export const SYSTEMS: System[] = [
  plainTs,
  wasmprop('ts', 'wasmprop TS twin', { backend: 'ts' }, true),
  wasmprop('wasm-scalar', 'wasmprop WASM scalar', { backend: 'wasm', kernel: 'scalar' }, true),
  wasmprop('wasm-simd', 'wasmprop WASM simd128', { backend: 'wasm', kernel: 'simd' }, true),
  wasmprop('wasm-relaxed', 'wasmprop WASM relaxed-simd', { backend: 'wasm', kernel: 'relaxed' }, true, ['--experimental-wasm-relaxed-simd']),
  // the threads axis: the same kernels on every core (threads: 'auto'), bit-identical to one thread
  wasmprop('wasm-simd-mt', 'wasmprop WASM simd128, all threads', { backend: 'wasm', kernel: 'simd', threads: 'auto' }, true),
  wasmprop('wasm-relaxed-mt', 'wasmprop WASM relaxed-simd, all threads', { backend: 'wasm', kernel: 'relaxed', threads: 'auto' }, true, ['--experimental-wasm-relaxed-simd']),
  // what a user gets: Network.create({ layers }) and train(data, { learningRate, epochs, batchSize, trainBias })
  wasmprop('wasm-default', 'wasmprop, default options', {}, false),
  // the float32 family (dtype 'f32'), fastest options, beside the f64 columns of the same family
  wasmprop('wasm-scalar-f32', 'wasmprop WASM scalar f32', { backend: 'wasm', kernel: 'scalar', dtype: 'f32' }, true),
  wasmprop('wasm-simd-f32', 'wasmprop WASM simd128 f32', { backend: 'wasm', kernel: 'simd', dtype: 'f32' }, true),
  wasmprop('wasm-relaxed-f32', 'wasmprop WASM relaxed-simd f32', { backend: 'wasm', kernel: 'relaxed', dtype: 'f32' }, true, ['--experimental-wasm-relaxed-simd']),
  wasmprop('wasm-simd-f32-mt', 'wasmprop WASM simd128 f32, all threads', { backend: 'wasm', kernel: 'simd', dtype: 'f32', threads: 'auto' }, true),
  brainjs,
  tfjs('cpu'),
  tfjs('wasm'),
];

/** A raw float64 file as a Float64Array (viewed in place when the read buffer is 8-byte aligned). */
export function readF64(path: string): Float64Array {
  const b = readFileSync(path);
  if (b.byteOffset % 8 === 0) return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** The float32 TS twin (dtype 'f32'): the reference of the float32 columns, not a column itself. */
const TS_F32 = wasmprop('ts-f32', 'wasmprop TS twin f32', { backend: 'ts', dtype: 'f32' }, true);

/** The TS twin's loss after a workload's verification run (f32: the float32 twin's): what every system must reproduce. */
export async function referenceLoss(w: Workload, f: WorkloadFiles, precision: 'f64' | 'f32' = 'f64'): Promise<number> {
  const ts = precision === 'f32' ? TS_F32 : SYSTEMS.find((s) => s.id === 'ts')!;
  const d: Data = { x: readF64(f.x), t: readF64(f.t), IN: w.layers[0], OUT: w.layers[w.layers.length - 1] };
  const tr = await ts.create(w, d);
  tr.reset(readF64(f.init));
  tr.train(w.verify);
  const l = tr.loss(w.verify.rows);
  tr.dispose();
  return l;
}

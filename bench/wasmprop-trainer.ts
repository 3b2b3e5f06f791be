// wasmprop's Network behind the bench's Trainer interface: the one place that says how the bench
// trains wasmprop (public API, consecutive batches). Browser-safe (no Node modules):
// bench/systems.ts uses it in Node, bench/browser/page.ts in Chromium.
// Not here: which backend or kernel (the caller creates the Network), timing (bench/timing.ts).
import type { Network } from '../src/index.js';
import type { Data, Trainer } from './types.js';
import type { Workload } from './workloads.js';

/**
 * A Trainer over `net`. `fastest` (the default): train with recordLoss false and finalError false,
 * the fastest path; false: only the workload's learningRate, epochs, batchSize and trainBias, every
 * other option at its default (a loss recorded per epoch, the exact final error) — what users call.
 */
export function wasmpropTrainer(net: Network, w: Workload, d: Data, fastest = true): Trainer {
  const fixed = { learningRate: w.learningRate, batchSize: w.batchSize, trainBias: w.trainBias };
  return {
    reset: (p) => net.setParametersFlat(p),
    train: (run) => {
      const data = { inputs: d.x.subarray(0, run.rows * d.IN), targets: d.t.subarray(0, run.rows * d.OUT) };
      if (fastest) net.train(data, { ...fixed, epochs: run.epochs, recordLoss: false, finalError: false });
      else net.train(data, { ...fixed, epochs: run.epochs });
    },
    loss: (rows) => net.loss(d.x.subarray(0, rows * d.IN), d.t.subarray(0, rows * d.OUT)),
    dispose: () => net.dispose(),
  };
}

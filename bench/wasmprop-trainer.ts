// wasmprop's Network behind the bench's Trainer interface: the one place that says how the bench
// trains wasmprop (public API, consecutive batches, no loss recording). Browser-safe (no Node
// modules): bench/systems.ts uses it in Node, bench/browser/page.ts in Chromium.
import type { Network } from '../src/index.js';
import type { Data, Trainer } from './systems.js';
import type { Workload } from './workloads.js';

export function wasmpropTrainer(net: Network, w: Workload, d: Data): Trainer {
  return {
    reset: (p) => net.setParametersFlat(p),
    train: (run) => {
      net.train({ inputs: d.x.subarray(0, run.rows * d.IN), targets: d.t.subarray(0, run.rows * d.OUT) }, {
        learningRate: w.learningRate, epochs: run.epochs, batchSize: w.batchSize, trainBias: w.trainBias, recordLoss: false, finalError: false,
      });
    },
    loss: (rows) => net.loss(d.x.subarray(0, rows * d.IN), d.t.subarray(0, rows * d.OUT)),
    dispose: () => net.dispose(),
  };
}

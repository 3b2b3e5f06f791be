// trainInWorker's latestEpochOnly: on a run of 200,000 XOR epochs the calling thread sees only
// the newest epoch per progress interval (a handful of calls, epochs increasing, the last epoch
// always delivered), the samples/s of a delivered info covers the epochs it stands for, training
// is unchanged (the same parameters as in-thread), and a bad value is a WasmpropError.
// Runs the built package (dist/): a worker needs JS.
import { beforeAll, expect, it } from 'vitest';
import { loadBuiltWorkerApi, type WorkerApi } from './helpers/built-worker.js';

let wp: WorkerApi;

beforeAll(async () => {
  wp = await loadBuiltWorkerApi();
}, 300_000);

const XOR = { inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]] };
const EPOCHS = 200_000;

it('delivers only the newest epoch per interval, ends with the last one, and trains exactly as in-thread', async () => {
  const spec = { layers: [2, 3, 1], seed: 4 };
  const opts = { learningRate: 0.5, epochs: EPOCHS, batchSize: 4, recordLoss: false };
  const seen: { epoch: number; loss: number; sps: number }[] = [];
  const r = await wp.trainInWorker(spec, XOR, {
    ...opts, latestEpochOnly: true, progressEveryMs: 20,
    onEpoch: (i) => void seen.push({ epoch: i.epoch, loss: i.loss, sps: i.samplesPerSecond }),
  });
  expect(r.epochs).toBe(EPOCHS);
  expect(r.history).toEqual([]); // recordLoss: false — nothing per epoch comes back with the result
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.length, `${seen.length} onEpoch calls for ${EPOCHS} epochs`).toBeLessThan(EPOCHS / 100);
  expect(seen.every((s, k) => k === 0 || s.epoch > seen[k - 1].epoch)).toBe(true);
  expect(seen[seen.length - 1].epoch).toBe(EPOCHS);
  expect(seen[seen.length - 1].loss).toBe(r.error);
  expect(seen.every((s) => s.sps > 0)).toBe(true);

  const local = await wp.Network.create(spec);
  local.train(XOR, { ...opts, onEpoch: () => undefined });
  expect(r.parameters).toEqual(local.getParameters());
  local.dispose();
}, 120_000);

it('latestEpochOnly must be a boolean (the job rejects with a WasmpropError)', async () => {
  const job = wp.trainInWorker({ layers: [2, 1] }, XOR, { latestEpochOnly: 1 as unknown as boolean });
  await expect(job.promise).rejects.toThrow(wp.WasmpropError);
  await expect(job.promise).rejects.toThrow('latestEpochOnly: expected true or false, got 1');
});

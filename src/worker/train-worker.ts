// The training worker: a module Web Worker in browsers, a worker_threads Worker in Node. It builds
// the network exactly as `Network.create` / `Network.load` would on the main thread, runs `train`,
// streams the epoch infos back in small batches (or, with latestEpochOnly, only the newest one
// per interval) and answers with the trained parameters.
// Not here: starting the worker or the public API (index.ts).
import { Network, type EpochInfo, type Parameters, type TrainingData, type TrainOptions } from '../api/network.js';
import { now } from '../util/env.js';
import { BETWEEN_EPOCHS } from '../options/train.js';
import type { DoneMessage, EpochPayload, ErrorMessage, FromWorker, StartMessage, ToWorker } from './protocol.js';

interface Endpoint {
  post(msg: FromWorker): void;
  listen(fn: (msg: ToWorker) => void): void;
}


async function endpoint(): Promise<Endpoint> {
  const g = globalThis as unknown as { WorkerGlobalScope?: unknown; postMessage?: (m: unknown) => void; addEventListener?: (t: string, f: (e: MessageEvent) => void) => void };
  if (g.WorkerGlobalScope !== undefined && typeof g.postMessage === 'function') {
    return {
      post: (m) => g.postMessage!(m),
      listen: (fn) => g.addEventListener!('message', (e: MessageEvent) => fn(e.data as ToWorker)),
    };
  }
  // Node. The specifier is a variable so that bundlers building the browser worker leave it alone.
  const specifier = 'node:worker_threads';
  const wt = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as typeof import('node:worker_threads');
  const port = wt.parentPort;
  if (!port) throw new Error('wasmprop: train-worker must run inside a Worker');
  return { post: (m) => port.postMessage(m), listen: (fn) => port.on('message', fn) };
}

function errorMessage(e: unknown): ErrorMessage {
  const err = e instanceof Error ? e : new Error(String(e));
  const w = err as Error & { argument?: string; expected?: string; received?: string };
  return { type: 'error', name: err.name, message: err.message, stack: err.stack, argument: w.argument, expected: w.expected, received: w.received };
}

async function build(start: StartMessage): Promise<Network> {
  const spec = start.network;
  if (spec.kind === 'options') return Network.create(spec.options);
  return Network.load(spec.json, spec.backend);
}

async function run(ep: Endpoint, start: StartMessage, cancelled: () => boolean): Promise<DoneMessage> {
  const t0 = now();
  const net = await build(start);
  try {
    ep.post({ type: 'ready', backend: net.backendInfo, parameterCount: net.parameterCount, json: net.toJSON() });
    // Without a shared flag a cancel can only terminate us, so the caller keeps the last snapshot:
    // send one with (nearly) every flush, but never let copying parameters cost more than ~5%.
    const cancelSnapshots = !start.cancelFlag;
    let pending: EpochPayload[] = [];
    // latestEpochOnly: the epochs a sent info stands for, and their summed seconds per row
    let skipped = 0;
    let secondsPerRow = 0;
    let lastFlush = now();
    let lastUserSnapshot = -Infinity;
    let lastSnapshotEpoch = 0;
    let snapshotCost = 0;
    let lastSnapshot = -Infinity;
    let epoch = 0;
    let loss = NaN;

    const flush = (force: boolean): void => {
      const t = now();
      if (!force && t - lastFlush < start.progressEveryMs) return;
      const user = start.parametersEveryMs > 0 && (force || t - lastUserSnapshot >= start.parametersEveryMs);
      const forCancel = cancelSnapshots && epoch > lastSnapshotEpoch && t - lastSnapshot >= 20 * snapshotCost;
      if (pending.length === 0 && !user && !forCancel) return;
      let parameters: Parameters | undefined;
      if ((user || forCancel) && epoch > 0) {
        const c0 = now();
        parameters = net.getParameters();
        snapshotCost = now() - c0;
        lastSnapshot = t;
        lastSnapshotEpoch = epoch;
        if (user) lastUserSnapshot = t;
      }
      if (start.latestEpochOnly && pending.length === 1 && skipped > 1) {
        // the throughput of all the epochs this info stands for (same rows each: k / Σ 1/rate)
        pending[0] = { ...pending[0], samplesPerSecond: secondsPerRow > 0 ? skipped / secondsPerRow : Infinity };
      }
      ep.post({ type: 'progress', epochs: pending, ...(parameters ? { parameters, parametersEpoch: epoch, parametersLoss: loss } : {}) });
      pending = [];
      skipped = 0;
      secondsPerRow = 0;
      lastFlush = t;
    };

    // Where nobody on the other side reads an epoch's info (no caller onEpoch, and a shared cancel
    // flag), the worker only needs epoch boundaries: the internal hook reads no loss, so the run
    // evaluates exactly what in-thread `train` with these options evaluates (and keeps its fast path).
    const boundary = (epochs: number): boolean => {
      epoch = epochs;
      flush(false);
      return cancelled();
    };
    const train: TrainOptions = {
      ...start.train,
      // `train` turns diagnostics on by default when given a callback; ours is internal, so only
      // the caller's own onEpoch may do that (same work, same result as in-thread).
      ...(start.train.diagnostics === undefined && !start.callerOnEpoch ? { diagnostics: false } : {}),
      ...(start.streamEpochs ? {
        onEpoch: (info: EpochInfo) => {
          loss = info.loss;
          if (start.latestEpochOnly) {
            // one info per message, the newest, however many epochs ran since the last
            pending[0] = info as unknown as EpochPayload;
            skipped++;
            secondsPerRow += 1 / info.samplesPerSecond;
          } else {
            pending.push(info as unknown as EpochPayload);
          }
          return boundary(info.epoch) ? false : undefined;
        },
      } : { [BETWEEN_EPOCHS]: boundary }),
    };
    const result = net.train(start.data as TrainingData, train);
    flush(true);
    return { type: 'done', result, json: net.toJSON(), backend: net.backendInfo, cancelled: cancelled(), elapsedMs: now() - t0 };
  } finally {
    net.dispose();
  }
}

async function main(): Promise<void> {
  const ep = await endpoint();
  let flag: Int32Array | undefined;
  let cancelMessage = false;
  const cancelled = (): boolean => cancelMessage || (flag !== undefined && Atomics.load(flag, 0) !== 0);
  ep.listen((msg) => {
    if (msg.type === 'cancel') {
      cancelMessage = true;
      return;
    }
    if (msg.type === 'start') {
      if (msg.cancelFlag) flag = new Int32Array(msg.cancelFlag);
      run(ep, msg, cancelled).then((done) => ep.post(done), (e) => ep.post(errorMessage(e)));
    }
  });
  ep.post({ type: 'hello' });
}

void main();

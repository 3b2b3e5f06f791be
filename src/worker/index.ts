// `trainInWorker`: `Network#train` off the main thread — a module Web Worker in browsers, a
// worker_threads Worker in Node — with the same options, the same per-epoch payload, cancellation,
// and the trained parameters handed back. Same seed and options ⇒ the same numbers as in-thread
// training (the worker runs the very same engine). Not here: the worker's side (train-worker.ts).
import { Network, type EpochInfo, type NetworkJSON, type NetworkOptions, type Parameters, type TrainingData, type TrainOptions, type TrainResult } from '../api/network.js';
import { WasmpropError } from '../api/errors.js';
import type { BackendInfo, BackendOptions, ThreadCount } from '../api/types.js';
import { resolveThreads } from '../options/network.js';
import { isNode as isNodeRuntime, nodeWorkersRefused, now } from '../util/env.js';
import type { FromWorker, NetworkSpec, StartMessage, ToWorker } from './protocol.js';

/** The network a worker trains: seeded `Network.create` options, a `toJSON` document (plus backend choice), or a live Network (copied). */
export type WorkerNetwork = NetworkOptions | (NetworkJSON & BackendOptions) | Network;

/** Options of `trainInWorker`: every `train` option, plus what only makes sense across threads. */
export interface WorkerTrainOptions extends Omit<TrainOptions, 'onEpoch' | 'onBatch'> {
  /** Called on the calling thread for every epoch, in order, with `train`'s payload; return false to cancel. */
  onEpoch?: (info: EpochInfo) => void | boolean;
  /** Called with a copy of the parameters at most every `parametersEveryMs` (and once at the end). */
  onParameters?: (parameters: Parameters, epoch: number) => void;
  /** How often `onParameters` may fire, in ms. Default 100. */
  parametersEveryMs?: number;
  /** How often batched epoch infos are sent, in ms. Default 16 (a frame). */
  progressEveryMs?: number;
  /**
   * Send only the newest epoch of each progress interval: `onEpoch` then runs at most once per
   * `progressEveryMs` (epochs in between are skipped, the last epoch is always delivered), so the
   * calling thread's work stays bounded however fast epochs are — for pages showing long runs.
   * A delivered info's `samplesPerSecond` is then the throughput over all the epochs it stands
   * for. Default false: every epoch, in order. Training and the result's `history` are not affected,
   * except that a result rebuilt from a snapshot (cancel without SharedArrayBuffer) has only the
   * epochs that were delivered in `history` and `lossPerEpoch`.
   */
  latestEpochOnly?: boolean;
  /** Cancels (like `job.cancel()`) when aborted. */
  signal?: AbortSignal;
  /** Where the worker script is; default: `train-worker.js` beside this module (bundlers find it). */
  workerUrl?: URL | string;
  /**
   * Threads the worker trains on (its own pool of workers on shared memory; the same bits for any
   * count). Default: the network's own (`threads` of its options, or a live Network's). In a
   * browser this is where threads work: the page's main thread may not block on Atomics.wait.
   */
  threads?: ThreadCount;
}

/** What a worker training run resolves to: `train`'s result (every field) plus the trained network. */
export type WorkerTrainResult = TrainResult & {
  /** The trained parameters (pass to `setParameters`). */
  parameters: Parameters;
  /** The trained network as a document (pass to `Network.fromJSON` / `Network.load`). */
  json: NetworkJSON;
  /** True when stopped by `cancel()`, the signal, or `onEpoch` returning false. */
  cancelled: boolean;
  /** Backend, kernel family and threads the worker trained on. */
  backend: BackendInfo;
  /** Wall time from the start message to the end of training, network creation included (ms). */
  elapsedMs: number;
};

/** A running worker training: await it for the result; `cancel()` stops it after the current epoch. */
export interface TrainingJob extends PromiseLike<WorkerTrainResult> {
  /**
   * Stops training; the job still resolves, with `cancelled: true` and the parameters after the
   * last epoch it kept. With SharedArrayBuffer (Node; cross-origin-isolated pages) the worker stops
   * after its current epoch, exactly like onEpoch returning false in-thread. Elsewhere the worker
   * is terminated at once and the result is its last snapshot (a few ms old, at an epoch boundary).
   */
  cancel(): void;
  /** Kills the worker at once; the job rejects with an AbortError. */
  terminate(): void;
  /** The result as a real Promise. */
  readonly promise: Promise<WorkerTrainResult>;
}

/** The smallest common surface of a Web Worker and a worker_threads Worker. */
interface Port {
  post(msg: ToWorker): void;
  onMessage(fn: (msg: FromWorker) => void): void;
  onFailure(fn: (err: Error) => void): void;
  terminate(): void;
}

// Node, and not a browser-like global scope of Node (a page or a Web Worker shim): where worker_threads serve
const isNode = isNodeRuntime
  && typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'undefined'
  && typeof (globalThis as { window?: unknown }).window === 'undefined';

function browserPort(url: URL | string | undefined): Port {
  // The literal `new Worker(new URL('./train-worker.js', import.meta.url), { type: 'module' })` is
  // what Vite, webpack 5 and Parcel look for to bundle the worker; keep it literal.
  const w = url === undefined
    ? new Worker(new URL('./train-worker.js', import.meta.url), { type: 'module' })
    : new Worker(url, { type: 'module' });
  return {
    post: (m) => w.postMessage(m),
    onMessage: (fn) => w.addEventListener('message', (e) => fn(e.data as FromWorker)),
    onFailure: (fn) => {
      w.addEventListener('error', (e) => {
        e.preventDefault();
        fn(new Error(`wasmprop: training worker failed: ${e.message || 'could not load the worker script'}`));
      });
      w.addEventListener('messageerror', () => fn(new Error('wasmprop: a message from the training worker could not be read')));
    },
    terminate: () => w.terminate(),
  };
}

async function nodePort(url: URL | string | undefined): Promise<Port> {
  const specifier = 'node:worker_threads';
  const wt = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as typeof import('node:worker_threads');
  // Not the literal `new URL('…', import.meta.url)` form: bundlers must not copy this file as an asset.
  const here = import.meta.url;
  if (nodeWorkersRefused()) {
    throw new WasmpropError('trainInWorker', "a process that may start workers (Node's permission model needs --allow-worker)", 'a process without that permission');
  }
  const w = new wt.Worker(url === undefined ? new URL('./train-worker.js', here) : url);
  let exited = false;
  return {
    post: (m) => w.postMessage(m),
    onMessage: (fn) => w.on('message', fn),
    onFailure: (fn) => {
      w.on('error', (e) => fn(e instanceof Error ? e : new Error(String(e))));
      w.on('exit', (code) => {
        if (!exited) fn(new Error(`wasmprop: training worker exited early (code ${code})`));
      });
    },
    terminate: () => {
      exited = true;
      void w.terminate();
    },
  };
}

function toSpec(network: WorkerNetwork, threads: ThreadCount | undefined): NetworkSpec {
  const spec = toSpecAsGiven(network);
  if (threads === undefined) return spec;
  return spec.kind === 'json' ? { ...spec, backend: { ...spec.backend, threads } } : { ...spec, options: { ...spec.options, threads } };
}

function toSpecAsGiven(network: WorkerNetwork): NetworkSpec {
  if (network instanceof Network) {
    const { backend, isa, threads } = network.backendInfo;
    // the same kernel family as the network's own (Isa → the KernelChoice that selects it)
    const kernel = ({ simd128: 'simd', scalar: 'scalar', 'relaxed-simd': 'relaxed' } as Record<string, string>)[isa] ?? 'auto';
    return { kind: 'json', json: network.toJSON(), backend: { backend, kernel, threads } as BackendOptions };
  }
  if (typeof network !== 'object' || network === null) throw new WasmpropError('network', 'Network.create options, a toJSON document or a Network', network);
  const n = network as unknown as Record<string, unknown>;
  if (n.format === 'wasmprop-network') {
    const { backend, kernel, wasm, threads, ...json } = n;
    return { kind: 'json', json: json as unknown as NetworkJSON, backend: { backend, kernel, threads, wasm: cloneableWasm(wasm) } as BackendOptions };
  }
  return { kind: 'options', options: { ...(n as unknown as NetworkOptions), wasm: cloneableWasm(n.wasm) } };
}

/** URLs are not structured-cloneable and a Response cannot cross threads: send hrefs, bytes and Modules only. */
function cloneableWasm(w: unknown): BackendOptions['wasm'] {
  if (w === undefined) return undefined;
  if (w instanceof URL) return w.href;
  // a relative URL means relative to the page, not to the worker script
  const page = (globalThis as { location?: { href: string } }).location;
  if (typeof w === 'string' && !isNode && page) return new URL(w, page.href).href;
  if (typeof Response !== 'undefined' && w instanceof Response) throw new WasmpropError('wasm', 'bytes, a WebAssembly.Module or a URL (a Response cannot be sent to a worker)', w);
  return w as BackendOptions['wasm'];
}

function rebuildError(m: Extract<FromWorker, { type: 'error' }>): Error {
  const e: Error & Record<string, unknown> = m.name === 'WasmpropError' ? Object.create(WasmpropError.prototype) : new Error(m.message);
  e.name = m.name;
  e.message = m.message;
  if (m.argument !== undefined) Object.assign(e, { argument: m.argument, expected: m.expected, received: m.received });
  e.stack = `${m.name}: ${m.message}\n    (in the training worker)\n${(m.stack ?? '').split('\n').slice(1).join('\n')}`;
  return e;
}

function abortError(message: string): Error {
  const e = new Error(message);
  e.name = 'AbortError';
  return e;
}


function positiveMs(name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new WasmpropError(name, 'a number of milliseconds ≥ 0', v);
  return v;
}


/**
 * Trains a network in a worker with `train`'s options and streams `onEpoch` back. Resolves to the
 * trained parameters and `train`'s result; identical to in-thread training with the same seed.
 */
export function trainInWorker(network: WorkerNetwork, data: TrainingData, options: WorkerTrainOptions = {}): TrainingJob {
  let port: Port | undefined;
  let flag: Int32Array | undefined;
  let settled = false;
  let cancelRequested = false;
  let rejectJob: (e: Error) => void = () => {};
  let cancelNow: () => void = () => {};

  const cancel = (): void => {
    if (cancelRequested || settled) return;
    cancelRequested = true;
    cancelNow();
  };

  const promise = new Promise<WorkerTrainResult>((resolve, reject) => {
    rejectJob = reject;
    if (typeof options !== 'object' || options === null) throw new WasmpropError('options', 'an object', options);
    const { onEpoch, onParameters, parametersEveryMs, progressEveryMs, latestEpochOnly, signal, workerUrl, threads, ...train } = options;
    if (threads !== undefined) resolveThreads(threads);
    if (latestEpochOnly !== undefined && typeof latestEpochOnly !== 'boolean') throw new WasmpropError('latestEpochOnly', 'true or false', latestEpochOnly);
    if (onEpoch !== undefined && typeof onEpoch !== 'function') throw new WasmpropError('onEpoch', 'a function', onEpoch);
    if (onParameters !== undefined && typeof onParameters !== 'function') throw new WasmpropError('onParameters', 'a function', onParameters);
    for (const [k, v] of Object.entries(train)) {
      if (typeof v === 'function') throw new WasmpropError(k, 'a value that can be sent to a worker (functions cannot; onEpoch and onParameters are the callbacks trainInWorker supports)', v);
    }
    if (typeof data !== 'object' || data === null) throw new WasmpropError('data', 'an object { inputs, targets }', data);
    const t0 = now();
    const start: StartMessage = {
      type: 'start',
      network: toSpec(network, threads),
      data: { inputs: data.inputs, targets: data.targets },
      train,
      streamEpochs: true,
      callerOnEpoch: onEpoch !== undefined,
      parametersEveryMs: onParameters ? Math.max(1, positiveMs('parametersEveryMs', parametersEveryMs, 100)) : 0,
      progressEveryMs: positiveMs('progressEveryMs', progressEveryMs, 16),
      latestEpochOnly: latestEpochOnly ?? false,
    };
    // A shared flag lets the worker see a cancel between two epochs without ever yielding.
    // Browsers hand out SharedArrayBuffer only to cross-origin-isolated pages.
    const g = globalThis as { crossOriginIsolated?: boolean };
    if (typeof SharedArrayBuffer === 'function' && (isNode || g.crossOriginIsolated === true)) {
      start.cancelFlag = new SharedArrayBuffer(4);
      flag = new Int32Array(start.cancelFlag);
    }
    // Without the flag, epoch infos are needed to rebuild a result from a snapshot on cancel.
    start.streamEpochs = onEpoch !== undefined || flag === undefined;

    let ready: Extract<FromWorker, { type: 'ready' }> | undefined;
    const history: EpochInfo[] = [];
    let snapshot: { epoch: number; loss: number; parameters: Parameters } | undefined;

    const finish = (): void => {
      settled = true;
      signal?.removeEventListener('abort', cancel);
      port?.terminate();
    };
    const fail = (e: Error): void => {
      if (settled) return;
      finish();
      reject(e);
    };

    /** The result of a terminated run: the last snapshot, or the untrained network. */
    const fromSnapshot = (): void => {
      if (!ready) {
        fail(abortError('wasmprop: worker training was cancelled before the network was built'));
        return;
      }
      const epochs = snapshot?.epoch ?? 0;
      const parameters = snapshot?.parameters ?? { weights: ready.json.weights, biases: ready.json.biases };
      const kept = history.filter((h) => h.epoch <= epochs); // every epoch up to the snapshot (or the delivered ones)
      finish();
      resolve({
        error: snapshot?.loss ?? NaN, epochs, lossPerEpoch: kept.map((h) => h.loss), history: kept, stoppedBy: 'callback',
        parameters, json: { ...ready.json, ...parameters }, cancelled: true, backend: ready.backend, elapsedMs: now() - t0,
      } as WorkerTrainResult);
    };

    cancelNow = () => {
      if (flag) {
        Atomics.store(flag, 0, 1);
        port?.post({ type: 'cancel' });
      } else if (port) {
        fromSnapshot();
      }
    };
    if (signal) {
      if (signal.aborted) cancelRequested = true;
      else signal.addEventListener('abort', cancel, { once: true });
    }

    const begin = (p: Port): void => {
      if (settled) {
        p.terminate(); // terminate() came first
        return;
      }
      port = p;
      p.onFailure(fail);
      p.onMessage((msg) => {
        if (settled) return;
        try {
          switch (msg.type) {
            case 'hello':
              if (cancelRequested && flag) Atomics.store(flag, 0, 1);
              p.post(start);
              if (cancelRequested) p.post({ type: 'cancel' });
              break;
            case 'ready':
              ready = msg;
              if (cancelRequested && !flag) fromSnapshot();
              break;
            case 'progress':
              if (!flag) for (const info of msg.epochs) history.push(info as unknown as EpochInfo);
              if (msg.parameters) snapshot = { epoch: msg.parametersEpoch ?? 0, loss: msg.parametersLoss ?? NaN, parameters: msg.parameters };
              for (const info of msg.epochs) {
                if (onEpoch && onEpoch(info as unknown as EpochInfo) === false) cancel();
                if (settled) return;
              }
              if (msg.parameters && onParameters) onParameters(msg.parameters, msg.parametersEpoch ?? 0);
              break;
            case 'done': {
              finish();
              const parameters = { weights: msg.json.weights, biases: msg.json.biases };
              resolve({ ...msg.result, parameters, json: msg.json, cancelled: msg.cancelled || cancelRequested, backend: msg.backend, elapsedMs: msg.elapsedMs });
              break;
            }
            case 'error':
              fail(rebuildError(msg));
              break;
          }
        } catch (e) {
          // A throwing callback ends the run, as a throwing onEpoch ends `train`.
          fail(e instanceof Error ? e : new Error(String(e)));
        }
      });
    };

    if (isNode) nodePort(workerUrl).then(begin, fail);
    else if (typeof Worker === 'function') begin(browserPort(workerUrl));
    else throw new WasmpropError('trainInWorker', 'a runtime with Web Workers or node:worker_threads', 'neither');
  });

  return {
    promise,
    cancel,
    terminate: () => {
      if (settled) return;
      settled = true;
      port?.terminate();
      rejectJob(abortError('wasmprop: worker training was terminated'));
    },
    then: (onFulfilled, onRejected) => promise.then(onFulfilled, onRejected),
  };
}

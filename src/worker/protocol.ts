// The messages between `trainInWorker` (the page or Node main thread) and the training worker.
// Plain structured-cloneable data only: no functions, no class instances but typed arrays and
// WebAssembly.Module. Not here: how a worker is started (index.ts) or what it does (train-worker.ts).
import type { NetworkJSON, NetworkOptions, Parameters, TrainOptions, TrainResult } from '../api/network.js';
import type { BackendInfo, BackendOptions } from '../api/types.js';

/** What the worker builds its network from: seeded options, or a `toJSON` document plus backend choice. */
export type NetworkSpec =
  | { kind: 'options'; options: NetworkOptions }
  | { kind: 'json'; json: NetworkJSON; backend: BackendOptions };

/** One epoch's progress, exactly the payload `train` passes to `onEpoch` (fields the engine adds pass through). */
export type EpochPayload = { epoch: number; loss: number } & Record<string, unknown>;

/** main → worker: start training (sent once, after the worker said hello). */
export interface StartMessage {
  type: 'start';
  network: NetworkSpec;
  data: { inputs: unknown; targets: unknown };
  /** `train` options without the callbacks. */
  train: Omit<TrainOptions, 'onEpoch' | 'onBatch'>;
  /** Send epoch infos at all (false when nobody needs them: fewer messages). */
  streamEpochs: boolean;
  /** The caller passed onEpoch (train's `diagnostics` default depends on that). */
  callerOnEpoch: boolean;
  /** Attach a parameter snapshot to progress at most this often (ms); 0 = only when `snapshots` asks. */
  parametersEveryMs: number;
  /** Flush batched progress at most this often (ms). */
  progressEveryMs: number;
  /** Keep only the newest epoch info between two flushes (at most one per message). */
  latestEpochOnly: boolean;
  /**
   * Int32Array(1) over a SharedArrayBuffer: non-zero = stop after the current epoch (exactly like
   * onEpoch returning false in-thread). Absent where SharedArrayBuffer is not usable; then the
   * worker sends frequent snapshots and a cancel terminates it, keeping the last snapshot.
   */
  cancelFlag?: SharedArrayBuffer;
}

/** main → worker: stop after the current epoch (used where there is no shared flag; harmless otherwise). */
export interface CancelMessage {
  type: 'cancel';
}

export type ToWorker = StartMessage | CancelMessage;

/** worker → main: the worker is listening. */
export interface HelloMessage {
  type: 'hello';
}

/** worker → main: the network exists; which backend it runs on, and its document before training. */
export interface ReadyMessage {
  type: 'ready';
  backend: BackendInfo;
  parameterCount: number;
  json: NetworkJSON;
}

/** worker → main: a batch of epoch infos (in order), maybe with the parameters after the last one. */
export interface ProgressMessage {
  type: 'progress';
  epochs: EpochPayload[];
  /** Epoch the snapshot was taken after (the last of `epochs`), when `parameters` is present. */
  parametersEpoch?: number;
  parameters?: Parameters;
  /** The loss after `parametersEpoch` (so a snapshot can stand in for a result). */
  parametersLoss?: number;
}

/** worker → main: training ended (all epochs, or cancelled / stopped early). */
export interface DoneMessage {
  type: 'done';
  /** `train`'s result as it returned it (every field it has). */
  result: TrainResult;
  json: NetworkJSON;
  backend: BackendInfo;
  /** True when the shared cancel flag stopped it. */
  cancelled: boolean;
  elapsedMs: number;
}

/** worker → main: something threw; enough to rebuild the error on the other side. */
export interface ErrorMessage {
  type: 'error';
  name: string;
  message: string;
  stack?: string;
  argument?: string;
  expected?: string;
  received?: string;
}

export type FromWorker = HelloMessage | ReadyMessage | ProgressMessage | DoneMessage | ErrorMessage;

// The trainer: one `train` call over an arena. Its step reads like llm.c's loop — the kernels do
// forward, zero-grad, backward and update per batch inside one driver call (trainEpochs) — and
// around it: staging the rows (resident, or streamed a chunk at a time), the settings written
// through the arena's one writer, the epoch loop with its stop rules, and divergence restore.
// Not here: checking options or data (options/train.ts), the kernels (backend/).
import { WasmpropError } from '../api/errors.js';
import type { EpochInfo, StopReason, TrainResult } from '../api/types.js';
import type { TrainConfig, TrainData } from '../options/train.js';
import { permutation, type Rng } from '../util/rng.js';
import { now } from '../util/env.js';
import { DIAG_WORDS } from '../backend/abi.js';
import { checkFits, type Arena, type KernelTrainConfig } from './arena.js';
import { align8, evaluateStreamed, stageRows, type RowSet } from './staging.js';
import type { TrainingState } from './training-state.js';
import { allFinite } from '../util/finite.js';
import { PoolFailure } from '../backend/pool.js';

/** Where a train call's rows and state live in memory (byte addresses), and how the rows are staged. */
interface CallMemory {
  block: number;
  x: number;
  t: number;
  lossOut: number;
  evalOut: number;
  opt1: number;
  opt2: number;
  order: number;
  /** The parameters as the call found them (restored if it diverges): element index in arena.data. */
  snap: number;
  /** Rows the staging buffer holds. */
  bufRows: number;
  /** The training (and validation) rows are staged once for the whole call. */
  resident: boolean;
}

/** A running train call: the arena, its settings, its data and its memory. */
interface Call {
  arena: Arena;
  cfg: TrainConfig;
  data: TrainData;
  mem: CallMemory;
  /** The generator the shuffles draw from (continues across calls with the training state). */
  rng: Rng;
  /** Epochs the run had taken before this call: schedules continue from there. */
  epoch0: number;
}

/** Sizes the staging buffer and the call's blocks, checks they fit, then allocates them (with the optimizer state, the call's only allocations). */
function allocateCall(arena: Arena, cfg: TrainConfig, data: TrainData, budget: number, state: TrainingState): CallMemory {
  const n = data.train.rows;
  const nv = data.valid?.rows ?? 0;
  const B = cfg.batchSize;
  const E = arena.elementBytes;
  const rowBytes = (arena.inputs + arena.outputs) * E;
  // the whole data set when it fits the budget (staged once, shuffled inside the engine), else a
  // chunk of a multiple of batchSize rows that each epoch streams the rows through
  const chunkRows = Math.max(B, Math.floor(budget / rowBytes / B) * B);
  const resident = n + nv <= chunkRows;
  const bufRows = resident ? n + nv : Math.min(chunkRows, Math.max(n, nv));
  const lossOutWords = records(cfg) && resident ? cfg.epochs : 0;
  // + 8: room to align the f64 words (lossOut, evalOut) after the element blocks of an f32 arena
  // the parameters' snapshot first (element-aligned at the block's start), the staged rows after it
  const snapBytes = align8(arena.nParams * E);
  const bytes = snapBytes + bufRows * rowBytes + 8 + lossOutWords * 8 + 16 + (resident ? n * 4 : 0);
  checkFits(arena.backend, bytes + arena.capacityBytes(B) + state.bytesFor(cfg), 'data');
  arena.ensureCapacity(B);
  const block = arena.alloc(bytes, 'data'); // may grow memory: views after this
  const x = block + snapBytes;
  const t = x + bufRows * arena.inputs * E;
  // f64 words 8-byte aligned (for both backends), then the optimizer state, the i32 order last
  const lossOut = block + align8(t + bufRows * arena.outputs * E - block);
  const evalOut = lossOut + lossOutWords * 8;
  const order = evalOut + 16;
  return { block, x, t, lossOut, evalOut, opt1: 0, opt2: 0, order, snap: block / E, bufRows, resident };
}

/** f[at … at+n−1] as a plain array (filled in place: a typed-array copy or Array.from costs ~8× more per epoch on tiny nets). */
function toArray(f: Float64Array, at: number, n: number): number[] {
  const a = new Array<number>(n).fill(0);
  for (let k = 0; k < n; k++) a[k] = f[at + k];
  return a;
}

/** The kernels' view of the settings at learning rate `lr`. */
function kernelConfig(c: Call, lr: number, step: number): KernelTrainConfig {
  const { cfg, mem } = c;
  return {
    optimizer: cfg.optimizer, trainBias: cfg.trainBias, learningRate: lr, momentum: cfg.momentum, beta1: cfg.beta1, beta2: cfg.beta2,
    epsilon: cfg.epsilon, weightDecay: cfg.weightDecay, diagnostics: cfg.diagnostics, opt1: mem.opt1, opt2: mem.opt2, step,
    record: cfg.recordLoss === 'exact' ? 'exact' : 'running', momentumForm: cfg.momentumForm,
  };
}

/** Mean loss and accuracy over a set (resident: the rows staged at buffer row `at`). */
function evalSet(c: Call, set: RowSet, at: number): { loss: number; accuracy: number } {
  const { arena, mem } = c;
  if (!mem.resident) return evaluateStreamed(arena, set, mem.x, mem.t, mem.bufRows, mem.evalOut);
  arena.driver.evaluate(arena.desc, mem.x + at * arena.inputs * arena.elementBytes, mem.t + at * arena.outputs * arena.elementBytes, set.rows, mem.evalOut);
  const f = arena.f64;
  return { loss: f[mem.evalOut >> 3], accuracy: f[(mem.evalOut >> 3) + 1] };
}

/**
 * The batches of `count` rows staged at x/t (or by the i32 indices at `order`): one driver call
 * for all of them, or one per batch for onBatch. Returns the running loss summed over the rows and
 * whether onBatch asked to stop. `batchNo` counts the epoch's batches across chunks.
 */
function runRows(c: Call, count: number, order: number, epoch: number, batchNo: { n: number }): { sum: number; stop: boolean } {
  const { arena, cfg, mem } = c;
  const B = cfg.batchSize;
  const onBatch = cfg.onBatch;
  if (!onBatch) return { sum: arena.driver.trainEpochs(arena.desc, mem.x, mem.t, count, order, B, 1, 0) * count, stop: false };
  let sum = 0;
  for (let r = 0; r < count; r += B) {
    const rows = Math.min(B, count - r);
    // arena.desc is read again for every batch: a callback may have moved the arena
    const loss = order
      ? arena.driver.trainEpochs(arena.desc, mem.x, mem.t, rows, order + r * 4, B, 1, 0)
      : arena.driver.trainEpochs(arena.desc, mem.x + r * arena.inputs * arena.elementBytes, mem.t + r * arena.outputs * arena.elementBytes, rows, 0, B, 1, 0);
    sum += loss * rows;
    if (onBatch({ epoch: epoch + 1, batch: ++batchNo.n, loss }) === false) return { sum, stop: true };
  }
  return { sum, stop: false };
}

/** One epoch over the training rows (in `order` when shuffling). */
function trainEpoch(c: Call, order: Uint32Array | undefined, epoch: number): { sum: number; stop: boolean } {
  const { arena, mem, data } = c;
  const n = data.train.rows;
  const batchNo = { n: 0 };
  if (mem.resident) {
    if (order) arena.backend.views.i32.set(order, mem.order >> 2);
    return runRows(c, n, order ? mem.order : 0, epoch, batchNo);
  }
  let sum = 0;
  for (let r = 0; r < n; r += mem.bufRows) {
    const rows = Math.min(mem.bufRows, n - r);
    stageRows(arena, data.train, mem.x, mem.t, r, rows, order);
    const run = runRows(c, rows, 0, epoch, batchNo);
    sum += run.sum;
    if (run.stop) return { sum, stop: true };
  }
  return { sum, stop: false };
}

/** How long the fast path trains between two calls of a betweenEpochs hook, at most about (ms): a cancel waits that long. */
const HOOK_CHUNK_MS = 10;

/** Whether the fast path records a loss per epoch (asked for with recordLoss true or 'exact'). */
function records(cfg: TrainConfig): boolean {
  return cfg.recordLoss === true || cfg.recordLoss === 'exact';
}

/** Whether the call needs JS between epochs (a callback, a schedule, a shuffle, validation, a stop rule). */
function needsEpochLoop(cfg: TrainConfig, data: TrainData): boolean {
  return cfg.shuffle || !!cfg.schedule || !!data.valid || !!cfg.onEpoch || !!cfg.onBatch || cfg.diagnostics ||
    cfg.timeBudgetMs !== undefined || cfg.errorThreshold !== undefined;
}

/**
 * Copies the parameters into the call's snapshot (in the engine's memory: a JS copy of a large
 * network's parameters per call costs more than a short call's training on this class of VM).
 */
function snapshot(c: Call): void {
  const { arena, mem } = c;
  arena.data.copyWithin(mem.snap, arena.paramsAt, arena.paramsAt + arena.nParams);
}

/** Whether every parameter is finite (read in place). */
function paramsFinite(arena: Arena): boolean {
  return allFinite(arena.data.subarray(arena.paramsAt, arena.paramsAt + arena.nParams));
}

/** Puts back the parameters a diverged run started from (the call's snapshot) and throws. */
function diverged(c: Call, lr: number, epoch: number): never {
  const { arena, mem } = c;
  arena.data.copyWithin(arena.paramsAt, mem.snap, mem.snap + arena.nParams);
  throw new WasmpropError('learningRate', `a step size small enough for training to stay finite (the loss became non-finite by epoch ${epoch}; parameters restored)`, lr);
}

/**
 * The fast path: no JS between epochs. A resident data set runs every epoch in one driver call (no
 * boundary crossing per sample or per epoch), a streamed one one call per chunk.
 */
function trainFast(c: Call): TrainResult {
  const { arena, cfg, mem, data } = c;
  const { epochs, recordLoss, finalError } = cfg;
  const n = data.train.rows;
  const exactPerEpoch = recordLoss === 'exact';
  const record = records(cfg);
  const hook = cfg.betweenEpochs;
  let stoppedBy: StopReason = 'epochs';
  let lossPerEpoch: number[] = [];
  let running = 0;
  let ran = 0;
  // resident rows: one driver call for every epoch, or with a hook chunks of epochs between its
  // calls, doubled while a chunk takes under HOOK_CHUNK_MS / 2 (the same bits: each epoch starts
  // afresh in a call); streamed rows: an epoch at a time
  let chunk = mem.resident && !hook ? epochs : 1;
  while (ran < epochs) {
    const k = Math.min(chunk, epochs - ran);
    const t0 = hook ? now() : 0;
    if (mem.resident) {
      running = arena.driver.trainEpochs(arena.desc, mem.x, mem.t, n, 0, cfg.batchSize, k, record ? mem.lossOut + 8 * ran : 0);
    } else {
      running = trainEpoch(c, undefined, ran).sum / n;
      if (record) lossPerEpoch.push(exactPerEpoch ? evalSet(c, data.train, 0).loss : running);
    }
    ran += k;
    if (!hook) continue;
    if (mem.resident && now() - t0 < HOOK_CHUNK_MS / 2) chunk *= 2;
    if (hook(ran)) {
      stoppedBy = 'callback';
      break;
    }
  }
  if (record && mem.resident) lossPerEpoch = toArray(arena.f64, mem.lossOut >> 3, ran);
  // the exact error: the last exact record when there is one, else one forward pass (unless declined)
  const error = exactPerEpoch ? lossPerEpoch[ran - 1] : finalError ? evalSet(c, data.train, 0).loss : running;
  const exact = exactPerEpoch || finalError;
  if (!Number.isFinite(error) || (!exact && !paramsFinite(arena))) diverged(c, cfg.learningRate, ran);
  return withLazyHistory({ error, errorKind: exact ? 'final' : 'running', epochs: ran, lossPerEpoch, stoppedBy }, cfg.learningRate);
}

/**
 * The result with `history` made from lossPerEpoch on first read: a run of many epochs with nobody
 * reading the history allocates no object per epoch.
 */
function withLazyHistory(r: Omit<TrainResult, 'history'>, lr: number): TrainResult {
  let history: EpochInfo[] | undefined;
  return Object.defineProperty(r, 'history', {
    enumerable: true,
    get: () => (history ??= r.lossPerEpoch.map((loss, e) => ({ epoch: e + 1, loss, samplesPerSecond: NaN, learningRate: lr }))),
    set: (v: EpochInfo[]) => {
      history = v;
    },
  }) as TrainResult;
}

/** The learning rate of epoch `e` (0-based) after the schedule. */
export function scheduledRate(cfg: TrainConfig, e: number): number {
  const s = cfg.schedule;
  if (!s) return cfg.learningRate;
  return s.type === 'step' ? cfg.learningRate * Math.pow(s.factor, Math.floor(e / s.every)) : cfg.learningRate * Math.pow(s.gamma, e);
}

/** The epoch's report: exact losses after the epoch, accuracies, throughput, diagnostics. */
function epochInfo(c: Call, e: number, lr: number, elapsed: number): EpochInfo {
  const { arena, cfg, data } = c;
  const n = data.train.rows;
  const ev = evalSet(c, data.train, 0);
  const info: EpochInfo = { epoch: e + 1, loss: ev.loss, samplesPerSecond: elapsed > 0 ? n / (elapsed / 1000) : Infinity, learningRate: lr };
  if (data.classLike) info.accuracy = ev.accuracy;
  if (data.valid) {
    const vev = evalSet(c, data.valid, n);
    info.validationLoss = vev.loss;
    if (data.classLike) info.validationAccuracy = vev.accuracy;
  }
  if (cfg.diagnostics) {
    const f = arena.f64;
    const d = (arena.base + arena.layout.diag) >> 3;
    info.layers = arena.layout.layers.map((_, l) => {
      const q = d + l * DIAG_WORDS;
      return { gradRms: Math.sqrt(f[q] / Math.max(f[q + 1], 1)), saturation: f[q + 3] > 0 ? f[q + 2] / f[q + 3] : 0 };
    });
  }
  return info;
}

/** The stop rules, in order: the callback's stop, onEpoch, betweenEpochs, errorThreshold, patience, timeBudget. */
class StopRules {
  private best = Infinity;
  private sinceBest = 0;
  bestParams: Float64Array | undefined;
  bestLoss = Infinity;
  private readonly began = now();
  constructor(private readonly c: Call) {}

  check(info: EpochInfo, batchStop: boolean): StopReason | undefined {
    const cfg = this.c.cfg;
    if (batchStop) return 'callback';
    if (cfg.onEpoch && cfg.onEpoch(info) === false) return 'callback';
    if (cfg.betweenEpochs?.(info.epoch)) return 'callback';
    if (cfg.errorThreshold !== undefined && info.loss <= cfg.errorThreshold) return 'errorThreshold';
    if (cfg.patience !== undefined && info.validationLoss !== undefined) {
      if (info.validationLoss < this.best) {
        this.best = this.bestLoss = info.validationLoss;
        this.sinceBest = 0;
        if (cfg.restoreBest) this.bestParams = this.c.arena.readFlat();
      } else if (++this.sinceBest >= cfg.patience) return 'patience';
    }
    if (cfg.timeBudgetMs !== undefined && now() - this.began >= cfg.timeBudgetMs) return 'timeBudget';
    return undefined;
  }
}

/** Epoch e's settings written (its scheduled learning rate), its shuffle drawn, the diagnostics' sums zeroed. */
function beginEpoch(c: Call, e: number): { lr: number; order: Uint32Array | undefined } {
  const { arena, cfg, data } = c;
  const lr = scheduledRate(cfg, c.epoch0 + e);
  arena.writeTrainConfig(kernelConfig(c, lr, arena.step));
  const order = cfg.shuffle ? permutation(data.train.rows, c.rng) : undefined;
  if (cfg.diagnostics) {
    const d = (arena.base + arena.layout.diag) >> 3; // f64 words in every dtype
    arena.f64.fill(0, d, d + arena.layout.layers.length * DIAG_WORDS);
  }
  return { lr, order };
}

/**
 * Whether anything reads an epoch's exact evaluation (epochInfo): the history (unless recordLoss is
 * false), onEpoch, the loss-based stop rules, or onBatch (whose stop cuts an epoch short). Without
 * them — a shuffle or a schedule with recordLoss false — an epoch costs its training alone, as on
 * the fast path (a W3 epoch's evaluation is half its training again).
 */
function evaluatesEpochs(cfg: TrainConfig): boolean {
  return cfg.recordLoss !== false || !!cfg.onEpoch || !!cfg.onBatch || cfg.errorThreshold !== undefined || cfg.patience !== undefined;
}

/** The epoch loop: JS between epochs for schedules, shuffles, validation, callbacks and stop rules. */
function trainEpochs(c: Call): TrainResult {
  const { arena, cfg, data } = c;
  if (!evaluatesEpochs(cfg)) return trainEpochsUnrecorded(c);
  const history: EpochInfo[] = [];
  const rules = new StopRules(c);
  let stoppedBy: StopReason = 'epochs';
  let ran = 0;
  for (let e = 0; e < cfg.epochs; e++) {
    const { lr, order } = beginEpoch(c, e);
    const t0 = now();
    const batchStop = trainEpoch(c, order, e).stop;
    const info = epochInfo(c, e, lr, now() - t0);
    ran = e + 1;
    if (!Number.isFinite(info.loss)) diverged(c, lr, e + 1);
    history.push(info);
    const stop = rules.check(info, batchStop);
    if (stop) {
      stoppedBy = stop;
      break;
    }
  }
  let error = history[history.length - 1].loss;
  if (rules.bestParams && history[history.length - 1].validationLoss !== rules.bestLoss) {
    arena.writeParams(rules.bestParams);
    error = evalSet(c, data.train, 0).loss;
  }
  const keep = cfg.recordLoss !== false;
  return { error, errorKind: 'final', epochs: ran, lossPerEpoch: keep ? history.map((h) => h.loss) : [], history: keep ? history : [], stoppedBy };
}

/**
 * The epoch loop when nothing reads a per-epoch evaluation (evaluatesEpochs): each epoch's shuffle,
 * learning rate and diagnostics reset as trainEpochs does them, a running loss that is not finite
 * stops the run as diverged, and the result is the fast path's — `error` the last epoch's running
 * loss, or with finalError one exact pass at the end — and the stop rules still apply (only the
 * time budget can be set here).
 */
function trainEpochsUnrecorded(c: Call): TrainResult {
  const { arena, cfg, data } = c;
  const n = data.train.rows;
  // the stop rules that remain (the time budget) read no loss: an epoch's info without evaluation
  const rules = new StopRules(c);
  let running = 0;
  let ran = 0;
  let stoppedBy: StopReason = 'epochs';
  for (let e = 0; e < cfg.epochs; e++) {
    const { lr, order } = beginEpoch(c, e);
    running = trainEpoch(c, order, e).sum / n;
    ran = e + 1;
    if (!Number.isFinite(running)) diverged(c, lr, ran);
    const stop = rules.check({ epoch: ran, loss: running, samplesPerSecond: NaN, learningRate: lr }, false);
    if (stop) {
      stoppedBy = stop;
      break;
    }
  }
  const exact = cfg.finalError;
  const error = exact ? evalSet(c, data.train, 0).loss : running;
  if (!Number.isFinite(error) || (!exact && !paramsFinite(arena))) diverged(c, scheduledRate(cfg, c.epoch0 + ran - 1), ran);
  return { error, errorKind: exact ? 'final' : 'running', epochs: ran, lossPerEpoch: [], history: [], stoppedBy };
}

/**
 * Trains the arena's parameters by mini-batch gradient descent (cfg and data resolved, `splitRng`
 * seeded with cfg.seed and past the validation split). A call that continues `state`'s run
 * (same optimizer, hyper-parameters and seed) goes on from its optimizer state, epoch count and
 * shuffle generator; any other starts it afresh. A failed call puts the settings back, frees its
 * memory and resets the run; a run that diverges restores the parameters it started from and throws.
 */
export function train(arena: Arena, cfg: TrainConfig, data: TrainData, splitRng: Rng, stagingBytes: number, state: TrainingState): TrainResult {
  const mem = allocateCall(arena, cfg, data, stagingBytes, state);
  let snapped = false;
  try {
    const epoch0 = state.continues(cfg) ? state.epochs : 0;
    const rng = state.begin(cfg, splitRng); // may allocate the optimizer state: views after this
    mem.opt1 = state.block(0);
    mem.opt2 = state.block(1);
    const c: Call = { arena, cfg, data, mem, rng, epoch0 };
    snapshot(c);
    snapped = true;
    if (mem.resident) {
      stageRows(arena, data.train, mem.x, mem.t, 0, data.train.rows);
      const E = arena.elementBytes;
      if (data.valid) stageRows(arena, data.valid, mem.x + data.train.rows * arena.inputs * E, mem.t + data.train.rows * arena.outputs * E, 0, data.valid.rows);
    }
    arena.writeTrainConfig(kernelConfig(c, scheduledRate(cfg, epoch0), state.step));
    const result = needsEpochLoop(cfg, data) ? trainEpochs(c) : trainFast(c);
    state.end(result.epochs, arena.step, rng);
    return result;
  } catch (e) {
    // the engine failed mid-call (a pool thread, a trap): the parameters it started from go back
    if (snapped && (e instanceof PoolFailure || e instanceof WebAssembly.RuntimeError)) arena.data.copyWithin(arena.paramsAt, mem.snap, mem.snap + arena.nParams);
    state.reset();
    throw e;
  } finally {
    arena.clearTrainConfig();
    arena.free(mem.block);
  }
}

// Resolving the options and data of `train`: unknown input → a TrainConfig and the row sets, or a
// WasmpropError. The defaults of every training option are in ONE table (TRAIN_DEFAULTS, and the
// learning rate per optimizer in LEARNING_RATES), which the API docs, the CLI and the playground use.
// Pure: nothing is allocated in the engine's memory; a validation fraction's split is a seeded permutation.
import { WasmpropError } from '../api/errors.js';
import { OPTIMIZERS, MOMENTUM_FORMS, type MomentumForm, type OptimizerName, type Schedule, type TrainOptions, type EpochInfo, type BatchInfo } from '../api/types.js';
import { permutation, type Rng } from '../util/rng.js';
import {
  checkBoolean, checkKnownKeys, checkNonNegative, checkObject, checkPositiveFinite, checkPositiveInt, checkSeed, checkUnit, oneOf, own, MAX_I32,
} from './checks.js';
import { isClassLike, sourcePair, type RowSet } from './rows.js';

/** The default learning rate of each optimizer (0.5 for SGD is the worked example's). */
export const LEARNING_RATES: Readonly<Record<OptimizerName, number>> = { sgd: 0.5, momentum: 0.1, nesterov: 0.1, adam: 0.001 };

/** Defaults of the training options (learningRate: see LEARNING_RATES; seed: the network's). */
export const TRAIN_DEFAULTS = {
  epochs: 1000,
  batchSize: 1,
  trainBias: true,
  shuffle: false,
  optimizer: 'sgd' as OptimizerName,
  momentum: 0.9,
  momentumForm: 'keras' as MomentumForm,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  weightDecay: 0,
  restoreBest: true,
  recordLoss: 'auto' as boolean | 'exact' | 'auto',
  finalError: false,
} as const;

const TRAIN_KEYS = [
  'learningRate', 'epochs', 'batchSize', 'trainBias', 'shuffle', 'seed', 'optimizer', 'momentum', 'momentumForm', 'beta1', 'beta2', 'epsilon',
  'weightDecay', 'schedule', 'validation', 'errorThreshold', 'patience', 'restoreBest', 'timeBudgetMs', 'recordLoss', 'finalError',
  'diagnostics', 'onEpoch', 'onBatch',
] as const satisfies readonly (keyof TrainOptions)[];

/** Every training option resolved. `batchSize` is at most the training rows (a larger batch is the whole set). */
export interface TrainConfig {
  learningRate: number;
  epochs: number;
  batchSize: number;
  trainBias: boolean;
  shuffle: boolean;
  seed: number;
  optimizer: OptimizerName;
  momentum: number;
  momentumForm: MomentumForm;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  schedule: Schedule | undefined;
  errorThreshold: number | undefined;
  patience: number | undefined;
  restoreBest: boolean;
  timeBudgetMs: number | undefined;
  /** 'auto' (not given): no record on the fast path, the exact history when the epoch loop runs anyway. */
  recordLoss: boolean | 'exact' | 'auto';
  finalError: boolean;
  diagnostics: boolean;
  onEpoch: ((info: EpochInfo) => void | boolean) | undefined;
  onBatch: ((info: BatchInfo) => void | boolean) | undefined;
  /**
   * Internal (trainInWorker's cancellation and parameter snapshots; set with the BETWEEN_EPOCHS key):
   * called at epoch boundaries with the epochs this call has run, true stops the call (`stoppedBy:
   * 'callback'`, like onEpoch returning false). It reads no loss, so no epoch is evaluated for it,
   * and it keeps the fast path (in chunks of epochs between its calls).
   */
  betweenEpochs: ((epochs: number) => boolean) | undefined;
}

/**
 * The options key of TrainConfig.betweenEpochs: a symbol, so no user option can collide with it,
 * checkKnownKeys (own string keys) does not see it, and structured clone does not carry it.
 */
export const BETWEEN_EPOCHS: unique symbol = Symbol('wasmprop.betweenEpochs');

/** The data of a train call: the training rows, the validation rows if any, and whether accuracy is meaningful. */
export interface TrainData {
  train: RowSet;
  valid: RowSet | undefined;
  classLike: boolean;
}

function checkSchedule(s: unknown): Schedule | undefined {
  if (s === undefined) return undefined;
  const o = checkObject('schedule', s, "{ type: 'step', every, factor } or { type: 'exponential', gamma }");
  const type = oneOf('schedule.type', own(o, 'type'), ['step', 'exponential'] as const);
  if (type === 'step') {
    checkKnownKeys('schedule', o, ['type', 'every', 'factor']);
    return { type, every: checkPositiveInt('schedule.every', own(o, 'every')), factor: checkPositiveFinite('schedule.factor', own(o, 'factor')) };
  }
  checkKnownKeys('schedule', o, ['type', 'gamma']);
  return { type, gamma: checkPositiveFinite('schedule.gamma', own(o, 'gamma')) };
}

function checkRecord(name: string, v: unknown): boolean | 'exact' {
  if (v !== true && v !== false && v !== 'exact') throw new WasmpropError(name, "true (the running loss per epoch), 'exact' or false", v);
  return v;
}

function checkCallback<T>(name: string, v: unknown): T | undefined {
  if (v !== undefined && typeof v !== 'function') throw new WasmpropError(name, 'a function', v);
  return v as T | undefined;
}

/** Resolves train options (every default applied, every value checked); `networkSeed` is the default seed. */
export function resolveTrainOptions(options: unknown, networkSeed: number): TrainConfig {
  const o = checkObject('options', options ?? {}, 'an object');
  checkKnownKeys('options', o, TRAIN_KEYS);
  const get = (k: (typeof TRAIN_KEYS)[number]): unknown => own(o, k);
  const D = TRAIN_DEFAULTS;
  const optimizer = get('optimizer') === undefined ? D.optimizer : oneOf('optimizer', get('optimizer'), OPTIMIZERS);
  const onEpoch = checkCallback<TrainConfig['onEpoch']>('onEpoch', get('onEpoch'));
  const onBatch = checkCallback<TrainConfig['onBatch']>('onBatch', get('onBatch'));
  const opt = <T>(k: (typeof TRAIN_KEYS)[number], dflt: T, check: (name: string, v: unknown) => T): T => (get(k) === undefined ? dflt : check(k, get(k)));
  return {
    learningRate: opt('learningRate', LEARNING_RATES[optimizer], checkPositiveFinite),
    epochs: opt('epochs', D.epochs, (n, v) => checkPositiveInt(n, v, MAX_I32)),
    // any positive integer: a batch larger than the data is the whole data (clamped by resolveTrainData)
    batchSize: opt('batchSize', D.batchSize, (n, v) => checkPositiveInt(n, v, Number.MAX_SAFE_INTEGER)),
    trainBias: opt('trainBias', D.trainBias, checkBoolean),
    shuffle: opt('shuffle', D.shuffle, checkBoolean),
    seed: opt('seed', networkSeed, checkSeed),
    optimizer,
    momentum: opt('momentum', D.momentum, checkUnit),
    momentumForm: opt('momentumForm', D.momentumForm, (n, v) => oneOf(n, v, MOMENTUM_FORMS)),
    beta1: opt('beta1', D.beta1, checkUnit),
    beta2: opt('beta2', D.beta2, checkUnit),
    epsilon: opt('epsilon', D.epsilon, checkPositiveFinite),
    weightDecay: opt('weightDecay', D.weightDecay, checkNonNegative),
    schedule: checkSchedule(get('schedule')),
    errorThreshold: opt<number | undefined>('errorThreshold', undefined, checkNonNegative),
    patience: opt<number | undefined>('patience', undefined, (n, v) => checkPositiveInt(n, v)),
    restoreBest: opt('restoreBest', D.restoreBest, checkBoolean),
    timeBudgetMs: opt<number | undefined>('timeBudgetMs', undefined, checkPositiveFinite),
    recordLoss: opt<boolean | 'exact' | 'auto'>('recordLoss', D.recordLoss, checkRecord),
    finalError: opt('finalError', D.finalError, checkBoolean),
    diagnostics: opt('diagnostics', !!(onEpoch || onBatch), checkBoolean),
    onEpoch,
    onBatch,
    betweenEpochs: checkCallback<TrainConfig['betweenEpochs']>('options[BETWEEN_EPOCHS]', (o as { [BETWEEN_EPOCHS]?: unknown })[BETWEEN_EPOCHS]),
  };
}

/**
 * Validates the data of a train call against the network's widths and splits off the validation
 * rows: a fraction is a seeded shuffle of all rows whose last rows validate; a data set is used as
 * given. Clamps cfg.batchSize to the training rows. `rng` (seeded with cfg.seed) draws the split and
 * goes on to draw the per-epoch shuffles.
 */
export function resolveTrainData(data: unknown, validation: unknown, cfg: TrainConfig, IN: number, OUT: number, rng: Rng): TrainData {
  const d = checkObject('data', data, 'an object { inputs, targets }');
  const [xs, ts] = sourcePair(own(d, 'inputs'), own(d, 'targets'), IN, OUT);
  const nAll = xs.rows;
  let train: RowSet = { x: xs, t: ts, rows: nAll };
  let valid: RowSet | undefined;
  if (typeof validation === 'number') {
    if (!Number.isFinite(validation) || validation <= 0 || validation >= 1) throw new WasmpropError('validation', 'a fraction in (0, 1) or a data set { inputs, targets }', validation);
    const nv = Math.round(nAll * validation);
    if (nv < 1 || nv >= nAll) throw new WasmpropError('validation', `a fraction leaving at least one row on each side of ${nAll} rows`, validation);
    const perm = permutation(nAll, rng);
    train = { x: xs, t: ts, rows: nAll - nv, map: perm.subarray(0, nAll - nv) };
    valid = { x: xs, t: ts, rows: nv, map: perm.subarray(nAll - nv) };
  } else if (validation !== undefined) {
    const v = checkObject('validation', validation, 'a fraction in (0, 1) or a data set { inputs, targets }');
    const [vx, vt] = sourcePair(own(v, 'inputs'), own(v, 'targets'), IN, OUT, 'validation.inputs', 'validation.targets');
    valid = { x: vx, t: vt, rows: vx.rows };
  }
  if (cfg.patience !== undefined && !valid) throw new WasmpropError('patience', 'a validation set (option validation) to watch', 'no validation');
  cfg.batchSize = Math.min(cfg.batchSize, train.rows);
  return { train, valid, classLike: isClassLike(ts) };
}

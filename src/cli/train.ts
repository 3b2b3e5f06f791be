// `wasmprop train`: load data, split off a seeded validation set, compute normalization on the
// training rows, build and train a network, print per-epoch loss/accuracy and per-layer
// diagnostics (gradient RMS, saturation), write the model file and optionally an SVG plot.
// Every number of training comes from the engine (its EpochInfo history and loss/runBatch);
// this file decides defaults, prints and writes files.
import type { BackendName } from '../api/types.js';
import type { TrainOptions, TrainResult } from '../api/types.js';
import { LEARNING_RATES } from '../options/train.js';
import type { Dataset } from '../data/datasets.js';
import { computeNormalization, type Normalization, type NormalizationKind } from '../data/normalize.js';
import { splitDataset } from '../data/split.js';
import { accuracy } from '../data/metrics.js';
import type { Activation, Loss, ModelFile, TrainingSummary } from '../model/format.js';
import { Predictor } from '../model/predictor.js';
import { renderTrainingCurves } from '../plot/curves.js';
import { loadData, type DataOptions, type LoadedData } from './data.js';
import { checkMagnitudes, explainDivergence, widenSingleClass } from './data-checks.js';
import { UsageError } from './errors.js';
import { count, fixed, pct, sci, table } from './format.js';
import type { CliIo } from './io.js';
import { readModelFile, writeModelFile } from './model-io.js';
import { Progress } from './progress.js';
import { VERSION } from './version.js';
import { writeFileAtomic } from './write-file.js';

/** Options of `wasmprop train` (after parsing). */
export interface TrainCommandOptions extends DataOptions {
  layers: number[];
  activation: Activation;
  outputActivation?: Activation;
  loss: Loss | 'auto';
  alpha?: number;
  init?: 'uniform' | 'xavier' | 'he';
  initRange?: number;
  normalize: NormalizationKind | 'none' | 'auto';
  epochs: number;
  lr?: number;
  batch: number;
  optimizer: 'sgd' | 'momentum' | 'nesterov' | 'adam';
  momentum?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
  schedule?: { type: 'step'; every: number; factor: number } | { type: 'exponential'; gamma: number };
  shuffle: boolean;
  seed: number;
  validation?: number;
  errorThreshold?: number;
  patience?: number;
  timeBudget?: number;
  backend?: BackendName;
  dtype?: 'f64' | 'f32';
  threads?: number | 'auto';
  out?: string;
  plot?: string;
  logEvery?: number;
  json?: boolean;
  /** A model file written by `train --out`: continue its run (architecture, normalization, training state). */
  resume?: string;
}


function allWithin01(v: Float64Array): boolean {
  for (let k = 0; k < v.length; k++) if (!(v[k] >= 0 && v[k] <= 1)) return false;
  return true;
}

// Class targets: a stratified split (each class held out in the same share) when every part keeps rows.
function split(data: Dataset, fraction: number, seed: number): { train: Dataset; test: Dataset; stratified: boolean } {
  if (data.classes) {
    try {
      return { ...splitDataset(data, fraction, seed, { stratify: true }), stratified: true };
    } catch {
      // too few rows per class: fall back to a plain seeded split
    }
  }
  return { ...splitDataset(data, fraction, seed), stratified: false };
}

function describeData(ds: Dataset): string {
  const what = ds.classes
    ? `${ds.classes.length} classes: ${ds.classes.length > 10 ? `${ds.classes.slice(0, 10).join(', ')}, …` : ds.classes.join(', ')}`
    : `${ds.outputSize} numeric target${ds.outputSize > 1 ? 's' : ''}${ds.targetNames?.length ? ` (${ds.targetNames.join(', ')})` : ''}`;
  return `${ds.name} (${ds.rows} rows, ${ds.inputSize} feature${ds.inputSize > 1 ? 's' : ''} → ${what})`;
}

/** The data of a run: all rows, the training rows and the validation rows. */
interface RunData { data: LoadedData; train: Dataset; val: Dataset | undefined; stratified: boolean; fraction: number }

async function prepareData(o: TrainCommandOptions, io: CliIo, model: ModelFile | undefined): Promise<RunData> {
  const loaded = await loadData(o, io, model);
  if (!loaded.hasTargets) throw new UsageError('--target', 'a target column', 'none');
  checkMagnitudes(loaded);
  const data = widenSingleClass(loaded, io);
  const fraction = o.validation ?? (data.rows >= 10 ? 0.2 : 0);
  const { train, test: val, stratified } = fraction > 0 ? split(data, fraction, o.seed) : { train: data, test: undefined, stratified: false };
  return { data, train, val, stratified, fraction };
}

/** The network of a run: a new one (normalization from the training rows), or the one of --resume's model file. */
interface RunNetwork { predictor: Predictor; layers: number[]; loss: Loss; outputActivation: Activation; normalization: Normalization | undefined }

async function buildNetwork(o: TrainCommandOptions, d: RunData, model: ModelFile | undefined): Promise<RunNetwork> {
  if (model) {
    const predictor = await Predictor.fromModel(model, o.backend);
    const net = predictor.net;
    return { predictor, layers: [...net.layers], loss: net.lossName, outputActivation: net.activations[net.activations.length - 1], normalization: net.normalization };
  }
  const { data, train } = d;
  let kind = o.normalize;
  if (kind === 'auto') kind = allWithin01(train.inputs) ? 'none' : 'zscore';
  // statistics of the training rows only; the engine applies them (and stores them)
  const normalization: Normalization | undefined = kind === 'none' ? undefined : computeNormalization(kind, train.inputs, train.rows, train.inputSize);
  const classes = data.classes;
  const loss: Loss = o.loss === 'auto' ? (classes ? 'cross-entropy' : 'sse') : o.loss;
  const outputActivation: Activation = o.outputActivation ??
    (loss === 'cross-entropy' ? (data.outputSize > 1 ? 'softmax' : 'sigmoid') : allWithin01(train.targets) ? 'sigmoid' : 'linear');
  const predictor = await Predictor.create({
    inputSize: train.inputSize, hidden: o.layers, outputSize: train.outputSize, activation: o.activation, outputActivation,
    loss, alpha: o.alpha, init: o.init, initRange: o.initRange, normalization, seed: o.seed, backend: o.backend, threads: o.threads,
    ...(o.dtype ? { dtype: o.dtype } : {}),
  }, {
    format: 'wasmprop-model', version: 1,
    classes: classes ? [...classes] : undefined,
    featureNames: data.featureNames ? [...data.featureNames] : undefined,
    targetNames: data.targetNames ? [...data.targetNames] : undefined,
  });
  return { predictor, layers: [train.inputSize, ...o.layers, train.outputSize], loss, outputActivation, normalization };
}

/** The engine's train options from the command line (the one defaults table: LEARNING_RATES). */
function engineOptions(o: TrainCommandOptions, d: RunData, progress: Progress): TrainOptions {
  const opt: TrainOptions = {
    learningRate: o.lr ?? LEARNING_RATES[o.optimizer], epochs: o.epochs, batchSize: o.batch, shuffle: o.shuffle, seed: o.seed, optimizer: o.optimizer, diagnostics: true,
    onEpoch: (info) => progress.update(info.epoch, `loss ${fixed(info.loss)}${info.validationLoss !== undefined ? ` val ${fixed(info.validationLoss)}` : ''}`),
  };
  if (o.momentum !== undefined) opt.momentum = o.momentum;
  if (o.beta1 !== undefined) opt.beta1 = o.beta1;
  if (o.beta2 !== undefined) opt.beta2 = o.beta2;
  if (o.epsilon !== undefined) opt.epsilon = o.epsilon;
  if (o.weightDecay !== undefined) opt.weightDecay = o.weightDecay;
  if (o.schedule !== undefined) opt.schedule = o.schedule;
  if (o.errorThreshold !== undefined) opt.errorThreshold = o.errorThreshold;
  if (o.patience !== undefined) opt.patience = o.patience;
  if (o.timeBudget !== undefined) opt.timeBudgetMs = o.timeBudget;
  if (d.val) opt.validation = { inputs: d.val.inputs, targets: d.val.targets };
  return opt;
}

/** The per-epoch table: loss, accuracies, learning rate, throughput, per-layer diagnostics. */
function epochTable(history: TrainResult['history'], d: RunData, layers: number[], lr: number, logEvery: number): string {
  const L = layers.length - 1;
  const { val, data: { classes } } = d;
  const head = ['epoch', 'loss'];
  if (val) head.push('val loss');
  if (classes) head.push('acc', ...(val ? ['val acc'] : []));
  head.push('lr', 'samples/s');
  for (let l = 1; l <= L; l++) head.push(`L${l} grad-rms`, `L${l} sat`);
  const rows = history.filter((h, i) => h.epoch % logEvery === 0 || h.epoch === 1 || i === history.length - 1).map((h) => {
    const r = [String(h.epoch), fixed(h.loss)];
    if (val) r.push(fixed(h.validationLoss));
    if (classes) r.push(pct(h.accuracy), ...(val ? [pct(h.validationAccuracy)] : []));
    r.push(String(Number((h.learningRate ?? lr).toPrecision(4))), count(h.samplesPerSecond));
    for (let l = 0; l < L; l++) r.push(sci(h.layers?.[l]?.gradRms), pct(h.layers?.[l]?.saturation));
    return r;
  });
  return '\n' + table(head, rows, []) + `  (grad-rms: RMS of the layer's weight gradient over the epoch's steps; sat: share of units×samples whose activation derivative is < 1% of its maximum)\n`;
}

/** Final metrics, measured on the trained network. */
function finalMetrics(net: Predictor['net'], d: RunData): Record<string, number> {
  const { train, val, data: { classes } } = d;
  const final: Record<string, number> = { loss: net.loss(train.inputs, train.targets) };
  if (classes) final.accuracy = accuracy(net.runBatch(train.inputs), train.targets, train.rows, train.outputSize);
  if (val) {
    final.validationLoss = net.loss(val.inputs, val.targets);
    if (classes) final.validationAccuracy = accuracy(net.runBatch(val.inputs), val.targets, val.rows, val.outputSize);
  }
  return final;
}

/** Runs `wasmprop train` (or, with --resume, continues a saved run); returns the exit code. */
export async function trainCommand(o: TrainCommandOptions, io: CliIo): Promise<number> {
  const json = o.json ?? false;
  const say = (s: string): void => {
    if (!json) io.stdout(s);
  };
  const resumed = o.resume ? await readModelFile(o.resume, io) : undefined;
  const d = await prepareData(o, io, resumed);
  const { data, train, val } = d;
  const { predictor, layers, loss, outputActivation, normalization } = await buildNetwork(o, d, resumed);
  const net = predictor.net;
  try {
    const bk = net.backendInfo;
    const lr = o.lr ?? LEARNING_RATES[o.optimizer];
    const before = resumed?.network.training?.epochs ?? 0;
    say(`wasmprop train: ${describeData(data)}\n`);
    if (resumed) say(`  resuming ${o.resume}: ${before} epoch${before === 1 ? '' : 's'} trained before (the run continues with the same optimizer, its settings and seed; others start the optimizer afresh)\n`);
    say(val ? `  split: ${train.rows} training rows, ${val.rows} validation rows (seeded ${d.stratified ? 'stratified ' : ''}shuffle, seed ${o.seed})\n` : `  split: all ${train.rows} rows train, no validation set\n`);
    say(`  network: ${layers.join('-')}, hidden ${layers.length > 2 ? net.activations[0] : '(none)'}${net.alpha !== 1 ? ` (alpha ${net.alpha})` : ''}, output ${outputActivation}, loss ${loss}, ${normalization ? `${normalization.kind ?? 'stored'} normalization` : 'no normalization'}, ${net.parameterCount} parameters\n`);
    say(`  training: ${o.optimizer}, learning rate ${lr}${o.schedule ? ` (${o.schedule.type === 'step' ? `×${o.schedule.factor} every ${o.schedule.every} epochs` : `×${o.schedule.gamma} per epoch`})` : ''}, batch ${o.batch}, up to ${o.epochs} epochs, shuffle ${o.shuffle ? 'on' : 'off'}, seed ${o.seed}, backend ${bk.backend} (${bk.isa}, ${bk.dtype}${bk.threads > 1 ? `, ${bk.threads} threads` : ''})\n`);

    const started = performance.now();
    const progress = new Progress(io, o.epochs, 'training', !json);
    let result: TrainResult;
    try {
      result = net.train({ inputs: train.inputs, targets: train.targets }, engineOptions(o, d, progress));
    } catch (e) {
      throw explainDivergence(e, data, normalization !== undefined);
    } finally {
      progress.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    const { history, stoppedBy } = result;
    if (!json) io.stdout(epochTable(history, d, layers, lr, o.logEvery ?? (o.epochs <= 25 ? 1 : Math.ceil(o.epochs / 20))));
    const final = finalMetrics(net, d);
    const summary: TrainingSummary = {
      data: data.name, rows: data.rows, trainingRows: train.rows, validationRows: val?.rows ?? 0,
      epochs: before + result.epochs, stoppedBy, optimizer: o.optimizer, learningRate: lr, batchSize: o.batch, seed: o.seed,
      createdBy: `wasmprop ${VERSION}`, ...final,
    };
    const model = predictor.toModel(summary);
    if (o.out) await writeModelFile(o.out, model, io);
    if (o.plot) {
      const svg = await renderTrainingCurves(history, { title: `wasmprop train: ${data.name}, ${layers.join('-')}` });
      await writeFileAtomic(o.plot, svg, io);
    }
    const classes = data.classes;
    if (json) {
      io.stdout(JSON.stringify({
        command: 'train',
        data: { name: data.name, rows: data.rows, trainingRows: train.rows, validationRows: val?.rows ?? 0, inputSize: data.inputSize, outputSize: data.outputSize, classes },
        network: { layers, activation: net.activations[0], outputActivation, loss, normalization: normalization?.kind ?? 'none', parameters: net.parameterCount, backend: net.backendInfo },
        options: { optimizer: o.optimizer, learningRate: lr, batchSize: o.batch, epochs: o.epochs, shuffle: o.shuffle, seed: o.seed, validation: d.fraction },
        epochs: result.epochs, stoppedBy, seconds, final, history,
        model: o.out ?? null, plot: o.plot ?? null,
      }) + '\n');
    } else {
      io.stdout(`\nstopped by ${stoppedBy} after ${result.epochs} epoch${result.epochs === 1 ? '' : 's'} (${seconds.toFixed(2)} s)\n`);
      let line = `final: training loss ${fixed(final.loss)}`;
      if (classes) line += `, accuracy ${pct(final.accuracy)}`;
      if (val) line += `; validation loss ${fixed(final.validationLoss)}${classes ? `, accuracy ${pct(final.validationAccuracy)}` : ''}`;
      io.stdout(line + '\n');
      if (o.out) io.stdout(`model written to ${o.out}\n`);
      if (o.plot) io.stdout(`plot written to ${o.plot}\n`);
    }
    return 0;
  } finally {
    predictor.dispose();
  }
}

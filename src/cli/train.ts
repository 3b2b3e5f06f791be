// `wasmprop train`: load data, split off a seeded validation set, compute normalization on the
// training rows, build and train a network, print per-epoch loss/accuracy and per-layer
// diagnostics (gradient RMS, saturation), write the model file and optionally an SVG plot.
// Every number of training comes from the engine (its EpochInfo history and loss/runBatch);
// this file decides defaults, prints and writes files.
import type { BackendName } from '../api/types.js';
import type { TrainOptions, TrainResult } from '../api/network.js';
import type { Dataset } from '../data/datasets.js';
import { computeNormalization, type Normalization, type NormalizationKind } from '../data/normalize.js';
import { splitDataset } from '../data/split.js';
import { accuracy } from '../data/metrics.js';
import type { Activation, Loss, TrainingSummary } from '../model/format.js';
import { Predictor } from '../model/predictor.js';
import { renderTrainingCurves } from '../plot/curves.js';
import { loadData, type DataOptions } from './data.js';
import { checkMagnitudes, explainDivergence, widenSingleClass } from './data-checks.js';
import { UsageError } from './errors.js';
import { count, fixed, pct, sci, table } from './format.js';
import type { CliIo } from './io.js';
import { writeModelFile } from './model-io.js';
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
  out?: string;
  plot?: string;
  logEvery?: number;
  json?: boolean;
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

/** Default learning rate per optimizer. */
export function defaultLearningRate(optimizer: string): number {
  return optimizer === 'adam' ? 0.01 : 0.1;
}

function describeData(ds: Dataset): string {
  const what = ds.classes
    ? `${ds.classes.length} classes: ${ds.classes.length > 10 ? `${ds.classes.slice(0, 10).join(', ')}, …` : ds.classes.join(', ')}`
    : `${ds.outputSize} numeric target${ds.outputSize > 1 ? 's' : ''}${ds.targetNames?.length ? ` (${ds.targetNames.join(', ')})` : ''}`;
  return `${ds.name} (${ds.rows} rows, ${ds.inputSize} feature${ds.inputSize > 1 ? 's' : ''} → ${what})`;
}

/** Runs `wasmprop train`; returns the exit code. */
export async function trainCommand(o: TrainCommandOptions, io: CliIo): Promise<number> {
  const json = o.json ?? false;
  const say = (s: string): void => {
    if (!json) io.stdout(s);
  };
  const loaded = await loadData(o, io);
  if (!loaded.hasTargets) throw new UsageError('--target', 'a target column', 'none');
  checkMagnitudes(loaded);
  const data = widenSingleClass(loaded, io);
  // Split.
  const fraction = o.validation ?? (data.rows >= 10 ? 0.2 : 0);
  const { train, test: val, stratified } = fraction > 0 ? split(data, fraction, o.seed) : { train: data, test: undefined, stratified: false };

  // Normalization: statistics of the training rows only; the engine applies them (and stores them).
  let kind = o.normalize;
  if (kind === 'auto') kind = allWithin01(train.inputs) ? 'none' : 'zscore';
  const normalization: Normalization | undefined = kind === 'none' ? undefined : computeNormalization(kind, train.inputs, train.rows, train.inputSize);

  // Loss and output activation.
  const classes = data.classes;
  const loss: Loss = o.loss === 'auto' ? (classes ? 'cross-entropy' : 'sse') : o.loss;
  const outputActivation: Activation = o.outputActivation ??
    (loss === 'cross-entropy' ? (data.outputSize > 1 ? 'softmax' : 'sigmoid') : allWithin01(train.targets) ? 'sigmoid' : 'linear');
  const lr = o.lr ?? defaultLearningRate(o.optimizer);
  const layers = [train.inputSize, ...o.layers, train.outputSize];

  const predictor = await Predictor.create({
    inputSize: train.inputSize, hidden: o.layers, outputSize: train.outputSize, activation: o.activation, outputActivation,
    loss, alpha: o.alpha, init: o.init, initRange: o.initRange, normalization, seed: o.seed, backend: o.backend,
  }, {
    format: 'wasmprop-model', version: 1,
    classes: classes ? [...classes] : undefined,
    featureNames: data.featureNames ? [...data.featureNames] : undefined,
    targetNames: data.targetNames ? [...data.targetNames] : undefined,
  });
  const net = predictor.net;
  try {
    const bk = net.backendInfo;
    say(`wasmprop train: ${describeData(data)}\n`);
    say(val ? `  split: ${train.rows} training rows, ${val.rows} validation rows (seeded ${stratified ? 'stratified ' : ''}shuffle, seed ${o.seed})\n` : `  split: all ${train.rows} rows train, no validation set\n`);
    say(`  network: ${layers.join('-')}, hidden ${o.layers.length ? o.activation : '(none)'}${o.activation === 'sigmoid' && (o.alpha ?? 1) !== 1 ? ` (alpha ${o.alpha})` : ''}, output ${outputActivation}, loss ${loss}, ${normalization ? `${normalization.kind} normalization` : 'no normalization'}, ${net.parameterCount} parameters\n`);
    say(`  training: ${o.optimizer}, learning rate ${lr}${o.schedule ? ` (${o.schedule.type === 'step' ? `×${o.schedule.factor} every ${o.schedule.every} epochs` : `×${o.schedule.gamma} per epoch`})` : ''}, batch ${o.batch}, up to ${o.epochs} epochs, shuffle ${o.shuffle ? 'on' : 'off'}, seed ${o.seed}, backend ${bk.backend} (${bk.isa})\n`);

    const started = performance.now();
    const progress = new Progress(io, o.epochs, 'training', !json);
    const logEvery = o.logEvery ?? (o.epochs <= 25 ? 1 : Math.ceil(o.epochs / 20));
    const trainOptions: TrainOptions = {
      learningRate: lr, epochs: o.epochs, batchSize: o.batch, shuffle: o.shuffle, seed: o.seed, optimizer: o.optimizer, diagnostics: true,
      onEpoch: (info) => progress.update(info.epoch, `loss ${fixed(info.loss)}${info.validationLoss !== undefined ? ` val ${fixed(info.validationLoss)}` : ''}`),
    };
    if (o.momentum !== undefined) trainOptions.momentum = o.momentum;
    if (o.beta1 !== undefined) trainOptions.beta1 = o.beta1;
    if (o.beta2 !== undefined) trainOptions.beta2 = o.beta2;
    if (o.epsilon !== undefined) trainOptions.epsilon = o.epsilon;
    if (o.weightDecay !== undefined) trainOptions.weightDecay = o.weightDecay;
    if (o.schedule !== undefined) trainOptions.schedule = o.schedule;
    if (o.errorThreshold !== undefined) trainOptions.errorThreshold = o.errorThreshold;
    if (o.patience !== undefined) trainOptions.patience = o.patience;
    if (o.timeBudget !== undefined) trainOptions.timeBudgetMs = o.timeBudget;
    if (val) trainOptions.validation = { inputs: val.inputs, targets: val.targets };
    let result: TrainResult;
    try {
      result = net.train({ inputs: train.inputs, targets: train.targets }, trainOptions);
    } catch (e) {
      throw explainDivergence(e, data, normalization !== undefined);
    } finally {
      progress.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    const history = result.history;
    const stoppedBy = result.stoppedBy;

    // The table.
    if (!json) {
      const L = layers.length - 1;
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
      io.stdout('\n' + table(head, rows, []));
      io.stdout(`  (grad-rms: RMS of the layer's weight gradient over the epoch's steps; sat: share of units×samples whose activation derivative is < 1% of its maximum)\n`);
    }

    // Final metrics, measured on the trained network.
    const final: Record<string, number> = { loss: net.loss(train.inputs, train.targets) };
    if (classes) final.accuracy = accuracy(net.runBatch(train.inputs), train.targets, train.rows, train.outputSize);
    if (val) {
      final.validationLoss = net.loss(val.inputs, val.targets);
      if (classes) final.validationAccuracy = accuracy(net.runBatch(val.inputs), val.targets, val.rows, val.outputSize);
    }
    const summary: TrainingSummary = {
      data: data.name, rows: data.rows, trainingRows: train.rows, validationRows: val?.rows ?? 0,
      epochs: result.epochs, stoppedBy, optimizer: o.optimizer, learningRate: lr, batchSize: o.batch, seed: o.seed,
      createdBy: `wasmprop ${VERSION}`, ...final,
    };
    const model = predictor.toModel(summary);
    if (o.out) await writeModelFile(o.out, model, io);
    if (o.plot) {
      const svg = await renderTrainingCurves(history, { title: `wasmprop train: ${data.name}, ${layers.join('-')}` });
      await writeFileAtomic(o.plot, svg, io);
    }

    if (json) {
      io.stdout(JSON.stringify({
        command: 'train',
        data: { name: data.name, rows: data.rows, trainingRows: train.rows, validationRows: val?.rows ?? 0, inputSize: data.inputSize, outputSize: data.outputSize, classes },
        network: { layers, activation: o.activation, outputActivation, loss, normalization: normalization?.kind ?? 'none', parameters: net.parameterCount, backend: net.backendInfo },
        options: { optimizer: o.optimizer, learningRate: lr, batchSize: o.batch, epochs: o.epochs, shuffle: o.shuffle, seed: o.seed, validation: fraction },
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

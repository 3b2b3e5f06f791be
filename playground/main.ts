// The playground page: pick a data set and a network, train it in a Web Worker (trainInWorker)
// and watch the loss, the decision boundary, per-layer diagnostics and samples/s; or step through
// the 2-2-2 worked example (walkthrough.ts). Every number on the page comes from the engine.
// `window.wasmprop` exposes the engine to the console and to the end-to-end tests.
import * as wasmprop from '../src/index.js';
import { Network, WasmpropError, hasSimd, hasWebAssembly, type EpochInfo, type NetworkOptions, type Parameters } from '../src/index.js';
import { trainInWorker, type TrainingJob, type WorkerTrainOptions, type WorkerTrainResult } from '../src/worker/index.js';
import { accuracy } from '../src/data/metrics.js';
import {
  BACKENDS, DATASET_NAMES, OPTIMIZERS, PRESETS, availableBackends, parseHidden, prepareData, supportedOptimizers, supportsValidation,
  type BackendKey, type DatasetName, type PreparedData,
} from './engine.js';
import { BoundaryView } from './boundary.js';
import { SamplesView } from './samples.js';
import { LayerChart, LossChart, type LayerStat } from './charts.js';
import { computeStep } from './walkthrough-model.js';
import { mountWalkthrough } from './walkthrough.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`playground: #${id} is missing from index.html`);
  return el as T;
};

const form = {
  dataset: $<HTMLSelectElement>('dataset'),
  rows: $<HTMLInputElement>('rows'),
  hidden: $<HTMLInputElement>('hidden'),
  alpha: $<HTMLInputElement>('alpha'),
  learningRate: $<HTMLInputElement>('learning-rate'),
  batchSize: $<HTMLInputElement>('batch-size'),
  epochs: $<HTMLInputElement>('epochs'),
  optimizer: $<HTMLSelectElement>('optimizer'),
  validation: $<HTMLInputElement>('validation'),
  backend: $<HTMLSelectElement>('backend'),
  dtype: $<HTMLSelectElement>('dtype'),
  threads: $<HTMLSelectElement>('threads'),
  seed: $<HTMLInputElement>('seed'),
  train: $<HTMLButtonElement>('train'),
  stop: $<HTMLButtonElement>('stop'),
};
const out = {
  status: $('status'),
  epoch: $('stat-epoch'),
  loss: $('stat-loss'),
  speed: $('stat-speed'),
  accuracy: $('stat-accuracy'),
  backend: $('stat-backend'),
  dataNote: $('data-note'),
  layerNote: $('layer-note'),
  boundaryFig: $('boundary-fig'),
  boundaryCaption: $('boundary-caption'),
};

const boundary = new BoundaryView($<HTMLCanvasElement>('boundary'));
const samples = new SamplesView($('samples-fig'), $<HTMLTableElement>('confusion'), $<HTMLCanvasElement>('samples'));
const lossChart = new LossChart($<HTMLCanvasElement>('loss-chart'));
const layerChart = new LayerChart($<HTMLCanvasElement>('layer-chart'));

interface Run {
  data: PreparedData;
  layers: number[];
  job: TrainingJob;
  evalNet: Network;
  started: number;
  lastInfo?: EpochInfo;
  /** (time, epoch) pairs of the last second, for samples/s when the engine does not report it. */
  rate: { t: number; epoch: number; sps?: number }[];
  /** Rows trained on (the data minus any validation split). */
  trainRows: number;
  acc?: number;
  engineLayers: boolean;
  /** Latest per-layer stats not drawn yet. */
  layerStats?: LayerStat[];
  /** Latest parameter snapshot not drawn yet (drawn at the next animation frame). */
  parameters?: Parameters;
}
let run: Run | undefined;
let loadedData: PreparedData | undefined;
let frame = 0;

function setStatus(text: string, kind: 'info' | 'error' | 'ok' = 'info'): void {
  out.status.textContent = text;
  out.status.className = `status ${kind}`;
}

function fmt(v: number | undefined, digits = 4): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(digits - 1);
  return v.toPrecision(digits);
}

function number(input: HTMLInputElement, name: string): number {
  const v = Number(input.value);
  if (input.value.trim() === '' || !Number.isFinite(v)) throw new WasmpropError(name, 'a number', input.value);
  return v;
}

function applyPreset(name: DatasetName): void {
  const p = PRESETS[name];
  form.hidden.value = p.hidden;
  form.alpha.value = String(p.alpha);
  form.learningRate.value = String(p.learningRate);
  form.batchSize.value = String(p.batchSize);
  form.epochs.value = String(p.epochs);
  form.rows.value = String(p.rows);
  form.rows.disabled = name === 'xor';
  form.validation.value = form.validation.disabled ? '0' : String(p.validation);
}

/** Loads the chosen data set and shows it (points on the canvas for 2-D sets). */
async function showData(): Promise<PreparedData> {
  const name = form.dataset.value as DatasetName;
  if (name === 'digits') setStatus('loading the digits (the mnist package, ~21 MB, once)…');
  const data = await prepareData(name, Math.max(1, Math.floor(number(form.rows, 'rows'))), Math.floor(number(form.seed, 'seed')));
  loadedData = data;
  out.dataNote.textContent = `${data.rows} rows × ${data.inputSize} inputs → ${data.outputSize} output${data.outputSize > 1 ? 's' : ''}`
    + `${data.classes ? ` (classes ${data.classes.join(', ')})` : ''}; ${data.note}.`;
  samples.show(data);
  if (data.extent) {
    out.boundaryFig.hidden = false;
    boundary.setData({ ...data, extent: data.extent });
    out.boundaryCaption.textContent = 'Decision boundary: network output over the plane (colour = predicted class, paler = less sure), training points on top.';
  } else {
    out.boundaryFig.hidden = true;
    boundary.setData(undefined);
  }
  if (name === 'digits') setStatus('digits loaded.', 'ok');
  return data;
}

/** Page-side per-layer diagnostics on the current parameters, from the engine: gradients() and runBatch of the first l layers. */
function layerStats(net: Network, data: PreparedData, params: Parameters): LayerStat[] {
  const rows = Math.min(data.rows, 256);
  const x = data.inputs.subarray(0, rows * data.inputSize);
  const t = data.targets.subarray(0, rows * data.outputSize);
  const g = net.gradients(x, t);
  const stats: LayerStat[] = [];
  for (let l = 0; l < g.weights.length; l++) {
    let ss = 0, n = 0;
    for (const row of g.weights[l]) for (const v of row) { ss += v * v; n++; }
    for (const v of g.biases[l]) { ss += v * v; n++; }
    // activations of layer l+1: the network cut after layer l (same engine, same parameters)
    const sub = new Network({ layers: net.layers.slice(0, l + 2), alpha: net.alpha, backend: 'ts' });
    try {
      sub.setParameters({ weights: params.weights.slice(0, l + 1), biases: params.biases.slice(0, l + 1) });
      const a = sub.runBatch(x);
      let sat = 0;
      for (const v of a) if (v < 0.05 || v > 0.95) sat++;
      stats.push({ gradRms: Math.sqrt(ss / n), saturation: sat / a.length });
    } finally {
      sub.dispose();
    }
  }
  return stats;
}

function engineLayerStats(info: EpochInfo): LayerStat[] | undefined {
  const layers = (info as unknown as { layers?: unknown }).layers;
  if (!Array.isArray(layers) || layers.length === 0) return undefined;
  const ok = layers.every((s) => typeof s?.gradRms === 'number' && typeof s?.saturation === 'number');
  return ok ? layers.map((s) => ({ gradRms: s.gradRms, saturation: s.saturation })) : undefined;
}

// Everything the page draws happens here, at most once per animation frame, with the newest
// numbers only: however fast the worker trains, the main thread's work per second is bounded.
function scheduleRender(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    const r = run;
    if (r?.parameters) {
      const p = r.parameters;
      r.parameters = undefined;
      drawParameters(r, p);
    }
    renderStats();
  });
}

function samplesPerSecond(r: Run): number | undefined {
  // The engine's per-epoch samplesPerSecond (evaluation excluded) when it reports it: the
  // harmonic mean over the last second = total samples / total training time.
  // An epoch shorter than the clock's resolution reports Infinity (zero time): it adds rows, not time.
  const reported = r.rate.filter((h) => h.sps !== undefined);
  const time = reported.reduce((a, h) => a + 1 / h.sps!, 0);
  if (reported.length > 0 && time > 0) return reported.length / time;
  // Otherwise wall-clock epochs seen on this side (loss evaluation included).
  const h = r.rate;
  if (h.length < 2) return undefined;
  const a = h[0], b = h[h.length - 1];
  return b.t > a.t ? ((b.epoch - a.epoch) * r.trainRows) / ((b.t - a.t) / 1000) : undefined;
}

function renderStats(): void {
  const r = run;
  if (!r) return;
  const info = r.lastInfo;
  out.epoch.textContent = info ? String(info.epoch) : '0';
  out.loss.textContent = info ? fmt(info.loss, 5) : '–';
  out.loss.dataset.value = info ? String(info.loss) : '';
  const sps = samplesPerSecond(r);
  out.speed.textContent = sps === undefined ? '–' : `${fmt(sps, 3)}`;
  const reported = info as unknown as { accuracy?: unknown; validationAccuracy?: unknown } | undefined;
  const acc = typeof reported?.accuracy === 'number' ? reported.accuracy : r.acc;
  const val = typeof reported?.validationAccuracy === 'number' ? reported.validationAccuracy : undefined;
  out.accuracy.textContent = acc === undefined ? '–' : `${(acc * 100).toFixed(1)} %${val === undefined ? '' : ` · val ${(val * 100).toFixed(1)} %`}`;
  lossChart.update();
  if (r.layerStats) {
    layerChart.set(r.layers, r.layerStats);
    r.layerStats = undefined;
  }
}

function onEpoch(r: Run, info: EpochInfo): void {
  r.lastInfo = info;
  const now = performance.now();
  const sps = (info as unknown as { samplesPerSecond?: unknown }).samplesPerSecond;
  r.rate.push({ t: now, epoch: info.epoch, sps: typeof sps === 'number' && sps > 0 ? sps : undefined });
  while (r.rate.length > 2 && now - r.rate[0].t > 1000) r.rate.shift();
  const v = (info as unknown as { validationLoss?: unknown }).validationLoss;
  lossChart.add(info.epoch, info.loss, typeof v === 'number' ? v : undefined);
  const stats = engineLayerStats(info);
  if (stats) {
    if (!r.engineLayers) out.layerNote.textContent = 'Per-layer gradient RMS and saturation as reported by the engine (onEpoch info.layers).';
    r.engineLayers = true;
    r.layerStats = stats; // drawn at the next frame, not per epoch
  }
  scheduleRender();
}

function onParameters(r: Run, p: Parameters): void {
  if (run !== r) return;
  r.parameters = p; // drawn at the next frame; a newer snapshot replaces it
  scheduleRender();
}

/** The decision boundary, the samples and (page-side) layer stats of one parameter snapshot. */
function drawParameters(r: Run, p: Parameters): void {
  r.evalNet.setParameters(p);
  if (r.data.extent) boundary.render(r.evalNet.runBatch(boundary.gridInputs()));
  if (r.data.classes || r.data.outputSize === 1) {
    const outputs = r.evalNet.runBatch(r.data.inputs);
    r.acc = accuracy(outputs, r.data.targets, r.data.rows, r.data.outputSize);
    samples.render(r.data, outputs);
  }
  if (!r.engineLayers) r.layerStats = layerStats(r.evalNet, r.data, p);
}

async function start(): Promise<void> {
  if (run) return;
  let data: PreparedData;
  let layers: number[];
  let spec: NetworkOptions;
  let options: WorkerTrainOptions;
  let validationShare = 0;
  try {
    data = await showData();
    layers = [data.inputSize, ...parseHidden(form.hidden.value), data.outputSize];
    const alpha = number(form.alpha, 'alpha');
    const seed = Math.floor(number(form.seed, 'seed'));
    const backendKey = form.backend.value as BackendKey;
    spec = { layers, alpha, seed, ...BACKENDS[backendKey].options, dtype: form.dtype.value === 'f32' ? 'f32' : 'f64' };
    const optimizer = form.optimizer.value;
    const validation = number(form.validation, 'validation share');
    if (validation < 0 || validation >= 1) throw new WasmpropError('validation share', 'a share from 0 (none) to below 1', validation);
    validationShare = validation;
    options = {
      learningRate: number(form.learningRate, 'learning rate'),
      batchSize: Math.floor(number(form.batchSize, 'batch size')),
      epochs: Math.floor(number(form.epochs, 'epochs')),
      ...(optimizer !== 'sgd' ? { optimizer } : {}),
      ...(validation > 0 ? { validation } : {}),
      // threads run inside the training worker (a pool on shared memory; the same bits for every count)
      threads: form.threads.value === 'auto' ? 'auto' : Number(form.threads.value),
    } as WorkerTrainOptions;
  } catch (e) {
    setStatus(String((e as Error).message), 'error');
    return;
  }
  let evalNet: Network;
  try {
    // The page's own copy (same layers, same backend family) evaluates snapshots for the canvas.
    evalNet = await Network.create({ ...spec, wasm: undefined });
  } catch (e) {
    setStatus(String((e as Error).message), 'error');
    return;
  }
  lossChart.reset();
  layerChart.clear();
  for (const el of [out.epoch, out.loss, out.accuracy, out.speed]) el.textContent = '–';
  out.loss.dataset.value = '';
  out.layerNote.textContent = 'Per-layer gradient RMS (full-batch gradients() on ≤256 rows) and saturation (share of unit outputs below 0.05 or above 0.95), computed in the page from the current parameters; the engine reports no per-layer diagnostics yet.';
  const r: Run = {
    data, layers, evalNet, started: performance.now(), rate: [], engineLayers: false,
    trainRows: Math.max(1, Math.round(data.rows * (1 - validationShare))),
    job: undefined as unknown as TrainingJob,
  };
  run = r;
  form.train.disabled = true;
  form.stop.disabled = false;
  document.body.dataset.state = 'training';
  const bigNet = layers.reduce((a, n, k) => (k ? a + n * (layers[k - 1] + 1) : a), 0) > 20000;
  // Only the newest epoch every 50 ms reaches the page (a small XOR net runs ~10^5 epochs/s:
  // streaming each one would queue messages faster than the page can read them, and freeze it),
  // and no per-epoch history comes back at the end (recordLoss: false; the page does not use it).
  r.job = trainInWorker(spec, { inputs: data.inputs, targets: data.targets }, {
    ...options,
    recordLoss: false,
    latestEpochOnly: true,
    progressEveryMs: 50,
    onEpoch: (info) => onEpoch(r, info),
    onParameters: (p) => onParameters(r, p),
    parametersEveryMs: bigNet || data.rows > 1000 ? 400 : 100,
  });
  out.backend.textContent = BACKENDS[form.backend.value as BackendKey].label;
  setStatus(`training ${layers.join('-')} on ${data.name} in a Web Worker…`);
  let result: WorkerTrainResult | undefined;
  try {
    result = await r.job;
    r.parameters = undefined;
    drawParameters(r, result.parameters);
    r.lastInfo = { ...(r.lastInfo ?? ({} as EpochInfo)), epoch: result.epochs, loss: result.error };
    renderStats();
    const isa = ({ simd128: 'wasm SIMD', 'relaxed-simd': 'wasm relaxed SIMD', scalar: 'wasm scalar', ts: 'TypeScript' } as Record<string, string>)[result.backend.isa] ?? result.backend.isa;
    out.backend.textContent = `${isa}${result.backend.dtype === 'f32' ? ', f32' : ''}${result.backend.threads > 1 ? `, ${result.backend.threads} threads` : ''}`;
    setStatus(`${result.cancelled ? 'stopped' : 'done'}: ${result.epochs} epochs in ${(result.elapsedMs / 1000).toFixed(2)} s on ${isa}, loss ${fmt(result.error, 5)}.`, 'ok');
    document.body.dataset.state = result.cancelled ? 'stopped' : 'done';
  } catch (e) {
    setStatus(`training failed: ${(e as Error).message}`, 'error');
    document.body.dataset.state = 'error';
  } finally {
    (window as unknown as { __lastRun?: unknown }).__lastRun = result && { error: result.error, epochs: result.epochs, cancelled: result.cancelled, backend: result.backend, elapsedMs: result.elapsedMs };
    form.train.disabled = false;
    form.stop.disabled = true;
    run = undefined;
    evalNet.dispose();
  }
}

function fillSelects(): void {
  for (const name of DATASET_NAMES) form.dataset.add(new Option(name, name));
  const have = availableBackends();
  for (const [key, b] of Object.entries(BACKENDS)) {
    const o = new Option(have.includes(key as BackendKey) ? b.label : `${b.label} (not available here)`, key);
    o.disabled = !have.includes(key as BackendKey);
    form.backend.add(o);
  }
  form.backend.value = have[0];
  // threads need SharedArrayBuffer: a cross-origin-isolated page (COOP/COEP, docs/threads.md)
  const cores = Math.max(1, Math.min(16, navigator.hardwareConcurrency || 1));
  for (const n of ['1', ...Array.from({ length: cores - 1 }, (_, k) => String(k + 2)), 'auto']) form.threads.add(new Option(n, n));
  form.threads.disabled = !globalThis.crossOriginIsolated;
  form.threads.title = form.threads.disabled ? 'needs a cross-origin-isolated page (COOP/COEP headers)' : 'threads of the training worker';
  const opts = supportedOptimizers();
  for (const name of OPTIMIZERS) {
    const o = new Option(opts.includes(name) ? name : `${name} (not in this engine build)`, name);
    o.disabled = !opts.includes(name);
    form.optimizer.add(o);
  }
  form.optimizer.value = 'sgd';
  if (!supportsValidation()) {
    form.validation.disabled = true;
    form.validation.title = 'this engine build has no validation option';
  }
}

function setupTabs(): void {
  const tabs = document.querySelectorAll<HTMLButtonElement>('[role="tab"]');
  for (const tab of tabs) {
    tab.addEventListener('click', () => {
      for (const t of tabs) {
        const on = t === tab;
        t.setAttribute('aria-selected', String(on));
        $(t.getAttribute('aria-controls')!).hidden = !on;
      }
    });
  }
}

function main(): void {
  $('env').textContent = [
    `WebAssembly ${hasWebAssembly() ? 'yes' : 'no (pure-TS backend)'}`,
    `SIMD ${hasSimd() ? 'yes' : 'no'}`,
    `cross-origin isolated ${globalThis.crossOriginIsolated ? 'yes' : 'no'}`,
    `${navigator.hardwareConcurrency ?? '?'} logical cores`,
  ].join(' · ');
  fillSelects();
  applyPreset('xor');
  setupTabs();
  form.dataset.addEventListener('change', () => {
    applyPreset(form.dataset.value as DatasetName);
    showData().catch((e) => setStatus(String(e.message), 'error'));
  });
  for (const el of [form.rows, form.seed]) el.addEventListener('change', () => showData().catch((e) => setStatus(String(e.message), 'error')));
  $('controls').addEventListener('submit', (e) => {
    e.preventDefault();
    void start();
  });
  form.stop.addEventListener('click', () => run?.job.cancel());
  mountWalkthrough($('view-walk'), () => BACKENDS[form.backend.value as BackendKey].options);
  showData().then(
    () => {
      setStatus('ready: press Train.');
      document.body.dataset.ready = 'true';
    },
    (e) => setStatus(String(e.message), 'error'),
  );
  (window as unknown as { wasmprop: unknown }).wasmprop = { ...wasmprop, trainInWorker, computeStep, prepareData };
}

main();

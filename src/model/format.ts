// The wasmprop model file: a versioned JSON document wrapping the engine's network document
// (architecture, alpha, activations, loss, normalization, exact float64 weights) with what the
// data side knows (class labels, feature and target names, a training summary).
// This file writes it (deterministic text, numbers in shortest round-trip form, −0 kept, so a
// save → load → save round trip is bit-exact) and validates it on load: every error names the
// key path, what was expected and what came; unknown keys (`__proto__` included) are ignored
// without ever being assigned; sizes are checked before any weight is looked at or allocated.
// It does not build a Network: see predictor.ts.
import { WasmpropError, describe } from '../errors.js';
import { checkNormalization, type Normalization } from '../data/normalize.js';
import type { Activation, LayerSpec, LossName } from '../network.js';

/** The `format` string of a model file. */
export const MODEL_FORMAT = 'wasmprop-model';
/** The model file version this build reads and writes. */
export const MODEL_VERSION = 1;
/** The `format` string of the engine's network document (`Network#toJSON`). */
export const NETWORK_FORMAT = 'wasmprop-network';

/** Activation functions of the engine ('softmax' on the output layer only): the engine's own type. */
export type { Activation };
/** All activation names, for validation and help texts. */
export const ACTIVATIONS: readonly Activation[] = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'linear', 'softmax'];
/** Loss functions of the engine. */
export type Loss = LossName;
/** A layer entry: a unit count (default activation) or units with an explicit activation. */
export type { LayerSpec };

/** The engine's network document as stored inside a model file. */
export interface NetworkDoc {
  format: typeof NETWORK_FORMAT;
  version: 1;
  layers: LayerSpec[];
  alpha: number;
  /** Default activation of plain-number layers, when the engine writes one (else 'sigmoid'). */
  activation?: Activation;
  loss?: Loss;
  /** Slope of 'leaky-relu' below 0 (engine default 0.01). */
  leakySlope?: number;
  normalization?: Normalization;
  weights: number[][][];
  biases: number[][];
}

/** The engine's default slope of 'leaky-relu' below 0. */
export const DEFAULT_LEAKY_SLOPE = 0.01;

/** A few facts about how a model was trained (informational; only strings, finite numbers and booleans). */
export type TrainingSummary = Record<string, string | number | boolean>;

/** A wasmprop model file. */
export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  network: NetworkDoc;
  /** Class labels in output order, when the target is categorical. */
  classes?: string[];
  /** Input column names, in input order. */
  featureNames?: string[];
  /** Target column names (one per output for a numeric target). */
  targetNames?: string[];
  training?: TrainingSummary;
}

/** Largest network a model file may describe (same bound as the engine: 2^27 parameters, 1 GiB). */
export const MAX_PARAMETERS = 2 ** 27;
/** Largest layer count accepted from a file. */
export const MAX_LAYERS = 1024;
/** Largest unit count of one layer accepted from a file. */
export const MAX_UNITS = 2 ** 24;

function own(o: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

function checkObject(name: string, v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new WasmpropError(name, 'an object', v);
  return v as Record<string, unknown>;
}

function noteUnknown(name: string, o: object, known: readonly string[], ignored?: string[]): void {
  if (!ignored) return;
  for (const k of Object.keys(o)) if (!known.includes(k)) ignored.push(`${name}.${k}`);
}

function checkStrings(name: string, v: unknown, length: number, what: string): string[] {
  if (!Array.isArray(v) || v.length !== length) throw new WasmpropError(name, `an array of ${length} strings (${what})`, v);
  return v.map((s, k) => {
    if (typeof s !== 'string') throw new WasmpropError(`${name}[${k}]`, 'a string', s);
    return s;
  });
}

/** Units of a layer entry. */
export function layerUnits(l: LayerSpec): number {
  return typeof l === 'number' ? l : l.units;
}

/** The activation of every non-input layer of a network document, defaults resolved. */
export function layerActivations(doc: Pick<NetworkDoc, 'layers' | 'activation'>): Activation[] {
  return doc.layers.slice(1).map((l) => (typeof l === 'number' ? undefined : l.activation) ?? doc.activation ?? 'sigmoid');
}

function checkActivation(name: string, v: unknown): Activation {
  if (typeof v !== 'string' || !(ACTIVATIONS as readonly string[]).includes(v)) {
    throw new WasmpropError(name, `one of ${ACTIVATIONS.map((a) => `'${a}'`).join(', ')}`, v);
  }
  return v as Activation;
}

function checkLayerSpecs(name: string, v: unknown, ignored?: string[]): LayerSpec[] {
  if (!Array.isArray(v) || v.length < 2) throw new WasmpropError(name, 'an array of at least 2 layers (input first)', v);
  if (v.length > MAX_LAYERS) throw new WasmpropError(name, `at most ${MAX_LAYERS} layers`, `${v.length} layers`);
  const units = (k: number, n: unknown): number => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) throw new WasmpropError(`${name}[${k}]`, 'a positive integer unit count', n);
    if (n > MAX_UNITS) throw new WasmpropError(`${name}[${k}]`, `at most ${MAX_UNITS} units`, n);
    return n;
  };
  const out: LayerSpec[] = v.map((l, k): LayerSpec => {
    if (typeof l === 'number') return units(k, l);
    const o = checkObject(`${name}[${k}]`, l);
    noteUnknown(`${name}[${k}]`, o, ['units', 'activation'], ignored);
    const u = units(k, own(o, 'units'));
    const a = own(o, 'activation');
    if (a === undefined) return { units: u };
    if (k === 0) throw new WasmpropError(`${name}[0].activation`, 'no activation on the input layer', a);
    const act = checkActivation(`${name}[${k}].activation`, a);
    if (act === 'softmax' && k !== v.length - 1) throw new WasmpropError(`${name}[${k}].activation`, "'softmax' on the output layer only", act);
    return { units: u, activation: act };
  });
  let params = 0;
  for (let l = 0; l + 1 < out.length; l++) params += layerUnits(out[l + 1]) * (layerUnits(out[l]) + 1);
  if (params > MAX_PARAMETERS) throw new WasmpropError(name, `a network of at most ${MAX_PARAMETERS} parameters`, `${params} parameters`);
  return out;
}

function checkMatrix(name: string, v: unknown, rows: number, cols: number): number[][] {
  if (!Array.isArray(v) || v.length !== rows) throw new WasmpropError(name, `${rows} rows (one per destination unit) of ${cols} numbers`, v);
  return v.map((row, r) => checkVector(`${name}[${r}]`, row, cols));
}

function checkVector(name: string, v: unknown, n: number): number[] {
  if (!Array.isArray(v) || v.length !== n) throw new WasmpropError(name, `an array of ${n} numbers`, v);
  for (let k = 0; k < n; k++) {
    const x = v[k];
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new WasmpropError(`${name}[${k}]`, 'a finite number', x);
  }
  return v.slice() as number[];
}

/** Validates an engine network document (as found in a model file); returns a clean copy with known keys only. */
export function checkNetworkDoc(name: string, v: unknown, ignored?: string[]): NetworkDoc {
  const o = checkObject(name, v);
  noteUnknown(name, o, ['format', 'version', 'layers', 'alpha', 'activation', 'loss', 'leakySlope', 'normalization', 'weights', 'biases'], ignored);
  const format = own(o, 'format');
  if (format !== NETWORK_FORMAT) throw new WasmpropError(`${name}.format`, `'${NETWORK_FORMAT}'`, format);
  const version = own(o, 'version');
  if (version !== 1) throw new WasmpropError(`${name}.version`, '1 (the network document version this build reads)', version);
  // Sizes first: nothing below allocates before the parameter count is known to be sane.
  const layers = checkLayerSpecs(`${name}.layers`, own(o, 'layers'), ignored);
  const alpha = own(o, 'alpha') ?? 1;
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha <= 0) throw new WasmpropError(`${name}.alpha`, 'a finite number > 0', alpha);
  // Key order of the written file: architecture first, then the parameters.
  const doc: NetworkDoc = { format: NETWORK_FORMAT, version: 1, layers, alpha, weights: [], biases: [] };
  const weightsAndBiases = (d: NetworkDoc): NetworkDoc => {
    const { weights: w, biases: b, ...head } = d;
    return { ...head, weights: w, biases: b };
  };
  const act = own(o, 'activation');
  if (act !== undefined) {
    doc.activation = checkActivation(`${name}.activation`, act);
    if (doc.activation === 'softmax') throw new WasmpropError(`${name}.activation`, "a hidden-layer activation (not 'softmax')", act);
  }
  const loss = own(o, 'loss');
  if (loss !== undefined) {
    if (loss !== 'sse' && loss !== 'cross-entropy') throw new WasmpropError(`${name}.loss`, "'sse' or 'cross-entropy'", loss);
    doc.loss = loss;
  }
  const slope = own(o, 'leakySlope');
  if (slope !== undefined) {
    if (typeof slope !== 'number' || !Number.isFinite(slope)) throw new WasmpropError(`${name}.leakySlope`, 'a finite number', slope);
    doc.leakySlope = slope;
  }
  const acts = layerActivations(doc);
  if (doc.loss === 'cross-entropy' && acts[acts.length - 1] !== 'softmax' && acts[acts.length - 1] !== 'sigmoid') {
    throw new WasmpropError(`${name}.loss`, "'cross-entropy' only with a softmax or sigmoid output layer", `output activation '${acts[acts.length - 1]}'`);
  }
  if (acts[acts.length - 1] === 'softmax' && layerUnits(layers[layers.length - 1]) < 2) {
    throw new WasmpropError(`${name}.layers[${layers.length - 1}].units`, 'at least 2 units for a softmax output', layerUnits(layers[layers.length - 1]));
  }
  const norm = own(o, 'normalization');
  if (norm !== undefined && norm !== null) doc.normalization = checkNormalization(`${name}.normalization`, norm, layerUnits(layers[0]));
  const L = layers.length - 1;
  const weights = own(o, 'weights');
  const biases = own(o, 'biases');
  if (!Array.isArray(weights) || weights.length !== L) throw new WasmpropError(`${name}.weights`, `an array of ${L} weight matrices`, weights);
  if (!Array.isArray(biases) || biases.length !== L) throw new WasmpropError(`${name}.biases`, `an array of ${L} bias vectors`, biases);
  for (let l = 0; l < L; l++) {
    const IN = layerUnits(layers[l]);
    const OUT = layerUnits(layers[l + 1]);
    doc.weights.push(checkMatrix(`${name}.weights[${l}]`, weights[l], OUT, IN));
    doc.biases.push(checkVector(`${name}.biases[${l}]`, biases[l], OUT));
  }
  return weightsAndBiases(doc);
}

/**
 * Parses and validates a model file (its text, or an already parsed object). A bare network
 * document (`Network#toJSON()`) is accepted as a model without labels. Unknown keys are skipped
 * and, when `ignored` is given, their paths are pushed to it.
 */
export function parseModel(input: unknown, ignored?: string[]): ModelFile {
  let v = input;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch (e) {
      throw new WasmpropError('model', 'a JSON document', `text that does not parse (${(e as Error).message})`);
    }
  }
  const o = checkObject('model', v);
  const format = own(o, 'format');
  if (format === NETWORK_FORMAT) {
    return { format: MODEL_FORMAT, version: MODEL_VERSION, network: checkNetworkDoc('model', o, ignored) };
  }
  if (format !== MODEL_FORMAT) throw new WasmpropError('model.format', `'${MODEL_FORMAT}' (or a bare '${NETWORK_FORMAT}' document)`, format);
  const version = own(o, 'version');
  if (version !== MODEL_VERSION) {
    throw new WasmpropError('model.version', `${MODEL_VERSION} (the model file version this wasmprop reads)`, version);
  }
  noteUnknown('model', o, ['format', 'version', 'network', 'classes', 'featureNames', 'targetNames', 'training'], ignored);
  const network = checkNetworkDoc('model.network', own(o, 'network'), ignored);
  const IN = layerUnits(network.layers[0]);
  const OUT = layerUnits(network.layers[network.layers.length - 1]);
  const model: ModelFile = { format: MODEL_FORMAT, version: MODEL_VERSION, network };
  const classes = own(o, 'classes');
  if (classes !== undefined) {
    const n = OUT === 1 ? 2 : OUT;
    model.classes = checkStrings('model.classes', classes, n, OUT === 1 ? 'two labels: output < 0.5, output ≥ 0.5' : 'one label per output');
    if (new Set(model.classes).size !== n) throw new WasmpropError('model.classes', 'distinct labels', model.classes.join(', '));
  }
  const featureNames = own(o, 'featureNames');
  if (featureNames !== undefined) model.featureNames = checkStrings('model.featureNames', featureNames, IN, 'one per input');
  const targetNames = own(o, 'targetNames');
  if (targetNames !== undefined) {
    if (!Array.isArray(targetNames) || targetNames.length > OUT) throw new WasmpropError('model.targetNames', `an array of at most ${OUT} strings`, targetNames);
    model.targetNames = checkStrings('model.targetNames', targetNames, targetNames.length, 'target column names');
  }
  const training = own(o, 'training');
  if (training !== undefined) {
    const t = checkObject('model.training', training);
    const clean: TrainingSummary = {};
    for (const k of Object.keys(t)) {
      const x = t[k];
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') {
        ignored?.push(`model.training.${k}`);
        continue;
      }
      if (typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x))) clean[k] = x;
      else ignored?.push(`model.training.${k}`);
    }
    model.training = clean;
  }
  return model;
}

/** The text of a model file: stable key order, one matrix row per line, shortest round-trip numbers, −0 kept. */
export function serializeModel(model: ModelFile): string {
  // Validate what we write, so a file we produce always loads.
  const clean = parseModel(model);
  return `${write(clean, '')}\n`;
}

function num(x: number): string {
  if (!Number.isFinite(x)) throw new WasmpropError('model', 'finite numbers only', x);
  // String(x) is the shortest text that parses back to the same double; JSON would print −0 as 0.
  return Object.is(x, -0) ? '-0' : String(x);
}

function write(v: unknown, indent: string): string {
  if (typeof v === 'number') return num(v);
  if (typeof v === 'string' || typeof v === 'boolean' || v === null) return JSON.stringify(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    // Flat arrays of scalars (a matrix row, a bias vector, the class labels) on one line.
    if (v.every((x) => typeof x !== 'object' || x === null)) return `[${v.map((x) => write(x, inner)).join(', ')}]`;
    if (v.every((x) => typeof x === 'number' || (typeof x === 'object' && x !== null && !Array.isArray(x) && Object.keys(x).length <= 2))) {
      return `[${v.map((x) => compact(x)).join(', ')}]`;
    }
    return `[\n${v.map((x) => inner + write(x, inner)).join(',\n')}\n${indent}]`;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${write(x, inner)}`).join(',\n')}\n${indent}}`;
  }
  throw new WasmpropError('model', 'JSON values only', describe(v));
}

function compact(v: unknown): string {
  if (typeof v === 'number') return num(v);
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    return `{${Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => `${JSON.stringify(k)}: ${compact(x)}`).join(', ')}}`;
  }
  return JSON.stringify(v);
}

// The wasmprop model file: a versioned JSON document wrapping the engine's network document
// (architecture, alpha, activations, loss, normalization, exact float64 weights) with what the
// data side knows (class labels, feature and target names, a training summary).
// This file writes it (deterministic text, numbers in shortest round-trip form, −0 kept, so a
// save → load → save round trip is bit-exact) and validates it on load: every error names the
// key path, what was expected and what came; unknown keys (`__proto__` included) are ignored
// without ever being assigned; sizes are checked before any weight is looked at or allocated.
// It does not build a Network: see predictor.ts.
import { WasmpropError, describe } from '../api/errors.js';
import { NETWORK_FORMAT, ACTIVATIONS, type Activation, type LayerSpec, type LossName, type NetworkDoc } from '../api/types.js';
import { checkObject, own } from '../options/checks.js';
import { resolveArchitecture, DEFAULT_LEAKY_SLOPE, MAX_PARAMETERS } from '../options/network.js';
import { resolveNetworkDocument } from '../options/document.js';

/** The `format` string of a model file. */
export const MODEL_FORMAT = 'wasmprop-model';
/** The model file version this build reads and writes. */
export const MODEL_VERSION = 1;
export { NETWORK_FORMAT, ACTIVATIONS, DEFAULT_LEAKY_SLOPE, MAX_PARAMETERS };
export type { Activation, LayerSpec, NetworkDoc };
/** Loss functions of the engine. */
export type Loss = LossName;

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

/** The activation of every non-input layer of a (validated) network document, defaults resolved. */
export function layerActivations(doc: Pick<NetworkDoc, 'layers' | 'activation' | 'loss'>): Activation[] {
  return resolveArchitecture(doc.layers, doc.activation, doc.loss).activations;
}

/** Validates an engine network document (as found in a model file): the engine's own validator (options/document.ts). */
export function checkNetworkDoc(name: string, v: unknown, ignored?: string[]): NetworkDoc {
  return resolveNetworkDocument(name, v, ignored).doc;
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

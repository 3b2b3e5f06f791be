// Resolving the options of `Network.create` / `new Network`: unknown input → a NetworkConfig or a
// WasmpropError. The architecture rules (layer sizes, activations, softmax placement, loss, the
// parameter bound) and the normalization rule are written here once and used for options and for
// network documents alike (options/document.ts). Pure: nothing is allocated.
import { WasmpropError } from '../api/errors.js';
import {
  ACTIVATIONS, LOSSES, INITIALIZERS, BACKENDS, KERNEL_CHOICES, DTYPES, MAX_THREADS,
  type ThreadCount, type Activation, type Dtype, type LayerSpec, type LossName, type InitName, type Normalization, type BackendOptions,
} from '../api/types.js';
import { checkFinite, checkObject, checkPositiveFinite, checkSeed, checkKnownKeys, oneOf, own } from './checks.js';

/** Largest network: 2^26 parameters (512 MiB of float64 parameters and as much again of gradients). */
export const MAX_PARAMETERS = 2 ** 26;
/** Largest layer count. */
export const MAX_LAYERS = 1024;
/** Largest unit count of one layer. */
export const MAX_UNITS = 2 ** 24;
/** The default slope of 'leaky-relu' below 0. */
export const DEFAULT_LEAKY_SLOPE = 0.01;

/** A checked architecture: sizes (input first), the activation of every weight layer, the specs as toJSON writes them. */
export interface Architecture {
  sizes: number[];
  activations: Activation[];
  /** Per layer: the plain unit count for sigmoid layers, `{ units, activation }` otherwise. */
  specs: LayerSpec[];
  loss: LossName;
}

/** Everything a Network is made from, resolved. */
export interface NetworkConfig extends Architecture {
  alpha: number;
  leakySlope: number;
  seed: number;
  normalization: Normalization | undefined;
  init: InitName;
  initRange: number;
  backend: BackendOptions;
  /** Element type of the arena. */
  dtype: Dtype;
}

/** Parameters of an architecture: Σ OUT·(IN + 1). */
export function parameterCount(sizes: readonly number[]): number {
  let n = 0;
  for (let l = 0; l + 1 < sizes.length; l++) n += sizes[l + 1] * (sizes[l] + 1);
  return n;
}

/**
 * Checks layers, the default activation and the loss. `at` prefixes every argument name
 * ('' for options, 'json.' or 'model.network.' for documents).
 */
export function resolveArchitecture(layers: unknown, defaultActivation: unknown, loss: unknown, at = ''): Architecture {
  if (!Array.isArray(layers) || layers.length < 2) throw new WasmpropError(`${at}layers`, 'an array of at least 2 layers (input first)', layers);
  if (layers.length > MAX_LAYERS) throw new WasmpropError(`${at}layers`, `at most ${MAX_LAYERS} layers`, `${layers.length} layers`);
  const act = defaultActivation === undefined ? 'sigmoid' : oneOf(`${at}activation`, defaultActivation, ACTIVATIONS);
  if (act === 'softmax') throw new WasmpropError(`${at}activation`, "a hidden-layer activation (not 'softmax': give it on the output layer)", act);
  const sizes: number[] = [];
  const activations: Activation[] = [];
  const specs: LayerSpec[] = [];
  layers.forEach((spec: unknown, k) => {
    let units: unknown = spec;
    let a: Activation = act;
    if (typeof spec === 'object' && spec !== null) {
      const s = spec as Record<string, unknown>;
      checkKnownKeys(`${at}layers[${k}]`, s, ['units', 'activation']);
      units = own(s, 'units');
      const given = own(s, 'activation');
      if (given !== undefined) {
        if (k === 0) throw new WasmpropError(`${at}layers[0].activation`, 'no activation on the input layer', given);
        a = oneOf(`${at}layers[${k}].activation`, given, ACTIVATIONS);
      }
    }
    const name = typeof spec === 'object' && spec !== null ? `${at}layers[${k}].units` : `${at}layers[${k}]`;
    if (typeof units !== 'number' || !Number.isInteger(units) || units <= 0) throw new WasmpropError(name, 'a positive integer unit count', units);
    if (units > MAX_UNITS) throw new WasmpropError(name, `at most ${MAX_UNITS} units`, units);
    sizes.push(units);
    if (k > 0) {
      activations.push(a);
      // toJSON writes every non-sigmoid activation per layer, so a document needs no top-level default
      specs.push(a === 'sigmoid' && typeof spec === 'number' ? units : { units, activation: a });
    } else specs.push(units);
  });
  const L = activations.length;
  activations.forEach((a, l) => {
    if (a === 'softmax' && l !== L - 1) throw new WasmpropError(`${at}layers[${l + 1}].activation`, "'softmax' on the output layer only", a);
  });
  if (activations[L - 1] === 'softmax' && sizes[L] < 2) throw new WasmpropError(`${at}layers[${L}].units`, 'at least 2 units for a softmax output', sizes[L]);
  const lossName = loss === undefined ? 'sse' : oneOf(`${at}loss`, loss, LOSSES);
  if (lossName === 'cross-entropy' && activations[L - 1] !== 'softmax' && activations[L - 1] !== 'sigmoid') {
    throw new WasmpropError(`${at}loss`, "'cross-entropy' only with a softmax or sigmoid output layer", `output activation '${activations[L - 1]}'`);
  }
  const params = parameterCount(sizes);
  if (params > MAX_PARAMETERS) throw new WasmpropError(`${at}layers`, `a network of at most ${MAX_PARAMETERS} parameters`, `${params} parameters`);
  return { sizes, activations, specs, loss: lossName };
}

/** Checks a normalization (x' = (x − offset)·scale) against the input width; undefined/null: none. Returns a clean copy. */
export function resolveNormalization(v: unknown, inputs: number, name = 'normalization'): Normalization | undefined {
  if (v === undefined || v === null) return undefined;
  const o = checkObject(name, v, '{ offset: number[], scale: number[] }');
  checkKnownKeys(name, o, ['kind', 'offset', 'scale']);
  const kind = own(o, 'kind');
  if (kind !== undefined && (typeof kind !== 'string' || kind.length > 64)) throw new WasmpropError(`${name}.kind`, "a short string such as 'minmax' or 'zscore'", kind);
  const vec = (key: 'offset' | 'scale'): number[] => {
    const a = own(o, key);
    if (!(Array.isArray(a) || a instanceof Float64Array) || a.length !== inputs) {
      throw new WasmpropError(`${name}.${key}`, `an array of ${inputs} numbers (one per input)`, a);
    }
    return Array.from(a as ArrayLike<number>, (x, k) => {
      checkFinite(`${name}.${key}[${k}]`, x);
      if (key === 'scale' && x === 0) throw new WasmpropError(`${name}.scale[${k}]`, 'a non-zero number', x);
      return x;
    });
  };
  const out: Normalization = { offset: vec('offset'), scale: vec('scale') };
  return kind === undefined ? out : { kind: kind as string, ...out };
}

const NETWORK_KEYS = ['layers', 'alpha', 'activation', 'loss', 'leakySlope', 'init', 'initRange', 'seed', 'normalization', 'backend', 'kernel', 'wasm', 'dtype', 'threads'] as const;

/** Threads when the options give none: one (measured and explained in docs/threads.md, "Speed, and the default"). */
export const DEFAULT_THREADS = 1;

/** Checks a `threads` option: a whole number from 1 to MAX_THREADS, or 'auto'; undefined gives the default. */
export function resolveThreads(v: unknown, name = 'threads'): ThreadCount {
  if (v === undefined) return DEFAULT_THREADS;
  if (v === 'auto') return v;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_THREADS) {
    throw new WasmpropError(name, `a whole number of threads from 1 to ${MAX_THREADS}, or 'auto'`, v);
  }
  return v;
}

/** Checks the backend choice (which backend, which kernel family; the binary source is the loader's to check). */
export function resolveBackendOptions(o: Record<string, unknown>): BackendOptions {
  const pick = <T extends string>(key: string, dflt: T, list: readonly T[], expected: string): T => {
    const v = own(o, key);
    if (v === undefined) return dflt;
    if (typeof v !== 'string' || !(list as readonly string[]).includes(v)) throw new WasmpropError(key, expected, v);
    return v as T;
  };
  const backend = pick('backend', 'wasm', BACKENDS, "'wasm' or 'ts'");
  const kernel = pick('kernel', 'auto', KERNEL_CHOICES, "'auto', 'scalar', 'simd' or 'relaxed'");
  const threads = resolveThreads(own(o, 'threads'));
  const wasm = own(o, 'wasm');
  return wasm === undefined ? { backend, kernel, threads } : { backend, kernel, threads, wasm: wasm as BackendOptions['wasm'] };
}

/** Resolves `Network.create` options: every default applied, every value checked. */
export function resolveNetworkOptions(options: unknown): NetworkConfig {
  const o = checkObject('options', options, 'an object like { layers: [2, 2, 2] }');
  checkKnownKeys('options', o, NETWORK_KEYS);
  const arch = resolveArchitecture(own(o, 'layers'), own(o, 'activation'), own(o, 'loss'));
  const initRange = own(o, 'initRange') === undefined ? 0.5 : checkPositiveFinite('initRange', own(o, 'initRange'));
  const init = own(o, 'init') === undefined ? (own(o, 'initRange') !== undefined ? 'uniform' : 'xavier') : oneOf('init', own(o, 'init'), INITIALIZERS);
  return {
    ...arch,
    alpha: own(o, 'alpha') === undefined ? 1 : checkPositiveFinite('alpha', own(o, 'alpha')),
    leakySlope: own(o, 'leakySlope') === undefined ? DEFAULT_LEAKY_SLOPE : checkFinite('leakySlope', own(o, 'leakySlope')),
    seed: own(o, 'seed') === undefined ? 1 : checkSeed('seed', own(o, 'seed')),
    normalization: resolveNormalization(own(o, 'normalization'), arch.sizes[0]),
    init,
    initRange,
    backend: resolveBackendOptions(o),
    dtype: own(o, 'dtype') === undefined ? 'f64' : oneOf('dtype', own(o, 'dtype'), DTYPES),
  };
}

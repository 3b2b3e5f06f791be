// Reading and writing model files for the CLI: the file's name in every error, a size limit
// checked before the text is read, and a warning listing keys the loader ignored.
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { WasmpropError } from '../api/errors.js';
import { parseModel, serializeModel, type ModelFile } from '../model/format.js';
import type { CliIo } from './io.js';
import { writeFileAtomic } from './write-file.js';

/** Largest model file the CLI reads (a 2^27-parameter network is ~2.5 GB of text; refuse before reading). */
export const MAX_MODEL_FILE_BYTES = 2 ** 31 - 1;

/** Reads and validates a model file; errors are prefixed with the file name. */
export async function readModelFile(path: string, io: CliIo): Promise<ModelFile> {
  const full = resolve(io.cwd ?? process.cwd(), path);
  const name = basename(path);
  let text: string;
  try {
    const st = await stat(full);
    if (st.size > MAX_MODEL_FILE_BYTES) throw new WasmpropError(name, `a model file of at most ${MAX_MODEL_FILE_BYTES} bytes`, `${st.size} bytes`);
    text = await readFile(full, 'utf8');
  } catch (e) {
    if (e instanceof WasmpropError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new WasmpropError(path, 'a readable model file', code === 'ENOENT' ? 'no such file' : code);
  }
  const ignored: string[] = [];
  let model: ModelFile;
  try {
    model = parseModel(text, ignored);
  } catch (e) {
    if (e instanceof WasmpropError) {
      // name the file first (the message and `argument` both; received is already rendered)
      e.message = `${name}: ${e.message}`;
      (e as { argument: string }).argument = `${name}: ${e.argument}`;
    }
    throw e;
  }
  if (ignored.length > 0) io.stderr(`wasmprop: warning: ${name}: ignored unknown key${ignored.length > 1 ? 's' : ''} ${ignored.slice(0, 8).join(', ')}${ignored.length > 8 ? ', …' : ''}\n`);
  return model;
}

/** Writes a model file (complete or not at all: see write-file.ts). */
export async function writeModelFile(path: string, model: ModelFile, io: CliIo): Promise<void> {
  await writeFileAtomic(path, serializeModel(model), io);
}

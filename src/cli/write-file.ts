// How the CLI writes its output files (models, plots, predictions, ONNX): into a temporary file
// in the same directory, flushed to disk and closed, then renamed over the target. A reader never
// sees a half-written file, an interrupted run leaves the old file (or none) in place, and a
// failure removes the temporary file. Not a general file-system helper.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { WasmpropError } from '../api/errors.js';
import type { CliIo } from './io.js';

/** Writes `data` to `path` (relative to io.cwd) completely or not at all; errors name the path. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, io: CliIo): Promise<void> {
  const full = resolve(io.cwd ?? process.cwd(), path);
  const tmp = join(dirname(full), `.${basename(full)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx', 0o666);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, full);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new WasmpropError(path, 'a file that can be written', code === 'ENOENT' ? 'no such directory' : code);
  }
}

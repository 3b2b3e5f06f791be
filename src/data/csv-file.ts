// Node-only: reads a CSV file from disk, streamed — 1 MiB reads, line ends made '\n', 64 KiB pieces
// decoded as UTF-8, go through papaparse (csv-parser.ts, the same parser and settings as parseCsv)
// into csv.ts's CsvBuilder, so the file's text is never held whole (memory: the numbers, the
// target column's text and a few MB of buffers). Kept apart so that csv.ts and datasets.ts bundle
// for browsers. Not a parser: papaparse parses, csv.ts decides what the fields mean.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline, Transform, type TransformCallback } from 'node:stream';
import { WasmpropError } from '../api/errors.js';
import { CsvBuilder, type CsvDataset, type CsvOptions } from './csv.js';
import { checkDelimiter, parseCsvStream } from './csv-parser.js';

const CR = 0x0d;
const LF = 0x0a;

/**
 * CRLF and lone CR → LF on the byte stream (what parseCsv does to its text: the parser is told
 * '\n', and CsvBuilder counts lines as '\n's). A CR byte never occurs inside a UTF-8 multi-byte
 * sequence, so bytes can be rewritten without decoding; a CR at the end of a chunk waits for the next.
 * Passes its output on in pieces of at most `piece` bytes (large reads, small parser chunks).
 */
export class LineEnds extends Transform {
  private pendingCr = false;
  constructor(private readonly piece = Infinity) {
    super();
  }

  /** Bytes passed on so far (before this chunk). */
  bytes = 0;
  /** Called before each chunk with the bytes passed on before it (all of them parsed by then). */
  onChunk: (bytesBefore: number) => void = () => {};

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.onChunk(this.bytes);
    this.bytes += chunk.length;
    if (!this.pendingCr && chunk.indexOf(CR) < 0) {
      this.give(chunk, done);
      return;
    }
    const out = Buffer.allocUnsafe(chunk.length + 1);
    let n = 0;
    let k = 0;
    if (this.pendingCr) {
      out[n++] = LF;
      if (chunk[0] === LF) k = 1;
      this.pendingCr = false;
    }
    for (; k < chunk.length; k++) {
      const b = chunk[k];
      if (b !== CR) out[n++] = b;
      else if (k + 1 === chunk.length) this.pendingCr = true;
      else {
        out[n++] = LF;
        if (chunk[k + 1] === LF) k++;
      }
    }
    this.give(out.subarray(0, n), done);
  }

  private give(bytes: Buffer, done: TransformCallback): void {
    let k = 0;
    for (; bytes.length - k > this.piece; k += this.piece) this.push(bytes.subarray(k, k + this.piece));
    done(null, bytes.subarray(k));
  }

  override _flush(done: TransformCallback): void {
    done(null, this.pendingCr ? Buffer.from([LF]) : undefined);
  }
}

/** Reads and parses a CSV file (streamed); errors name the file (its base name unless `file` is given). */
export async function readCsvFile(path: string, opts: CsvOptions = {}): Promise<CsvDataset> {
  const file = opts.file ?? basename(path);
  const delimiter = checkDelimiter(opts.delimiter);
  const builder = new CsvBuilder({ ...opts, file });
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    throw fileError(path, e);
  }
  // Reads of 1 MiB (fewer waits for the disk), parsed in 64 KiB pieces (fewer lines alive at once).
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  const lineEnds = new LineEnds(1 << 16);
  // After the first chunk, rows per byte so far × the file's size: room for all rows at once.
  lineEnds.onChunk = (before) => {
    if (before === 0 || builder.rows === 0) return;
    builder.reserve(Math.ceil((builder.rows * size) / before * 1.04) + 16);
    lineEnds.onChunk = () => {};
  };
  lineEnds.setEncoding('utf8'); // a character split across chunks is decoded whole
  // A read error reaches lineEnds (and so the parser); stopping early destroys both streams.
  pipeline(source, lineEnds, () => {});
  try {
    await parseCsvStream(lineEnds, builder, delimiter, () => lineEnds.destroy());
  } catch (e) {
    if ((e as NodeJS.ErrnoException).syscall !== undefined) throw fileError(path, e);
    throw e;
  }
  return builder.finish();
}

// A file that cannot be read, as a one-line WasmpropError.
function fileError(path: string, e: unknown): WasmpropError {
  const { code } = e as NodeJS.ErrnoException;
  return new WasmpropError(path, 'a readable CSV file', code === 'ENOENT' ? 'no such file' : code ?? 'error');
}

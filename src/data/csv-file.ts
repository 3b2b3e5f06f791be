// Node-only: reads a CSV file from disk, streamed — file chunks go through csv-parse's stream
// parser into csv.ts's CsvBuilder, so the file's text is never held whole (memory: the numbers,
// the target column's text and a few MB of buffers). Kept apart so that csv.ts and datasets.ts
// bundle for browsers. Not a parser: csv-parse parses, csv.ts decides what the fields mean.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { WasmpropError } from '../api/errors.js';
import { CsvBuilder, csvError, csvParseOptions, type CsvDataset, type CsvOptions } from './csv.js';

const CR = 0x0d;
const LF = 0x0a;

/**
 * CRLF and lone CR → LF on the byte stream (what parseCsv does to its text: csv-parse counts a
 * CRLF inside a quoted field as two lines). A CR byte never occurs inside a UTF-8 multi-byte
 * sequence, so bytes can be rewritten without decoding; a CR at the end of a chunk waits for the next.
 */
export class LineEnds extends Transform {
  private pendingCr = false;
  /** Bytes passed on so far (before this chunk). */
  bytes = 0;
  /** Called before each chunk with the bytes passed on before it (all of them parsed by then). */
  onChunk: (bytesBefore: number) => void = () => {};

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.onChunk(this.bytes);
    this.bytes += chunk.length;
    if (!this.pendingCr && chunk.indexOf(CR) < 0) {
      done(null, chunk);
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
    done(null, out.subarray(0, n));
  }

  override _flush(done: TransformCallback): void {
    done(null, this.pendingCr ? Buffer.from([LF]) : undefined);
  }
}

/** Reads and parses a CSV file (streamed); errors name the file (its base name unless `file` is given). */
export async function readCsvFile(path: string, opts: CsvOptions = {}): Promise<CsvDataset> {
  const file = opts.file ?? basename(path);
  const builder = new CsvBuilder({ ...opts, file });
  // Stops the pipeline early: on a bad record, or once maxRows rows are in (the rest is not read).
  const stop = new AbortController();
  let failure: unknown;
  const parser = parse(csvParseOptions(opts));
  // 'data' events, not async iteration or on_record: the cheapest way to see each record.
  parser.on('data', (record: string[]) => {
    if (stop.signal.aborted) return;
    try {
      builder.add(record);
    } catch (e) {
      failure = e;
    }
    if (failure !== undefined || builder.full) stop.abort();
  });
  const lineEnds = new LineEnds();
  try {
    // After the first chunk, rows per byte so far × the file's size: room for all rows at once.
    const size = (await stat(path)).size;
    lineEnds.onChunk = (before) => {
      if (before === 0 || builder.rows === 0) return;
      builder.reserve(Math.ceil((builder.rows * size) / before * 1.02) + 16);
      lineEnds.onChunk = () => {};
    };
    await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), lineEnds, parser, { signal: stop.signal });
  } catch (e) {
    if (failure !== undefined) throw csvError(failure, file);
    if (!builder.full) {
      const { code, syscall } = e as NodeJS.ErrnoException;
      if (syscall !== undefined) throw new WasmpropError(path, 'a readable CSV file', code === 'ENOENT' ? 'no such file' : code ?? 'error');
      throw csvError(e, file);
    }
  }
  return builder.finish();
}

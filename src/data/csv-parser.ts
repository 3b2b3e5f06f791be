// The one place wasmprop calls its CSV parser, papaparse: the settings, and the hand-over of each
// parsed record to a sink (csv.ts's CsvBuilder), for text in memory (parseCsvText) and for a Node
// stream of text (parseCsvStream) alike — the same parser, settings and hand-over on both.
// Quoted fields with delimiters, doubled quotes and newlines are papaparse's; empty lines are kept
// (each line is then exactly one record, which is how the sink counts lines). Not the meaning of
// the fields (csv.ts) and not file reading (csv-file.ts). Nothing of papaparse's types is exported,
// so wasmprop's declarations do not need @types/papaparse.
import Papa from 'papaparse';
import { WasmpropError } from '../api/errors.js';

/** Where parsed records go, one at a time (CsvBuilder). */
export interface CsvSink {
  /** Takes the next record (throws a WasmpropError for a bad one). */
  add(record: string[]): void;
  /** True once no more records are wanted: parsing stops. */
  readonly full: boolean;
  /** Line the next record starts on (names a syntax error). */
  readonly line: number;
  /** File name of error messages. */
  readonly file: string;
}

/** A field delimiter papaparse can use: one or more characters, none a quote, line end or BOM. */
export function checkDelimiter(delimiter: string | undefined): string {
  const d = delimiter ?? ',';
  if (typeof d !== 'string' || d === '' || /["\r\n\uFEFF]/.test(d)) {
    throw new WasmpropError('delimiter', 'a field delimiter such as , ; | or \\t (no quote, line end or BOM)', d);
  }
  return d;
}

// papaparse reports a syntax error against the record it is in; the record's first line names it.
// Its two (with a given delimiter): a quoted field never closed — necessarily the record's last
// field — and a closing quote followed by something other than a delimiter or line end.
function syntaxError(sink: CsvSink, code: string, record: string[]): WasmpropError {
  const at = `${sink.file} line ${sink.line}`;
  if (code === 'MissingQuotes') return new WasmpropError(at, `valid CSV (a closing quote for the quoted field in column ${record.length})`, 'the end of the file');
  return new WasmpropError(at, 'valid CSV (a delimiter or line end after a closing quote)', 'text after the closing quote');
}

// The settings and the record hand-over of one parse. Line ends must already be '\n' (the callers
// normalize them). papaparse checks each piece of text for a quote: one without is split with
// String.split (its "fast mode"), which is most of its speed on numeric files.
class Feed {
  failure: unknown;
  stopped = false;
  readonly settings: Papa.ParseConfig<string[]>;

  constructor(private readonly sink: CsvSink, delimiter: string, private readonly onStop: () => void) {
    this.settings = {
      delimiter, newline: '\n', quoteChar: '"', header: false, dynamicTyping: false, skipEmptyLines: false,
      // papaparse strips a BOM from a string, not from a stream's first chunk
      beforeFirstChunk: (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text),
    };
  }

  /** One record and the first syntax error papaparse found in it; stops the parser when done. */
  take(record: string[], error: Papa.ParseError | undefined, parser: Papa.Parser): void {
    try {
      if (error !== undefined) throw syntaxError(this.sink, error.code, record);
      this.sink.add(record);
    } catch (e) {
      this.failure = e;
    }
    if (this.failure !== undefined || this.sink.full) {
      this.stopped = true;
      parser.abort();
      this.onStop();
    }
  }
}

/** Parses CSV text (line ends '\n') into `sink`; throws the first problem. */
export function parseCsvText(text: string, sink: CsvSink, delimiter: string): void {
  const feed = new Feed(sink, delimiter, () => {});
  // Record by record (step), the text in one piece: papaparse parses a string given in chunks by
  // recursing once per chunk, which keeps every chunk alive to the end (measured: 2.7 s and 450 MB
  // for a 50 MB text, against 1.0 s and 220 MB so).
  Papa.parse(text, { ...feed.settings, step: (r: Papa.ParseStepResult<string[]>, parser: Papa.Parser) => feed.take(r.data, r.errors[0], parser) });
  if (feed.failure !== undefined) throw feed.failure;
}

/**
 * Parses a Node stream of text (line ends '\n', already decoded) into `sink`; rejects with the
 * first problem or a stream error. On a problem, or once the sink is full, `stop` is called
 * (the caller destroys its streams: the rest is not read).
 */
export function parseCsvStream(stream: NodeJS.ReadableStream, sink: CsvSink, delimiter: string, stop: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const feed = new Feed(sink, delimiter, stop);
    const settle = (): void => (feed.failure !== undefined ? reject(feed.failure) : resolve());
    // Chunk by chunk: one call per piece of the stream, ~10% faster than one per record. Errors
    // are in row order; one on a row past the data belongs to the unfinished last row of a piece,
    // which papaparse parses again with the next.
    const chunk = (results: Papa.ParseResult<string[]>, parser: Papa.Parser): void => {
      const { data, errors } = results;
      let e = 0;
      for (let k = 0; k < data.length && !feed.stopped; k++) {
        while (e < errors.length && (errors[e].row ?? 0) < k) e++;
        feed.take(data[k], errors[e]?.row === k ? errors[e] : undefined, parser);
      }
    };
    Papa.parse(stream, {
      ...feed.settings,
      chunk,
      // also called by parser.abort(), i.e. when stopped
      complete: settle,
      error: (err: Error) => (feed.stopped ? settle() : reject(err)),
    } as Papa.ParseLocalConfig<string[], NodeJS.ReadableStream>);
  });
}

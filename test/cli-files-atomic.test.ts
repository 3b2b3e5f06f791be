// Files the CLI writes appear whole or not at all: a model written over an existing one leaves
// no temporary file behind, and a file that cannot be written is a one-line error naming it,
// with the old file untouched and nothing else left in the directory.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { parseModel } from '../src/model/format.js';
import { tempDir } from './helpers/temp-dir.js';

async function run(argv: string[], cwd?: string): Promise<{ code: number; out: string; err: string }> {
  const io = { ...memoryIo(), cwd };
  const code = await main(argv, io);
  return { code, out: io.text(), err: io.errors() };
}

test('overwrite in place, leave no temporary file; an unwritable path names the file', async () => {
  const dir = tempDir('wasmprop-atomic-');
  writeFileSync(join(dir, 'm.json'), 'old');
  const t = await run(['train', '--dataset', 'xor', '--epochs', '3', '--out', 'm.json', '--plot', 'p.svg'], dir);
  expect(t.code, t.err).toBe(0);
  expect(readdirSync(dir).sort()).toEqual(['m.json', 'p.svg']);
  expect(parseModel(readFileSync(join(dir, 'm.json'), 'utf8')).training).toMatchObject({ epochs: 3 });

  const bad = await run(['train', '--dataset', 'xor', '--epochs', '3', '--out', 'missing/m.json'], dir);
  expect(bad.code).toBe(1);
  expect(bad.err).toBe('wasmprop: missing/m.json: expected a file that can be written, got "no such directory"\n');
  const onnx = await run(['export', '--model', 'm.json', '--onnx', 'm.json/x.onnx'], dir);
  expect(onnx.code).toBe(1);
  expect(onnx.err).toMatch(/^wasmprop: m\.json\/x\.onnx: expected a file that can be written, got "ENOTDIR"\n$/);
  expect(readdirSync(dir).sort()).toEqual(['m.json', 'p.svg']);
});

// Column names that contain the list separator: a target called "species, latin" trains, and
// eval and predict use the model's own target (the model stores names as a list; the CLI hands
// the list to the CSV reader, never a joined string that would be split again).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { parseCsv } from '../src/data/csv.js';
import { tempDir } from './helpers/temp-dir.js';

async function run(argv: string[], cwd?: string): Promise<{ code: number; out: string; err: string }> {
  const io = { ...memoryIo(), cwd };
  const code = await main(argv, io);
  return { code, out: io.text(), err: io.errors() };
}

const labels = ['Iris setosa', 'Iris virginica'];
const csv = 'a,b,"species, latin"\n' + Array.from({ length: 16 }, (_, i) => `${(i % 4) / 4},${(i % 3) / 3},${labels[i % 2]}`).join('\n') + '\n';

test('train, eval and predict with a target column named "species, latin"', async () => {
  const dir = tempDir('wasmprop-names-');
  writeFileSync(join(dir, 'f.csv'), csv);
  writeFileSync(join(dir, 'u.csv'), 'a,b\n0.25,0.5\n0.75,0\n');
  const t = await run(['train', '--data', 'f.csv', '--epochs', '5', '--out', 'm.json', '--json'], dir);
  expect(t.err).toBe('');
  expect(t.code).toBe(0);
  const e = await run(['eval', '--data', 'f.csv', '--model', 'm.json', '--json'], dir);
  expect(e.err).toBe('');
  expect(e.code).toBe(0);
  expect((JSON.parse(e.out) as { classes: string[] }).classes).toEqual(labels);
  const p = await run(['predict', '--data', 'f.csv', '--model', 'm.json'], dir);
  expect(p.code, p.err).toBe(0);
  expect(p.out.split('\n')).toHaveLength(18); // header, 16 rows, final newline
  const u = await run(['predict', '--data', 'u.csv', '--model', 'm.json'], dir);
  expect(u.code, u.err).toBe(0);
  // the name given explicitly is one column too, and a real list still splits
  const named = await run(['train', '--data', 'f.csv', '--target', 'species, latin', '--epochs', '2', '--json'], dir);
  expect(named.code, named.err).toBe(0);
  expect(parseCsv('x,"p, q",r\n1,2,3\n', { target: 'p, q' }).targetNames).toEqual(['p, q']);
  expect(parseCsv('x,p,q\n1,2,3\n', { target: 'p, q' }).targetNames).toEqual(['p', 'q']);
  expect(parseCsv('x,"p, q",r\n1,2,3\n', { target: ['p, q', 'r'] }).targetNames).toEqual(['p, q', 'r']);
});

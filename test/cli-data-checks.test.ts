// What `wasmprop train` says about the data itself: a target with a single class trains with a
// warning (and the model evaluates); one "NA" in a numeric target is refused, naming line, column
// and value, instead of silently turning the column into classes; values too large for float64
// (1e300) are refused naming the column and the line; a run that diverges on a large-scale column
// names that column, not only the learning rate.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { parseCsv } from '../src/data/csv.js';
import { WasmpropError } from '../src/api/errors.js';
import { tempDir } from './helpers/temp-dir.js';

async function run(argv: string[], cwd?: string): Promise<{ code: number; out: string; err: string }> {
  const io = { ...memoryIo(), cwd };
  const code = await main(argv, io);
  return { code, out: io.text(), err: io.errors() };
}

function dir(files: Record<string, string>): string {
  const d = tempDir('wasmprop-checks-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

const rowsOf = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join('\n') + '\n';

describe('a single-class target', () => {
  test('trains with a warning on stderr; the model evaluates on the same file', async () => {
    const d = dir({ 'one.csv': 'x,y,label\n' + rowsOf(12, (i) => `${i / 10},${(i % 3) / 3},ok`) });
    const t = await run(['train', '--data', 'one.csv', '--epochs', '20', '--out', 'm.json'], d);
    expect(t.code, t.err).toBe(0);
    expect(t.err).toBe('wasmprop: warning: one.csv: the target "label" has a single class ("ok" in all 12 rows); training a two-class model with an unseen class "(not ok)": it can only learn to predict "ok"\n');
    const e = await run(['eval', '--data', 'one.csv', '--model', 'm.json', '--json'], d);
    expect(e.err).toBe('');
    expect(e.code).toBe(0);
    const rep = JSON.parse(e.out) as { classes: string[]; accuracy: number };
    expect(rep.classes).toEqual(['ok', '(not ok)']);
    expect(rep.accuracy).toBe(1);
  });
});

describe('a numeric target with a stray non-number', () => {
  const text = 'x,y\n' + rowsOf(20, (i) => `${i},${i === 13 ? 'NA' : i % 4}`);

  test('train refuses it, naming line, column and value', async () => {
    const r = await run(['train', '--data', 'na.csv'], dir({ 'na.csv': text }));
    expect(r.code).toBe(1);
    expect(r.err).toBe(`wasmprop: na.csv line 15, column 2 ("y"): expected a number (19 of the 20 values of this target are numbers; for class labels use targetKind 'class', on the command line --categorical), got "NA"\n`);
  });

  test('parseCsv: the same refusal; --categorical / targetKind class makes NA one class among the others', async () => {
    expect(() => parseCsv(text, { file: 'na.csv' })).toThrow(WasmpropError);
    expect(parseCsv(text, { targetKind: 'class' }).classes).toEqual(['0', '1', '2', '3', 'NA']);
    const r = await run(['train', '--data', 'na.csv', '--categorical', '--epochs', '2', '--json'], dir({ 'na.csv': text }));
    expect(r.code, r.err).toBe(0);
  });

  test('a column of mostly labels stays classes (a numeric-looking label among them is a class)', () => {
    const d = parseCsv('x,kind\n1,cat\n2,dog\n3,7\n4,cat\n5,dog\n');
    expect(d.classes).toEqual(['7', 'cat', 'dog']);
  });
});

describe('values too large for float64', () => {
  test('a target of 1e300 is refused before training, naming the column and the line, not the learning rate', async () => {
    const r = await run(['train', '--data', 'big.csv'], dir({ 'big.csv': 'x,y\n1,1\n2,1e300\n3,2\n4,3\n' }));
    expect(r.code).toBe(1);
    expect(r.err).toBe('wasmprop: big.csv line 3, target column "y": expected finite values of magnitude at most 1e+150 (larger ones overflow float64 in the loss or the normalization: rescale the column), got 1e+300\n');
    expect(r.err).not.toMatch(/learningRate/);
  });

  test('a feature of -1e200 likewise', async () => {
    const r = await run(['train', '--data', 'big.csv'], dir({ 'big.csv': 'x,z,y\n1,-1e200,1\n2,0,1\n' }));
    expect(r.err).toMatch(/^wasmprop: big\.csv line 2, feature column "z": expected finite values of magnitude at most 1e\+150 .* got -1e\+200\n$/);
  });

  test('a run that diverges on a large target names the column first', async () => {
    const r = await run(['train', '--data', 'big.csv', '--epochs', '50', '--batch', '1', '--lr', '1'], dir({ 'big.csv': 'x,y\n1,1e140\n2,2e140\n3,1\n4,5\n' }));
    expect(r.code).toBe(1);
    expect(r.err).toBe('wasmprop: big.csv line 3, target column "y": expected values of a scale the network can fit (training diverged to a non-finite loss; rescale the target column, or lower --lr below 1), got 2e+140\n');
  });
});

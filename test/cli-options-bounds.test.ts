// Command-line numbers and strings at their edges: counts in exponent form (1e3) are integers,
// counts beyond the engine's 32-bit range are refused with the bound (never wrapped, never a hang),
// `--delimiter '\t'` is a tab, and generated data sets refuse row counts beyond their bound
// before allocating anything.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { loadDataset, MAX_GENERATED_ROWS } from '../src/data/datasets.js';
import { WasmpropError } from '../src/api/errors.js';
import { tempDir } from './helpers/temp-dir.js';

async function run(argv: string[], cwd?: string): Promise<{ code: number; out: string; err: string }> {
  const io = { ...memoryIo(), cwd };
  const code = await main(argv, io);
  return { code, out: io.text(), err: io.errors() };
}

describe('count options', () => {
  test('--epochs 1e3 and --batch 4e0 are the integers 1000 and 4', async () => {
    const r = await run(['train', '--dataset', 'xor', '--epochs', '1e3', '--batch', '4e0', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out) as { epochs: number; options: { epochs: number; batchSize: number } };
    expect(rep.options).toMatchObject({ epochs: 1000, batchSize: 4 });
    expect(rep.epochs).toBe(1000);
  });

  const refused: [string[], RegExp][] = [
    [['--epochs', '1.5'], /option '--epochs <n>' argument '1\.5' is invalid\. expected an integer ≥ 1, got "1\.5"/],
    [['--epochs', '1.5e0'], /expected an integer ≥ 1, got "1\.5e0"/],
    [['--epochs', '2147483648'], /option '--epochs <n>' argument '2147483648' is invalid\. expected an integer ≤ 2147483647 \(2\^31 − 1\), got "2147483648"/],
    [['--epochs', '4294967297'], /expected an integer ≤ 2147483647 \(2\^31 − 1\), got "4294967297"/],
    [['--epochs', '1e400'], /expected an integer ≤ 2147483647/],
    [['--batch', '4294967296'], /option '--batch <n>' argument '4294967296' is invalid\. expected an integer ≤ 2147483647 \(2\^31 − 1\)/],
    [['--batch', '3e9'], /option '--batch <n>' argument '3e9' is invalid\. expected an integer ≤ 2147483647/],
    [['--seed', '4294967296'], /option '--seed <n>' argument '4294967296' is invalid\. expected an integer ≤ 4294967295 \(2\^32 − 1\)/],
    [['--patience', '0x10'], /expected an integer ≥ 1, got "0x10"/],
  ];
  for (const [args, message] of refused) {
    test(`${args.join(' ')} is a usage error naming the bound`, async () => {
      const r = await run(['train', '--dataset', 'xor', ...args]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(message);
    });
  }
});

describe('--delimiter', () => {
  test("'\\t' (backslash, t) and 'tab' mean a tab", async () => {
    const dir = tempDir('wasmprop-tsv-');
    writeFileSync(join(dir, 'd.tsv'), 'a\tb\tlabel\n0\t0\tno\n0\t1\tyes\n1\t0\tyes\n1\t1\tno\n');
    for (const d of ['\\t', 'tab', '\t']) {
      const r = await run(['train', '--data', 'd.tsv', '--delimiter', d, '--epochs', '2', '--json'], dir);
      expect(r.err, d).toBe('');
      const rep = JSON.parse(r.out) as { data: { inputSize: number; classes: string[] } };
      expect(rep.data).toMatchObject({ inputSize: 2, classes: ['no', 'yes'] });
    }
  });

  test('an empty delimiter or a quote is refused', async () => {
    expect((await run(['train', '--data', 'x.csv', '--delimiter', ''])).err).toMatch(/argument '' is invalid\. expected a delimiter/);
    expect((await run(['train', '--data', 'x.csv', '--delimiter', '"'])).code).toBe(2);
  });
});

describe('row bounds of generated data sets', () => {
  test('--dataset spiral --rows 1000000000 is refused at once, naming --rows and the bound', async () => {
    const r = await run(['train', '--dataset', 'spiral', '--rows', '1000000000']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`wasmprop: --rows: expected at most ${MAX_GENERATED_ROWS} rows with --dataset (the bound of generated sets), got 1000000000\n`);
  });

  test('loadDataset refuses n above MAX_GENERATED_ROWS with the bound in the message', () => {
    expect(MAX_GENERATED_ROWS).toBe(10_000_000);
    for (const name of ['spiral', 'circles'] as const) {
      expect(() => loadDataset(name, { n: 1e9 })).toThrow(WasmpropError);
      expect(() => loadDataset(name, { n: MAX_GENERATED_ROWS + 1 })).toThrow(/opts\.n: expected a row count \(rows\) of at most 10000000, got 10000001/);
    }
    expect(loadDataset('spiral', { n: 7 }).rows).toBe(7);
  });
});

// Bad CSV files give ONE-line errors that name the file, the line and the column.
import { describe, expect, test } from 'vitest';
import { parseCsv } from '../src/data/csv.js';
import { readCsvFile } from '../src/data/csv-file.js';
import { WasmpropError } from '../src/api/errors.js';

const fixture = (name: string): string => new URL(`./fixtures/csv/${name}`, import.meta.url).pathname;

async function message(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(WasmpropError);
    const m = (e as Error).message;
    expect(m.includes('\n'), `one line: ${m}`).toBe(false);
    return m;
  }
  throw new Error('expected an error');
}

describe('bad CSV files', () => {
  test('ragged row: file, line and the missing column', async () => {
    expect(await message(readCsvFile(fixture('ragged.csv')))).toBe(
      'ragged.csv line 4, column 3 ("label"): expected 3 fields per row (as in the header), got "2 fields"');
  });

  test('a row with too many fields names the first extra column', async () => {
    expect(await message(Promise.resolve().then(() => parseCsv('a,b\n1,2\n3,4,5\n', { file: 'wide.csv' })))).toBe(
      'wide.csv line 3, column 3: expected 2 fields per row (as in the header), got "3 fields"');
  });

  test('non-numeric feature: file, line, column number and name, the value', async () => {
    expect(await message(readCsvFile(fixture('non-numeric.csv')))).toBe(
      'non-numeric.csv line 3, column 2 ("b"): expected a finite number (feature column), got "oops"');
  });

  test('empty feature field', async () => {
    expect(await message(Promise.resolve().then(() => parseCsv('a,b,c\n1,,x\n', { file: 'gap.csv' })))).toBe(
      'gap.csv line 2, column 2 ("b"): expected a finite number (feature column), got ""');
  });

  test('empty file and header-only file', async () => {
    expect(await message(readCsvFile(fixture('empty.csv')))).toBe('empty.csv line 1: expected a header row and at least one data row, got "an empty file"');
    expect(await message(readCsvFile(fixture('header-only.csv')))).toBe('header-only.csv line 2: expected at least one data row after the header, got "only the header"');
  });

  test('missing target column names the column and lists those present', async () => {
    expect(await message(readCsvFile(fixture('flowers.csv'), { target: 'kind' }))).toBe(
      'flowers.csv line 1 (header): target column "kind": expected one of the columns "sepal length", "sepal width", "petal, length", "petal_width", "species", got "no such column"');
  });

  test('unclosed quote is reported with its line', async () => {
    const m = await message(Promise.resolve().then(() => parseCsv('a,b\n1,"2\n3,4\n', { file: 'quote.csv' })));
    expect(m).toBe('quote.csv line 2: expected valid CSV (a closing quote for the quoted field in column 2), got "the end of the file"');
  });

  test('text after a closing quote is reported with the line of its record', async () => {
    expect(await message(Promise.resolve().then(() => parseCsv('a,b\n1,2\n"3"x,4\n5,6\n', { file: 'q.csv' })))).toBe(
      'q.csv line 3: expected valid CSV (a delimiter or line end after a closing quote), got "text after the closing quote"');
  });

  test('an empty delimiter, or one with a quote or line end, is refused before reading', async () => {
    for (const d of ['', '"', '\n', ';\r']) {
      expect(await message(Promise.resolve().then(() => parseCsv('a;b\n1;2\n', { delimiter: d })))).toMatch(/^delimiter: expected a field delimiter such as , ; \| or \\t/);
      expect(await message(readCsvFile(fixture('flowers.csv'), { delimiter: d }))).toMatch(/^delimiter: expected a field delimiter/);
    }
  });

  test('a class label outside the model\'s classes', async () => {
    expect(await message(readCsvFile(fixture('flowers.csv'), { classes: ['setosa', 'versicolor'] }))).toBe(
      'flowers.csv line 6, column 5 ("species"): expected one of the model\'s classes "setosa", "versicolor", got "virginica"');
  });

  test('a missing file', async () => {
    expect(await message(readCsvFile(fixture('nope.csv')))).toMatch(/nope\.csv: expected a readable CSV file, got "no such file"$/);
  });
});

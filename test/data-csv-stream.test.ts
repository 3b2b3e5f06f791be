// The streamed CSV reader (readCsvFile: file chunks → papaparse on the stream → CsvBuilder):
// the same data set as parseCsv on the whole text, whatever the chunk boundaries and line ends;
// `maxRows` stops reading; the fast number path agrees with the documented grammar; bounds on
// classes; and memory: reading a ~30 MB numeric CSV grows the process by less than 3× the file.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { MAX_CSV_CLASSES, parseCsv, parseNumber } from '../src/data/csv.js';
import { LineEnds, readCsvFile } from '../src/data/csv-file.js';
import { Rng } from '../src/util/rng.js';
import { tempDir } from './helpers/temp-dir.js';

const tmp = (): string => tempDir('wasmprop-stream-');

async function throughLineEnds(chunks: Buffer[], piece?: number): Promise<string> {
  const t = new LineEnds(piece);
  const out: Buffer[] = [];
  t.on('data', (b: Buffer) => {
    if (piece !== undefined) expect(b.length).toBeLessThanOrEqual(piece);
    out.push(b);
  });
  const done = new Promise((resolve) => t.on('end', resolve));
  for (const c of chunks) t.write(c);
  t.end();
  await done;
  return Buffer.concat(out).toString('utf8');
}

describe('LineEnds', () => {
  test('CRLF and lone CR become LF at every chunk boundary (also inside multi-byte UTF-8), passed on in pieces of at most the given size', async () => {
    const text = 'a,b\r\n1,"x\r\ny"\r2,é\r\r\n\r\n3,ü€\r';
    const want = text.replace(/\r\n?/g, '\n');
    const bytes = Buffer.from(text, 'utf8');
    for (let k = 0; k <= bytes.length; k++) {
      expect(await throughLineEnds([bytes.subarray(0, k), bytes.subarray(k)]), `split at ${k}`).toBe(want);
    }
    expect(await throughLineEnds([...bytes].map((b) => Buffer.from([b])))).toBe(want);
    for (const piece of [1, 2, 5]) expect(await throughLineEnds([bytes.subarray(0, 9), bytes.subarray(9)], piece), `pieces of ${piece}`).toBe(want);
  });
});

describe('readCsvFile (streamed) equals parseCsv (whole text)', () => {
  test('a 2 MB file with CRLF line ends, a CRLF across the 1 MiB chunk boundary, quoted newlines, blank lines, a BOM', async () => {
    const rng = new Rng(3);
    const parts = ['\uFEFFid,"x, first",note,y\r\n'];
    let size = parts[0].length + 2; // the BOM is 3 bytes in UTF-8
    let r = 0;
    while (size < 2.2e6) {
      let line = `${r},${(rng.next() * 200 - 100).toFixed(r % 7)},${r % 97 === 0 ? '"two\r\nlines"' : `n${r % 5}`},${['a', 'b', 'c'][r % 3]}\r\n`;
      if (r % 1013 === 0) line += '\r\n   \r\n';
      // a filler row whose CRLF lies exactly across the first chunk boundary (CR last byte of chunk 1)
      if (size < 2 ** 20 && 2 ** 20 - size < 60) {
        const head = `${r},0,`;
        line = `${head}${'p'.repeat(2 ** 20 - size + 1 - head.length - 4)},a\r\n`;
      }
      parts.push(line);
      size += Buffer.byteLength(line);
      r++;
    }
    const text = parts.join('');
    const dir = tmp();
    writeFileSync(join(dir, 'big.csv'), text);
    expect(readFileSync(join(dir, 'big.csv'))[2 ** 20 - 1]).toBe(0x0d);
    const want = parseCsv(text, { file: 'big.csv', features: ['id', 'x, first'], target: 'y' });
    const got = await readCsvFile(join(dir, 'big.csv'), { features: ['id', 'x, first'], target: 'y' });
    expect(got.rows).toBe(r);
    expect(got.lines).toEqual(want.lines);
    expect(got.inputs).toEqual(want.inputs);
    expect(got.targets).toEqual(want.targets);
    expect(got.classes).toEqual(['a', 'b', 'c']);
    expect(got.columns).toEqual(['id', 'x, first', 'note', 'y']);
    const last = got.lines[got.rows - 1];
    expect(text.replace(/\r\n?/g, '\n').split('\n')[last - 1].startsWith(`${r - 1},`)).toBe(true);
  });

  test('errors carry the same line numbers', async () => {
    const text = 'a,b\r\n"q\r\nq",1\r\n\r\n2,x\r\n';
    const dir = tmp();
    writeFileSync(join(dir, 'e.csv'), text);
    expect(() => parseCsv(text, { file: 'e.csv', target: 'b' })).toThrow('e.csv line 2, column 1 ("a"): expected a finite number (feature column), got "q\\nq"');
    await expect(readCsvFile(join(dir, 'e.csv'), { target: 'b' })).rejects.toThrow('e.csv line 2, column 1 ("a"): expected a finite number (feature column), got "q\\nq"');
    const later = 'e.csv line 5, column 2 ("b"): expected a finite number (feature column), got "x"';
    expect(() => parseCsv(text, { file: 'e.csv', target: 'a', targetKind: 'number' })).toThrow(later);
    await expect(readCsvFile(join(dir, 'e.csv'), { target: 'a', targetKind: 'number' })).rejects.toThrow(later);
  });

  test('a quote never closed, many chunks into the file: the same error, naming the line of its record', async () => {
    const rows = Array.from({ length: 20_000 }, (_, r) => `${r},${r % 3 ? '"a, b"' : 'c'}\r\n`);
    const text = `x,label\r\n${rows.join('')}7,"open\r\n8,b\r\n`;
    const dir = tmp();
    writeFileSync(join(dir, 'open.csv'), text);
    const want = 'open.csv line 20002: expected valid CSV (a closing quote for the quoted field in column 2), got "the end of the file"';
    expect(() => parseCsv(text, { file: 'open.csv' })).toThrow(want);
    await expect(readCsvFile(join(dir, 'open.csv'))).rejects.toThrow(want);
  });
});

describe('maxRows', () => {
  test('reads the first n data rows only: a broken row after them is never parsed', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'm.csv'), 'x,y\n1,a\n2,b\n\n3,a\n4,"never closed\n5,b\n');
    const d = await readCsvFile(join(dir, 'm.csv'), { maxRows: 3 });
    expect(d.rows).toBe(3);
    expect(Array.from(d.inputs)).toEqual([1, 2, 3]);
    expect(d.lines).toEqual([2, 3, 5]);
    await expect(readCsvFile(join(dir, 'm.csv'))).rejects.toThrow(/m\.csv line \d+: expected valid CSV/);
    expect(parseCsv('x,y\n1,a\n2,b\n3,a\n', { maxRows: 2 }).rows).toBe(2);
  });
});

describe('parseNumber', () => {
  const GRAMMAR = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  const reference = (s: string): number => {
    const t = s.trim();
    const v = GRAMMAR.test(t) ? Number(t) : NaN;
    return Number.isFinite(v) ? v : NaN;
  };

  test('agrees bit for bit with the grammar + Number() on 200,000 seeded strings', () => {
    const rng = new Rng(11);
    const alphabet = '0123456789.eE+- \t\u00a0x';
    const cases = ['', ' ', '-0', '+0.', '.', '1e', '1e+', '9007199254740993', '123456789012345678901', '1e22', '1e23', '4.9e-324', '1.7976931348623157e308', '1e309', '0.1', '-.5e-3', '00012.50'];
    for (let k = 0; k < 100_000; k++) {
      let s = '';
      const n = 1 + Math.floor(rng.next() * 12);
      for (let j = 0; j < n; j++) s += alphabet[Math.floor(rng.next() * alphabet.length)];
      cases.push(s);
      cases.push(((rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 60 - 30)).toPrecision(1 + Math.floor(rng.next() * 17)));
    }
    let diffs = 0;
    for (const s of cases) if (!Object.is(parseNumber(s), reference(s))) diffs++;
    expect(diffs).toBe(0);
  });
});

describe('bounds', () => {
  test(`a categorical target with more than MAX_CSV_CLASSES (${MAX_CSV_CLASSES}) labels is refused`, () => {
    const text = 'x,label\n' + Array.from({ length: MAX_CSV_CLASSES + 1 }, (_, i) => `${i},c${i}`).join('\n') + '\n';
    expect(() => parseCsv(text, { file: 'many.csv' })).toThrow(`many.csv line ${MAX_CSV_CLASSES + 2}, column 2 ("label"): expected at most ${MAX_CSV_CLASSES} distinct class labels, got "more"`);
  });
});

describe('memory', () => {
  test('reading a ~30 MB numeric CSV grows the process by less than 3× the file size', () => {
    const dir = tmp();
    const file = join(dir, 'numeric.csv');
    const rng = new Rng(5);
    const lines = ['f0,f1,f2,f3,f4,f5,f6,f7,f8,f9,y'];
    let size = lines[0].length + 1;
    while (size < 30e6) {
      const row = Array.from({ length: 10 }, () => (rng.next() * 10 - 5).toFixed(6));
      row.push(rng.next().toFixed(4));
      const line = row.join(',');
      lines.push(line);
      size += line.length + 1;
    }
    writeFileSync(file, lines.join('\n') + '\n');
    lines.length = 0;
    const script = `
      const { readCsvFile } = await import(${JSON.stringify(new URL('../src/data/csv-file.ts', import.meta.url).href)});
      const before = process.memoryUsage().rss;
      const d = await readCsvFile(${JSON.stringify(file)});
      console.log(JSON.stringify({ rows: d.rows, growth: process.resourceUsage().maxRSS * 1024 - before }));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000, cwd: new URL('..', import.meta.url).pathname });
    expect(r.stderr).toBe('');
    const { rows, growth } = JSON.parse(r.stdout) as { rows: number; growth: number };
    expect(rows).toBeGreaterThan(250_000);
    expect(growth, `RSS growth ${(growth / 1e6).toFixed(0)} MB for a ${(size / 1e6).toFixed(0)} MB file`).toBeLessThan(3 * size);
  }, 120_000);
});

// CSV → Dataset (papaparse parses): quoted fields, headers, the target column, one-hot classes,
// numeric targets, no-header files and the model's feature/class order.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseCsv, parseNumber, sortClasses } from '../src/data/csv.js';
import { readCsvFile } from '../src/data/csv-file.js';

const fixture = (name: string): string => new URL(`./fixtures/csv/${name}`, import.meta.url).pathname;

describe('parseCsv', () => {
  test('quoted header names with commas, quoted labels, target defaults to the last column', async () => {
    const d = await readCsvFile(fixture('flowers.csv'));
    expect(d.name).toBe('flowers.csv');
    expect(d.featureNames).toEqual(['sepal length', 'sepal width', 'petal, length', 'petal_width']);
    expect(d.targetNames).toEqual(['species']);
    expect(d.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect([d.rows, d.inputSize, d.outputSize]).toEqual([6, 4, 3]);
    expect(Array.from(d.inputs.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(Array.from(d.targets)).toEqual([1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1]);
    expect(d.lines).toEqual([2, 3, 4, 5, 6, 7]);
  });

  test('a numeric target is kept as numbers', () => {
    const d = parseCsv(readFileSync(fixture('xor-numeric.csv'), 'utf8'));
    expect(d.classes).toBeUndefined();
    expect(Array.from(d.targets)).toEqual([0.1, 0.9, 0.9, 0.1]);
    expect(d.outputSize).toBe(1);
  });

  test('target by name or 1-based index; several numeric targets', () => {
    const text = 'a,b,c,d\n1,2,3,4\n5,6,7,8\n';
    expect(parseCsv(text, { target: 'b' }).featureNames).toEqual(['a', 'c', 'd']);
    expect(Array.from(parseCsv(text, { target: '1' }).targets)).toEqual([1, 5]);
    const two = parseCsv(text, { target: 'c,d' });
    expect(two.outputSize).toBe(2);
    expect(Array.from(two.targets)).toEqual([3, 4, 7, 8]);
    expect(Array.from(two.inputs)).toEqual([1, 2, 5, 6]);
  });

  test('numeric-looking labels become classes with targetKind "class", sorted numerically', () => {
    const d = parseCsv('x,digit\n0.5,10\n0.1,2\n0.7,9\n0.2,2\n', { targetKind: 'class' });
    expect(d.classes).toEqual(['2', '9', '10']);
    expect(Array.from(d.targets)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0]);
    expect(sortClasses(['b', 'a', 'B'])).toEqual(['B', 'a', 'b']);
  });

  test('embedded newlines, doubled quotes, CRLF line ends and a BOM', () => {
    const text = '\uFEFFname,"x ""quoted""",y\r\n"multi\r\nline",1,a\r\n\r\nplain,2,b\r\n';
    const d = parseCsv(text, { target: 'y', features: ['x "quoted"'] });
    expect(d.featureNames).toEqual(['x "quoted"']);
    expect(Array.from(d.inputs)).toEqual([1, 2]);
    expect(d.classes).toEqual(['a', 'b']);
    expect(d.lines).toEqual([2, 5]);
  });

  test('no header: columns are col1..colN, positional features', () => {
    const d = parseCsv('1,2,x\n3,4,y\n', { header: false });
    expect(d.featureNames).toEqual(['col1', 'col2']);
    expect(d.classes).toEqual(['x', 'y']);
    expect(d.lines).toEqual([1, 2]);
  });

  test("the model's feature order and classes are imposed; the target may be absent for prediction", async () => {
    const features = ['petal_width', 'sepal length', 'sepal width', 'petal, length'];
    const d = await readCsvFile(fixture('flowers.csv'), { features, classes: ['virginica', 'setosa', 'versicolor'] });
    expect(Array.from(d.inputs.subarray(0, 4))).toEqual([0.2, 5.1, 3.5, 1.4]);
    expect(Array.from(d.targets.subarray(0, 3))).toEqual([0, 1, 0]);
    const u = await readCsvFile(fixture('flowers-unlabelled.csv'), { features, target: 'species', requireTarget: false });
    expect(u.hasTargets).toBe(false);
    expect(u.rows).toBe(3);
    expect(u.targets.length).toBe(0);
  });

  test('parseNumber accepts decimal numbers only', () => {
    expect(['1', '-2.5', '.5', '1e-3', ' 7 ', '+3.'].map(parseNumber)).toEqual([1, -2.5, 0.5, 0.001, 7, 3]);
    for (const bad of ['', ' ', 'NaN', 'Infinity', '0x10', '1,5', '1e999', 'abc']) expect(parseNumber(bad), bad).toBeNaN();
  });
});

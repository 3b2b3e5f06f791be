// Exit codes 0 / 1 / 2 (ok / failed / usage) and one-line error messages of the CLI, in-process.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { tempDir } from './helpers/temp-dir.js';

const fixture = (name: string): string => new URL(`./fixtures/csv/${name}`, import.meta.url).pathname;

async function run(argv: string[], cwd?: string): Promise<{ code: number; out: string; err: string }> {
  const io = { ...memoryIo(), cwd };
  const code = await main(argv, io);
  return { code, out: io.text(), err: io.errors() };
}

describe('exit code 2: usage', () => {
  const cases: [string, string[], RegExp][] = [
    ['no command', [], /Usage: wasmprop/],
    ['unknown command', ['fit'], /unknown command 'fit'/],
    ['unknown option', ['train', '--dataset', 'xor', '--epoch', '3'], /unknown option '--epoch'/],
    ['bad integer', ['train', '--dataset', 'xor', '--epochs', '2.5'], /option '--epochs <n>' argument '2\.5' is invalid\. expected an integer ≥ 1, got "2\.5"/],
    ['bad fraction', ['train', '--dataset', 'iris', '--validation', '1.5'], /expected a fraction in \[0, 1\), got "1\.5"/],
    ['bad choice', ['train', '--dataset', 'cifar'], /argument 'cifar' is invalid\. Allowed choices are xor, circles, spiral, iris, digits/],
    ['bad activation', ['train', '--dataset', 'xor', '--activation', 'softmax'], /Allowed choices are sigmoid, tanh, relu, leaky-relu, linear/],
    ['bad schedule', ['train', '--dataset', 'xor', '--schedule', 'cosine'], /expected step:EVERY:FACTOR/],
    ['missing required option', ['eval', '--data', 'x.csv'], /required option '--model <model\.json>' not specified/],
    ['no data', ['train', '--layers', '4'], /--data FILE\.csv or --dataset NAME: expected exactly one of them, got "neither"/],
    ['both data sources', ['train', '--data', 'a.csv', '--dataset', 'xor'], /expected exactly one of them, got "both"/],
    ['trace --input without --model', ['trace', '--input', '1,2'], /--input\/--target: expected --model as well/],
  ];
  for (const [name, argv, message] of cases) {
    test(name, async () => {
      const r = await run(argv);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.out).toBe('');
    });
  }
});

describe('exit code 1: failed, with one line naming what and where', () => {
  test('a ragged CSV', async () => {
    const r = await run(['train', '--data', fixture('ragged.csv')]);
    expect(r.code).toBe(1);
    expect(r.err).toBe('wasmprop: ragged.csv line 4, column 3 ("label"): expected 3 fields per row (as in the header), got "2 fields"\n');
  });

  test('a non-numeric feature, an empty file, a missing target column', async () => {
    expect((await run(['train', '--data', fixture('non-numeric.csv')])).err).toBe('wasmprop: non-numeric.csv line 3, column 2 ("b"): expected a finite number (feature column), got "oops"\n');
    expect((await run(['train', '--data', fixture('empty.csv')])).err).toBe('wasmprop: empty.csv line 1: expected a header row and at least one data row, got "an empty file"\n');
    const t = await run(['train', '--data', fixture('flowers.csv'), '--target', 'colour']);
    expect(t.code).toBe(1);
    expect(t.err).toMatch(/^wasmprop: flowers\.csv line 1 \(header\): target column "colour": expected one of the columns .*\n$/);
  });

  test('model files: missing, wrong version, wrong shape — the file name leads the message', async () => {
    const dir = tempDir('wasmprop-cli-');
    expect((await run(['eval', '--model', 'nope.json', '--dataset', 'xor'], dir)).err).toBe('wasmprop: nope.json: expected a readable model file, got "no such file"\n');
    writeFileSync(join(dir, 'v2.json'), JSON.stringify({ format: 'wasmprop-model', version: 2 }));
    const v = await run(['export', '--model', 'v2.json', '--onnx', 'x.onnx'], dir);
    expect(v.code).toBe(1);
    expect(v.err).toBe('wasmprop: v2.json: model.version: expected 1 (the model file version this wasmprop reads), got 2\n');
    writeFileSync(join(dir, 'shape.json'), JSON.stringify({ format: 'wasmprop-network', version: 1, layers: [2, 1], alpha: 1, weights: [[[1]]], biases: [[0]] }));
    expect((await run(['predict', '--model', 'shape.json', '--dataset', 'xor'], dir)).err).toBe('wasmprop: shape.json: model.weights[0][0]: expected an array of 2 numbers, got an array of length 1\n');
  });

  test('a model whose inputs do not match the data', async () => {
    const dir = tempDir('wasmprop-cli-');
    expect((await run(['train', '--dataset', 'xor', '--epochs', '1', '--out', 'xor.json'], dir)).code).toBe(0);
    const r = await run(['eval', '--model', 'xor.json', '--dataset', 'iris'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe('wasmprop: iris: expected 2 feature columns (the inputs of xor.json), got "4 columns"\n');
  });

  test('unknown keys in a model file are a warning on stderr, not an error', async () => {
    const dir = tempDir('wasmprop-cli-');
    writeFileSync(join(dir, 'm.json'), '{"__proto__": {"x": 1}, "format": "wasmprop-network", "version": 1, "layers": [2, 1], "alpha": 1, "weights": [[[1, 2]]], "biases": [[0]], "note": "hi"}');
    const r = await run(['export', '--model', 'm.json', '--onnx', 'm.onnx'], dir);
    expect(r.code).toBe(0);
    expect(r.err).toBe('wasmprop: warning: m.json: ignored unknown keys model.__proto__, model.note\n');
  });
});

describe('exit code 0 and --json', () => {
  test('--help and --version', async () => {
    const h = await run(['train', '--help']);
    expect(h.code).toBe(0);
    expect(h.out).toContain('--optimizer <name>');
    expect(h.out).toContain('(default: 100)');
    const v = await run(['--version']);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  test('--json errors are a JSON object on stdout too', async () => {
    const r = await run(['train', '--data', fixture('ragged.csv'), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({ error: 'ragged.csv line 4, column 3 ("label"): expected 3 fields per row (as in the header), got "2 fields"', exitCode: 1 });
    const u = await run(['train', '--epochs', 'x', '--json']);
    expect(u.code).toBe(2);
    expect(JSON.parse(u.out)).toMatchObject({ exitCode: 2 });
  });

  test('not on a terminal: no progress bar, nothing on stderr', async () => {
    const r = await run(['train', '--dataset', 'xor', '--epochs', '50']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).not.toMatch(/\u001b\[|█|░/);
  });
});

// `wasmprop train` run in-process through main(argv, io): the JSON report, the model file and the
// SVG plot it writes, the Iris bar through the CLI, visible vanishing gradients in a deep sigmoid
// net, and pass-through of the engine's training options.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { parseModel } from '../src/model/format.js';
import { tempDir } from './helpers/temp-dir.js';

const fixture = (name: string): string => new URL(`./fixtures/csv/${name}`, import.meta.url).pathname;

async function run(argv: string[], cwd?: string): Promise<{ code: number; out: string; err: string }> {
  const io = { ...memoryIo(), cwd };
  const code = await main(argv, io);
  return { code, out: io.text(), err: io.errors() };
}

interface Report {
  stoppedBy: string;
  epochs: number;
  final: { loss: number; accuracy?: number; validationLoss?: number; validationAccuracy?: number };
  data: { trainingRows: number; validationRows: number };
  network: { layers: number[]; outputActivation: string; loss: string; normalization: string };
  history: { epoch: number; loss: number; learningRate: number; validationLoss?: number; layers: { gradRms: number; saturation: number }[] }[];
}

describe('wasmprop train', () => {
  test('iris with the default network and --json: ≥ 95% on the 30% validation split, a loadable model file and an SVG plot', async () => {
    const dir = tempDir('wasmprop-cli-');
    const r = await run(['train', '--dataset', 'iris', '--epochs', '100', '--validation', '0.3', '--seed', '1', '--out', 'iris.json', '--plot', 'iris.svg', '--json'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    const rep = JSON.parse(r.out) as Report;
    expect(rep.data).toMatchObject({ trainingRows: 105, validationRows: 45 });
    expect(rep.network).toMatchObject({ layers: [4, 16, 3], outputActivation: 'softmax', loss: 'cross-entropy', normalization: 'zscore' });
    expect(rep.history).toHaveLength(100);
    expect(rep.final.validationAccuracy, `validation accuracy ${rep.final.validationAccuracy}`).toBeGreaterThanOrEqual(0.95);

    const model = parseModel(readFileSync(join(dir, 'iris.json'), 'utf8'));
    expect(model.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(model.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(model.network.normalization?.kind).toBe('zscore');
    expect(model.training).toMatchObject({ data: 'iris', epochs: 100, optimizer: 'sgd', validationAccuracy: rep.final.validationAccuracy });

    const svg = readFileSync(join(dir, 'iris.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['loss', 'validation loss', 'saturated units per layer', 'RMS of the weight gradient', 'layer 1', 'layer 2']) expect(svg).toContain(text);
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThan(10);
  });

  test('human output: the configuration, an epoch table with per-layer gradient RMS and saturation, the result', async () => {
    const r = await run(['train', '--data', fixture('flowers.csv'), '--layers', '3', '--epochs', '4']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('wasmprop train: flowers.csv (6 rows, 4 features → 3 classes: setosa, versicolor, virginica)');
    expect(r.out).toContain('network: 4-3-3, hidden sigmoid, output softmax, loss cross-entropy, zscore normalization, 27 parameters');
    expect(r.out).toMatch(/ epoch +loss +acc +lr +samples\/s +L1 grad-rms +L1 sat +L2 grad-rms +L2 sat/);
    expect(r.out.match(/^ +[1-4] +\d\.\d{5} /gm)).toHaveLength(4);
    expect(r.out).toContain('stopped by epochs after 4 epochs');
  });

  test('a deep sigmoid net shows the vanishing gradient: layer 1 RMS ≪ output layer RMS, in the table too', async () => {
    const r = await run(['train', '--dataset', 'spiral', '--layers', '16,16,16,16,16', '--epochs', '3', '--lr', '0.5', '--json']);
    const rep = JSON.parse(r.out) as Report;
    for (const h of rep.history) {
      const rms = h.layers.map((l) => l.gradRms);
      expect(rms).toHaveLength(6);
      expect(rms[0] * 100, `epoch ${h.epoch}: ${rms.join(' ')}`).toBeLessThan(rms[5]);
      for (let l = 0; l + 1 < rms.length; l++) expect(rms[l], `epoch ${h.epoch} layer ${l + 1} vs ${l + 2}`).toBeLessThan(rms[l + 1]);
    }
    const big = await run(['train', '--dataset', 'spiral', '--layers', '16,16,16', '--init-range', '4', '--epochs', '2', '--json']);
    const sat = (JSON.parse(big.out) as Report).history[0].layers.map((l) => l.saturation);
    expect(Math.max(...sat.slice(0, 3)), `saturation with ±4 initial weights: ${sat.join(' ')}`).toBeGreaterThan(0.2);
  });

  test('a numeric target in [0, 1]: sigmoid output, SSE, no accuracy', async () => {
    const r = await run(['train', '--data', fixture('xor-numeric.csv'), '--layers', '4', '--epochs', '3', '--json']);
    const rep = JSON.parse(r.out) as Report;
    expect(rep.network).toMatchObject({ outputActivation: 'sigmoid', loss: 'sse', normalization: 'none' });
    expect(rep.final.accuracy).toBeUndefined();
    expect(rep.data.validationRows).toBe(0);
  });

  test('engine options pass through: schedule, error threshold, patience, no shuffle', async () => {
    const step = JSON.parse((await run(['train', '--dataset', 'circles', '--epochs', '25', '--schedule', 'step:10:0.5', '--lr', '0.2', '--no-shuffle', '--json'])).out) as Report;
    expect(step.history.map((h) => h.learningRate).filter((_, i) => i % 10 === 0)).toEqual([0.2, 0.1, 0.05]);
    const thr = JSON.parse((await run(['train', '--dataset', 'iris', '--epochs', '500', '--error-threshold', '0.3', '--json'])).out) as Report;
    expect(thr.stoppedBy).toBe('errorThreshold');
    expect(thr.epochs).toBeLessThan(500);
    expect(thr.history[thr.history.length - 1].loss).toBeLessThanOrEqual(0.3);
    const pat = JSON.parse((await run(['train', '--dataset', 'spiral', '--epochs', '3000', '--patience', '2', '--lr', '2', '--json'])).out) as Report;
    expect(pat.stoppedBy).toBe('patience');
  });
});

describe('wasmprop train --threads', () => {
  test('2 threads and auto train the model 1 thread does, bit for bit; bad counts are usage errors', async () => {
    const dir = tempDir('wasmprop-cli-threads-');
    const args = ['train', '--dataset', 'iris', '--layers', '40', '--batch', '8', '--epochs', '3', '--seed', '3', '--json'];
    const model = async (threads: string): Promise<unknown> => {
      const r = await run([...args, '--threads', threads, '--out', `m${threads}.json`], dir);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const rep = JSON.parse(r.out) as { network: { backend: { threads: number } } };
      expect(rep.network.backend.threads).toEqual(threads === 'auto' ? expect.any(Number) : Number(threads));
      return parseModel(readFileSync(join(dir, `m${threads}.json`), 'utf8')).network;
    };
    const one = await model('1');
    expect(await model('2')).toEqual(one);
    expect(await model('auto')).toEqual(one);
    for (const bad of ['0', '257', '1.5', 'two']) {
      const r = await run([...args, '--threads', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.err).toMatch(/--threads/);
      expect(r.err).toContain(`expected a whole number from 1 to 256, or auto, got "${bad}"`);
    }
  });
});

// `wasmprop trace`: the worked 2-2-2 example's numbers (from the engine), the factor columns (TS
// arithmetic) multiplying to the engine's gradient, and traces of saved models with other
// activations and losses.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { traceStep, type TraceReport } from '../src/cli/trace.js';
import { Network, type NetworkOptions } from '../src/api/network.js';
import { Predictor } from '../src/model/predictor.js';
import { serializeModel } from '../src/model/format.js';
import { computeNormalization } from '../src/data/normalize.js';
import { expectClose, ONE_PASS } from './helpers/tolerance.js';
import { tempDir } from './helpers/temp-dir.js';

async function run(argv: string[], cwd?: string): Promise<{ code: number; out: string; err: string }> {
  const io = { ...memoryIo(), cwd };
  const code = await main(argv, io);
  return { code, out: io.text(), err: io.errors() };
}

/** The chain-rule factors multiply to the engine's gradient; the update is w − lr·gradient. */
function checkFactors(r: TraceReport): void {
  for (const w of r.weights) {
    const what = `${w.name} (${w.from}→${w.to})`;
    expectClose(`${what}: ∂E/∂net·∂net/∂w vs the engine's ∂E/∂w`, [w.product], [w.gradient], ONE_PASS);
    if (w.dEdOut !== null && w.doutDnet !== null) expectClose(`${what}: ∂E/∂out·∂out/∂net vs ∂E/∂net`, [w.dEdOut * w.doutDnet], [w.dEdNet], ONE_PASS);
    expectClose(`${what}: engine's new weight vs w − lr·∂E/∂w`, [w.updated], [w.weight - r.learningRate * w.gradient], ONE_PASS);
  }
  expectClose('E from the TS forward pass vs the engine', [r.lossBeforeTs], [r.lossBefore], ONE_PASS);
}

describe('wasmprop trace: the worked 2-2-2 example', () => {
  for (const backend of ['wasm', 'ts'] as const) {
    test(`${backend}: the tutorial's step (w5..w8, w1..w4, the losses)`, async () => {
      const r = await traceStep({ backend });
      const updated = Object.fromEntries(r.weights.map((w) => [w.name, w.updated]));
      const want: Record<string, number> = {
        w5: 0.35891648, w6: 0.40866619, w7: 0.51130127, w8: 0.56137012,
        w1: 0.14978072, w2: 0.19956143, w3: 0.24975114, w4: 0.29950229,
      };
      for (const [name, v] of Object.entries(want)) expect(Math.abs(updated[name] - v), `${name}: ${updated[name]} vs ${v}`).toBeLessThan(5e-9);
      expect(Math.abs(r.lossBefore - 0.298371109)).toBeLessThan(5e-10);
      expect(Math.abs(r.lossAfter - 0.29102777)).toBeLessThan(5e-9);
      expect(Math.abs(r.lossAfterStale! - 0.291027924)).toBeLessThan(5e-10);
      expect(r.trainBias).toBe(false);
      expect(r.biases.map((b) => b.updated)).toEqual([0.35, 0.35, 0.6, 0.6]);
      const h1 = r.units[0][0];
      expect([h1.name, h1.net]).toEqual(['h1', 0.3775]);
      expect(Math.abs(h1.out - 0.593269992)).toBeLessThan(5e-10);
      checkFactors(r);
    });
  }

  test('the text shows nets, outs, the factor columns, the check and the note on the tutorial', async () => {
    const r = await run(['trace']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('h1    0.15·0.05 + 0.2·0.1 + 0.35');
    expect(r.out).toMatch(/o1 .* 1\.10590597 +0\.75136507/);
    expect(r.out).toContain('E = ½(0.01 − 0.75136507)² + ½(0.99 − 0.772928465)² = 0.298371109');
    expect(r.out).toMatch(/w5 +h1→o1 +0\.74136507 +0\.186815602 +0\.593269992 +0\.0821670406 +0\.4 +0\.35891648/);
    expect(r.out).toMatch(/w1 +i1→h1 +0\.0363503064 +0\.241300709 +0\.05 +0\.000438567734 +0\.15 +0\.149780716/);
    expect(r.out).toContain('After the step: E = 0.291027774 (was 0.298371109)');
    expect(r.out).toContain('The tutorial prints 0.291027924 because it computed the hidden-layer');
    expect(r.out).toMatch(/check: the factor columns multiply to the engine's ∂E\/∂w \(largest relative difference \d\.\de[-+]\d+\)/);
  });

  test('--json carries every number', async () => {
    const rep = JSON.parse((await run(['trace', '--json'])).out) as TraceReport & { command: string };
    expect(rep.command).toBe('trace');
    expect(rep.weights).toHaveLength(8);
    expect(rep.weights[0]).toMatchObject({ name: 'w1', from: 'i1', to: 'h1', weight: 0.15, dnetDw: 0.05 });
  });
});

describe('wasmprop trace --model', () => {
  const models: [string, NetworkOptions, number[], number[]][] = [
    ['tanh → softmax, cross-entropy, z-score', {
      layers: [3, { units: 4, activation: 'tanh' }, { units: 3, activation: 'softmax' }], loss: 'cross-entropy',
      normalization: computeNormalization('zscore', Float64Array.from([1, 2, 3, 2, 0, 5, 4, 1, 1]), 3, 3),
    }, [1.5, 0.2, 2], [0, 0, 1]],
    ['relu → leaky-relu → sigmoid, binary cross-entropy, alpha 2', {
      layers: [2, { units: 3, activation: 'relu' }, { units: 3, activation: 'leaky-relu' }, { units: 2, activation: 'sigmoid' }], loss: 'cross-entropy', alpha: 2, leakySlope: 0.1,
    }, [0.7, -0.4], [1, 0]],
    ['sigmoid → softmax with SSE (the softmax Jacobian)', { layers: [2, 3, { units: 3, activation: 'softmax' }] }, [0.3, 0.9], [0, 1, 0]],
    ['linear output, SSE', { layers: [2, { units: 2, activation: 'tanh' }, { units: 1, activation: 'linear' }] }, [1, -1], [3.5]],
  ];
  for (const [name, options, input, target] of models) {
    test(`${name}: the factors multiply to the engine's gradients; biases trained`, async () => {
      const net = await Network.create({ ...options, seed: 4 });
      const dir = tempDir('wasmprop-trace-');
      writeFileSync(join(dir, 'm.json'), serializeModel(new Predictor(net).toModel()));
      net.dispose();
      const r = await run(['trace', '--model', 'm.json', '--input', input.join(','), '--target', target.join(','), '--lr', '0.1', '--json'], dir);
      expect(r.code, r.err).toBe(0);
      const rep = JSON.parse(r.out) as TraceReport;
      expect(rep.trainBias).toBe(true);
      checkFactors(rep);
      for (const b of rep.biases) expectClose(`${b.name} update`, [b.updated], [b.bias - 0.1 * b.gradient], ONE_PASS);
      const text = await run(['trace', '--model', 'm.json', '--input', input.join(','), '--target', target.join(',')], dir);
      expect(text.out).toContain('After the step: E = ');
      expect(text.out).not.toContain('The tutorial prints');
    });
  }
});

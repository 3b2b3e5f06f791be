// The golden cases (test/fixtures/mlp-cases.json) trained through the Network API with every WASM
// kernel family of the registry — scalar, SIMD128 (the blocked defaults) and relaxed SIMD where the
// runtime validates it — compared with expect.trainedWeights/trainedBiases at the TRAINED tolerance.
// This is what proves the driver's default variants (src/registry.ts DEFAULTS) right end to end.
// Not here: per-kernel shape sweeps (kernels-variants.test.ts).
import { describe, it, expect } from 'vitest';
import { Network } from '../src/index.js';
import { hasSimd, hasRelaxedSimd } from '../src/backend/index.js';
import { DEFAULTS, type KernelFamily } from '../src/backend/registry.js';
import { golden } from './helpers/golden.js';
import { expectClose, TRAINED } from './helpers/tolerance.js';

const FAMILIES: { family: KernelFamily; isa: string; available: () => boolean; why: string }[] = [
  { family: 'scalar', isa: 'scalar', available: () => true, why: '' },
  { family: 'simd', isa: 'simd128', available: hasSimd, why: 'no WebAssembly SIMD128 in this runtime' },
  { family: 'relaxed', isa: 'relaxed-simd', available: hasRelaxedSimd, why: 'no relaxed SIMD in this runtime (Node 20: vitest --execArgv=--experimental-wasm-relaxed-simd)' },
];

for (const { family, isa, available, why } of FAMILIES) {
  describe(`golden cases with kernel '${family}' (${Object.values(DEFAULTS[family]).join(', ')})`, () => {
    if (!available()) {
      it(`kernel '${family}' is refused here: the probe returns false`, async () => {
        console.warn(`kernels-golden: kernel '${family}' not tested: ${why}.`);
        await expect(Network.create({ layers: [2, 2], kernel: family })).rejects.toThrow(/kernel/);
      });
      return;
    }
    for (const c of golden.cases) {
      it(`${c.name}: ${c.epochs} epochs of batches of ${c.batchSize}`, async () => {
        const net = await Network.create({ layers: c.layers, alpha: c.alpha, kernel: family });
        expect(net.backendInfo).toEqual({ backend: 'wasm', isa, threads: 1, dtype: 'f64' });
        net.setParameters({ weights: c.weights, biases: c.biases });
        const r = net.train({ inputs: c.inputs, targets: c.targets }, {
          learningRate: c.learningRate, epochs: c.epochs, batchSize: c.batchSize, trainBias: c.trainBias, finalError: true,
        });
        const tag = `kernel ${family} ${c.name}`;
        const p = net.getParameters();
        expectClose(`${tag} trainedWeights`, p.weights, c.expect.trainedWeights, TRAINED);
        expectClose(`${tag} trainedBiases`, p.biases, c.expect.trainedBiases, TRAINED);
        expectClose(`${tag} finalLoss`, r.error, c.expect.finalLoss, TRAINED);
        net.dispose();
      });
    }
  });
}

// The driver's dispatch and the registry's DEFAULTS say the same thing: for each kernel family, the
// forward product the driver computes inside a network (runBatch of a linear layer) has the bits of
// the variant DEFAULTS (SMALL_BATCH_DEFAULTS for B < 4; scalar below SMALL_CALL) names for that shape,
// called directly. Reordered variants sum in different orders, so a driver calling another variant
// would give other bits somewhere (checked: at least one other variant differs on these shapes).
import { describe, it, expect } from 'vitest';
import { Network, Rng, loadBackend, hasSimd, hasRelaxedSimd } from '../src/index.js';
import { DEFAULTS, KERNELS, SMALL_BATCH, SMALL_BATCH_DEFAULTS, SMALL_CALL } from '../src/backend/registry.js';
import type { KernelFamily } from '../src/api/types.js';

const available: Record<KernelFamily, boolean> = { scalar: true, simd: hasSimd(), relaxed: hasRelaxedSimd() };
const SHAPES: [number, number, number][] = [[1, 37, 9], [2, 16, 5], [3, 33, 7], [4, 31, 6], [7, 64, 10], [13, 19, 3], [1, 2, 2]];

function chosen(family: KernelFamily, B: number, IN: number, OUT: number): string {
  if (B * IN * OUT < SMALL_CALL) return 'dense_fwd_f64__scalar';
  return (B < SMALL_BATCH ? SMALL_BATCH_DEFAULTS[family]?.dense_fwd_f64 : undefined) ?? DEFAULTS[family].dense_fwd_f64;
}

for (const family of Object.keys(available) as KernelFamily[]) {
  if (!available[family]) {
    console.warn(`kernels-dispatch: the ${family} family is not run here (its probe returns false; the relaxed-simd vitest project runs it)`);
    continue;
  }
  describe(`the '${family}' driver dispatches the forward product as DEFAULTS says`, () => {
    it('bit for bit against the named variant on every shape; another variant differs somewhere', async () => {
      const backend = await loadBackend({ kernel: family });
      const rng = new Rng(41);
      let otherDiffers = false;
      for (const [B, IN, OUT] of SHAPES) {
        const net = await Network.create({ layers: [IN, { units: OUT, activation: 'linear' }], kernel: family });
        const w = Float64Array.from({ length: OUT * IN }, () => rng.uniform(1));
        const b = Float64Array.from({ length: OUT }, () => rng.uniform(1));
        net.setParameters({ weights: [w], biases: [b] });
        const x = Float64Array.from({ length: B * IN }, () => rng.uniform(1));
        const viaDriver = net.runBatch(x);
        const direct = (name: string): Float64Array => {
          const a = backend.allocator;
          const [py, px, pw, pb] = [B * OUT, B * IN, OUT * IN, OUT].map((n) => a.alloc(n * 8));
          try {
            const f = backend.views.f64;
            f.set(x, px >> 3);
            f.set(w, pw >> 3);
            f.set(b, pb >> 3);
            f.fill(NaN, py >> 3, (py >> 3) + B * OUT);
            backend.kernels[name](py, px, pw, pb, B, IN, OUT);
            return backend.views.f64.slice(py >> 3, (py >> 3) + B * OUT);
          } finally {
            for (const p of [py, px, pw, pb]) a.free(p);
          }
        };
        const name = chosen(family, B, IN, OUT);
        expect(Array.from(viaDriver), `${family} B=${B} IN=${IN} OUT=${OUT}: driver vs ${name}`).toEqual(Array.from(direct(name)));
        for (const k of KERNELS.filter((v) => v.op === 'dense_fwd_f64' && v.name !== name && backend.kernels[v.name])) {
          if (direct(k.name).some((v, i) => !Object.is(v, viaDriver[i]))) otherDiffers = true;
        }
        net.dispose();
      }
      if (family !== 'scalar') expect(otherDiffers, 'some other forward variant gives other bits on these shapes').toBe(true);
    });
  });
}

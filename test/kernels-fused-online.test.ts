// The online-training chain (assembly/driver.ts trainOnline, src/backend/ts-driver.ts): each row's
// layer-0 step is dense_sgd_update_fwd, which also computes the next row's layer-0 net input. That is
// only right if it gives the very bits the unfused path gives, so per family: the fused kernel equals
// dense_sgd_update then the family's B = 1 forward, bit for bit (with the bias buffer aliased as the
// driver passes it); the B < 4 forward (SMALL_BATCH_DEFAULTS) equals the blocked forward bit for bit;
// and whole networks trained online, in order and shuffled, equal the unfused gradient step.
// Not here: shape sweeps against the TS twins (kernels-variants.test.ts).
import { describe, it, expect, beforeAll } from 'vitest';
import { DEFAULTS, SMALL_BATCH, SMALL_BATCH_DEFAULTS, SMALL_CALL, type KernelFamily } from '../src/backend/registry.js';
import { instantiateWasm, hasSimd, hasRelaxedSimd, type RawExports } from '../src/backend/wasm-loader.js';
import { Allocator, MemoryViews } from '../src/backend/memory.js';
import { Network, Rng } from '../src/index.js';
import { ENGINES } from './helpers/golden.js';
import { randomRows } from './helpers/random.js';

type Fn = (...a: number[]) => unknown;

/** (IN, OUT) around the fused kernel's 2 rows × 4 inputs and the forward's 4 outputs × 4 inputs, SMALL_CALL, and W3's layer 0. */
const SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 17];
const SHAPES: [number, number][] = [
  ...SIZES.flatMap((IN) => SIZES.map((OUT): [number, number] => [IN, OUT])),
  [784, 128], [785, 127], [6, 9], [9, 5], [31, 33],
];

const FAMILIES: { family: KernelFamily; binary: KernelFamily; available: () => boolean }[] = [
  { family: 'scalar', binary: 'scalar', available: () => true },
  { family: 'simd', binary: 'simd', available: hasSimd },
  // Node 20 validates relaxed SIMD only with --experimental-wasm-relaxed-simd: the 'relaxed-simd'
  // vitest project (vitest.config.ts) runs this file with it
  { family: 'relaxed', binary: 'relaxed', available: hasRelaxedSimd },
];

/** The variant the family's driver calls for `op` on a call of `work` multiply-adds with B rows. */
function chosen(family: KernelFamily, op: string, work: number, B: number): string {
  if (work < SMALL_CALL) return `${op}__scalar`;
  return (B < SMALL_BATCH ? SMALL_BATCH_DEFAULTS[family]?.[op] : undefined) ?? DEFAULTS[family][op];
}

for (const { family, binary, available } of FAMILIES) {
  if (!available()) {
    console.warn(`kernels-fused-online: the ${family} family is not run here: the ${binary} probe returns false (the relaxed-simd vitest project runs it)`);
    continue;
  }
  describe(`online chain in the '${family}' family`, () => {
    let fn: (name: string) => Fn;
    let views: MemoryViews;
    let alloc: Allocator;
    beforeAll(async () => {
      const ex: RawExports = await instantiateWasm(binary);
      fn = (name) => {
        expect(typeof ex[name], `${binary} exports ${name}`).toBe('function');
        return ex[name] as Fn;
      };
      views = new MemoryViews(ex.memory);
      alloc = new Allocator(ex.memory, (ex.heap_base as () => number)());
    });

    it('dense_sgd_update_fwd equals dense_sgd_update then the B = 1 forward, bit for bit', () => {
      const rng = new Rng(23);
      for (const [IN, OUT] of SHAPES) {
        const fusedName = chosen(family, 'dense_sgd_update_fwd_f64', IN * OUT, 1);
        const fused = fn(fusedName);
        const update = fn(chosen(family, 'dense_sgd_update_f64', IN * OUT, 1));
        const forward = fn(chosen(family, 'dense_fwd_f64', IN * OUT, 1));
        for (const trainBias of [true, false]) {
          const lens = { w: IN * OUT, b: OUT, dy: OUT, x: IN, xn: IN, y: OUT };
          const A = Object.fromEntries(Object.entries(lens).map(([k, n]) => [k, alloc.alloc(n * 8)])) as Record<keyof typeof lens, number>;
          const U = Object.fromEntries(Object.entries(lens).map(([k, n]) => [k, alloc.alloc(n * 8)])) as Record<keyof typeof lens, number>;
          try {
            const f = views.f64;
            for (const [k, n] of Object.entries(lens) as [keyof typeof lens, number][]) {
              for (let e = 0; e < n; e++) {
                const v = k === 'y' ? NaN : rng.uniform(1);
                f[(A[k] >> 3) + e] = v;
                f[(U[k] >> 3) + e] = v;
              }
            }
            // as the driver calls it: the updated bias is also the bias the forward adds (or is fixed)
            fused(A.y, A.w, trainBias ? A.b : 0, A.dy, A.x, A.xn, A.b, 0.37, IN, OUT);
            update(U.w, trainBias ? U.b : 0, U.dy, U.x, 0.37, IN, OUT);
            forward(U.y, U.xn, U.w, U.b, 1, IN, OUT);
            const g = views.f64;
            for (const k of ['y', 'w', 'b'] as const) {
              for (let e = 0; e < lens[k]; e++) {
                const got = g[(A[k] >> 3) + e];
                const want = g[(U[k] >> 3) + e];
                if (!Object.is(got, want)) {
                  throw new Error(`${fusedName} IN=${IN} OUT=${OUT} trainBias=${trainBias}: ${k}[${e}] = ${got}, unfused ${want} (must be bit-identical)`);
                }
              }
            }
          } finally {
            for (const p of [...Object.values(A), ...Object.values(U)]) alloc.free(p);
          }
        }
      }
    });

    it('the B < 4 forward gives the same bits as the blocked SIMD128 forward', () => {
      const small = SMALL_BATCH_DEFAULTS[family]?.dense_fwd_f64;
      if (!small) {
        expect(DEFAULTS[family].dense_fwd_f64).toBeDefined(); // one forward for every B in this family
        return;
      }
      // the relaxed family's blocked forward fuses (relaxed_madd); its B < 4 forward is SIMD128's mv4,
      // exact against SIMD128's blocked forward like the SIMD family's
      const blocked = family === 'relaxed' ? DEFAULTS.simd.dense_fwd_f64 : DEFAULTS[family].dense_fwd_f64;
      const a = fn(small);
      const b = fn(blocked);
      const rng = new Rng(29);
      for (const B of [1, 2, 3, 5, 6, 7]) {
        for (const [IN, OUT] of SHAPES) {
          const px = alloc.alloc(B * IN * 8), pw = alloc.alloc(IN * OUT * 8), pb = alloc.alloc(OUT * 8);
          const ya = alloc.alloc(B * OUT * 8), yb = alloc.alloc(B * OUT * 8);
          try {
            const f = views.f64;
            for (let e = 0; e < B * IN; e++) f[(px >> 3) + e] = rng.uniform(1);
            for (let e = 0; e < IN * OUT; e++) f[(pw >> 3) + e] = rng.uniform(1);
            for (let e = 0; e < OUT; e++) f[(pb >> 3) + e] = rng.uniform(1);
            f.fill(NaN, ya >> 3, (ya >> 3) + B * OUT);
            f.fill(NaN, yb >> 3, (yb >> 3) + B * OUT);
            a(ya, px, pw, pb, B, IN, OUT);
            b(yb, px, pw, pb, B, IN, OUT);
            const g = views.f64;
            for (let e = 0; e < B * OUT; e++) {
              if (!Object.is(g[(ya >> 3) + e], g[(yb >> 3) + e])) {
                throw new Error(`${small} vs ${blocked} B=${B} IN=${IN} OUT=${OUT}: y[${e}] = ${g[(ya >> 3) + e]} vs ${g[(yb >> 3) + e]} (must be bit-identical)`);
              }
            }
          } finally {
            for (const p of [px, pw, pb, ya, yb]) alloc.free(p);
          }
        }
      }
    });
  });
}

describe('chained online SGD through the Network API', () => {
  // diagnostics need the gradient block, so those runs take the unfused step (no chain)
  const NETS: { layers: (number | { units: number; activation: 'tanh' })[]; rows: number }[] = [
    { layers: [7, 5, 3], rows: 11 },                                   // odd IN: the scalar tail
    { layers: [33, 17, { units: 4, activation: 'tanh' }, 2], rows: 9 }, // odd OUT: the single-row tail
    { layers: [9, 4], rows: 6 },                                        // one layer: layer 0 is the output
    { layers: [2, 2, 2], rows: 4 },                                     // under SMALL_CALL: scalar kernels
  ];
  const engines = [...ENGINES, ...(hasRelaxedSimd() ? [{ label: 'wasm-relaxed', opts: { backend: 'wasm' as const, kernel: 'relaxed' as const } }] : [])];
  it.each(engines)('$label: in order and shuffled, bit-identical to the unfused step', async ({ opts }) => {
    const rng = new Rng(31);
    for (const { layers, rows } of NETS) {
      const IN = layers[0] as number;
      const OUT = (x => (typeof x === 'number' ? x : x.units))(layers[layers.length - 1]);
      const data = { inputs: randomRows(rng, rows, IN), targets: randomRows(rng, rows, OUT, 0.5, 0.5) };
      for (const shuffle of [false, true]) {
        for (const trainBias of [true, false]) {
          const chained = await Network.create({ layers, seed: 4, ...opts });
          const plain = await Network.create({ layers, seed: 4, ...opts });
          const o = { epochs: 3, learningRate: 0.4, trainBias, shuffle, seed: 8, recordLoss: 'exact' as const };
          const rc = chained.train(data, o);
          const rp = plain.train(data, { ...o, diagnostics: true });
          const tag = `${JSON.stringify(layers)} shuffle=${shuffle} trainBias=${trainBias}`;
          expect(chained.getParametersFlat(), tag).toEqual(plain.getParametersFlat());
          expect(rc.lossPerEpoch, tag).toEqual(rp.lossPerEpoch);
          chained.dispose();
          plain.dispose();
        }
      }
    }
  });
});

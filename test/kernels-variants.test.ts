// Every kernel variant of the registry (src/registry.ts) in every binary that exports it, against
// its pure-TS twin (getTsBackend()), over shape sweeps around the vector width and the unroll/tile
// factors. Outputs are pre-filled with NaN so an unwritten element shows; accumulated buffers are
// pre-filled with random values so `+=` semantics are checked. Variants documented as keeping the
// scalar order ('exact') must match the twin bit for bit, and so must the buffers an op marks
// `exact` in 'reordered' variants (the update half of dense_sgd_update_fwd). f32 ops (OpSpec.dtype)
// run on 4-byte elements with the f32 tolerances of helpers/tolerance.ts: 'libm' (the f32 exp and
// sigmoid against V8's exp rounded) in ulps, 'reordered'/'fused' as F32_SIMD/F32_RELAXED.
// Not here: timing (bench/kernels.ts), whole networks (kernels-golden.test.ts).
import { describe, it, expect, beforeAll } from 'vitest';
import { OPS, KERNELS, FAMILIES, binaryHas, type KernelVariant, type OpSpec, type Shape } from '../src/backend/registry.js';
import { getTsBackend } from '../src/backend/index.js';
import { instantiateWasm, hasSimd, hasRelaxedSimd, type RawExports } from '../src/backend/wasm-loader.js';
import type { KernelFamily } from '../src/api/types.js';
import { Allocator, MemoryViews } from '../src/backend/memory.js';
import { Rng } from '../src/util/rng.js';
import { ONE_PASS, SIMD, RELAXED, F32_SIMD, F32_RELAXED, F32_LIBM_ULP, ulpDistance, type Tol } from './helpers/tolerance.js';

/** Dense shapes: every (B, IN, OUT) from SMALL³ (1, 2, 3, tile±1, multiples), then larger odd/even ones. */
const SMALL = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17];
const LARGE: [number, number, number][] = [
  [33, 127, 65], [3, 300, 7], [64, 299, 31], [5, 784, 129], [129, 31, 300], [1, 784, 128], [2, 301, 257], [32, 128, 10],
];
const DENSE_SHAPES: Shape[] = [
  ...SMALL.flatMap((B) => SMALL.flatMap((IN) => SMALL.map((OUT) => ({ B, IN, OUT })))),
  ...LARGE.map(([B, IN, OUT]) => ({ B, IN, OUT })),
];
/** Vector lengths: 0, 1…17, then around multiples of 8 (the widest unroll) and a few large odd ones. */
const VECTOR_SHAPES: Shape[] = [
  ...Array.from({ length: 18 }, (_, n) => ({ n })),
  ...[31, 32, 33, 63, 64, 65, 299, 1000, 1001, 4097].map((n) => ({ n })),
];

function shapesOf(op: OpSpec): Shape[] {
  return op.dims.includes('n') ? VECTOR_SHAPES : DENSE_SHAPES;
}

function tolOf(k: KernelVariant, op: OpSpec): Tol {
  if (op.dtype === 'f32') return k.rounding === 'fused' ? F32_RELAXED : F32_SIMD; // 'libm' is checked in ulps
  return k.rounding === 'fused' ? RELAXED : k.rounding === 'reordered' ? SIMD : ONE_PASS; // 'libm' too
}

/** The element view of an op's buffers and its element size. */
function elems(views: MemoryViews, op: OpSpec): { f: Float64Array | Float32Array; shift: number } {
  return op.dtype === 'f32' ? { f: views.f32, shift: 2 } : { f: views.f64, shift: 3 };
}

const fmt = (s: Shape): string => Object.entries(s).map(([d, v]) => `${d}=${v}`).join(' ');

/** One side of a comparison: a memory, an allocator in it, and the kernel functions. */
interface Side {
  views: MemoryViews;
  alloc: Allocator;
  fn(name: string): ((...a: number[]) => unknown) | undefined;
}

function wasmSide(exports: RawExports): Side {
  const base = (exports.heap_base as () => number)();
  return {
    views: new MemoryViews(exports.memory),
    alloc: new Allocator(exports.memory, base),
    fn: (name) => (typeof exports[name] === 'function' ? (exports[name] as (...a: number[]) => unknown) : undefined),
  };
}

function tsSide(): Side {
  const b = getTsBackend();
  return { views: b.views, alloc: b.allocator, fn: (name) => b.kernels[name] as ((...a: number[]) => unknown) | undefined };
}

/**
 * Runs `kernel` on `wasm` and the op's twin on `ts` for one shape with identical inputs and checks
 * every output/accumulated buffer. `withNullable`: pass the nullable buffers (else 0).
 */
function checkOne(k: KernelVariant, op: OpSpec, s: Shape, wasm: Side, ts: Side, rng: Rng, withNullable: boolean): void {
  const kf = wasm.fn(k.name)!;
  const tf = ts.fn(op.twin)!;
  const tol = tolOf(k, op);
  const bytes = op.dtype === 'f32' ? 4 : 8;
  // allocate everything first (allocation may grow memory and detach views)
  const bufs = op.args.map((a) => (a.kind === 'out' || a.kind === 'acc' || a.kind === 'in' ? Math.max(1, a.len(s)) : 0));
  const wp = bufs.map((n) => (n ? wasm.alloc.alloc(n * bytes) : 0));
  const tp = bufs.map((n) => (n ? ts.alloc.alloc(n * bytes) : 0));
  try {
    const { f: wf, shift } = elems(wasm.views, op);
    const tfv = elems(ts.views, op).f;
    // the f32 exp gets inputs over its whole range, not only [−1, 1]
    const scale = op.op === 'exp_f32' ? 90 : 1;
    const wargs: number[] = [];
    const targs: number[] = [];
    op.args.forEach((a, j) => {
      if (a.kind === 'dim') {
        wargs.push(s[a.name] ?? 0);
        targs.push(s[a.name] ?? 0);
      } else if (a.kind === 'f64') {
        wargs.push(a.value);
        targs.push(a.value);
      } else {
        const n = a.len(s);
        for (let e = 0; e < n; e++) {
          const v = a.kind === 'out' ? NaN : rng.uniform(scale);
          wf[(wp[j] >> shift) + e] = v;
          tfv[(tp[j] >> shift) + e] = v;
        }
        const skip = a.kind === 'acc' && a.nullable && !withNullable;
        wargs.push(skip ? 0 : wp[j]);
        targs.push(skip ? 0 : tp[j]);
      }
    });
    kf(...wargs);
    tf(...targs);
    const wf2 = elems(wasm.views, op).f;
    const tf2 = elems(ts.views, op).f;
    op.args.forEach((a, j) => {
      if (a.kind !== 'out' && a.kind !== 'acc') return;
      const n = a.len(s);
      for (let e = 0; e < n; e++) {
        const got = wf2[(wp[j] >> shift) + e];
        const want = tf2[(tp[j] >> shift) + e];
        const where = `${k.name} (${k.rounding}) ${fmt(s)}${a.kind === 'acc' && a.nullable ? (withNullable ? ` with ${a.name}` : ` ${a.name}=0`) : ''}: ${a.name}[${e}] of ${n}`;
        const exact = k.rounding === 'exact' || (k.rounding === 'reordered' && a.kind === 'acc' && a.exact === true);
        if (op.dtype === 'f32' && k.rounding === 'libm') {
          const d = ulpDistance(got, want);
          if (!(d <= F32_LIBM_ULP)) throw new Error(`${where}: got ${got}, expected ${want}, ${d} ulp apart > ${F32_LIBM_ULP} ulp`);
        } else if (exact) {
          if (!Object.is(got, want)) throw new Error(`${where}: got ${got}, expected bit-identical ${want} (rounding '${k.rounding}'${k.rounding === 'exact' ? '' : `, ${a.name} exact`})`);
        } else if (Number.isNaN(want) || Number.isNaN(got) || Math.abs(got - want) > tol.atol + tol.rtol * Math.abs(want)) {
          throw new Error(`${where}: got ${got}, expected ${want}, |diff| ${Math.abs(got - want).toExponential(3)} > atol ${tol.atol} + rtol ${tol.rtol}·|e|`);
        }
      }
    });
  } finally {
    for (const p of wp) if (p) wasm.alloc.free(p);
    for (const p of tp) if (p) ts.alloc.free(p);
  }
}

const BINARIES: { binary: KernelFamily; available: () => boolean; why: string }[] = [
  { binary: 'scalar', available: () => true, why: '' },
  { binary: 'simd', available: hasSimd, why: 'this runtime does not validate WebAssembly SIMD128' },
  { binary: 'relaxed', available: hasRelaxedSimd, why: 'this runtime does not validate relaxed SIMD (Node 20: node --experimental-wasm-relaxed-simd)' },
];

describe('registry', () => {
  it('every variant belongs to a registered op and is named op__isa[_strategy]', () => {
    for (const k of KERNELS) {
      expect(OPS[k.op], `${k.name}: op ${k.op} is registered`).toBeDefined();
      expect(k.name.startsWith(`${k.op}__`), `${k.name} starts with ${k.op}__`).toBe(true);
      const isa = k.name.slice(k.op.length + 2).split('_')[0];
      expect({ scalar: 'scalar', simd128: 'simd128', relaxed: 'relaxed-simd' }[isa], `${k.name}: isa token ${isa} matches feature ${k.feature}`).toBe(k.feature);
    }
    expect(new Set(KERNELS.map((k) => k.name)).size).toBe(KERNELS.length);
  });

  it('every op has a scalar reference and a TS twin', () => {
    const ts = getTsBackend();
    for (const op of Object.values(OPS)) {
      expect(KERNELS.some((k) => k.op === op.op && k.feature === 'scalar'), `${op.op} has a scalar variant`).toBe(true);
      expect(typeof ts.kernels[op.twin], `twin ${op.twin}`).toBe('function');
    }
  });
});

for (const { binary, available, why } of BINARIES) {
  if (!available()) {
    // left out of this run, with the reason printed (the relaxed-simd vitest project runs them)
    console.warn(`kernels-variants: ${binary} variants not run here: ${why}.`);
    continue;
  }
  describe(`kernels in build/wasmprop.${binary}.wasm`, () => {
    let wasm: Side;
    let exports: RawExports;
    const ts = tsSide();
    beforeAll(async () => {
      exports = await instantiateWasm(binary);
      wasm = wasmSide(exports);
    });

    it('exports exactly the registry variants its features allow', () => {
      for (const k of KERNELS) {
        expect(typeof exports[k.name], `${binary} ${binaryHas(binary, k.feature) ? 'exports' : 'does not export'} ${k.name}`)
          .toBe(binaryHas(binary, k.feature) ? 'function' : 'undefined');
      }
      expect(FAMILIES[binary].features.length).toBeGreaterThan(0);
    });

    for (const k of KERNELS.filter((v) => binaryHas(binary, v.feature))) {
      const op = OPS[k.op];
      const shapes = shapesOf(op);
      const nullable = op.args.some((a) => a.kind === 'acc' && a.nullable);
      it(`${k.name} matches ${op.twin} on ${shapes.length} shapes${nullable ? ' (with and without the nullable buffer)' : ''}`, () => {
        const rng = new Rng(7);
        for (const s of shapes) {
          checkOne(k, op, s, wasm, ts, rng, true);
          if (nullable) checkOne(k, op, s, wasm, ts, rng, false);
        }
      });
    }
  });
}

// Kernel benchmarks, driven by the registry (src/registry.ts): every variant of every op the loaded
// binary exports, on a size sweep (the shapes of W3/W3-online/W4 and 128×784×512), with the
// `benchmark` package. Each variant is first checked against the op's TS twin on the bench shape
// (bit-identical for 'exact' variants, 1e-12 for 'reordered', 1e-10 for 'fused'; f32 ops 1e-5
// relative + 1e-4 for 'reordered'/'fused' and 3 ulp for 'libm' — the values of test/helpers/tolerance.ts)
// and is not timed when it disagrees. f32 ops (OpSpec.dtype) run on 4-byte elements.
// Reports GFLOP/s (2·B·IN·OUT per dense call) or G elements/s (vector ops) from benchmark's mean,
// with its relative margin of error (rme, 95 %) and sample count.
// Run as a child of bench/run.ts (`KERNELS {json}` on stdout); standalone: npx tsx bench/kernels.ts [--quick].
import Benchmark from 'benchmark';
import { OPS, KERNELS, FAMILIES, type KernelVariant, type OpSpec, type Shape } from '../src/backend/registry.js';
import { getTsBackend } from '../src/backend/index.js';
import { instantiateWasm, hasSimd, hasRelaxedSimd, type RawExports } from '../src/backend/wasm-loader.js';
import type { KernelFamily } from '../src/api/types.js';
import { Allocator, MemoryViews } from '../src/backend/memory.js';
import { Rng } from '../src/util/rng.js';

/** One variant on one shape. */
export interface KernelResult {
  name: string;
  op: string;
  feature: string;
  shape: Shape;
  status: 'ok' | 'failed';
  note?: string;
  /** Mean seconds per call (benchmark's `stats.mean`). */
  seconds?: number;
  /** Relative margin of error of the mean at 95 %, in percent (benchmark's `stats.rme`). */
  rme?: number;
  /** Median seconds per call over the samples. */
  median?: number;
  /** GFLOP/s (dense ops) or G elements/s (vector ops), from the mean. */
  rate?: number;
  unit: 'GFLOP/s' | 'Gelem/s';
  /** Samples benchmark took (each the mean of a calibrated cycle of calls). */
  samples?: number;
}

/** Shapes per op kind. */
export function kernelShapes(quick: boolean): { dense: Shape[]; vector: Shape[] } {
  const dense: [number, number, number][] = quick
    ? [[1, 784, 128], [32, 784, 128], [128, 784, 512]]
    : [[1, 784, 128], [32, 784, 128], [32, 128, 10], [128, 784, 512], [128, 512, 512], [128, 512, 10]];
  const vector = quick ? [101_770] : [101_770, 669_706];
  return { dense: dense.map(([B, IN, OUT]) => ({ B, IN, OUT })), vector: vector.map((n) => ({ n })) };
}

const TOL = { exact: 0, reordered: 1e-12, fused: 1e-10, libm: 1e-12 } as const;
/** f32 ops: atol = 1e-4 with rtol = 1e-5 for reordered/fused sums; libm (exp, sigmoid) ≤ 3 ulp ≈ 3.6e-7 relative. */
const TOL_F32 = { exact: 0, reordered: 1e-5, fused: 1e-5, libm: 3.6e-7 } as const;
const ATOL_F32 = { exact: 0, reordered: 1e-4, fused: 1e-4, libm: 1e-45 } as const;

/** The element view and byte shift of an op's buffers. */
function elems(v: MemoryViews, op: OpSpec): { f: Float64Array | Float32Array; sh: number } {
  return op.dtype === 'f32' ? { f: v.f32, sh: 2 } : { f: v.f64, sh: 3 };
}

interface Buffers {
  wasm: number[];
  ts: number[];
}

/** Runs the kernel suite on `binary`; `log` gets one line per result. */
export function runKernelSuite(exports: RawExports, binary: KernelFamily, quick: boolean, log: (s: string) => void): KernelResult[] {
  const views = new MemoryViews(exports.memory);
  const alloc = new Allocator(exports.memory, (exports.heap_base as () => number)());
  const ts = getTsBackend();
  const features = FAMILIES[binary].features as readonly string[];
  const shapes = kernelShapes(quick);
  const out: KernelResult[] = [];
  for (const op of Object.values(OPS) as OpSpec[]) {
    const variants = KERNELS.filter((k) => k.op === op.op && features.includes(k.feature));
    // ops without a batch dimension (the online-SGD updates) run once per (IN, OUT)
    const list: Shape[] = op.dims.includes('n') ? shapes.vector : op.dims.includes('B') ? shapes.dense
      : [...new Map(shapes.dense.map((s): [string, Shape] => [`${s.IN}×${s.OUT}`, { IN: s.IN, OUT: s.OUT }])).values()];
    for (const s of list) {
      // inputs once per (op, shape), identical on both sides; the twin runs once
      const lens = op.args.map((a) => (a.kind === 'out' || a.kind === 'acc' || a.kind === 'in' ? Math.max(1, a.len(s)) : 0));
      const eb = op.dtype === 'f32' ? 4 : 8;
      const bufs: Buffers = { wasm: lens.map((n) => (n ? alloc.alloc(n * eb) : 0)), ts: lens.map((n) => (n ? ts.allocator.alloc(n * eb) : 0)) };
      const rng = new Rng(11);
      const initial = lens.map((n) => Float64Array.from({ length: n }, () => rng.uniform(1)));
      const load = (): void => {
        const { f, sh } = elems(views, op);
        op.args.forEach((a, j) => {
          if (!lens[j]) return;
          f.set(a.kind === 'out' ? initial[j].map(() => NaN) : initial[j], bufs.wasm[j] >> sh);
        });
      };
      const args = (side: 'wasm' | 'ts'): number[] => op.args.map((a, j) =>
        a.kind === 'dim' ? (s[a.name] ?? 0) : a.kind === 'f64' ? a.value : bufs[side][j]);
      {
        const { f, sh } = elems(ts.views, op);
        op.args.forEach((a, j) => { if (lens[j]) f.set(a.kind === 'out' ? initial[j].map(() => NaN) : initial[j], bufs.ts[j] >> sh); });
        (ts.kernels[op.twin] as (...a: number[]) => unknown)(...args('ts'));
      }
      const unit = op.dims.includes('n') ? 'Gelem/s' : 'GFLOP/s';
      const work = op.dims.includes('n') ? (s.n ?? 0) : op.flops(s);
      for (const k of variants) {
        const fn = exports[k.name] as (...a: number[]) => unknown;
        const shapeStr = op.dims.map((d) => `${d}=${s[d]}`).join(' ');
        const bad = verify(k, op, s, fn, load, args('wasm'), bufs, lens, views, ts.views);
        if (bad) {
          out.push({ name: k.name, op: op.op, feature: k.feature, shape: s, status: 'failed', note: bad, unit });
          log(`  ${k.name.padEnd(36)} ${shapeStr.padEnd(20)} NOT TIMED: ${bad}`);
          continue;
        }
        load();
        const a = args('wasm');
        // accumulating kernels keep adding into their buffers while timed; with inputs in [−1, 1]
        // and lr 0.37 the values stay finite over any realistic number of calls.
        const bench = new Benchmark(k.name, () => { fn(...a); }, { minTime: quick ? 0.01 : 0.05, maxTime: quick ? 0.08 : 0.5, minSamples: quick ? 3 : 5 });
        bench.run();
        const { mean, rme, sample } = bench.stats;
        const sorted = [...sample].sort((p, q) => p - q);
        const rate = work / mean / 1e9;
        out.push({ name: k.name, op: op.op, feature: k.feature, shape: s, status: 'ok', seconds: mean, rme, median: sorted[sorted.length >> 1], rate, unit, samples: sample.length });
        log(`  ${k.name.padEnd(36)} ${shapeStr.padEnd(20)} ${rate.toFixed(2).padStart(7)} ${unit} ±${rme.toFixed(1)}%  (mean of ${sample.length} samples)`);
      }
      bufs.wasm.forEach((p) => p && alloc.free(p));
      bufs.ts.forEach((p) => p && ts.allocator.free(p));
    }
  }
  return out;
}

/** Runs a variant once on fresh inputs and compares every written buffer with the twin's; returns a message when it disagrees. */
function verify(k: KernelVariant, op: OpSpec, s: Shape, fn: (...a: number[]) => unknown, load: () => void, args: number[],
  bufs: Buffers, lens: number[], wv: MemoryViews, tv: MemoryViews): string | undefined {
  load();
  fn(...args);
  const f32 = op.dtype === 'f32';
  const tol = (f32 ? TOL_F32 : TOL)[k.rounding];
  const atol = f32 ? ATOL_F32[k.rounding] : tol;
  const { f: wf, sh } = elems(wv, op);
  const tf = elems(tv, op).f;
  for (let j = 0; j < op.args.length; j++) {
    const a = op.args[j];
    if (a.kind !== 'out' && a.kind !== 'acc') continue;
    // buffers an op marks `exact` must be bit-identical in 'reordered' variants too
    const t = a.kind === 'acc' && a.exact && k.rounding === 'reordered' ? 0 : tol;
    const at = t === 0 ? 0 : atol;
    for (let e = 0; e < a.len(s); e++) {
      const got = wf[(bufs.wasm[j] >> sh) + e];
      const want = tf[(bufs.ts[j] >> sh) + e];
      const ok = t === 0 ? Object.is(got, want) : Math.abs(got - want) <= at + t * Math.abs(want);
      if (!ok) return `${a.name}[${e}] = ${got}, twin ${want} (${k.rounding}${t === 0 && tol !== 0 ? `, ${a.name} exact` : ''}, tol ${t})`;
    }
  }
  void lens;
  return undefined;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const binary: KernelFamily = hasRelaxedSimd() ? 'relaxed' : hasSimd() ? 'simd' : 'scalar';
  const notes: string[] = [];
  if (binary !== 'relaxed') notes.push('relaxed SIMD does not validate in this runtime: relaxed variants not benchmarked');
  for (const n of notes) console.error(`kernels: ${n}`);
  const exports = await instantiateWasm(binary);
  const results = runKernelSuite(exports, binary, quick, (l) => console.error(l));
  process.stdout.write(`KERNELS ${JSON.stringify({ binary, notes, results })}\n`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '\0')) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

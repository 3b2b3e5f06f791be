// The float32 tables of the bench report (issue 12): each f32 column against the f64 column of the
// same kernel family, against TF.js's WASM backend (float32 too) and against OpenBLAS sgemm (the
// float32 limit, 1 thread and all threads), the verification losses side by side, and the f32 / f64
// ratio of each family's dense-product kernels on the kernel sweep's shapes.
// Pure formatting of what bench/run.ts measured; report.ts places these tables.
// Not here: running anything.
import { DEFAULTS } from '../src/backend/registry.js';
import type { KernelResult } from './kernels.js';
import type { ChildResult } from './types.js';
import type { Workload } from './workloads.js';

const fmt = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`);

/** f32 vs f64 per family, vs TF.js wasm and vs OpenBLAS sgemm, per workload; verification losses of simd f32 and f64. */
export function f32Table(list: readonly Workload[], results: readonly ChildResult[], blasThreads = 'all'): string[] {
  const get = (s: string, w: string): ChildResult | undefined => results.find((r) => r.system === s && r.workload === w);
  const rate = (s: string, w: string): number | undefined => (get(s, w)?.status === 'ok' ? get(s, w)?.perSecond : undefined);
  if (!results.some((r) => r.system.endsWith('-f32'))) return [];
  const md = ['float32 (issue 12): each f32 column against the f64 column of the same kernel family, against TF.js wasm (float32), against OpenBLAS sgemm (the float32 limit; below 1× wasmprop is that much slower), and the verification loss of simd f32 against simd f64:', ''];
  md.push(`| workload | scalar f32/f64 | simd f32/f64 | relaxed f32/f64 | simd f32 vs TF.js wasm | relaxed f32 vs TF.js wasm | simd f32 vs sgemm 1 thread | relaxed f32 vs sgemm 1 thread | relaxed f32 vs sgemm ${blasThreads} threads | loss simd f32 | loss simd f64 | relative |`);
  md.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const w of list) {
    const a = get('wasm-simd-f32', w.id)?.verify?.after;
    const b = get('wasm-simd', w.id)?.verify?.after;
    const rel = a !== undefined && b !== undefined ? (Math.abs(a - b) / b).toExponential(2) : '—';
    md.push(`| ${w.id} | ${fmt(rate('wasm-scalar-f32', w.id), rate('wasm-scalar', w.id))} | ${fmt(rate('wasm-simd-f32', w.id), rate('wasm-simd', w.id))} | ${fmt(rate('wasm-relaxed-f32', w.id), rate('wasm-relaxed', w.id))} | ${fmt(rate('wasm-simd-f32', w.id), rate('tfjs-wasm', w.id))} | ${fmt(rate('wasm-relaxed-f32', w.id), rate('tfjs-wasm', w.id))} | ${fmt(rate('wasm-simd-f32', w.id), rate('openblas-f32-1t', w.id))} | ${fmt(rate('wasm-relaxed-f32', w.id), rate('openblas-f32-1t', w.id))} | ${fmt(rate('wasm-relaxed-f32', w.id), rate('openblas-f32-mt', w.id))} | ${a?.toPrecision(8) ?? '—'} | ${b?.toPrecision(8) ?? '—'} | ${rel} |`);
  }
  md.push('', 'Goals: dense products f32 ≥ 1.8× f64 of the same family at 128×784×512 (kernel table below); W3, W4 f32 ≥ 1.7× f64; W1, W2 f32 not slower; W3 f32 ≥ 10× TF.js wasm, W3-online ≥ 50×; W3 f32 loss within 1e-4 relative of f64.', '');
  return md;
}

/** Per family and dense op: the f32 default's rate over the f64 default's, at every shape both ran. */
export function f32KernelRatios(results: readonly KernelResult[]): string[] {
  const ok = results.filter((r) => r.status === 'ok');
  if (!ok.some((r) => r.op.endsWith('_f32'))) return [];
  const shapes = [...new Set(ok.filter((r) => r.op === 'dense_fwd_f32').map((r) => JSON.stringify(r.shape)))];
  const md = ['f32 / f64 kernel rate of each family\'s default variant (same op, same shape):', ''];
  md.push(`| family · op | ${shapes.map((s) => Object.values(JSON.parse(s) as Record<string, number>).join('×')).join(' | ')} |`);
  md.push(`| --- | ${shapes.map(() => '---:').join(' | ')} |`);
  for (const [family, d] of Object.entries(DEFAULTS)) {
    for (const op of ['dense_fwd', 'dense_bwd_data', 'dense_bwd_weight']) {
      const cell = (s: string): string => {
        const f32 = ok.find((r) => r.name === d[`${op}_f32`] && JSON.stringify(r.shape) === s);
        const f64 = ok.find((r) => r.name === d[`${op}_f64`] && JSON.stringify(r.shape) === s);
        return fmt(f32?.rate, f64?.rate);
      };
      if (!ok.some((r) => r.name === d[`${op}_f32`])) continue;
      md.push(`| ${family} · ${op} | ${shapes.map(cell).join(' | ')} |`);
    }
  }
  md.push('');
  return md;
}

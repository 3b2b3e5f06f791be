// The markdown report of `npm run bench`: the throughput table, the goals of issue 4, wasmprop
// against the native baselines (C -march=native, OpenBLAS), default options against the fastest,
// peak memory, the kernel tables and the notices. Pure formatting of results bench/run.ts measured.
// Not here: measuring anything (bench/run.ts, bench/child.ts, bench/native-build.ts).
import { paramCount, type Workload } from './workloads.js';
import type { ChildResult } from './types.js';
import type { KernelResult } from './kernels.js';
import type { SpeedRatio } from './chart.js';
import { DEFAULTS, SMALL_BATCH_DEFAULTS } from '../src/backend/registry.js';
import { sideBySideMarkdown, type BrowserBenchResult } from './browser/index.js';
import { f32KernelRatios, f32Table } from './report-f32.js';
import { pairedMarkdown, type PairedRates } from './paired.js';
import { coldMarkdown, type ColdResult } from './cold.js';
import type { CoreShare } from './latency.js';

/** A column of the throughput table. */
export interface Column {
  id: string;
  label: string;
}

/** Everything one report is made of. */
export interface ReportInput {
  env: Record<string, unknown> & { date: string; mode: string; cpu: string; arch: string; node: string; v8: string; asc: string; cc: string; brain: string; tfjs: string; threads?: number; pinning?: string };
  quick: boolean;
  budget: number;
  list: Workload[];
  columns: Column[];
  results: ChildResult[];
  rss: Record<string, number | undefined>;
  kernels?: { binary: string; notes: string[]; results: KernelResult[] };
  browser?: BrowserBenchResult;
  /** The goal ratios timed in alternation (bench/paired.ts). */
  paired?: { rounds: number; rates: PairedRates; roundTrip?: number[]; cores?: (CoreShare[] | undefined)[] };
  /** Fresh processes on the built package (bench/cold.ts). */
  cold?: ColdResult[];
  notices: string[];
  seconds: number;
}

/** The systems speed ratios are taken against: the issue's plain-TS baseline, and wasmprop's TS twin. */
export const PLAIN_TS = 'plain-ts';
export const TS_TWIN = 'ts';

/** A throughput in the table's short form (12.3 M, 45.6 k, 789). */
export function fmtRate(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)} M`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(1)} k`;
  if (v >= 100) return Math.round(v).toLocaleString('en-US');
  return v.toPrecision(3);
}

const fmtRatio = (a: number | undefined, b: number | undefined): string =>
  a === undefined || b === undefined || !(b > 0) ? '—' : `${(a / b).toFixed(2)}×`;

const ratio = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined || !(b > 0) ? undefined : a / b;

/** Looks results up by system and workload. */
function lookup(results: ChildResult[]): { get: (s: string, w: string) => ChildResult | undefined; rate: (s: string, w: string) => number | undefined } {
  const get = (s: string, w: string): ChildResult | undefined => results.find((r) => r.system === s && r.workload === w);
  return { get, rate: (s, w) => { const r = get(s, w); return r?.status === 'ok' ? r.perSecond : undefined; } };
}

/** ratios[workload][system]: against plain TS and against the TS twin (in the JSON and on the chart). */
export function speedRatios(list: Workload[], columns: Column[], results: ChildResult[]): Record<string, Record<string, SpeedRatio>> {
  const { rate } = lookup(results);
  const out: Record<string, Record<string, SpeedRatio>> = {};
  for (const w of list) {
    out[w.id] = {};
    for (const c of columns) {
      const v = rate(c.id, w.id);
      if (v !== undefined) out[w.id][c.id] = { vsPlainTs: ratio(v, rate(PLAIN_TS, w.id)), vsTsTwin: ratio(v, rate(TS_TWIN, w.id)) };
    }
  }
  return out;
}

function throughputTable(r: ReportInput): string[] {
  const { get, rate } = lookup(r.results);
  const md = [`| workload | ${r.columns.map((c) => c.label).join(' | ')} |`, `| --- | ${r.columns.map(() => '---:').join(' | ')} |`];
  for (const w of r.list) {
    const cells = r.columns.map((c) => {
      const x = get(c.id, w.id);
      if (!x) return '—';
      if (x.status === 'unsupported') return x.note === 'online only' ? 'online only' : 'n/a';
      if (x.status === 'failed') return 'FAILED';
      const prefix = x.timed && (x.timed.epochs * x.timed.rows < w.full.epochs * w.full.rows) ? '¹' : '';
      return `${fmtRate(x.perSecond)}${prefix}`;
    });
    md.push(`| ${w.id} ${w.unit}/s | ${cells.join(' | ')} |`);
    if (w.flops) {
      const P = paramCount(w.layers);
      md.push(`| ${w.id} GFLOP/s | ${r.columns.map((c) => { const v = rate(c.id, w.id); return v === undefined ? '—' : (6 * P * v / 1e9).toFixed(2); }).join(' | ')} |`);
    }
  }
  md.push('', '¹ timed on a prefix of the workload (the whole did not fit the time budget); per-sample cost does not depend on position.', '');
  return md;
}

function goalsTable(r: ReportInput): string[] {
  const { rate } = lookup(r.results);
  const relaxed = r.columns.some((c) => c.id === 'wasm-relaxed');
  const md = [`Goals (issue 4) for \`wasm-simd\`, what \`kernel: 'auto'\` picks in Node 20 (where relaxed SIMD validates — Chromium, Node ≥ 22 — 'auto' picks relaxed)${relaxed ? '; relaxed beside it' : ''}:`, ''];
  md.push('| workload | vs C SSE2 | vs C -march=native | vs plain TS | vs TS twin | vs brain.js | vs TF.js wasm | relaxed vs C SSE2 |');
  md.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const w of r.list) {
    const s = rate('wasm-simd', w.id);
    md.push(`| ${w.id} | ${fmtRatio(s, rate('c-sse2', w.id))} | ${fmtRatio(s, rate('c-native', w.id))} | ${fmtRatio(s, rate(PLAIN_TS, w.id))} | ${fmtRatio(s, rate(TS_TWIN, w.id))} | ${fmtRatio(s, rate('brain', w.id))} | ${fmtRatio(s, rate('tfjs-wasm', w.id))} | ${fmtRatio(rate('wasm-relaxed', w.id), rate('c-sse2', w.id))} |`);
  }
  md.push('', 'Targets: W1, W2 ≥ 0.8× C SSE2 and ≥ 5× brain.js; W3, W4 ≥ 10× plain TS, ≥ 3× TF.js wasm, ≥ 0.7× C SSE2. "vs TS twin" is against wasmprop\'s own optimized TS backend, a stronger baseline.', '');
  return md;
}

/** wasmprop against the native ceiling (C -march=native, OpenBLAS), and default options against the fastest. */
function nativeTable(r: ReportInput): string[] {
  const { rate } = lookup(r.results);
  const blasThreads = r.columns.find((c) => c.id === 'openblas-mt')?.label.match(/(\d+) threads/)?.[1] ?? 'all';
  const md = ['wasmprop against the native baselines (a ratio below 1× means wasmprop is that much slower), and what users call — `train` with default options — against the fastest options:', ''];
  md.push(`| workload | simd vs C -march=native | relaxed vs C -march=native | simd vs OpenBLAS 1 thread | relaxed vs OpenBLAS 1 thread | relaxed vs OpenBLAS ${blasThreads} threads | default options vs simd fastest |`);
  md.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const w of r.list) {
    const s = rate('wasm-simd', w.id);
    const x = rate('wasm-relaxed', w.id);
    md.push(`| ${w.id} | ${fmtRatio(s, rate('c-native', w.id))} | ${fmtRatio(x, rate('c-native', w.id))} | ${fmtRatio(s, rate('openblas-1t', w.id))} | ${fmtRatio(x, rate('openblas-1t', w.id))} | ${fmtRatio(x, rate('openblas-mt', w.id))} | ${fmtRatio(rate('wasm-default', w.id), s)} |`);
  }
  md.push('');
  return md;
}

/** Per [1-thread system, all-threads system] pair: both rates and the speed-up, as table cells. */
function speedupCells(rate: (s: string, w: string) => number | undefined, pairs: string[][], w: string): string[] {
  return pairs.flatMap(([one, all]) => {
    const a = rate(one, w);
    const b = rate(all, w);
    return [fmtRate(a), fmtRate(b), fmtRatio(b, a)];
  });
}

/** The threads axis: each workload on one thread and on all of them (threads: 'auto'), with the speed-up, OpenBLAS beside it. */
function threadsTable(r: ReportInput): string[] {
  const { rate } = lookup(r.results);
  if (!r.columns.some((c) => c.id.endsWith('-mt') && c.id.startsWith('wasm'))) return [];
  const n = r.env.threads;
  const rt = r.env.crossCoreRoundTripUs;
  const latency = typeof rt === 'number' && Number.isFinite(rt) ? `; cross-core round trip at the start of the run ${rt.toFixed(2)} µs (bench/latency.ts)` : '';
  const md = [`Threads (${n} logical cores; 'all threads' = \`threads: 'auto'\`; results are bit-identical for every thread count, so only the speed differs; on a machine shared with other work, the speed-ups are noisy${latency}):`, ''];
  md.push(`| workload | simd 1 thread | simd ${n} threads | speed-up | relaxed 1 thread | relaxed ${n} threads | speed-up | simd f32 1 thread | simd f32 ${n} threads | speed-up | OpenBLAS 1 thread | OpenBLAS ${n} threads | speed-up |`);
  md.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const pairs = [['wasm-simd', 'wasm-simd-mt'], ['wasm-relaxed', 'wasm-relaxed-mt'], ['wasm-simd-f32', 'wasm-simd-f32-mt'], ['openblas-1t', 'openblas-mt']];
  for (const w of r.list) md.push(`| ${w.id} | ${speedupCells(rate, pairs, w.id).join(' | ')} |`);
  const browser = r.browser && !r.browser.skipped ? lookup(r.browser.results) : undefined;
  if (browser && ['wasm-simd-mt', 'wasm-simd-f32-mt'].some((s) => r.list.some((w) => browser.rate(`chromium:${s}`, w.id) !== undefined))) {
    md.push('', `Chromium (the same cells in headless Chromium, cross-origin isolated, each in a module worker — as \`trainInWorker\` trains: a page's main thread may not block in Atomics.wait):`, '');
    md.push(`| workload | simd 1 thread | simd ${n} threads | speed-up | simd f32 1 thread | simd f32 ${n} threads | speed-up |`, '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    const inWorkers = [['wasm-simd-worker', 'wasm-simd-mt'], ['wasm-simd-f32-worker', 'wasm-simd-f32-mt']].map((p) => p.map((s) => `chromium:${s}`));
    for (const w of r.list) md.push(`| ${w.id} | ${speedupCells(browser.rate, inWorkers, w.id).join(' | ')} |`);
  }
  md.push('', 'Goals: W3, W4 ≥ 1.8× with 2 threads; W3-online ≥ 1.3× (one matrix–vector product per row and two barriers per row: bound by the barriers\' latency and memory bandwidth); W1, W2 not slower (their products are below the pool\'s threshold and run on the calling thread).', '');
  return md;
}

function memoryTable(r: ReportInput): string[] {
  if (!r.list.some((w) => w.id === 'W3')) return [];
  const { get } = lookup(r.results);
  const md = [`Peak resident memory on W3 (child process max RSS; the baseline is Node + the W3 data, no training)${r.quick ? '. Quick run: systems timed on a prefix staged less data, so their figures are low; use a full run' : ''}:`, ''];
  const mem = [{ id: 'baseline', label: 'baseline (Node + data)' }, ...r.columns];
  md.push(`| ${mem.map((c) => c.label).join(' | ')} |`, `| ${mem.map(() => '---:').join(' | ')} |`);
  // a system that did not run W3 (unsupported, failed) has no W3 memory figure
  const ran = (id: string): boolean => id === 'baseline' || get(id, 'W3')?.status === 'ok';
  md.push(`| ${mem.map((c) => (r.rss[c.id] && ran(c.id) ? `${(r.rss[c.id]! / 1024).toFixed(0)} MB` : '—')).join(' | ')} |`, '');
  return md;
}

/** One table per op: rate from benchmark's mean ± its relative margin of error (95 %). */
function kernelTables(k: NonNullable<ReportInput['kernels']>, notices: string[]): string[] {
  const ok = k.results.filter((r) => r.status === 'ok');
  const shapesOf = [...new Set(ok.map((r) => JSON.stringify(r.shape)))];
  const md = [`Kernels (binary: ${k.binary}; \`benchmark\` package: mean of n samples ± relative margin of error at 95 %; GFLOP/s = 2·B·IN·OUT per call, vector ops in G elements/s; ★ = driver default):`, ''];
  const defaults = [...Object.values(DEFAULTS), ...Object.values(SMALL_BATCH_DEFAULTS)];
  for (const op of [...new Set(ok.map((r) => r.op))]) {
    const rows = ok.filter((r) => r.op === op);
    const sh = shapesOf.filter((s) => rows.some((r) => JSON.stringify(r.shape) === s));
    md.push(`| ${op} | ${sh.map((s) => Object.values(JSON.parse(s) as Record<string, number>).join('×')).join(' | ')} |`);
    md.push(`| --- | ${sh.map(() => '---:').join(' | ')} |`);
    for (const n of [...new Set(rows.map((r) => r.name))]) {
      const star = defaults.some((d) => d?.[op] === n) ? ' ★' : '';
      md.push(`| ${n}${star} | ${sh.map((s) => {
        const x = rows.find((y) => y.name === n && JSON.stringify(y.shape) === s);
        return x?.rate === undefined ? '—' : `${x.rate.toFixed(2)} ±${(x.rme ?? 0).toFixed(1)}% (n ${x.samples})`;
      }).join(' | ')} |`);
    }
    md.push('');
  }
  for (const r of k.results.filter((x) => x.status === 'failed')) notices.push(`kernel ${r.name} ${JSON.stringify(r.shape)}: NOT TIMED — ${r.note}`);
  return md;
}

/** The whole markdown report. */
export function renderMarkdown(r: ReportInput): string {
  const e = r.env;
  const md: string[] = [`### Benchmark (${e.mode} run, ${e.date.slice(0, 10)})`, ''];
  md.push(`CPU: ${e.cpu}, ${e.arch} · Node ${e.node} (V8 ${e.v8}) · asc ${e.asc} · ${e.cc} · brain.js ${e.brain} · TF.js ${e.tfjs}${e.openblas ? ` · ${e.openblas}` : ''}`);
  md.push(`Each figure: median of ≥3 timed runs (${r.budget} s budget per cell) after a verification run; f64 unless marked f32.${e.pinning ? ` ${e.pinning}.` : ''}`, '');
  md.push(...throughputTable(r), ...goalsTable(r), ...f32Table(r.list, r.results, r.columns.find((c) => c.id === 'openblas-f32-mt')?.label.match(/(\d+) threads/)?.[1]), ...nativeTable(r), ...threadsTable(r), ...(r.paired ? pairedMarkdown(r.paired.rates, r.list, r.paired.rounds, r.paired.roundTrip, r.paired.cores) : []), ...memoryTable(r),
    ...(r.cold ? coldMarkdown(r.cold, r.list.find((w) => w.id === r.cold![0]?.workload)) : []));
  const notices = [...r.notices];
  if (r.kernels) md.push(...f32KernelRatios(r.kernels.results), ...kernelTables(r.kernels, notices));
  if (r.browser && !r.browser.skipped) md.push(sideBySideMarkdown(r.list, r.results, r.browser), '');
  md.push('Verification: exact-f64 systems (plain TS, wasmprop, the C and OpenBLAS builds) must match the TS twin\'s loss after the verification run to 1e-9 (and W1\'s 3.5101878e-05 after 10,000 updates); float32 systems (wasmprop f32, OpenBLAS sgemm, brain.js, TF.js) to 1e-3 of the float32 TS twin\'s loss (the Chromium page: of the f64 twin\'s); brain.js on W1 (it always trains biases) only has to lower the loss.', '');
  if (notices.length) md.push('Notices:', '', ...notices.map((n) => `- ${n}`), '');
  md.push(`Total bench time: ${r.seconds.toFixed(0)} s.`);
  return md.join('\n');
}

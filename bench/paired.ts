// Paired ratios: the goal pairs of the issues (default options vs fastest and vs C SSE2, 2 threads
// vs 1 and vs C -march=native, f32 vs f64) timed in alternation — every system of the pairs once per
// round, in a rotating order, a few seconds apart — and each ratio taken within a round. On a shared
// VM whose speed drifts by ±30 % over minutes (measured: the same W1 code at 7.1–10.5 M updates/s in
// one run), the main table's columns are measured minutes apart and a ratio of two of its cells
// mixes that drift in; a ratio within a round does not. Reported: median and p10–p90 over rounds.
// Not here: how a cell is measured (the runner bench/run.ts passes in), the main table (report.ts).
import type { CoreShare } from './latency.js';
import { availableParallelism } from 'node:os';
import type { Workload } from './workloads.js';

/**
 * The paired stage's all-cores cell: one single-threaded `wasm-simd` process per core, all at once,
 * each pinned to its own core, their rates summed (bench/together.ts) — what this machine gives
 * independent work on every core. Its ratio to one such process is the ceiling for the threads'
 * speed-up on the same machine in the same round: a threaded run splits the same work, and
 * shares memory and cache lines besides.
 */
export const ALL_CORES = 'wasm-simd-procs';
/** The system the all-cores cell runs once per core. */
export const ALL_CORES_OF = 'wasm-simd';
const CORES = availableParallelism();

/** A ratio the issues set a goal on: rate of `a` over rate of `b`. */
export interface Pair {
  a: string;
  b: string;
  label: string;
  /** The goal per workload id (absent: no goal there). */
  goal: Partial<Record<string, number>>;
  /** Only these workloads (absent: every one). */
  only?: string[];
}

/** The workloads whose products reach the pool (W1's and W2's run on the calling thread, docs/threads.md). */
const THREADED = ['W3', 'W3-online', 'W4'];

export const PAIRS: Pair[] = [
  { a: 'wasm-default', b: 'wasm-simd', label: 'default options / fastest options (simd)', goal: { W3: 0.9, 'W3-online': 0.9, W4: 0.9 } },
  { a: 'wasm-default', b: 'c-sse2', label: 'default options / C SSE2 (blocked)', goal: { W1: 0.8, W2: 0.8, W3: 0.8, 'W3-online': 0.8, W4: 0.8 } },
  { a: 'wasm-simd-mt', b: 'wasm-simd', label: 'simd 2 threads / 1 thread', goal: { W1: 1, W2: 1, W3: 1.8, 'W3-online': 1.3, W4: 1.8 } },
  { a: 'wasm-simd-mt', b: 'c-native', label: 'simd 2 threads / C -march=native 1 thread', goal: { W3: 1, W4: 1 } },
  { a: ALL_CORES, b: 'wasm-simd', label: `${CORES} 1-thread processes at once / one (the machine's ceiling)`, goal: {}, only: THREADED },
  { a: 'wasm-simd-mt', b: ALL_CORES, label: `simd ${CORES} threads / ${CORES} 1-thread processes`, goal: {}, only: THREADED },
  { a: 'wasm-simd-f32', b: 'wasm-simd', label: 'simd f32 / simd f64', goal: { W1: 1, W2: 1, W3: 1.7, W4: 1.7 } },
];

/** Per system and workload, the rate of each round (NaN when the cell did not run). */
export type PairedRates = Record<string, Record<string, number[]>>;

/**
 * `rounds` rounds over the systems the pairs name (those `available` has), each running every
 * workload once through `run` (a short timed cell of that system in round r: its rates by workload id).
 */
export function measurePaired(
  run: (system: string, list: Workload[], round: number) => Record<string, number>, list: Workload[], available: string[], rounds: number,
  beforeRound: (round: number) => void = () => {},
): PairedRates {
  const has = (s: string): boolean => available.includes(s) || (s === ALL_CORES && available.includes(ALL_CORES_OF) && CORES > 1);
  const systems = [...new Set(PAIRS.flatMap((p) => [p.a, p.b]))].filter(has);
  const rates: PairedRates = {};
  for (let r = 0; r < rounds; r++) {
    beforeRound(r);
    // rotate the order so no system always runs first (or right after the same neighbour)
    const order = systems.map((_, k) => systems[(k + r) % systems.length]);
    for (const s of order) {
      const got = run(s, s === ALL_CORES ? list.filter((w) => THREADED.includes(w.id)) : list, r);
      for (const w of list) ((rates[s] ??= {})[w.id] ??= []).push(got[w.id] ?? NaN);
    }
  }
  return rates;
}

const quantile = (a: number[], q: number): number => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
};

/** The per-round ratios of a pair on a workload (rounds where either cell failed left out). */
export function pairRatios(rates: PairedRates, p: Pair, w: string): number[] {
  const a = rates[p.a]?.[w] ?? [];
  const b = rates[p.b]?.[w] ?? [];
  return a.map((x, k) => x / b[k]).filter(Number.isFinite);
}

/** The paired-ratio table: per workload, each pair's median ratio [p10–p90] and whether it meets its goal. */
export function pairedMarkdown(rates: PairedRates, list: Workload[], rounds: number, roundTrip: number[] = [], cores: (CoreShare[] | undefined)[] = []): string[] {
  const pairs = PAIRS.filter((p) => rates[p.a] && rates[p.b]);
  if (!pairs.length) return [];
  const md = [
    `Paired ratios (${rounds} rounds; in each round every system below ran each workload once, in a rotating order, seconds apart; the ratio is taken within a round — median [p10–p90] over rounds; ✓/✗ against the issue's goal):`,
    '',
    `| workload | ${pairs.map((p) => p.label).join(' | ')} |`,
    `| --- | ${pairs.map(() => '---:').join(' | ')} |`,
  ];
  for (const w of list) {
    const cells = pairs.map((p) => {
      const r = p.only && !p.only.includes(w.id) ? [] : pairRatios(rates, p, w.id);
      if (!r.length) return '—';
      const m = quantile(r, 0.5);
      const goal = p.goal[w.id];
      const mark = goal === undefined ? '' : m >= goal ? ` ✓ (≥ ${goal})` : ` ✗ (goal ${goal})`;
      return `${m.toFixed(2)}× [${quantile(r, 0.1).toFixed(2)}–${quantile(r, 0.9).toFixed(2)}]${mark}`;
    });
    md.push(`| ${w.id} | ${cells.join(' | ')} |`);
  }
  md.push('');
  if (pairs.some((p) => p.a === ALL_CORES)) {
    md.push(
      `The machine's ceiling: ${CORES} single-threaded ${ALL_CORES_OF} processes at once, each pinned to its own core, their rates summed, over one such process in the same round — what this machine gives independent work on all its cores (bench/together.ts); a threaded run of the same work, which also shares memory, cannot be expected above it. Only the workloads whose products reach the pool (W1's and W2's run on the calling thread).`,
      '',
    );
  }
  if (roundTrip.length) {
    md.push(
      `Cross-core round trip before each round (two threads ping-ponging on Atomics, bench/latency.ts): ${roundTrip.map((v) => `${v.toFixed(2)}`).join(', ')} µs — the threads ratios of a round go with it (docs/threads.md).`,
      '',
    );
  }
  if (cores.some((c) => c)) {
    const pct = (v: number): string => `${Math.round(v * 100)} %`;
    const round = (c: CoreShare[] | undefined): string => (c ? c.map((s) => `${pct(s.lost)} (${s.pace.toFixed(2)})`).join(' / ') : '—');
    md.push(
      `Each core with every core busy, before each round (one pinned spinning process per core, 0.5 s, bench/latency.ts): the share of the time the host did not run it (pauses over 50 µs), and in brackets its pace while it ran, over the fastest core's — core 0 / core 1 …: ${cores.map(round).join('; ')}. A thread on a core that is paused or slower holds the other at the next barrier; two independent processes (the ceiling) only lose their own time.`,
      '',
    );
  }
  return md;
}

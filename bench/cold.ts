// What a script's first calls cost: fresh Node processes that import the built package (dist/, as
// users get it), create a W3 network and call train twice with the workload's options and every
// other option at its default (one epoch each), timing each step. The cells of the other tables
// are warm (a verification run, then many timed calls in one process), so they do not show what
// only a fresh process pays: loading modules and binaries, V8 compiling the kernels' fast code while
// the first call already runs, the first touch of every page of fresh memory (on this VM writing a
// fresh 63 MB array takes 180–230 ms the first time and 4–5 ms the next: that is most of the first
// call's extra time here), and JavaScript that is slow on its first calls. What this table found:
// Node's fetch implementation loaded by the first instantiation (≈ 35 ms), ICU's locale data loaded
// by the CLI's first number (≈ 40 ms), and pools that could not start under `node --input-type=module`.
// Not here: the warm cells (child.ts), the report (report.ts).
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { Workload, WorkloadFiles } from './workloads.js';
import { median } from './timing.js';

/** One fresh process's timings (ms). */
export interface ColdRun {
  import: number;
  create: number;
  first: number;
  second: number;
}

/** The fresh-process timings at one thread count. */
export interface ColdResult {
  threads: number;
  workload: string;
  runs: ColdRun[];
  error?: string;
}

const CHILD = `
const [dist, x, t, spec] = process.argv.slice(1);
const S = JSON.parse(spec);
const t0 = performance.now();
const { Network } = await import(dist);
const t1 = performance.now();
const { readFileSync } = await import('node:fs');
const f64 = (p) => { const b = readFileSync(p); return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8); };
const data = { inputs: f64(x).subarray(0, S.rows * S.layers[0]), targets: f64(t).subarray(0, S.rows * S.layers[S.layers.length - 1]) };
const t2 = performance.now();
const net = await Network.create({ layers: S.layers, seed: 1, threads: S.threads });
const t3 = performance.now();
const o = { learningRate: S.learningRate, batchSize: S.batchSize, trainBias: S.trainBias, epochs: 1 };
net.train(data, o);
const t4 = performance.now();
net.train(data, o);
const t5 = performance.now();
net.dispose();
console.log(JSON.stringify({ import: t1 - t0, create: t3 - t2, first: t4 - t3, second: t5 - t4 }));
`;

/**
 * `repeats` fresh processes per thread count, alternating the thread counts. Never pinned, not even
 * one thread: a fresh process compiles the kernels' fast code on V8's background threads while its
 * first call runs, and a script is not pinned either (pinned to one core, that compile shares the
 * core with the call: measured 1.7× instead of ≈ 1.2× for the first call over the second).
 */
export function coldStart(root: string, w: Workload, files: WorkloadFiles, threadCounts: number[], repeats: number): ColdResult[] {
  const dist = pathToFileURL(join(root, 'dist', 'index.js')).href;
  const spec = (threads: number): string => JSON.stringify({ layers: w.layers, rows: w.full.rows, learningRate: w.learningRate, batchSize: w.batchSize, trainBias: w.trainBias, threads });
  const out = threadCounts.map((threads): ColdResult => ({ threads, workload: w.id, runs: [] }));
  for (let k = 0; k < repeats; k++) {
    for (const r of out) {
      if (r.error) continue;
      const p = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, dist, files.x, files.t, spec(r.threads)], { cwd: root, encoding: 'utf8', timeout: 120_000 });
      const line = (p.stdout ?? '').trim().split('\n').pop() ?? '';
      try {
        r.runs.push(JSON.parse(line) as ColdRun);
      } catch {
        r.error = `exit ${p.status}: ${(p.stderr ?? '').trim().split('\n').slice(-2).join(' | ')}`;
      }
    }
  }
  return out;
}

/** The report's table: medians over the fresh processes. */
export function coldMarkdown(results: ColdResult[], w: Workload | undefined): string[] {
  if (results.length === 0 || !w) return [];
  const md = [
    `A fresh process (what a script's first calls cost: ${results[0].runs.length || 'no'} fresh Node processes per row, each importing the built package, creating a ${w.id} network (${w.layers.join('-')}) and calling \`train\` twice on its ${w.full.rows.toLocaleString('en-US')} rows, one epoch each, batch ${w.batchSize}, every other option at its default; medians in ms — the other tables' cells are warm; the first call also pays the first touch of the memory it fills, slow on a VM):`,
    '',
    '| threads | import wasmprop | Network.create | first train call | second train call | first / second |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    if (r.error || r.runs.length === 0) {
      md.push(`| ${r.threads} | failed: ${r.error ?? 'no run'} | | | | |`);
      continue;
    }
    const f = (k: keyof ColdRun): number => median(r.runs.map((x) => x[k]));
    md.push(`| ${r.threads} | ${f('import').toFixed(0)} | ${f('create').toFixed(0)} | ${f('first').toFixed(0)} | ${f('second').toFixed(0)} | ${(f('first') / f('second')).toFixed(2)}× |`);
  }
  md.push('');
  return md;
}

// One benchmark child process: one system, one or more workloads. For each workload it verifies
// the system first (a short run from the given parameters must reproduce the reference loss, see
// System.check), and only then times it; a system that disagrees is reported, never timed. It prints
// one `RESULT {json}` line per workload and a final `RSS {json}` line with its peak resident memory.
// Run by bench/run.ts as: node [flags] --import tsx bench/child.ts '<ChildConfig json>'.
// Not here: the systems (bench/systems.ts), the report (bench/run.ts).
import { SYSTEMS, readF64 } from './systems.js';
import type { ChildConfig, ChildResult, Data, Trainer } from './types.js';
import { median, rel, samples, timeRuns, timedRun } from './timing.js';
import { hasRelaxedSimd } from '../src/backend/index.js';

/** Verifies, then times one system on one workload. */
async function runOne(systemId: string, job: ChildConfig['jobs'][number], budget: number, whole: boolean): Promise<ChildResult> {
  const system = SYSTEMS.find((s) => s.id === systemId);
  const w = job.workload;
  const base = { system: systemId, workload: w.id };
  if (!system) return { ...base, status: 'failed', note: `unknown system ${systemId}` };
  const why = system.unsupported(w);
  if (why) return { ...base, status: 'unsupported', note: why };
  if (systemId === 'wasm-relaxed' && !hasRelaxedSimd()) {
    return { ...base, status: 'unsupported', note: 'relaxed SIMD does not validate in this runtime' };
  }
  const IN = w.layers[0];
  const OUT = w.layers[w.layers.length - 1];
  const d: Data = { x: readF64(job.files.x), t: readF64(job.files.t), IN, OUT };
  const init = readF64(job.files.init);
  const tr: Trainer = await system.create(w, d);
  try {
    // 1. verify
    const check = system.check(w);
    tr.reset(init);
    const before = tr.loss(w.verify.rows);
    const t0 = performance.now();
    tr.train(w.verify);
    const verifySeconds = (performance.now() - t0) / 1000;
    const after = tr.loss(w.verify.rows);
    const verify: ChildResult['verify'] = { run: w.verify, before, after, reference: job.reference, check };
    const fail = (note: string): ChildResult => ({ ...base, status: 'failed', note, verify });
    if (!Number.isFinite(after) || !(after < before)) return fail(`the loss did not fall (${before} → ${after})`);
    if (check === 'exact' && !(rel(after, job.reference) <= 1e-9)) return fail(`loss ${after} differs from the reference ${job.reference} by ${rel(after, job.reference).toExponential(2)} (> 1e-9 relative)`);
    if (check === 'f32' && !(rel(after, job.reference) <= 1e-3)) return fail(`loss ${after} differs from the reference ${job.reference} by ${rel(after, job.reference).toExponential(2)} (> 1e-3 relative, float32)`);
    if (check === 'exact' && w.fullLoss !== undefined) {
      tr.reset(init);
      tr.train(w.full);
      const l = tr.loss(w.full.rows);
      verify.fullLoss = l;
      if (!(rel(l, w.fullLoss) <= 1e-7)) return fail(`full-run loss ${l} is not ${w.fullLoss}`);
    }

    // 2. time (bench/timing.ts)
    const rate = samples(w.verify) / Math.max(verifySeconds, 1e-6);
    const timed = timedRun(w, rate, budget, whole);
    const times = timeRuns(() => tr.reset(init), (r) => tr.train(r), timed, rate, budget, 200);
    return { ...base, status: 'ok', verify, timed, times, perSecond: samples(timed) / median(times) };
  } finally {
    tr.dispose();
  }
}

async function main(): Promise<void> {
  const cfg = JSON.parse(process.argv[2]) as ChildConfig;
  if (cfg.system === 'baseline') {
    // the memory floor: this process with the workloads' data loaded, nothing trained
    const kept = cfg.jobs.map((j) => [readF64(j.files.x), readF64(j.files.t), readF64(j.files.init)]);
    process.stdout.write(`RSS ${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, arrays: kept.length })}\n`);
    return;
  }
  for (const job of cfg.jobs) {
    let r: ChildResult;
    try {
      r = await runOne(cfg.system, job, cfg.budget, cfg.whole ?? false);
    } catch (e) {
      r = { system: cfg.system, workload: job.workload.id, status: 'failed', note: `threw: ${(e as Error).message}` };
    }
    process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
  }
  // maxRSS is in kilobytes
  process.stdout.write(`RSS ${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

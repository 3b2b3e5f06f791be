// `npm run bench [-- --quick]`: the kernel suite and the end-to-end workloads of issue 4 for every
// system, each verified before it is timed, then a markdown report on stdout, JSON in
// bench/results/ and an SVG chart (vega-lite, rendered headless) beside it.
// Every system runs in its own child process (one for W3 alone, so its peak RSS is W3's), one at a
// time: the machine is small and shared, so figures are medians and ratios from one run.
// Speed ratios are taken against the plain-TS baseline ('plain-ts', the issue's reference column)
// and, beside it, against wasmprop's own TS twin ('ts'); the losses are verified against the TS twin.
// Options: --quick (under a minute: short verification runs, a small time budget per measurement),
// --systems=a,b  --workloads=W1,W3  --no-kernels  --no-native  --no-browser  --no-paired  --no-cold  --no-pin.
// Not here: the systems (systems.ts, native/), the native builds (native-build.ts), the workloads
// (workloads.ts), the kernel suite (kernels.ts), the markdown (report.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir, cpus, totalmem, arch, availableParallelism } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { workloads, materialize, type Workload, type WorkloadFiles } from './workloads.js';
import { SYSTEMS, referenceLoss } from './systems.js';
import type { ChildConfig, ChildResult } from './types.js';
import type { KernelResult } from './kernels.js';
import { renderChart } from './chart.js';
import { runBrowserBench, type BrowserBenchResult } from './browser/index.js';
import { buildNative, ccVersion, parseChild, runNative, type NativeColumn, type Outcome } from './native-build.js';
import { fmtRate, renderMarkdown, speedRatios, PLAIN_TS, TS_TWIN, type Column, type ReportInput } from './report.js';
import { ALL_CORES, ALL_CORES_OF, measurePaired } from './paired.js';
import type { Ended } from './together.js';
import { coreAvailability, crossCoreRoundTrip, type CoreShare } from './latency.js';
import { coldStart } from './cold.js';
import { canPin, coreOf, multiThreaded, pinned } from './pin.js';

const require = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const opt = (name: string): string[] | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1].split(',');
const ONLY_SYSTEMS = opt('systems');
const ONLY_WORKLOADS = opt('workloads');
/** Seconds of timed runs per (system, workload) after verification. */
const BUDGET = QUICK ? 0.25 : 2.5;
const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';
/** Rounds and seconds per cell of the paired ratios (bench/paired.ts). */
const PAIRED_ROUNDS = QUICK ? 2 : 7;
const PAIRED_BUDGET = QUICK ? 0.1 : 0.4;
/** Single-threaded cells run pinned to one core (bench/pin.ts) unless --no-pin. */
const PIN = !argv.includes('--no-pin');
/** The core a cell of `system` runs on in round `round` (undefined: unpinned). */
const cellCore = (system: string, round: number): number | undefined => (PIN && !multiThreaded(system) ? coreOf(round) : undefined);

const log = (s: string): void => { process.stderr.write(`${s}\n`); };

// ---- environment --------------------------------------------------------------------------------

function version(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return '?';
  }
}

function cpuModel(): string {
  try {
    const m = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/);
    if (m) return m[1].trim();
  } catch { /* not Linux */ }
  return cpus()[0]?.model ?? '?';
}

/** Whether this Node accepts a flag at all (newer V8s may drop experimental flags). */
function nodeAccepts(flag: string): boolean {
  return spawnSync(process.execPath, [flag, '-e', '0']).status === 0;
}

/** Rebuilds the binaries and their shared-memory flavours (npm run asbuild) when one is missing or older than assembly/ or asconfig.json. */
function ensureBinaries(): void {
  const sources = [join(ROOT, 'asconfig.json'), ...readdirSync(join(ROOT, 'assembly')).map((f) => join(ROOT, 'assembly', f))];
  const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  const stale = ['scalar', 'simd', 'relaxed', 'scalar.shared', 'simd.shared', 'relaxed.shared'].some((b) => {
    const f = join(ROOT, 'build', `wasmprop.${b}.wasm`);
    return !existsSync(f) || statSync(f).mtimeMs < newest;
  });
  if (!stale) return;
  log('build/*.wasm missing or older than assembly/: running npm run asbuild');
  const r = spawnSync('npm', ['run', 'asbuild'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('npm run asbuild failed');
}

// ---- measuring --------------------------------------------------------------------------------

/** The command line of a bench/child.ts child (under taskset when `cpu` is given). */
function childCommand(system: string, flags: string[], jobs: ChildConfig['jobs'], whole: boolean, budget: number, cpu: number | undefined): { cmd: string; args: string[] } {
  const cfg: ChildConfig = { system, jobs, budget, whole };
  const [cmd, args] = pinned(process.execPath, [...flags, '--import', 'tsx', join(HERE, 'child.ts'), JSON.stringify(cfg)], cpu);
  return { cmd, args };
}

function runJsChild(system: string, flags: string[], jobs: ChildConfig['jobs'], whole = false, budget = BUDGET, cpu = cellCore(system, 0)): Outcome {
  const { cmd, args } = childCommand(system, flags, jobs, whole, budget, cpu);
  const r = spawnSync(cmd, args, {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20,
  });
  return parseChild(r.stdout ?? '', r.stderr ?? '', r.status);
}

/** The same child once per core, all at once, each pinned to its core when pinning is on (bench/together.ts). */
function runJsChildrenTogether(system: string, flags: string[], jobs: ChildConfig['jobs'], budget: number): Outcome[] {
  const cmds = Array.from({ length: availableParallelism() }, (_, k) => childCommand(system, flags, jobs, false, budget, PIN ? coreOf(k) : undefined));
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(HERE, 'together.ts'), JSON.stringify(cmds)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) return [{ results: [], error: `together: exit ${r.status}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}` }];
  return (JSON.parse(r.stdout) as Ended[]).map((e) => parseChild(e.stdout, e.stderr, e.status));
}

/** The environment printed with the table (OpenBLAS's core type is added once its column ran). */
function environment(): ReportInput['env'] {
  return {
    date: new Date().toISOString(),
    mode: QUICK ? 'quick' : 'full',
    cpu: `${cpuModel()} (${cpus().length} logical cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB)`,
    arch: arch(),
    node: process.version,
    v8: process.versions.v8,
    asc: version('assemblyscript'),
    cc: ccVersion() ?? 'none',
    brain: version('brain.js'),
    tfjs: version('@tensorflow/tfjs'),
    budgetSeconds: BUDGET,
    threads: availableParallelism(),
    crossCoreRoundTripUs: crossCoreRoundTrip(),
    pinning: !PIN ? 'Unpinned (--no-pin)' : canPin()
      ? 'Single-threaded cells pinned to one core (taskset): core 0 in the main table, core r mod cores in paired round r; multi-threaded cells unpinned'
      : 'Unpinned (no taskset)',
  };
}

/** Reference losses per precision and workload id. */
type References = Record<'f64' | 'f32', Record<string, number>>;

/**
 * The TS twin's loss after each workload's verification run, what every system must reproduce: the
 * f64 twin's for the f64 columns, the f32 twin's (dtype 'f32') for the float32 ones (within 1e-3).
 */
async function references(list: Workload[], files: Record<string, WorkloadFiles>): Promise<References> {
  const reference: References = { f64: {}, f32: {} };
  for (const w of list) {
    for (const p of ['f64', 'f32'] as const) {
      reference[p][w.id] = await referenceLoss(w, files[w.id], p);
      log(`reference (TS twin ${p}) ${w.id}: loss after ${w.verify.epochs}×${w.verify.rows} = ${reference[p][w.id]}`);
    }
  }
  return reference;
}

/** The kernel suite in a child that may enable relaxed SIMD (`KERNELS {json}` on its stdout). */
function runKernels(relaxedFlag: string[], notices: string[]): ReportInput['kernels'] {
  log('kernels:');
  const k0 = Date.now();
  const r = spawnSync(process.execPath, [...relaxedFlag, '--import', 'tsx', join(HERE, 'kernels.ts'), ...(QUICK ? ['--quick'] : [])], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('KERNELS '));
  log(`kernels: ${((Date.now() - k0) / 1000).toFixed(1)} s`);
  if (!line) {
    notices.push(`kernel suite failed (exit ${r.status})`);
    return undefined;
  }
  const kernels = JSON.parse(line.slice(8)) as { binary: string; notes: string[]; results: KernelResult[] };
  notices.push(...kernels.notes);
  return kernels;
}

interface Measured {
  results: ChildResult[];
  rss: Record<string, number | undefined>;
  /** The OpenBLAS build's self-description (core type, config). */
  blas?: Record<string, unknown>;
}

/** A column's system (JS or native), the reference losses of its precision and its Node flags. */
function columnOf(id: string, references: References, native: NativeColumn[], relaxedFlag: string[]) {
  const sys = SYSTEMS.find((s) => s.id === id);
  const nat = native.find((n) => n.id === id);
  const flags = sys?.nodeFlags?.filter((f) => f !== RELAXED_FLAG || relaxedFlag.length) ?? [];
  return { sys, nat, flags, reference: references[sys?.precision ?? nat?.precision ?? 'f64'] };
}

/** One column on every workload: W3 in a child of its own (its peak RSS is W3's), the rest in another. */
function measureColumn(c: Column, list: Workload[], files: Record<string, WorkloadFiles>, references: References,
  native: NativeColumn[], relaxedFlag: string[], m: Measured, notices: string[]): void {
  const { sys, nat, flags, reference } = columnOf(c.id, references, native, relaxedFlag);
  const groups = [list.filter((w) => w.id === 'W3'), list.filter((w) => w.id !== 'W3')].filter((g) => g.length);
  for (const group of groups) {
    if (sys) {
      // a full run times W3's whole epoch on every system, so each W3 child's peak RSS is the whole workload's
      const whole = !QUICK && group[0].id === 'W3';
      const o = runJsChild(c.id, flags, group.map((w) => ({ workload: w, files: files[w.id], reference: reference[w.id] })), whole);
      m.results.push(...o.results);
      if (o.error) notices.push(`${c.id}: child ${o.error}`);
      if (group[0].id === 'W3') m.rss[c.id] = o.maxRssKb;
    } else if (nat) {
      for (const w of group) {
        const o = runNative(nat, w, files[w.id], reference[w.id], BUDGET, !QUICK && w.id === 'W3', cellCore(c.id, 0));
        m.results.push(...o.results);
        if (o.error) notices.push(`${c.id} ${w.id}: ${o.error}`);
        if (w.id === 'W3') m.rss[c.id] = o.maxRssKb;
        if (o.impl && c.id === 'openblas-1t') m.blas = o.impl;
      }
    }
  }
}

/** Every column on every workload, one child at a time. */
function measureAll(columns: Column[], list: Workload[], files: Record<string, WorkloadFiles>, reference: References,
  native: NativeColumn[], relaxedFlag: string[], notices: string[]): Measured {
  const m: Measured = { results: [], rss: {} };
  // the floor: a child that only loads W3's data
  if (files.W3) m.rss.baseline = runJsChild('baseline', [], [{ workload: list.find((w) => w.id === 'W3')!, files: files.W3, reference: reference.f64.W3 }]).maxRssKb;
  for (const c of columns) {
    const t0 = Date.now();
    measureColumn(c, list, files, reference, native, relaxedFlag, m, notices);
    const mine = m.results.filter((x) => x.system === c.id);
    for (const r of mine) {
      if (r.status === 'failed') notices.push(`${c.id} ${r.workload}: NOT TIMED — ${r.note}`);
      if (r.status === 'unsupported' && c.id.startsWith('wasm-relaxed')) notices.push(`${c.id} ${r.workload}: skipped — ${r.note}`);
    }
    log(`${c.label}: ${mine.map((x) => `${x.workload} ${x.status === 'ok' ? fmtRate(x.perSecond) : x.status}`).join(', ')} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  return m;
}

/**
 * One short cell of `system` on every workload of `list` for the paired ratios, in round `round`
 * (single-threaded cells on that round's core): rates by workload id.
 */
function pairedCell(system: string, round: number, list: Workload[], files: Record<string, WorkloadFiles>, references: References, native: NativeColumn[], relaxedFlag: string[]): Record<string, number> {
  const { sys, nat, flags, reference } = columnOf(system, references, native, relaxedFlag);
  const results: ChildResult[] = [];
  const cpu = cellCore(system, round);
  if (system === ALL_CORES) {
    // one 1-thread child per core, all at once: a workload at a time, so their timed runs overlap
    const of = columnOf(ALL_CORES_OF, references, native, relaxedFlag);
    const rates: Record<string, number> = {};
    for (const w of list) {
      const outs = runJsChildrenTogether(ALL_CORES_OF, of.flags, [{ workload: w, files: files[w.id], reference: of.reference[w.id] }], PAIRED_BUDGET);
      const per = outs.map((o) => o.results.find((x) => x.workload === w.id && x.status === 'ok')?.perSecond ?? NaN);
      rates[w.id] = per.reduce((a, b) => a + b, 0);
    }
    return rates;
  }
  if (sys) {
    results.push(...runJsChild(system, flags, list.map((w) => ({ workload: w, files: files[w.id], reference: reference[w.id] })), false, PAIRED_BUDGET, cpu).results);
  } else if (nat) {
    for (const w of list) results.push(...runNative(nat, w, files[w.id], reference[w.id], PAIRED_BUDGET, false, cpu).results);
  }
  return Object.fromEntries(results.filter((x) => x.status === 'ok').map((x) => [x.workload, x.perSecond ?? NaN]));
}

/** The same workloads in headless Chromium (Debian's chromium via playwright-core). */
async function runBrowser(list: Workload[], files: Record<string, WorkloadFiles>, reference: Record<string, number>, notices: string[]): Promise<BrowserBenchResult | undefined> {
  const b0 = Date.now();
  log('browser (Chromium):');
  let browser: BrowserBenchResult | undefined;
  try {
    browser = await runBrowserBench({ workloads: list, files, reference, budget: BUDGET, log });
    if (browser.skipped) notices.push(`browser bench skipped: ${browser.skipped}`);
  } catch (e) {
    notices.push(`browser bench failed: ${(e as Error).message.split('\n')[0]}`);
  }
  log(`browser: ${((Date.now() - b0) / 1000).toFixed(1)} s`);
  return browser;
}

/** bench/results/bench-<mode>-<time>.json, latest-<mode>.json and latest-<mode>.svg. */
async function writeOutputs(r: ReportInput, references: References, markdown: string): Promise<void> {
  const outDir = join(HERE, 'results');
  if (!existsSync(outDir)) mkdirSync(outDir, { recursive: true });
  const ratios = speedRatios(r.list, r.columns, r.results);
  const doc = { env: r.env, workloads: r.list, reference: references.f64, referenceF32: references.f32, results: r.results, ratioReferences: { vsPlainTs: PLAIN_TS, vsTsTwin: TS_TWIN }, ratios, rss: r.rss, kernels: r.kernels, browser: r.browser, paired: r.paired, notices: r.notices, markdown };
  const stamp = r.env.date.replace(/[:.]/g, '-');
  writeFileSync(join(outDir, `bench-${r.env.mode}-${stamp}.json`), JSON.stringify(doc, null, 1));
  writeFileSync(join(outDir, `latest-${r.env.mode}.json`), JSON.stringify(doc, null, 1));
  const svg = await renderChart(r.list, r.columns, r.results, ratios, `wasmprop — ${r.env.mode} run ${r.env.date.slice(0, 10)}, ${r.env.cpu}`);
  writeFileSync(join(outDir, `latest-${r.env.mode}.svg`), svg);
  log(`wrote bench/results/latest-${r.env.mode}.json and latest-${r.env.mode}.svg`);
}

async function main(): Promise<void> {
  const started = Date.now();
  ensureBinaries();
  const list = workloads(QUICK).filter((w) => !ONLY_WORKLOADS || ONLY_WORKLOADS.includes(w.id));
  const dir = mkdtempSync(join(tmpdir(), 'wasmprop-bench-'));
  const notices: string[] = [];
  try {
    const env = environment();
    log(`wasmprop bench (${env.mode}): ${env.cpu}, Node ${env.node}, V8 ${env.v8}, asc ${env.asc}`);
    const files = materialize(dir, list);
    const reference = await references(list, files);
    const relaxedFlag = nodeAccepts(RELAXED_FLAG) ? [RELAXED_FLAG] : [];
    const kernels = argv.includes('--no-kernels') ? undefined : runKernels(relaxedFlag, notices);
    const native = argv.includes('--no-native') ? [] : buildNative(join(HERE, 'native'), dir, notices);
    const columns: Column[] = [
      ...SYSTEMS.map((s) => ({ id: s.id, label: s.label })),
      ...native.map((n) => ({ id: n.id, label: n.label })),
    ].filter((c) => !ONLY_SYSTEMS || ONLY_SYSTEMS.includes(c.id));
    const m = measureAll(columns, list, files, reference, native, relaxedFlag, notices);
    // the cross-core round trip before each round: the threads ratios move with it on a VM
    // and each core's lost time and pace with both busy: a thread on a core the host takes away holds the other at a barrier
    const roundTrip: number[] = [];
    const cores: (CoreShare[] | undefined)[] = [];
    const paired = argv.includes('--no-paired') ? undefined : {
      rounds: PAIRED_ROUNDS,
      rates: measurePaired((sys, ws, round) => pairedCell(sys, round, ws, files, reference, native, relaxedFlag), list, columns.map((c) => c.id), PAIRED_ROUNDS,
        () => { roundTrip.push(crossCoreRoundTrip()); cores.push(coreAvailability()); }),
      roundTrip,
      cores,
    };
    if (m.blas) env.openblas = `OpenBLAS core ${m.blas.corename} (${m.blas.config}; OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset)`;
    // fresh processes on the built package: what a script's first calls cost (bench/cold.ts)
    const w3 = list.find((w) => w.id === 'W3');
    let cold: ReportInput['cold'];
    if (w3 && !argv.includes('--no-cold')) {
      const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
      if (built.status === 0) cold = coldStart(ROOT, w3, files.W3, [...new Set([1, availableParallelism()])], QUICK ? 2 : 5);
      else notices.push('the fresh-process table is missing: scripts/build.mjs --if-stale failed');
    }
    // the page verifies every system against the f64 twin's loss (its f32 systems within 1e-3)
    const browser = argv.includes('--no-browser') ? undefined : await runBrowser(list, files, reference.f64, notices);
    const report: ReportInput = { env, quick: QUICK, budget: BUDGET, list, columns, results: m.results, rss: m.rss, kernels, browser, paired, cold, notices, seconds: (Date.now() - started) / 1000 };
    const markdown = renderMarkdown(report);
    process.stdout.write(`${markdown}\n`);
    await writeOutputs(report, reference, markdown);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// `npm run bench [-- --quick]`: the kernel suite and the end-to-end workloads of issue 4 for every
// system, each verified before it is timed, then a markdown report on stdout, JSON in
// bench/results/ and an SVG chart (vega-lite, rendered headless) beside it.
// Every system runs in its own child process (one for W3 alone, so its peak RSS is W3's), one at a
// time: the machine is small and shared, so figures are medians and ratios from one run.
// Speed ratios are taken against the plain-TS baseline ('plain-ts', the issue's reference column)
// and, beside it, against wasmprop's own TS twin ('ts'); the losses are verified against the TS twin.
// Options: --quick (under a minute: short verification runs, a small time budget per measurement),
// --systems=a,b  --workloads=W1,W3  --no-kernels  --no-native.
// Not here: the systems (systems.ts, native/mlp.c), the workloads (workloads.ts), the kernel suite (kernels.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir, cpus, totalmem, arch } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { workloads, materialize, paramCount, type Workload, type WorkloadFiles } from './workloads.js';
import { SYSTEMS, referenceLoss } from './systems.js';
import type { ChildConfig, ChildResult } from './child.js';
import type { KernelResult } from './kernels.js';
import { DEFAULTS, SMALL_BATCH_DEFAULTS } from '../src/backend/registry.js';
import { renderChart, type SpeedRatio } from './chart.js';
import { runBrowserBench, sideBySideMarkdown, type BrowserBenchResult } from './browser/index.js';

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

const log = (s: string): void => { process.stderr.write(`${s}\n`); };

// ---- environment --------------------------------------------------------------------------------

function version(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return '?';
  }
}

function ccVersion(): string | undefined {
  const r = spawnSync('cc', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
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

/** Rebuilds the three binaries (npm run asbuild) when one is missing or older than assembly/ or asconfig.json. */
function ensureBinaries(): void {
  const sources = [join(ROOT, 'asconfig.json'), ...readdirSync(join(ROOT, 'assembly')).map((f) => join(ROOT, 'assembly', f))];
  const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  const stale = ['scalar', 'simd', 'relaxed'].some((b) => {
    const f = join(ROOT, 'build', `wasmprop.${b}.wasm`);
    return !existsSync(f) || statSync(f).mtimeMs < newest;
  });
  if (!stale) return;
  log('build/*.wasm missing or older than assembly/: running npm run asbuild');
  const r = spawnSync('npm', ['run', 'asbuild'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('npm run asbuild failed');
}

// ---- children -----------------------------------------------------------------------------------

interface Outcome {
  results: ChildResult[];
  maxRssKb?: number;
  error?: string;
}

function parseChild(stdout: string, stderr: string, status: number | null): Outcome {
  const results: ChildResult[] = [];
  let maxRssKb: number | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('RESULT ')) results.push(JSON.parse(line.slice(7)) as ChildResult);
    else if (line.startsWith('RSS ')) maxRssKb = (JSON.parse(line.slice(4)) as { maxRssKb: number }).maxRssKb;
  }
  const error = status === 0 ? undefined : `exit ${status}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
  return { results, maxRssKb, error };
}

function runJsChild(system: string, flags: string[], jobs: ChildConfig['jobs'], whole = false): Outcome {
  const cfg: ChildConfig = { system, jobs, budget: BUDGET, whole };
  const r = spawnSync(process.execPath, [...flags, '--import', 'tsx', join(HERE, 'child.ts'), JSON.stringify(cfg)], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20,
  });
  return parseChild(r.stdout ?? '', r.stderr ?? '', r.status);
}

function runNative(exe: string, system: string, w: Workload, f: WorkloadFiles, reference: number, whole: boolean): Outcome {
  const args = [system, w.id, w.layers.join(','), String(w.batchSize), String(w.learningRate), w.trainBias ? '1' : '0',
    f.x, f.t, f.init, String(w.verify.epochs), String(w.verify.rows), String(w.full.epochs), String(w.full.rows),
    String(reference), String(w.fullLoss ?? 0), String(whole ? -BUDGET : BUDGET)]; // a negative budget: time the whole workload
  const r = spawnSync(exe, args, { encoding: 'utf8' });
  return parseChild(r.stdout ?? '', r.stderr ?? '', r.status);
}

// ---- reference losses (the TS twin, in this process) ----------------------------------------------



// ---- formatting ---------------------------------------------------------------------------------

function fmtRate(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)} M`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(1)} k`;
  if (v >= 100) return Math.round(v).toLocaleString('en-US');
  return v.toPrecision(3);
}

const fmtRatio = (a: number | undefined, b: number | undefined): string =>
  a === undefined || b === undefined || !(b > 0) ? '—' : `${(a / b).toFixed(2)}×`;

interface Column {
  id: string;
  label: string;
}

/** The systems speed ratios are taken against: the issue's plain-TS baseline, and wasmprop's TS twin. */
const PLAIN_TS = 'plain-ts';
const TS_TWIN = 'ts';

const ratio = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined || !(b > 0) ? undefined : a / b;

async function main(): Promise<void> {
  const started = Date.now();
  ensureBinaries();
  const list = workloads(QUICK).filter((w) => !ONLY_WORKLOADS || ONLY_WORKLOADS.includes(w.id));
  const dir = mkdtempSync(join(tmpdir(), 'wasmprop-bench-'));
  const notices: string[] = [];
  try {
    const env = {
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
    };
    log(`wasmprop bench (${env.mode}): ${env.cpu}, Node ${env.node}, V8 ${env.v8}, asc ${env.asc}`);

    // 1. data and references
    const files = materialize(dir, list);
    const reference: Record<string, number> = {};
    for (const w of list) {
      reference[w.id] = await referenceLoss(w, files[w.id]);
      log(`reference (TS twin) ${w.id}: loss after ${w.verify.epochs}×${w.verify.rows} = ${reference[w.id]}`);
    }

    // 2. kernel suite (in a child that may enable relaxed SIMD)
    const relaxedFlag = nodeAccepts(RELAXED_FLAG) ? [RELAXED_FLAG] : [];
    let kernels: { binary: string; notes: string[]; results: KernelResult[] } | undefined;
    if (!argv.includes('--no-kernels')) {
      log('kernels:');
      const k0 = Date.now();
      const r = spawnSync(process.execPath, [...relaxedFlag, '--import', 'tsx', join(HERE, 'kernels.ts'), ...(QUICK ? ['--quick'] : [])], {
        cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'],
      });
      const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('KERNELS '));
      if (line) {
        kernels = JSON.parse(line.slice(8));
        notices.push(...kernels!.notes);
      } else notices.push(`kernel suite failed (exit ${r.status})`);
      log(`kernels: ${((Date.now() - k0) / 1000).toFixed(1)} s`);
    }

    // 3. native builds
    const native: { id: string; label: string; exe: string }[] = [];
    if (!argv.includes('--no-native')) {
      if (env.cc === 'none') notices.push('no C compiler (cc) found: native C rows skipped');
      else {
        const src = join(HERE, 'native', 'mlp.c');
        const base = arch() === 'x64' ? 'SSE2' : 'baseline';
        for (const [id, label, flags] of [
          ['c-sse2', `C gcc -O3 ${base}`, ['-O3']],
          ['c-native', 'C gcc -O3 -march=native', ['-O3', '-march=native']],
        ] as const) {
          const exe = join(dir, id);
          const r = spawnSync('cc', [...flags, '-o', exe, src, '-lm'], { encoding: 'utf8' });
          if (r.status === 0) native.push({ id, label, exe });
          else notices.push(`cc ${flags.join(' ')} failed: ${r.stderr.trim().split('\n')[0]}`);
        }
      }
    }

    // 4. systems × workloads
    const columns: Column[] = [
      ...SYSTEMS.map((s) => ({ id: s.id, label: s.label })),
      ...native.map((n) => ({ id: n.id, label: n.label })),
    ].filter((c) => !ONLY_SYSTEMS || ONLY_SYSTEMS.includes(c.id));
    const results: ChildResult[] = [];
    const rss: Record<string, number | undefined> = {};
    const w3 = list.find((w) => w.id === 'W3');
    // the floor: a child that only loads W3's data
    if (w3) {
      const b = runJsChild('baseline', [], [{ workload: w3, files: files.W3, reference: reference.W3 }]);
      rss.baseline = b.maxRssKb;
    }
    for (const c of columns) {
      const t0 = Date.now();
      const sys = SYSTEMS.find((s) => s.id === c.id);
      const nat = native.find((n) => n.id === c.id);
      const groups = [list.filter((w) => w.id === 'W3'), list.filter((w) => w.id !== 'W3')].filter((g) => g.length);
      for (const group of groups) {
        if (sys) {
          const flags = sys.nodeFlags?.filter((f) => f !== RELAXED_FLAG || relaxedFlag.length) ?? [];
          // a full run times W3's whole epoch on every system, so each W3 child's peak RSS is the whole workload's
          const whole = !QUICK && group[0].id === 'W3';
          const o = runJsChild(c.id, flags, group.map((w) => ({ workload: w, files: files[w.id], reference: reference[w.id] })), whole);
          results.push(...o.results);
          if (o.error) notices.push(`${c.id}: child ${o.error}`);
          if (group[0].id === 'W3') rss[c.id] = o.maxRssKb;
        } else if (nat) {
          for (const w of group) {
            const o = runNative(nat.exe, c.id, w, files[w.id], reference[w.id], !QUICK && w.id === 'W3');
            results.push(...o.results);
            if (o.error) notices.push(`${c.id} ${w.id}: ${o.error}`);
            if (w.id === 'W3') rss[c.id] = o.maxRssKb;
          }
        }
      }
      for (const r of results.filter((x) => x.system === c.id)) {
        if (r.status === 'failed') notices.push(`${c.id} ${r.workload}: NOT TIMED — ${r.note}`);
        if (r.status === 'unsupported' && c.id === 'wasm-relaxed') notices.push(`${c.id} ${r.workload}: skipped — ${r.note}`);
      }
      log(`${c.label}: ${results.filter((x) => x.system === c.id).map((x) => `${x.workload} ${x.status === 'ok' ? fmtRate(x.perSecond) : x.status}`).join(', ')} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }

    // 4b. the same workloads in headless Chromium (Debian's chromium via playwright-core), side by side with Node
    let browser: BrowserBenchResult | undefined;
    if (!argv.includes('--no-browser')) {
      const b0 = Date.now();
      log('browser (Chromium):');
      try {
        browser = await runBrowserBench({ workloads: list, files, reference, budget: BUDGET, log });
        if (browser.skipped) notices.push(`browser bench skipped: ${browser.skipped}`);
      } catch (e) {
        notices.push(`browser bench failed: ${(e as Error).message.split('\n')[0]}`);
      }
      log(`browser: ${((Date.now() - b0) / 1000).toFixed(1)} s`);
    }

    // 5. report
    const get = (sys: string, w: string): ChildResult | undefined => results.find((r) => r.system === sys && r.workload === w);
    const rate = (sys: string, w: string): number | undefined => {
      const r = get(sys, w);
      return r?.status === 'ok' ? r.perSecond : undefined;
    };
    // ratios[workload][system]: against plain TS and against the TS twin (in the JSON and on the chart)
    const ratios: Record<string, Record<string, SpeedRatio>> = {};
    for (const w of list) {
      ratios[w.id] = {};
      for (const c of columns) {
        const v = rate(c.id, w.id);
        if (v !== undefined) ratios[w.id][c.id] = { vsPlainTs: ratio(v, rate(PLAIN_TS, w.id)), vsTsTwin: ratio(v, rate(TS_TWIN, w.id)) };
      }
    }
    const md: string[] = [];
    md.push(`### Benchmark (${env.mode} run, ${env.date.slice(0, 10)})`, '');
    md.push(`CPU: ${env.cpu}, ${env.arch} · Node ${env.node} (V8 ${env.v8}) · asc ${env.asc} · ${env.cc} · brain.js ${env.brain} · TF.js ${env.tfjs}`);
    md.push(`Each figure: median of ≥3 timed runs (${BUDGET} s budget per cell) after a verification run; f64 unless marked f32.`, '');
    md.push(`| workload | ${columns.map((c) => c.label).join(' | ')} |`);
    md.push(`| --- | ${columns.map(() => '---:').join(' | ')} |`);
    for (const w of list) {
      const cells = columns.map((c) => {
        const r = get(c.id, w.id);
        if (!r) return '—';
        if (r.status === 'unsupported') return r.note === 'online only' ? 'online only' : 'n/a';
        if (r.status === 'failed') return 'FAILED';
        const prefix = r.timed && (r.timed.epochs * r.timed.rows < w.full.epochs * w.full.rows) ? '¹' : '';
        return `${fmtRate(r.perSecond)}${prefix}`;
      });
      md.push(`| ${w.id} ${w.unit}/s | ${cells.join(' | ')} |`);
      if (w.flops) {
        const P = paramCount(w.layers);
        md.push(`| ${w.id} GFLOP/s | ${columns.map((c) => { const v = rate(c.id, w.id); return v === undefined ? '—' : (6 * P * v / 1e9).toFixed(2); }).join(' | ')} |`);
      }
    }
    md.push('', '¹ timed on a prefix of the workload (the whole did not fit the time budget); per-sample cost does not depend on position.', '');

    // goals
    const best = 'wasm-simd';
    md.push(`Goals (issue 4) for \`wasm-simd\`, what \`kernel: 'auto'\` picks in Node 20 (where relaxed SIMD validates — Chromium, Node ≥ 22 — 'auto' picks relaxed)${columns.some((c) => c.id === 'wasm-relaxed') ? '; relaxed beside it' : ''}:`, '');
    md.push('| workload | vs C SSE2 | vs C -march=native | vs plain TS | vs TS twin | vs brain.js | vs TF.js wasm | relaxed vs C SSE2 |');
    md.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const w of list) {
      const s = rate(best, w.id);
      md.push(`| ${w.id} | ${fmtRatio(s, rate('c-sse2', w.id))} | ${fmtRatio(s, rate('c-native', w.id))} | ${fmtRatio(s, rate(PLAIN_TS, w.id))} | ${fmtRatio(s, rate(TS_TWIN, w.id))} | ${fmtRatio(s, rate('brain', w.id))} | ${fmtRatio(s, rate('tfjs-wasm', w.id))} | ${fmtRatio(rate('wasm-relaxed', w.id), rate('c-sse2', w.id))} |`);
    }
    md.push('', 'Targets: W1, W2 ≥ 0.8× C SSE2 and ≥ 5× brain.js; W3, W4 ≥ 10× plain TS, ≥ 3× TF.js wasm, ≥ 0.7× C SSE2. "vs TS twin" is against wasmprop\'s own optimized TS backend, a stronger baseline.', '');

    // memory
    if (w3) {
      md.push(`Peak resident memory on W3 (child process max RSS; the baseline is Node + the W3 data, no training)${QUICK ? '. Quick run: systems timed on a prefix staged less data, so their figures are low; use a full run' : ''}:`, '');
      const mem = [{ id: 'baseline', label: 'baseline (Node + data)' }, ...columns];
      md.push(`| ${mem.map((c) => c.label).join(' | ')} |`);
      md.push(`| ${mem.map(() => '---:').join(' | ')} |`);
      // a system that did not run W3 (unsupported, failed) has no W3 memory figure
      const ran = (id: string): boolean => id === 'baseline' || get(id, 'W3')?.status === 'ok';
      md.push(`| ${mem.map((c) => (rss[c.id] && ran(c.id) ? `${(rss[c.id]! / 1024).toFixed(0)} MB` : '—')).join(' | ')} |`, '');
    }

    // kernels
    if (kernels) {
      const ok = kernels.results.filter((r) => r.status === 'ok');
      const shapesOf = [...new Set(ok.map((r) => JSON.stringify(r.shape)))];
      md.push(`Kernels (binary: ${kernels.binary}; GFLOP/s = 2·B·IN·OUT per call, vector ops in G elements/s; ★ = driver default):`, '');
      const ops = [...new Set(ok.map((r) => r.op))];
      for (const op of ops) {
        const rows = ok.filter((r) => r.op === op);
        const names = [...new Set(rows.map((r) => r.name))];
        const sh = shapesOf.filter((s) => rows.some((r) => JSON.stringify(r.shape) === s));
        md.push(`| ${op} | ${sh.map((s) => Object.entries(JSON.parse(s) as Record<string, number>).map(([, v]) => v).join('×')).join(' | ')} |`);
        md.push(`| --- | ${sh.map(() => '---:').join(' | ')} |`);
        for (const n of names) {
          const star = [...Object.values(DEFAULTS), ...Object.values(SMALL_BATCH_DEFAULTS)].some((d) => d?.[op] === n) ? ' ★' : '';
          md.push(`| ${n}${star} | ${sh.map((s) => { const r = rows.find((x) => x.name === n && JSON.stringify(x.shape) === s); return r?.rate === undefined ? '—' : r.rate.toFixed(2); }).join(' | ')} |`);
        }
        md.push('');
      }
      for (const r of kernels.results.filter((x) => x.status === 'failed')) notices.push(`kernel ${r.name} ${JSON.stringify(r.shape)}: NOT TIMED — ${r.note}`);
    }

    if (browser && !browser.skipped) md.push(sideBySideMarkdown(list, results, browser), '');

    md.push('Verification: exact-f64 systems (plain TS included) must match the TS twin\'s loss after the verification run to 1e-9 (and W1\'s 3.5101878e-05 after 10,000 updates); float32 systems to 1e-3; brain.js on W1 (it always trains biases) only has to lower the loss.', '');
    if (notices.length) md.push('Notices:', '', ...notices.map((n) => `- ${n}`), '');
    md.push(`Total bench time: ${((Date.now() - started) / 1000).toFixed(0)} s.`);
    process.stdout.write(`${md.join('\n')}\n`);

    // 6. files
    const outDir = join(HERE, 'results');
    if (!existsSync(outDir)) mkdirSync(outDir, { recursive: true });
    const stamp = env.date.replace(/[:.]/g, '-');
    const doc = { env, workloads: list, reference, results, ratioReferences: { vsPlainTs: PLAIN_TS, vsTsTwin: TS_TWIN }, ratios, rss, kernels, browser, notices, markdown: md.join('\n') };
    writeFileSync(join(outDir, `bench-${env.mode}-${stamp}.json`), JSON.stringify(doc, null, 1));
    writeFileSync(join(outDir, `latest-${env.mode}.json`), JSON.stringify(doc, null, 1));
    const svg = await renderChart(list, columns, results, ratios, `wasmprop — ${env.mode} run ${env.date.slice(0, 10)}, ${env.cpu}`);
    writeFileSync(join(outDir, `latest-${env.mode}.svg`), svg);
    log(`wrote bench/results/latest-${env.mode}.json and latest-${env.mode}.svg`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

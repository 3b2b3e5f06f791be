// The browser half of the bench: builds bench/browser/page.ts with Vite, serves it beside the
// workload files that bench/workloads.ts `materialize`d, and runs every (system, workload) in
// Debian's headless Chromium (playwright-core, no browser download), one fresh page per system —
// as bench/run.ts runs one child process per system. Also formats the Chromium-vs-Node table.
// Not here: the Node side (bench/child.ts) or the workloads (bench/workloads.ts).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Workload, WorkloadFiles } from '../workloads.js';
import type { ChildResult } from '../types.js';
import { BROWSER_SYSTEMS } from './run-one.js';
// @ts-expect-error -- plain ESM JavaScript without declarations
import { serveStatic } from '../../scripts/serve-static.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** The systems the browser bench runs (ids as in bench/systems.ts). */
export const BROWSER_SYSTEM_IDS: readonly string[] = Object.keys(BROWSER_SYSTEMS);

export interface BrowserBenchOptions {
  workloads: Workload[];
  /** From `materialize(dir, workloads)`: all files must be in one directory. */
  files: Record<string, WorkloadFiles>;
  /** TS-twin reference loss per workload id (bench/run.ts computes it). */
  reference: Record<string, number>;
  /** Seconds of timed runs per cell, as for the Node children. */
  budget: number;
  systems?: readonly string[];
  log?: (line: string) => void;
}

export interface BrowserBenchResult {
  /** Set when the browser bench could not run (no Chromium): say it in the report. */
  skipped?: string;
  env?: { chromium: string; userAgent: string; crossOriginIsolated: boolean };
  results: ChildResult[];
}

/** $CHROMIUM_PATH or /usr/bin/chromium, when it exists. */
export function chromiumPath(): string | undefined {
  const p = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  return existsSync(p) ? p : undefined;
}

/** Runs the workloads in Chromium. Never throws for a missing browser: returns `skipped`. */
export async function runBrowserBench(o: BrowserBenchOptions): Promise<BrowserBenchResult> {
  const log = o.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const executablePath = chromiumPath();
  if (!executablePath) {
    return { skipped: 'Chromium not found ($CHROMIUM_PATH or /usr/bin/chromium; `apt-get install chromium`): browser columns not measured', results: [] };
  }
  const dataDir = join(o.files[o.workloads[0].id].x, '..');
  const pageDir = join(dataDir, 'browser-page');
  const { build } = await import('vite');
  await build({
    root: HERE, base: './', configFile: false, logLevel: 'error',
    build: { outDir: pageDir, emptyOutDir: true, target: 'es2022', rolldownOptions: { checks: { pluginTimings: false } } },
    // the threaded systems' worker (bench/browser/worker.ts) starts wasmprop's pool workers itself
    worker: { format: 'es' },
  });
  // Cross-origin isolation gives the page 5 µs timers instead of 100 µs (and the same headers a
  // production page that wants SharedArrayBuffer would send).
  const server = await serveStatic(dataDir, { isolate: true, maxSeconds: 3600 });
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'wasmprop-bench-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath, headless: true, timeout: 60_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
  });
  const results: ChildResult[] = [];
  let env: BrowserBenchResult['env'];
  try {
    const systems = (o.systems ?? BROWSER_SYSTEM_IDS).filter((s) => BROWSER_SYSTEM_IDS.includes(s));
    for (const system of systems) {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await page.goto(`${server.url}browser-page/`);
        await page.waitForFunction(() => typeof (window as unknown as { wasmpropBench?: unknown }).wasmpropBench === 'function', undefined, { timeout: 30_000 });
        env ??= {
          chromium: context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent)),
          userAgent: await page.evaluate(() => navigator.userAgent),
          crossOriginIsolated: await page.evaluate(() => crossOriginIsolated),
        };
        const t0 = Date.now();
        const jobs = o.workloads.map((w) => ({
          workload: w, reference: o.reference[w.id],
          files: { x: `../${basename(o.files[w.id].x)}`, t: `../${basename(o.files[w.id].t)}`, init: `../${basename(o.files[w.id].init)}` },
        }));
        page.setDefaultTimeout(0);
        const r = await page.evaluate((cfg) => (window as unknown as { wasmpropBench: (c: unknown) => Promise<ChildResult[]> }).wasmpropBench(cfg), { system, jobs, budget: o.budget });
        results.push(...r.map((x) => ({ ...x, system: `chromium:${x.system}` })));
        log(`Chromium ${system}: ${r.map((x) => `${x.workload} ${x.status === 'ok' ? Math.round(x.perSecond!) : x.status}`).join(', ')} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        for (const w of o.workloads) results.push({ system: `chromium:${system}`, workload: w.id, status: 'failed', note: `page failed: ${(e as Error).message.split('\n')[0]}${errors.length ? `; ${errors[0]}` : ''}` });
      } finally {
        await page.close();
      }
    }
  } finally {
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
    await server.close();
  }
  return { env, results };
}

function fmtRate(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)} M`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(1)} k`;
  return Math.round(v).toLocaleString('en-US');
}

/**
 * The side-by-side table: one row per (workload, system) with Node and Chromium throughput and
 * their ratio. `node` are bench/child.ts results (system ids as in bench/systems.ts), `browser`
 * the results of runBrowserBench (ids prefixed 'chromium:').
 */
export function sideBySideMarkdown(workloads: Workload[], node: ChildResult[], browser: BrowserBenchResult, systems: readonly string[] = BROWSER_SYSTEM_IDS): string {
  const md: string[] = [];
  md.push(browser.env
    ? `Chromium ${browser.env.chromium} (headless, cross-origin isolated: ${browser.env.crossOriginIsolated ? 'yes' : 'no'}) vs Node ${process.version}, same workloads, same verification, same time budget:`
    : 'Chromium vs Node:', '');
  if (browser.skipped) {
    md.push(`Browser bench NOT RUN: ${browser.skipped}.`, '');
    return md.join('\n');
  }
  md.push('| workload | system | Node /s | Chromium /s | Chromium ÷ Node |', '| --- | --- | ---: | ---: | ---: |');
  const cell = (r: ChildResult | undefined): string => {
    if (!r) return '—';
    if (r.status === 'ok') return fmtRate(r.perSecond);
    return r.status === 'unsupported' ? 'n/a' : 'FAILED';
  };
  for (const w of workloads) {
    for (const s of systems) {
      const n = node.find((r) => r.system === s && r.workload === w.id);
      const b = browser.results.find((r) => r.system === `chromium:${s}` && r.workload === w.id);
      if (!n && !b) continue;
      const ratio = n?.status === 'ok' && b?.status === 'ok' ? `${(b.perSecond! / n.perSecond!).toFixed(2)}×` : '—';
      md.push(`| ${w.id} ${w.unit} | ${s} | ${cell(n)} | ${cell(b)} | ${ratio} |`);
    }
  }
  const failed = browser.results.filter((r) => r.status === 'failed');
  if (failed.length) md.push('', ...failed.map((r) => `- ${r.system} ${r.workload}: NOT TIMED — ${r.note}`));
  md.push('');
  return md.join('\n');
}

// `node --import tsx bench/browser/run.ts [--quick] [--workloads=W1,W2] [--systems=wasm-simd,ts]`:
// the end-to-end workloads in Node (bench/child.ts, one child per system) and in Chromium
// (bench/browser/index.ts), measured in one run, printed as a Chromium-vs-Node table and written to
// bench/results/latest-browser-<mode>.json. bench/run.ts can call runBrowserBench itself instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { materialize, workloads } from '../workloads.js';
import { SYSTEMS, referenceLoss } from '../systems.js';
import type { ChildConfig, ChildResult } from '../types.js';
import { BROWSER_SYSTEM_IDS, runBrowserBench, sideBySideMarkdown } from './index.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '..', '..');
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const opt = (name: string): string[] | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1].split(',');
const BUDGET = QUICK ? 0.3 : 2.5;
const log = (s: string): void => void process.stderr.write(`${s}\n`);



function nodeChild(system: string, jobs: ChildConfig['jobs']): ChildResult[] {
  const sys = SYSTEMS.find((s) => s.id === system);
  const flags = (sys?.nodeFlags ?? []).filter((f) => spawnSync(process.execPath, [f, '-e', '0']).status === 0);
  const cfg: ChildConfig = { system, jobs, budget: BUDGET };
  const r = spawnSync(process.execPath, [...flags, '--import', 'tsx', join(HERE, '..', 'child.ts'), JSON.stringify(cfg)], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20,
  });
  const out: ChildResult[] = [];
  for (const line of (r.stdout ?? '').split('\n')) if (line.startsWith('RESULT ')) out.push(JSON.parse(line.slice(7)) as ChildResult);
  if (r.status !== 0) log(`node ${system}: child exited ${r.status}: ${(r.stderr ?? '').trim().split('\n').slice(-2).join(' | ')}`);
  return out;
}

async function main(): Promise<void> {
  const only = opt('workloads');
  const list = workloads(QUICK).filter((w) => (only ? only.includes(w.id) : true));
  const systems = (opt('systems') ?? [...BROWSER_SYSTEM_IDS]).filter((s) => BROWSER_SYSTEM_IDS.includes(s));
  const dir = mkdtempSync(join(tmpdir(), 'wasmprop-bench-browser-'));
  try {
    const files = materialize(dir, list);
    const reference: Record<string, number> = {};
    for (const w of list) reference[w.id] = await referenceLoss(w, files[w.id]);
    const node: ChildResult[] = [];
    // the browser-only twins (a 1-thread network in a worker) have no Node system
    for (const s of systems.filter((id) => SYSTEMS.some((x) => x.id === id))) {
      const r = nodeChild(s, list.map((w) => ({ workload: w, files: files[w.id], reference: reference[w.id] })));
      log(`Node ${s}: ${r.map((x) => `${x.workload} ${x.status === 'ok' ? Math.round(x.perSecond!) : x.status}`).join(', ')}`);
      node.push(...r);
    }
    const browser = await runBrowserBench({ workloads: list, files, reference, budget: BUDGET, systems, log });
    const md = sideBySideMarkdown(list, node, browser, systems);
    process.stdout.write(`### Browser bench (${QUICK ? 'quick' : 'full'} run, ${new Date().toISOString().slice(0, 10)})\n\n${md}\n`);
    const outDir = join(ROOT, 'bench', 'results');
    if (!existsSync(outDir)) mkdirSync(outDir, { recursive: true });
    const mode = QUICK ? 'quick' : 'full';
    const doc = { date: new Date().toISOString(), mode, node: { version: process.version, v8: process.versions.v8 }, browser: browser.env, skipped: browser.skipped, workloads: list, reference, results: [...node, ...browser.results], markdown: md };
    writeFileSync(join(outDir, `latest-browser-${mode}.json`), JSON.stringify(doc, null, 1));
    log(`wrote bench/results/latest-browser-${mode}.json`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// The browser side of the bench: the page the runner (bench/browser/index.ts) opens once per
// system; `window.wasmpropBench(config)` runs that system's cells (bench/browser/run-one.ts) on the
// page, or in a module worker for the threaded systems (bench/browser/worker.ts).
import { inWorker, runOne, type BrowserConfig, type BrowserJob } from './run-one.js';
import type { ChildResult } from '../types.js';

/** One cell in a fresh module worker (the file URLs made absolute: a worker resolves against its own URL). */
function runInWorker(system: string, job: BrowserJob, budget: number): Promise<ChildResult> {
  const abs = (u: string): string => new URL(u, location.href).href;
  const files = { x: abs(job.files.x), t: abs(job.files.t), init: abs(job.files.init) };
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  return new Promise<ChildResult>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent) => resolve(e.data as ChildResult);
    worker.onerror = (e) => reject(new Error(`bench worker: ${e.message}`));
    worker.postMessage({ system, job: { ...job, files }, budget });
  }).finally(() => worker.terminate());
}

async function wasmpropBench(cfg: BrowserConfig): Promise<ChildResult[]> {
  const out: ChildResult[] = [];
  for (const job of cfg.jobs) {
    document.getElementById('status')!.textContent = `${cfg.system} ${job.workload.id}…`;
    try {
      out.push(await (inWorker(cfg.system) ? runInWorker : runOne)(cfg.system, job, cfg.budget));
    } catch (e) {
      out.push({ system: cfg.system, workload: job.workload.id, status: 'failed', note: `threw: ${(e as Error).message}` });
    }
  }
  document.getElementById('status')!.textContent = 'done';
  return out;
}

(window as unknown as { wasmpropBench: typeof wasmpropBench }).wasmpropBench = wasmpropBench;

// A module worker of the browser bench: runs one cell (bench/browser/run-one.ts) of a threaded
// system — inside a worker a pool may block in Atomics.wait, so `threads` trains on every core —
// and posts its result back to the page (bench/browser/page.ts).
import { runOne, type BrowserJob } from './run-one.js';

self.onmessage = async (e: MessageEvent<{ system: string; job: BrowserJob; budget: number }>) => {
  const { system, job, budget } = e.data;
  try {
    self.postMessage(await runOne(system, job, budget));
  } catch (err) {
    self.postMessage({ system, workload: job.workload.id, status: 'failed', note: `threw: ${(err as Error).message}` });
  }
};

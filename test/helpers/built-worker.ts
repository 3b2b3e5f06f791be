// The built package's main and worker entries (dist/), for tests that start workers: a worker needs JS.
import { ensureDist } from '../browser/helpers/build.js';

/** The public API with trainInWorker, as a user imports it from the built package. */
export type WorkerApi = typeof import('../../src/index.js') & typeof import('../../src/worker/index.js');

/** Builds dist/ if needed and imports it. */
export async function loadBuiltWorkerApi(): Promise<WorkerApi> {
  await ensureDist();
  const main = await import('../../dist/index.js' as string);
  const worker = await import('../../dist/worker/index.js' as string);
  return { ...main, ...worker } as WorkerApi;
}

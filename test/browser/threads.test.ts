// Threads in Chromium under COOP/COEP: trainInWorker with `threads: 2` (a pool of module workers
// inside the training worker, on shared memory) trains the bits a one-thread network trains, on
// batches and online rows; the page's main thread, which may not block in Atomics.wait, runs on
// one thread and says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDist, ROOT } from './helpers/build.js';
import { browserSuiteAvailable, collectErrors, launch, type Browser } from './helpers/chromium.js';
import { serveStatic, type Served } from './helpers/serve.js';

const HAVE_CHROMIUM = browserSuiteAvailable();
const PAGE = 'test/browser/fixtures/threads-page/';

describe.runIf(HAVE_CHROMIUM)('threads in a cross-origin-isolated page', () => {
  let browser: Browser;
  let server: Served;

  beforeAll(async () => {
    await ensureDist();
    const html = readFileSync(join(ROOT, PAGE, 'index.html'), 'utf8');
    const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)![1];
    const hash = `'sha256-${createHash('sha256').update(importMap).digest('base64')}'`;
    const csp = `default-src 'self'; script-src 'self' ${hash} 'wasm-unsafe-eval'; worker-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'`;
    server = await serveStatic(ROOT, { csp, isolate: true, maxSeconds: 300 });
    browser = await launch();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('trainInWorker on 2 threads matches 1 thread bit for bit (f64 and f32); the main thread trains on one and warns once', async () => {
    const page = await browser.context.newPage();
    const errors = collectErrors(page);
    await page.goto(server.url + PAGE);
    await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 120_000 });
    const r = await page.evaluate(() => (window as unknown as { __result: Record<string, unknown> }).__result);
    expect(r.error).toBeUndefined();
    expect(r.isolated).toBe(true);
    const runs = r.runs as { dtype: string; batchSize: number; mainThreads: number; workerThreads: number; workerDtype: string; loss0: number; loss1: number; p0: unknown; p1: unknown }[];
    expect(runs.map((x) => `${x.dtype} ${x.batchSize}`)).toEqual(['f64 8', 'f64 1', 'f32 8', 'f32 1']);
    for (const x of runs) {
      const what = `${x.dtype} batch ${x.batchSize}`;
      expect(x.mainThreads, what).toBe(1);
      expect(x.workerThreads, what).toBe(2);
      expect(x.workerDtype, what).toBe(x.dtype);
      expect(x.loss1, what).toBe(x.loss0);
      expect(x.p1, what).toEqual(x.p0);
    }
    const warned = (r.warnings as string[]).filter((w) => w.includes("main thread may not block in Atomics.wait"));
    expect(warned).toHaveLength(1);
    expect(errors).toEqual([]);
  }, 180_000);
});

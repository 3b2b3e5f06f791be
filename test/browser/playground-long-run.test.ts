// End-to-end: the playground on a run far longer than anyone waits for (XOR, 3,000,000 epochs),
// in real headless Chromium, both as `npm run demo` serves it (cross-origin isolated: cancel via a
// SharedArrayBuffer) and from a plain static host (cancel terminates the worker). Whatever the
// epoch count, the page must stay live: the epoch counter keeps moving while the worker trains,
// and Stop is clickable and ends the run (state "stopped", fewer epochs than asked) — bounded
// generously, since the point is minutes versus seconds, not milliseconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ensureWasm, OUTPUT, ROOT } from './helpers/build.js';
import { browserSuiteAvailable, collectErrors, launch, type Browser } from './helpers/chromium.js';
import { serveStatic, type Served } from './helpers/serve.js';

const HAVE_CHROMIUM = browserSuiteAvailable();
const DIST = join(OUTPUT, 'playground-long-run-dist');
const EPOCHS = 3_000_000;

async function buildPlayground(): Promise<void> {
  await ensureWasm();
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'playground/vite.config.ts'), logLevel: 'error', build: { outDir: DIST, emptyOutDir: true } });
}

const shownEpoch = (page: Page): Promise<number> => page.evaluate(() => Number(document.querySelector('#stat-epoch')?.textContent) || 0);

describe.runIf(HAVE_CHROMIUM)('playground: a 3,000,000-epoch XOR run stays live', () => {
  let browser: Browser;
  const servers: Served[] = [];

  beforeAll(async () => {
    await buildPlayground();
    browser = await launch();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.close();
  });

  for (const isolate of [true, false]) {
    it(`${isolate ? 'cross-origin isolated' : 'not isolated'}: progress moves, Stop stops`, async () => {
      const server = await serveStatic(DIST, { csp: true, isolate, maxSeconds: 600 });
      servers.push(server);
      const page = await browser.context.newPage();
      const errors = collectErrors(page);
      await page.goto(server.url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(isolate);
      await page.selectOption('#dataset', 'xor');
      await page.fill('#epochs', String(EPOCHS));
      await page.click('#train');
      await page.waitForSelector('body[data-state="training"]', { timeout: 30_000 });

      // progress: the counter is updated while training, several times
      const seen: number[] = [];
      for (let k = 0; k < 4; k++) {
        const before = seen.length ? seen[seen.length - 1] : 0;
        await page.waitForFunction((n) => Number(document.querySelector('#stat-epoch')?.textContent) > n, before, { timeout: 15_000 });
        seen.push(await shownEpoch(page));
      }
      expect(seen.every((e, k) => k === 0 || e > seen[k - 1]), `epochs shown: ${seen.join(', ')}`).toBe(true);
      expect(seen[seen.length - 1]).toBeLessThan(EPOCHS);

      // Stop: clickable now, and the run ends promptly
      await page.click('#stop', { timeout: 5_000 });
      await page.waitForSelector('body[data-state="stopped"]', { timeout: 10_000 });
      const run = await page.evaluate(() => (window as unknown as { __lastRun: { cancelled: boolean; epochs: number } }).__lastRun);
      expect(run.cancelled).toBe(true);
      expect(run.epochs).toBeGreaterThanOrEqual(seen[seen.length - 1]);
      expect(run.epochs).toBeLessThan(EPOCHS);
      expect(await page.isEnabled('#train')).toBe(true);
      expect(await shownEpoch(page)).toBe(run.epochs);
      await page.screenshot({ path: join(OUTPUT, `playground-long-run-${isolate ? 'isolated' : 'plain'}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }, 180_000);
  }
});

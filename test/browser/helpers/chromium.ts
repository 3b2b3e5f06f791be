// Finding and starting Debian's Chromium for the browser suite (playwright-core drives it; no
// browser is ever downloaded). Without Chromium, vitest.config.ts leaves the Chromium files out of
// `npm test` and prints a plain message (except under CI=true, where they run and fail).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';

export { chromiumPath, IN_CI, MISSING_MESSAGE } from './chromium-files.js';
import { chromiumPath, MISSING_MESSAGE } from './chromium-files.js';

let warned = false;
/** Says once, on stderr, that the browser suite was skipped and how to install Chromium. */
export function warnMissing(): void {
  if (warned) return;
  warned = true;
  console.warn(`\n*** ${MISSING_MESSAGE}\n`);
}

/**
 * Call at the top of a browser test file: returns whether Chromium is there. When it is not (the
 * file was run anyway: under CI=true, or by path), it registers a failing test that says how to
 * install Chromium — a browser suite that cannot run is never reported as passed.
 */
export function browserSuiteAvailable(): boolean {
  if (chromiumPath() !== undefined) return true;
  warnMissing();
  describe('browser suite', () => {
    it('has Chromium', () => {
      throw new Error(MISSING_MESSAGE);
    });
  });
  return false;
}

/** The flags of the brief: headless, no sandbox (root), no GPU, nothing that phones home. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Starts Chromium with a fresh, empty user-data dir (removed on close). `extraArgs` e.g. to hide WebAssembly. */
export async function launch(extraArgs: string[] = []): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(MISSING_MESSAGE);
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'wasmprop-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    viewport: { width: 1280, height: 900 },
    timeout: 60_000,
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Every console error, page error and failed request of a page (workers included), for "no console error" checks. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()} (${m.location().url}:${m.location().lineNumber})`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('worker', (w) => {
    w.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error') errors.push(`worker console.error: ${m.text()}`);
    });
  });
  return errors;
}

/** Also collects warnings (e.g. the TS-fallback warning). */
export function collectWarnings(page: Page): string[] {
  const out: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') out.push(m.text());
  });
  return out;
}

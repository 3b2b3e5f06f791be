// The bundler check: test/fixtures/vite-app imports wasmprop by its package name (a staged copy
// whose node_modules/wasmprop links to this repository, as `npm install ../wasmprop` would), Vite builds it, and
// the built app trains XOR in Chromium. The same build then runs with the .wasm served under the
// wrong MIME type (instantiateStreaming fails; the arrayBuffer fallback must take over) and in a
// Chromium without WebAssembly (the pure-TS backend, with a warning).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDist, OUTPUT, ROOT } from './helpers/build.js';
import { browserSuiteAvailable, collectErrors, collectWarnings, launch, type Browser } from './helpers/chromium.js';
import { serveStatic, type Served } from './helpers/serve.js';

const HAVE_CHROMIUM = browserSuiteAvailable();
const APP = join(ROOT, 'test/fixtures/vite-app');
const DIST = join(OUTPUT, 'vite-app-dist');

interface AppResult {
  error?: string;
  backend: { backend: string; isa: string };
  /** The page's hasRelaxedSimd(). */
  relaxed: boolean;
  loss: number;
  outputs: number[];
  parameters: unknown;
  worker?: { loss: number; parameters: unknown; backend: { backend: string; isa: string }; epochsSeen: number };
}

/**
 * A copy of the fixture in test-output/ with node_modules/wasmprop → the repository root, as
 * `npm install /path/to/wasmprop` would link it (kept out of test/ so no tool walks into the link).
 */
function stageApp(): string {
  const dir = join(OUTPUT, 'vite-app');
  rmSync(dir, { recursive: true, force: true });
  cpSync(APP, dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, join(dir, 'node_modules', 'wasmprop'), 'dir');
  return dir;
}

describe.runIf(HAVE_CHROMIUM)('a Vite app that imports wasmprop by name', () => {
  const warnings: string[] = [];
  let browser: Browser;
  const servers: Served[] = [];

  beforeAll(async () => {
    await ensureDist();
    const root = stageApp();
    const { build, createLogger } = await import('vite');
    const logger = createLogger('warn');
    const warn = logger.warn;
    logger.warn = (msg, opts) => {
      warnings.push(msg);
      warn(msg, opts);
    };
    await build({
      root, base: './', configFile: false, logLevel: 'warn', customLogger: logger,
      build: { outDir: DIST, emptyOutDir: true },
    });
    browser = await launch();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.close();
  });

  async function open(options: Parameters<typeof serveStatic>[1] = {}, init?: () => void) {
    const server = await serveStatic(DIST, { maxSeconds: 300, ...options });
    servers.push(server);
    const page = await browser.context.newPage();
    if (init) await page.addInitScript(init);
    const errors = collectErrors(page);
    const warns = collectWarnings(page);
    await page.goto(server.url);
    await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 60_000 });
    const result = await page.evaluate(() => (window as unknown as { __result: unknown }).__result) as AppResult;
    await page.close();
    return { result, errors, warns };
  }

  it('builds: the .wasm files are emitted as assets, nothing Node-only is pulled in', () => {
    const assets = readdirSync(join(DIST, 'assets'));
    expect(assets.some((f) => /^wasmprop\.simd.*\.wasm$/.test(f))).toBe(true);
    expect(assets.some((f) => /^wasmprop\.scalar.*\.wasm$/.test(f))).toBe(true);
    expect(assets.some((f) => /^wasmprop\.relaxed.*\.wasm$/.test(f))).toBe(true);
    expect(warnings.filter((w) => /externalized for browser compatibility/.test(w))).toEqual([]);
  });

  it('trains XOR in Chromium (WASM SIMD, under the CSP) to a loss below 0.01', async () => {
    const { result, errors } = await open({ csp: true });
    expect(result.error).toBeUndefined();
    // 'auto' takes the fastest family the browser validates: relaxed SIMD in today's Chromium
    expect(result.backend).toEqual({ backend: 'wasm', isa: result.relaxed ? 'relaxed-simd' : 'simd128', threads: 1, dtype: 'f64' });
    expect(result.loss).toBeLessThan(0.01);
    result.outputs.forEach((o, k) => expect(Math.abs(o - [0, 1, 1, 0][k]), `XOR output ${k}`).toBeLessThan(0.2));
    if (result.worker) {
      expect(result.worker.parameters).toEqual(result.parameters);
      expect(result.worker.epochsSeen).toBe(3000);
    }
    expect(errors).toEqual([]);
  });

  it('still loads when the server sends the .wasm as application/octet-stream (arrayBuffer fallback)', async () => {
    const { result, errors } = await open({ csp: true, wasmMime: 'application/octet-stream' });
    expect(result.error).toBeUndefined();
    expect(result.backend.backend).toBe('wasm');
    expect(result.loss).toBeLessThan(0.01);
    expect(errors).toEqual([]);
  });

  it('falls back to the pure-TS backend, with a warning, where WebAssembly is unavailable', async () => {
    // Chromium has no switch that hides WebAssembly any more, so the page loses it before any of its
    // scripts run (as under iOS Lockdown Mode or a --jitless engine). Workers keep theirs.
    const { result, errors, warns } = await open({ csp: true }, () => {
      delete (globalThis as { WebAssembly?: unknown }).WebAssembly;
    });
    expect(result.error).toBeUndefined();
    expect(result.backend).toEqual({ backend: 'ts', isa: 'ts', threads: 1, dtype: 'f64' });
    expect(result.loss).toBeLessThan(0.01);
    expect(warns.some((w) => /WebAssembly is not available/.test(w))).toBe(true);
    expect(errors).toEqual([]);
  });
});

// wasmprop from a page with no bundler: plain ES modules from dist/ and an import map, under a CSP
// that allows only 'self', the import map's hash and 'wasm-unsafe-eval' (no eval, no new Function).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDist, ROOT } from './helpers/build.js';
import { browserSuiteAvailable, collectErrors, launch, type Browser } from './helpers/chromium.js';
import { serveStatic, type Served } from './helpers/serve.js';

const HAVE_CHROMIUM = browserSuiteAvailable();
const PAGE = 'test/browser/fixtures/plain-page/';

describe.runIf(HAVE_CHROMIUM)('wasmprop in a page without a bundler', () => {
  let browser: Browser;
  let server: Served;

  beforeAll(async () => {
    await ensureDist();
    // both pages carry the same import map; its hash is the only inline script the CSP allows
    const hashes = ['index.html', 'blank.html'].map((f) => {
      const html = readFileSync(join(ROOT, PAGE, f), 'utf8');
      const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)![1];
      return `'sha256-${createHash('sha256').update(importMap).digest('base64')}'`;
    });
    const csp = `default-src 'self'; script-src 'self' ${[...new Set(hashes)].join(' ')} 'wasm-unsafe-eval'; worker-src 'self'; img-src 'self' data:; connect-src 'self' blob:; object-src 'none'`;
    // The repository is the web root here (the page, dist/ and node_modules/@assemblyscript/loader).
    server = await serveStatic(ROOT, { csp, maxSeconds: 300 });
    browser = await launch();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('imports wasmprop through an import map, finds the .wasm via import.meta.url and trains XOR', async () => {
    const page = await browser.context.newPage();
    const errors = collectErrors(page);
    const wasmRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('.wasm')) wasmRequests.push(new URL(r.url()).pathname);
    });
    // fail fast, with the browser's own words, when a module does not load (e.g. a bare import the map lacks)
    const pageError = new Promise<never>((_, reject) => page.on('pageerror', (e) => reject(new Error(`the page threw: ${e.message}`))));
    pageError.catch(() => {});
    await page.goto(server.url + PAGE);
    await Promise.race([
      page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 50_000 }),
      pageError,
    ]);
    const r = await page.evaluate(() => (window as unknown as { __result: Record<string, unknown> }).__result);
    expect(r.error).toBeUndefined();
    // 'auto' takes the fastest family the browser validates: relaxed SIMD in today's Chromium
    const family = r.relaxed ? { isa: 'relaxed-simd', binary: 'relaxed' } : { isa: 'simd128', binary: 'simd' };
    expect(r.backend).toEqual({ backend: 'wasm', isa: family.isa, threads: 1, dtype: 'f64' });
    expect(r.loss as number).toBeLessThan(0.01);
    expect(wasmRequests).toContain(`/build/wasmprop.${family.binary}.wasm`);
    if (r.worker) expect((r.worker as { parameters: unknown }).parameters).toEqual(r.parameters);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each(['bytes', 'Uint8Array', 'Module', 'URL', 'string', 'Response', 'wrong MIME Response'])('loads the binary the caller passes as %s (and uses it)', async (kind) => {
    // A fresh page per form: the backend keeps the first instance it loads, so nothing else may load one before.
    const page = await browser.context.newPage();
    const errors = collectErrors(page);
    const wasmRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('.wasm')) wasmRequests.push(new URL(r.url()).pathname);
    });
    await page.goto(server.url + PAGE + 'blank.html');
    await page.waitForFunction(() => 'wasmpropNetwork' in window);
    const r = await page.evaluate(async (kind) => {
      const Network = (window as unknown as { wasmpropNetwork: typeof import('../../src/api/network.js').Network }).wasmpropNetwork;
      // a copy of the binary under another name proves the default location was not used
      const url = new URL('/build/wasmprop.simd.wasm', location.href);
      const bytes = await (await fetch(url)).arrayBuffer();
      const blobUrl = URL.createObjectURL(new Blob([bytes], { type: 'application/wasm' }));
      const wrongMime = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
      const source = {
        bytes, Uint8Array: new Uint8Array(bytes), Module: await WebAssembly.compile(bytes), URL: new URL(blobUrl), string: blobUrl,
        Response: await fetch(blobUrl), 'wrong MIME Response': await fetch(wrongMime),
      }[kind];
      const net = await Network.create({ layers: [2, 3, 1], seed: 4, wasm: source as never });
      const out = Array.from(net.runBatch([[0.3, 0.7], [1, 0]]));
      return { out, backend: net.backendInfo };
    }, kind);
    expect(r.backend).toEqual({ backend: 'wasm', isa: 'simd128', threads: 1, dtype: 'f64' });
    expect(r.out.every(Number.isFinite)).toBe(true);
    // the page fetched /build/wasmprop.simd.wasm itself only to make the source; the engine asked for nothing
    expect(wasmRequests).toEqual(['/build/wasmprop.simd.wasm']);
    expect(errors).toEqual([]);
    await page.close();
  });
});

// End-to-end: the playground, built by Vite and served as static files under a strict CSP, in real
// headless Chromium (Debian's, driven by playwright-core). It must load without a console error,
// train XOR in its Web Worker to a loss below 0.01 without freezing the page, stop on request,
// show the worked example's numbers in the walk-through, and reproduce every golden case inside
// the page on the TS and both WASM backends. Screenshots go to test-output/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ensureWasm, OUTPUT, ROOT } from './helpers/build.js';
import { browserSuiteAvailable, collectErrors, launch, type Browser } from './helpers/chromium.js';
import { serveStatic, type Served } from './helpers/serve.js';
import { golden, type GoldenCase } from '../helpers/golden.js';
import { expectClose, ONE_PASS, TRAINED } from '../helpers/tolerance.js';

const HAVE_CHROMIUM = browserSuiteAvailable();

const DIST = join(OUTPUT, 'playground-dist');

/** Builds the playground exactly as `npm run build:demo` does, into test-output/. */
async function buildPlayground(): Promise<void> {
  await ensureWasm();
  const { build } = await import('vite');
  await build({
    configFile: join(ROOT, 'playground/vite.config.ts'),
    logLevel: 'error',
    build: { outDir: DIST, emptyOutDir: true },
  });
}

describe.runIf(HAVE_CHROMIUM)('playground in Chromium', () => {
  let server: Served;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    await buildPlayground();
    server = await serveStatic(DIST, { csp: true, maxSeconds: 600 });
    browser = await launch();
    page = await browser.context.newPage();
    errors = collectErrors(page);
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads under the CSP (script-src self + wasm-unsafe-eval) with WebAssembly and SIMD detected', async () => {
    const env = await page.textContent('#env');
    expect(env).toContain('WebAssembly yes');
    expect(env).toContain('SIMD yes');
    const backends = await page.$$eval('#backend option:not([disabled])', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(backends).toEqual(expect.arrayContaining(['wasm-simd', 'wasm-scalar', 'ts']));
    expect(errors).toEqual([]);
  });

  it('trains XOR in the worker to a loss below 0.01', async () => {
    await page.selectOption('#dataset', 'xor');
    await page.click('#train');
    await page.waitForSelector('body[data-state="done"]', { timeout: 120_000 });
    const loss = Number(await page.getAttribute('#stat-loss', 'data-value'));
    expect(loss).toBeLessThan(0.01);
    expect(Number(await page.textContent('#stat-epoch'))).toBe(Number(await page.inputValue('#epochs')));
    // the loss chart got its points (Chart.js keeps them on the canvas' chart instance)
    const points = await page.evaluate(() => {
      const canvas = document.querySelector('#loss-chart') as HTMLCanvasElement & { $chartjs?: unknown };
      return canvas.width > 0 && canvas.height > 0;
    });
    expect(points).toBe(true);
    await page.screenshot({ path: join(OUTPUT, 'playground-xor.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('keeps the page responsive while the worker trains (no main-thread gap near the training time)', async () => {
    await page.selectOption('#dataset', 'spiral');
    await page.fill('#epochs', '4000');
    await page.click('#train');
    await page.waitForSelector('body[data-state="training"]', { timeout: 30_000 });
    const watch = page.evaluate(() => new Promise<{ worst: number; frames: number; ms: number }>((resolve) => {
      const t0 = performance.now();
      let last = t0;
      let worst = 0;
      let frames = 0;
      const tick = (): void => {
        const t = performance.now();
        worst = Math.max(worst, t - last);
        last = t;
        frames++;
        if (document.body.dataset.state === 'training') requestAnimationFrame(tick);
        else resolve({ worst, frames, ms: t - t0 });
      };
      requestAnimationFrame(tick);
    }));
    await page.waitForSelector('body[data-state="done"]', { timeout: 120_000 });
    const w = await watch;
    // in-thread, the page would not paint for the whole run; with the worker it paints throughout
    expect(w.ms, 'training took long enough to tell').toBeGreaterThan(1000);
    expect(w.worst, `longest frame gap ${w.worst.toFixed(0)} ms of a ${w.ms.toFixed(0)} ms run`).toBeLessThan(w.ms / 2);
    expect(w.frames).toBeGreaterThan(10);
    expect(errors).toEqual([]);
  });

  it('stops a long run on Stop and reports it', async () => {
    await page.selectOption('#dataset', 'spiral');
    await page.fill('#epochs', '1000000');
    await page.click('#train');
    await page.waitForFunction(() => Number(document.querySelector('#stat-epoch')?.textContent) > 20, undefined, { timeout: 60_000 });
    await page.click('#stop');
    await page.waitForSelector('body[data-state="stopped"]', { timeout: 30_000 });
    const run = await page.evaluate(() => (window as unknown as { __lastRun: { cancelled: boolean; epochs: number } }).__lastRun);
    expect(run.cancelled).toBe(true);
    expect(run.epochs).toBeGreaterThan(20);
    expect(run.epochs).toBeLessThan(1000000);
    await page.screenshot({ path: join(OUTPUT, 'playground-spiral.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('walk-through shows the worked example step with the engine’s numbers, and follows edits', async () => {
    await page.click('#tab-walk');
    await page.waitForSelector('#view-walk[data-ready="true"]');
    const read = (): Promise<Record<string, number[]>> => page.evaluate(() => {
      const grab = (id: string, col: number): number[] => Array.from(document.querySelectorAll(`#${id} tbody tr`))
        .map((tr) => Number((tr.children[col].querySelector('.num') as HTMLElement).dataset.value));
      return {
        outAfter: grab('wt-output', 9), hidAfter: grab('wt-hidden', 9), outGrad: grab('wt-output', 6), hidGrad: grab('wt-hidden', 6),
        outProduct: grab('wt-output', 5), hidProduct: grab('wt-hidden', 5), forwardOut: grab('wt-forward', 2),
        loss: [Number((document.querySelectorAll('#wt-error .num')[2] as HTMLElement).dataset.value)],
        lossAfter: [Number((document.querySelector('#wt-after .num') as HTMLElement).dataset.value)],
      };
    });
    const v = await read();
    expectClose('loss before', v.loss, [0.2983711087600027], ONE_PASS);
    const tutorial = [0.35891648, 0.40866619, 0.51130127, 0.56137012, 0.14978072, 0.19956143, 0.24975114, 0.29950229];
    [...v.outAfter, ...v.hidAfter].forEach((w, k) => expect(Math.abs(w - tutorial[k]), `w${k < 4 ? k + 5 : k - 3}⁺ = ${w}`).toBeLessThan(5e-9));
    const mazur = golden.cases.find((c) => c.name === 'mazur-2-2-2')!;
    expectClose('page w⁺ vs golden weightsAfterOneStep', [v.hidAfter, v.outAfter], mazur.expect.weightsAfterOneStep!, ONE_PASS);
    expectClose('page loss after vs golden', v.lossAfter, [mazur.expect.lossAfterOneStep!], ONE_PASS);
    expectClose('products vs engine gradients', [...v.outProduct, ...v.hidProduct], [...v.outGrad, ...v.hidGrad], ONE_PASS);
    expect(await page.$$eval('.check.bad', (els) => els.length)).toBe(0);
    await page.screenshot({ path: join(OUTPUT, 'playground-walkthrough.png'), fullPage: true });

    await page.fill('#wt-w1', '0.9');
    await page.fill('#wt-alpha', '2');
    await page.waitForFunction(() => (document.querySelector('#wt-hidden tbody tr td:nth-child(9) .num') as HTMLElement | null)?.dataset.value === '0.9', undefined, { timeout: 10_000 });
    const e = await read();
    expect(e.hidAfter[0]).not.toBeCloseTo(0.14978072, 6);
    expectClose('edited: products vs engine gradients', [...e.outProduct, ...e.hidProduct], [...e.outGrad, ...e.hidGrad], ONE_PASS);
    expect(await page.$$eval('.check.bad', (els) => els.length)).toBe(0);
    await page.click('text=Reset to the worked example');
    await page.click('#tab-train');
    expect(errors).toEqual([]);
  });

  it('runs every golden case inside the page on TS, wasm scalar, wasm SIMD and (the default here) wasm relaxed SIMD', async () => {
    const { results, relaxed } = await page.evaluate(async (cases: GoldenCase[]) => {
      const wp = (window as unknown as { wasmprop: typeof import('../../src/index.js') }).wasmprop;
      const relaxed = wp.hasRelaxedSimd();
      const engines: { label: string; opts: { backend: 'ts' | 'wasm'; kernel?: 'scalar' | 'simd' | 'relaxed' } }[] = [
        { label: 'ts', opts: { backend: 'ts' } },
        { label: 'wasm-scalar', opts: { backend: 'wasm', kernel: 'scalar' } },
        { label: 'wasm-simd', opts: { backend: 'wasm', kernel: 'simd' } },
        // what kernel 'auto' picks in a browser that validates relaxed SIMD
        ...(relaxed ? [{ label: 'wasm-relaxed', opts: { backend: 'wasm' as const, kernel: 'relaxed' as const } }] : []),
      ];
      const out = [];
      for (const e of engines) {
        for (const c of cases) {
          const net = await wp.Network.create({ layers: c.layers, alpha: c.alpha, ...e.opts });
          net.setParameters({ weights: c.weights, biases: c.biases });
          const outputs = Array.from(net.runBatch(c.inputs));
          const loss = net.loss(c.inputs, c.targets);
          const g = net.gradients(c.inputs, c.targets);
          const isa = net.backendInfo.isa;
          const r = net.train({ inputs: c.inputs, targets: c.targets }, { learningRate: c.learningRate, epochs: c.epochs, batchSize: c.batchSize, trainBias: c.trainBias, recordLoss: 'exact' });
          const p = net.getParameters();
          out.push({
            label: e.label, isa, name: c.name, outputs, loss, gradWeights: g.weights, gradBiases: g.biases, gradLoss: g.loss,
            trained: p, lossPerEpoch: r.lossPerEpoch.slice(0, c.expect.lossPerEpoch.length), error: r.error, epochs: r.epochs,
            finalOutputs: Array.from(net.runBatch(c.inputs)),
          });
          net.dispose();
        }
      }
      return { results: out, relaxed };
    }, golden.cases);
    expect(relaxed, 'this Chromium validates relaxed SIMD (Chromium >= 114)').toBe(true);
    expect(results.length).toBe(4 * golden.cases.length);
    for (const r of results) {
      const c = golden.cases.find((x) => x.name === r.name)!;
      const tag = `chromium ${r.label} ${c.name}`;
      expect(r.isa, tag).toBe({ ts: 'ts', 'wasm-scalar': 'scalar', 'wasm-simd': 'simd128', 'wasm-relaxed': 'relaxed-simd' }[r.label]);
      expectClose(`${tag} outputs`, r.outputs, c.expect.outputs, ONE_PASS);
      expectClose(`${tag} loss`, r.loss, c.expect.loss, ONE_PASS);
      expectClose(`${tag} gradients().loss`, r.gradLoss, c.expect.loss, ONE_PASS);
      expectClose(`${tag} gradWeights`, r.gradWeights, c.expect.gradWeights, ONE_PASS);
      expectClose(`${tag} gradBiases`, r.gradBiases, c.expect.gradBiases, ONE_PASS);
      expect(r.epochs, tag).toBe(c.epochs);
      expectClose(`${tag} trainedWeights`, r.trained.weights, c.expect.trainedWeights, TRAINED);
      expectClose(`${tag} trainedBiases`, r.trained.biases, c.expect.trainedBiases, TRAINED);
      expectClose(`${tag} lossPerEpoch`, r.lossPerEpoch, c.expect.lossPerEpoch, TRAINED);
      expectClose(`${tag} finalLoss`, r.error, c.expect.finalLoss, TRAINED);
      expectClose(`${tag} finalOutputs`, r.finalOutputs, c.expect.finalOutputs, TRAINED);
    }
    expect(errors).toEqual([]);
  });

  it('trainInWorker in the page equals in-page training; cancel() keeps an exact epoch-boundary snapshot', async () => {
    const r = await page.evaluate(async () => {
      const wp = (window as unknown as { wasmprop: typeof import('../../src/index.js') & typeof import('../../src/worker/index.js') }).wasmprop;
      const data = { inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]] };
      const spec = { layers: [2, 5, 1], seed: 21, alpha: 1.5 };
      const opts = { learningRate: 0.8, epochs: 2000, batchSize: 2 };
      const local = await wp.Network.create(spec);
      const infos: number[] = [];
      local.train(data, { ...opts, onEpoch: (i) => void infos.push(i.loss) });
      const w = await wp.trainInWorker(spec, data, { ...opts, onEpoch: (i) => void infos.push(i.loss) });
      const same = JSON.stringify(w.parameters) === JSON.stringify(local.getParameters());
      const sameLosses = JSON.stringify(infos.slice(0, 2000)) === JSON.stringify(infos.slice(2000));
      // cancel: without SharedArrayBuffer (this page is not cross-origin isolated) the worker is
      // terminated and the last snapshot comes back; it must be the state after exactly r.epochs epochs.
      // cancel once the worker is training (its first epoch came back), not after a fixed delay: a
      // loaded machine may take longer than any delay to start the worker and build the network
      let started: () => void = () => {};
      const training = new Promise<void>((ok) => { started = ok; });
      const job = wp.trainInWorker(spec, data, { ...opts, epochs: 10_000_000, onEpoch: () => started() });
      await training;
      await new Promise((ok) => setTimeout(ok, 100));
      job.cancel();
      const c = await job;
      const again = await wp.Network.create(spec);
      again.train(data, { ...opts, epochs: Math.max(1, c.epochs) });
      return {
        same, sameLosses, isolated: crossOriginIsolated, cancelled: c.cancelled, epochs: c.epochs,
        snapshotExact: JSON.stringify(c.parameters) === JSON.stringify(again.getParameters()), lossCount: c.lossPerEpoch.length,
      };
    });
    expect(r.same).toBe(true);
    expect(r.sameLosses).toBe(true);
    expect(r.isolated).toBe(false);
    expect(r.cancelled).toBe(true);
    expect(r.epochs).toBeGreaterThan(0);
    expect(r.lossCount).toBe(r.epochs);
    expect(r.snapshotExact).toBe(true);
    expect(errors).toEqual([]);
  });

  it('cross-origin isolated (COOP/COEP): cancel() goes through a SharedArrayBuffer and stops at the next epoch', async () => {
    const isolated = await serveStatic(DIST, { csp: true, isolate: true, maxSeconds: 300 });
    const p2 = await browser.context.newPage();
    const errs = collectErrors(p2);
    try {
      await p2.goto(isolated.url);
      await p2.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      const r = await p2.evaluate(async () => {
        const wp = (window as unknown as { wasmprop: typeof import('../../src/index.js') & typeof import('../../src/worker/index.js') }).wasmprop;
        const data = { inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]] };
        const spec = { layers: [2, 5, 1], seed: 21 };
        let lastSeen = 0;
        const job = wp.trainInWorker(spec, data, { learningRate: 0.8, epochs: 10_000_000, onEpoch: (i) => { lastSeen = i.epoch; return i.epoch < 1000; } });
        const c = await job;
        const again = await wp.Network.create(spec);
        again.train(data, { learningRate: 0.8, epochs: c.epochs });
        return {
          isolated: crossOriginIsolated, cancelled: c.cancelled, epochs: c.epochs, lastSeen, stoppedBy: (c as { stoppedBy?: string }).stoppedBy,
          exact: JSON.stringify(c.parameters) === JSON.stringify(again.getParameters()),
        };
      });
      expect(r.isolated).toBe(true);
      expect(r.cancelled).toBe(true);
      expect(r.epochs).toBeGreaterThanOrEqual(1000);
      expect(r.lastSeen).toBe(r.epochs);
      expect(r.stoppedBy).toBe('callback');
      expect(r.exact).toBe(true);
      expect(errs).toEqual([]);
    } finally {
      await p2.close();
      await isolated.close();
    }
  });
});

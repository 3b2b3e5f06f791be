// The browser benchmark's plumbing (bench/browser): the page builds, loads the materialized
// workload files and — what matters most — the engine in Chromium reproduces the TS reference
// loss of the verification runs to 1e-9, so every browser figure is of a verified system.
// Tiny time budget: this checks the bench, it does not benchmark.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureWasm } from './helpers/build.js';
import { browserSuiteAvailable } from './helpers/chromium.js';
import { materialize, workloads } from '../../bench/workloads.js';
import { SYSTEMS, type Data } from '../../bench/systems.js';
import { runBrowserBench, sideBySideMarkdown } from '../../bench/browser/index.js';

const HAVE_CHROMIUM = browserSuiteAvailable();

describe.runIf(HAVE_CHROMIUM)('browser bench', () => {
  it('verifies and times W1 and W2 in Chromium (wasm-simd, ts) against the Node TS reference', async () => {
    await ensureWasm();
    const list = workloads(true).filter((w) => w.id === 'W1' || w.id === 'W2');
    const dir = mkdtempSync(join(tmpdir(), 'wasmprop-bench-test-'));
    try {
      const files = materialize(dir, list);
      const reference: Record<string, number> = {};
      const ts = SYSTEMS.find((s) => s.id === 'ts')!;
      const { readFileSync } = await import('node:fs');
      const f64 = (p: string): Float64Array => { const b = readFileSync(p); return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); };
      for (const w of list) {
        const d: Data = { x: f64(files[w.id].x), t: f64(files[w.id].t), IN: w.layers[0], OUT: w.layers[w.layers.length - 1] };
        const tr = await ts.create(w, d);
        tr.reset(f64(files[w.id].init));
        tr.train(w.verify);
        reference[w.id] = tr.loss(w.verify.rows);
        tr.dispose();
      }
      const r = await runBrowserBench({ workloads: list, files, reference, budget: 0.02, systems: ['wasm-simd', 'ts'], log: () => {} });
      expect(r.skipped).toBeUndefined();
      expect(r.env?.crossOriginIsolated).toBe(true);
      expect(r.results.map((x) => `${x.system} ${x.workload} ${x.status} ${x.note ?? ''}`.trim()).sort()).toEqual([
        'chromium:ts W1 ok', 'chromium:ts W2 ok', 'chromium:wasm-simd W1 ok', 'chromium:wasm-simd W2 ok',
      ]);
      for (const x of r.results) expect(x.perSecond, `${x.system} ${x.workload}`).toBeGreaterThan(0);
      const md = sideBySideMarkdown(list, [], r, ['wasm-simd', 'ts']);
      expect(md).toContain('| W1 updates | wasm-simd | — |');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Side-by-side f64 vs f32 on the bench's workloads (full runs; W1 and W2 by default, the tiny
// online ones): every configuration in one process, in turn (the order rotating each round), median
// and spread (p10–p90) of many rounds, and the per-round ratio f32/f64.
// Usage: node --import tsx bench/dtype-compare.ts [rounds] [kernel…] [--workloads=W3,W4] (needs
// `npm run build`); DTYPE_BASELINE=<dir holding dist/ and build/ of another commit> adds its f32 and
// f64 as columns 'f32@base' / 'f64@base', so a change is measured against the old binaries in one run.
// Not here: verification against the TS twin (bench/run.ts does that before timing), the full report.
import { workloads, materialize } from './workloads.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from '../src/util/env.js';

type Net = { setParametersFlat(p: Float64Array): void; train(d: object, o: object): unknown; dispose(): void };
type NetworkClass = { create(o: object): Promise<Net> };

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const ids = process.argv.find((a) => a.startsWith('--workloads='))?.split('=')[1].split(',') ?? ['W1', 'W2'];
const rounds = Number(args[0] ?? 31);
const kernels = args.length > 1 ? args.slice(1) : ['simd', 'scalar'];
const here = (await import('../dist/index.js')) as unknown as { Network: NetworkClass };
const baseDir = process.env.DTYPE_BASELINE;
const base = baseDir ? ((await import(pathToFileURL(resolve(baseDir, 'dist/index.js')).href)) as { Network: NetworkClass }) : undefined;

const list = workloads(true).filter((w) => ids.includes(w.id));
const dir = mkdtempSync(join(tmpdir(), 'dtype-compare-'));
const files = materialize(dir, list);
const read = (p: string): Float64Array => { const b = readFileSync(p); return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8); };
const pct = (a: number[], q: number): number => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const fmt = (a: number[], d = 3): string => `${median(a).toPrecision(d)} [${pct(a, 0.1).toPrecision(d)}–${pct(a, 0.9).toPrecision(d)}]`;

for (const w of list) {
  const fs = files[w.id];
  const x = read(fs.x).slice(0, w.full.rows * w.layers[0]);
  const t = read(fs.t).slice(0, w.full.rows * w.layers[w.layers.length - 1]);
  const init = read(fs.init);
  const units = w.full.epochs * w.full.rows;
  const opts = { learningRate: w.learningRate, batchSize: w.batchSize, trainBias: w.trainBias, epochs: w.full.epochs, recordLoss: false, finalError: false };
  for (const kernel of kernels) {
    const nets: Record<string, Net> = {
      f64: await here.Network.create({ layers: w.layers, kernel }),
      f32: await here.Network.create({ layers: w.layers, kernel, dtype: 'f32' }),
    };
    if (base) {
      nets['f64@base'] = await base.Network.create({ layers: w.layers, kernel });
      nets['f32@base'] = await base.Network.create({ layers: w.layers, kernel, dtype: 'f32' });
    }
    const keys = Object.keys(nets);
    const rate: Record<string, number[]> = Object.fromEntries(keys.map((k) => [k, []]));
    for (let r = 0; r < rounds + 3; r++) {
      for (let j = 0; j < keys.length; j++) {
        const k = keys[(j + r) % keys.length];
        nets[k].setParametersFlat(init);
        const t0 = performance.now();
        nets[k].train({ inputs: x, targets: t }, opts);
        const dt = performance.now() - t0;
        if (r >= 3) rate[k].push(units / dt); // thousands of units per second (dt in ms)
      }
    }
    const ratio = (a: string, b: string): number[] => rate[a].map((v, i) => v / rate[b][i]);
    const cols = keys.map((k) => `${k} ${fmt(rate[k])}`).join('  ');
    const ratios = [`f32/f64 ${fmt(ratio('f32', 'f64'))}`];
    if (base) ratios.push(`f32@base/f64@base ${fmt(ratio('f32@base', 'f64@base'))}`, `f32/f32@base ${fmt(ratio('f32', 'f32@base'))}`, `f64/f64@base ${fmt(ratio('f64', 'f64@base'))}`);
    console.log(`${w.id} ${kernel.padEnd(7)} k ${w.unit}/s: ${cols}\n   ratios (per round): ${ratios.join('  ')}`);
    for (const n of Object.values(nets)) n.dispose();
  }
}
rmSync(dir, { recursive: true });

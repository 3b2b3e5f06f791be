// `node scripts/measure-size.mjs`: the sizes the README states — the tarball (`npm pack`), the
// core install (`npm install` of that tarball into an empty project: every byte of node_modules),
// and a Vite app that imports `Network` and trains XOR, built for production, gzip -9 of its
// JavaScript and of each .wasm separately. Uses the current dist/ and build/ (run the build
// first); needs the registry or npm's cache for the four runtime dependencies. A measurement, not a test.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function sh(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

function walk(p) {
  let bytes = 0;
  let blocks = 0;
  for (const e of readdirSync(p, { withFileTypes: true })) {
    const q = join(p, e.name);
    if (e.isDirectory()) {
      const w = walk(q);
      bytes += w.bytes;
      blocks += w.blocks;
    } else if (e.isFile()) {
      const s = statSync(q);
      bytes += s.size;
      blocks += s.blocks * 512;
    }
  }
  return { bytes, blocks };
}

const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
const MB = (n) => `${(n / 1e6).toFixed(2)} MB`;

const dir = mkdtempSync(join(tmpdir(), 'wasmprop-size-'));
try {
  const [pack] = JSON.parse(sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT));
  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, pack.filename)], app);
  const install = walk(join(app, 'node_modules'));
  const packages = readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.')).length;

  writeFileSync(join(app, 'index.html'), '<!doctype html><pre id="out"></pre><script type="module" src="./main.js"></script>\n');
  writeFileSync(join(app, 'main.js'), [
    "import { Network } from 'wasmprop';",
    'const net = await Network.create({ layers: [2, 4, 1], seed: 1 });',
    'const r = net.train({ inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]] }, { learningRate: 2, epochs: 3000 });',
    "document.getElementById('out').textContent = `loss ${r.error}`;",
    '',
  ].join('\n'));
  const { build } = await import(join(ROOT, 'node_modules/vite/dist/node/index.js'));
  const out = join(app, 'dist');
  await build({ root: app, base: './', configFile: false, logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
  const assets = readdirSync(join(out, 'assets'));
  const gz = (f) => gzipSync(readFileSync(join(out, 'assets', f)), { level: 9 }).length;
  const js = assets.filter((f) => f.endsWith('.js'));
  const wasm = assets.filter((f) => f.endsWith('.wasm')).sort();
  // the training worker is emitted as its own chunk (new Worker(new URL(…))) and fetched only by trainInWorker
  const worker = js.filter((f) => f.startsWith('train-worker'));
  const page = js.filter((f) => !worker.includes(f));
  const size = (fs, f = (x) => statSync(join(out, 'assets', x)).size) => fs.reduce((a, x) => a + f(x), 0);
  if (process.argv.includes('--verbose')) for (const f of js) console.log(`${f}: ${kB(gz(f))} gzipped`);

  console.log('| what | size |');
  console.log('| --- | ---: |');
  console.log(`| tarball (\`npm pack\`) | ${kB(pack.size)} (${kB(pack.unpackedSize)} unpacked, ${pack.entryCount} files) |`);
  console.log(`| \`npm install wasmprop\`: node_modules, ${packages} packages | ${MB(install.bytes)} (${MB(install.blocks)} on disk) |`);
  console.log(`| Vite app (Network + XOR): JavaScript besides the training worker (${page.length} chunks; the dynamic ones — ONNX import, the thread pool's worker — are fetched only when used) | ${kB(size(page, gz))} gzipped (${kB(size(page))}) |`);
  console.log(`| Vite app: the training-worker chunk (emitted, fetched only by trainInWorker) | ${kB(size(worker, gz))} gzipped (${kB(size(worker))}) |`);
  for (const f of wasm) {
    const name = f.replace(/-[A-Za-z0-9_-]{8}\.wasm$/, '.wasm');
    console.log(`| Vite app, ${name} (one of the six is loaded: family × plain or shared memory) | ${kB(gz(f))} gzipped (${kB(statSync(join(out, 'assets', f)).size)}) |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// A tiny static file server for the playground, the browser tests and the browser bench: binds
// 127.0.0.1 only, sends the right MIME types (application/wasm), optional CSP and cross-origin
// isolation headers, and can stop by itself after a time limit. Not a production server.
//
//   node scripts/serve-static.mjs DIR [--port N] [--max-seconds S] [--csp] [--isolate]
//
// `serveStatic(dir, options)` is the same server for tests: resolves to { url, port, close() }.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/** The Content-Security-Policy the playground is meant to run under: no eval, only wasm compilation. */
export const PLAYGROUND_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * Serves `dir` on 127.0.0.1.
 * options: port (0 = ephemeral, default), csp (true = PLAYGROUND_CSP, or a policy string),
 * isolate (COOP/COEP headers, so pages get SharedArrayBuffer), wasmMime (override the .wasm type,
 * e.g. 'application/octet-stream' to exercise the instantiateStreaming fallback),
 * maxSeconds (close by itself after this long; 0 = never), log (function for one line per request).
 */
export async function serveStatic(dir, options = {}) {
  const root = resolve(dir);
  const csp = options.csp === true ? PLAYGROUND_CSP : options.csp || '';
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let path = normalize(join(root, decodeURIComponent(url.pathname)));
      if (path !== root && !path.startsWith(root + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      let st = await stat(path).catch(() => null);
      if (st?.isDirectory()) {
        path = join(path, 'index.html');
        st = await stat(path).catch(() => null);
      }
      if (!st || !st.isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        options.log?.(`404 ${url.pathname}`);
        return;
      }
      const ext = extname(path).toLowerCase();
      const headers = {
        'content-type': ext === '.wasm' && options.wasmMime ? options.wasmMime : MIME[ext] ?? 'application/octet-stream',
        'content-length': st.size,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      };
      if (csp && ext === '.html') headers['content-security-policy'] = csp;
      if (options.isolate) {
        headers['cross-origin-opener-policy'] = 'same-origin';
        headers['cross-origin-embedder-policy'] = 'require-corp';
        headers['cross-origin-resource-policy'] = 'same-origin';
      }
      res.writeHead(200, headers);
      if (req.method === 'HEAD') res.end();
      else createReadStream(path).pipe(res);
      options.log?.(`200 ${url.pathname}`);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', ok);
  });
  const port = server.address().port;
  let timer;
  const close = () =>
    new Promise((ok) => {
      clearTimeout(timer);
      server.closeAllConnections?.();
      server.close(() => ok());
    });
  if (options.maxSeconds) {
    timer = setTimeout(() => void close(), options.maxSeconds * 1000);
    timer.unref?.();
  }
  return { url: `http://127.0.0.1:${port}/`, port, close };
}

function parseArgs(argv) {
  const o = { dir: undefined, port: 0, maxSeconds: 0, csp: false, isolate: false };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--port') o.port = Number(argv[++k]);
    else if (a === '--max-seconds') o.maxSeconds = Number(argv[++k]);
    else if (a === '--csp') o.csp = true;
    else if (a === '--isolate') o.isolate = true;
    else if (!a.startsWith('--')) o.dir = a;
    else throw new Error(`serve-static: unknown option ${a}`);
  }
  if (!o.dir) throw new Error('usage: node scripts/serve-static.mjs DIR [--port N] [--max-seconds S] [--csp] [--isolate]');
  return o;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const o = parseArgs(process.argv.slice(2));
  const s = await serveStatic(o.dir, o);
  console.log(`serving ${resolve(o.dir)} at ${s.url}${o.maxSeconds ? ` for ${o.maxSeconds} s` : ''} (Ctrl-C stops)`);
  const stop = () => s.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

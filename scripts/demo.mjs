// `npm run demo`: serves the built playground (playground/dist, from `npm run build:demo`) on
// http://127.0.0.1:PORT/ (PORT defaults to 5180; an ephemeral port when that one is taken), with
// the playground's CSP and cross-origin isolation headers so worker cancellation uses a
// SharedArrayBuffer. The files in playground/dist work from any static host without these headers.
//
//   node scripts/demo.mjs [--port N] [--max-seconds S] [--no-isolate]
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './serve-static.mjs';

const dir = fileURLToPath(new URL('../playground/dist/', import.meta.url));
if (!existsSync(`${dir}index.html`)) {
  console.error('demo: playground/dist is missing; run `npm run build:demo` first (or `npm run demo`).');
  process.exit(1);
}
const argv = process.argv.slice(2);
const arg = (name) => {
  const k = argv.indexOf(name);
  return k >= 0 ? argv[k + 1] : undefined;
};
const port = Number(arg('--port') ?? process.env.PORT ?? 5180);
const maxSeconds = Number(arg('--max-seconds') ?? 0);
const options = { csp: true, isolate: !argv.includes('--no-isolate'), maxSeconds };
let server;
try {
  server = await serveStatic(dir, { ...options, port });
} catch (e) {
  if (e.code !== 'EADDRINUSE') throw e;
  server = await serveStatic(dir, { ...options, port: 0 });
  console.log(`demo: port ${port} is taken; using ${server.port}`);
}
console.log(`wasmprop playground: ${server.url}  (Ctrl-C stops${maxSeconds ? `; stops by itself after ${maxSeconds} s` : ''})`);
const stop = () => server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

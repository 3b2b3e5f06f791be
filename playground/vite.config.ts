// Vite config of the playground: `npm run build:demo` builds playground/ into playground/dist/ with
// relative asset paths (base './'), so the static files work from any host and any sub-path.
// The engine is imported from ../src (its .wasm files come from ../build via new URL(…, import.meta.url)).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // the digits chunk (the mnist package's JSON) is large and loaded only when chosen
    chunkSizeWarningLimit: 30_000,
    // the mnist JSON makes the worker-URL scan slow; that is expected, not worth a warning
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});

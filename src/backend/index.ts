// Backend selection and caching. One WASM instance per binary (shared by every network that uses
// it, each in its own arena) and one pure-TS "instance" with an emulated memory.
import { Allocator, ArrayBufferMemory, MemoryViews } from './memory.js';
import { WasmpropError } from '../api/errors.js';
import type { BackendName, BackendOptions, Isa, KernelChoice, KernelFamily, WasmSource } from '../api/types.js';
import type { Backend, DriverFns, KernelFn } from './types.js';
import { DRIVER_EXPORTS, FAMILIES, exportedValue } from './families.js';
import { createTsKernels } from './ts-kernels.js';
import { createTsDriver } from './ts-driver.js';
import { createTsKernelsF32 } from './ts-kernels-f32.js';
import { createTsDriverF32 } from './ts-driver-f32.js';
import { instantiateWasm, instantiateShared, hasSimd, hasRelaxedSimd, hasWasmThreads, hasWebAssembly, type RawExports, type SharedInstance } from './wasm-loader.js';
import { canStartWorkers, preloadWorkers, takePool, type Pool } from './pool.js';
import { cores, isNode, nodeWorkersRefused } from '../util/env.js';
import { MAX_THREADS, type ThreadCount } from '../api/types.js';

export type { BackendName, BackendOptions, KernelChoice };

interface WasmShared {
  exports: RawExports;
  views: MemoryViews;
  allocator: Allocator;
  kernels: Record<string, KernelFn>;
}

const wasmShared = new Map<KernelFamily, Promise<WasmShared>>();
const wasmReady = new Map<KernelFamily, WasmShared>();
const backends = new Map<string, Backend>();
let tsBackend: Backend | undefined;

/** The pure-TypeScript backend (always available, synchronously). */
export function getTsBackend(): Backend {
  if (tsBackend) return tsBackend;
  const memory = new ArrayBufferMemory(1);
  const views = new MemoryViews(memory);
  const k = createTsKernels(views);
  const kernels: Record<string, KernelFn> = {};
  const k32 = createTsKernelsF32(views);
  for (const [name, fn] of Object.entries({ ...k, ...k32 })) kernels[`${name}__ts`] = fn as KernelFn;
  const fns = { ...createTsDriver(views, k), ...createTsDriverF32(views, k32) };
  tsBackend = { name: 'ts', isa: 'ts', variant: 0, views, allocator: new Allocator(memory, 16), fns, kernels };
  return tsBackend;
}

/** Checks that the runtime has the family asked for (the names are checked by options/network.ts). */
function checkChoice(o: BackendOptions): { backend: BackendName; kernel: KernelChoice } {
  const backend = o.backend ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'ts') throw new WasmpropError('backend', "'wasm' or 'ts'", backend);
  const kernel = o.kernel ?? 'auto';
  if (kernel !== 'auto' && !(kernel in FAMILIES)) throw new WasmpropError('kernel', "'auto', 'scalar', 'simd' or 'relaxed'", kernel);
  if (kernel === 'simd' && backend === 'wasm' && !hasSimd()) throw new WasmpropError('kernel', 'a kernel family this runtime supports (no WebAssembly SIMD here)', kernel);
  if (kernel === 'relaxed' && backend === 'wasm' && !hasRelaxedSimd()) {
    throw new WasmpropError('kernel', 'a kernel family this runtime supports (no WebAssembly relaxed SIMD here; Node 20 needs --experimental-wasm-relaxed-simd)', kernel);
  }
  return { backend, kernel };
}

function resolveIsa(kernel: KernelChoice, customBinary: boolean): { binary: KernelFamily; isa: Isa } {
  // Only the relaxed binary has the relaxed family (checkChoice probed it when asked for by name).
  if (kernel === 'relaxed' || (kernel === 'auto' && !customBinary && hasRelaxedSimd())) return { binary: 'relaxed', isa: 'relaxed-simd' };
  const simd = kernel === 'simd' || (kernel === 'auto' && hasSimd());
  // The scalar family also lives in the SIMD binary; use that one where SIMD validates so every
  // variant shares one memory. Without SIMD the scalar binary is the only one that loads.
  return { binary: hasSimd() ? 'simd' : 'scalar', isa: simd ? 'simd128' : 'scalar' };
}

function makeWasmBackend(shared: WasmShared, isa: Isa, threaded?: SharedInstance): Backend {
  const key = `wasm${threaded ? '-shared' : ''}:${isa}`;
  const have = backends.get(key);
  if (have) return have;
  const family = Object.values(FAMILIES).find((f) => f.isa === isa)!;
  const variant = exportedValue(shared.exports[family.variantExport]);
  if (variant === undefined) {
    throw new WasmpropError('wasm', `a wasmprop binary with the ${family.family} kernel family (export ${family.variantExport})`, 'a module without it');
  }
  const b: Backend = {
    name: 'wasm', isa, variant, views: shared.views, allocator: shared.allocator,
    fns: shared.exports as unknown as DriverFns, kernels: shared.kernels, ...(threaded ? { shared: threaded } : {}),
  };
  backends.set(key, b);
  return b;
}

/** Every driver entry point the TS side calls, looked up once at load: a missing one fails here, clearly. */
export function checkDriverExports(exports: RawExports): void {
  const missing = DRIVER_EXPORTS.filter((name) => typeof exports[name] !== 'function');
  if (missing.length) throw new WasmpropError('wasm', `a wasmprop binary exporting ${DRIVER_EXPORTS.join(', ')}`, `a module without ${missing.join(', ')}`);
}

let warned = false;

/** Loads (once) and returns the backend for the options. Falls back to 'ts', with a warning, without WebAssembly. */
export async function loadBackend(o: BackendOptions = {}): Promise<Backend> {
  const { backend, kernel } = checkChoice(o);
  if (backend === 'ts') return getTsBackend();
  if (!hasWebAssembly()) {
    if (!warned) console.warn('wasmprop: WebAssembly is not available here; using the pure-TypeScript backend.');
    warned = true;
    return getTsBackend();
  }
  const { binary, isa } = resolveIsa(kernel, o.wasm !== undefined);
  let p = wasmShared.get(binary);
  if (!p) {
    p = instantiateWasm(binary, o.wasm).then((exports) => {
      checkDriverExports(exports);
      const views = new MemoryViews(exports.memory);
      const base = (exports.heap_base as () => number)();
      const kernels: Record<string, KernelFn> = {};
      for (const [name, v] of Object.entries(exports)) if (typeof v === 'function' && name.includes('__')) kernels[name] = v as KernelFn;
      const shared: WasmShared = { exports, views, allocator: new Allocator(exports.memory, base), kernels };
      wasmReady.set(binary, shared);
      return shared;
    });
    p.catch(() => wasmShared.delete(binary));
    wasmShared.set(binary, p);
  }
  return makeWasmBackend(await p, isa);
}

// ---- threaded backends: the shared-memory binaries, one instance (and memory) per binary -------

const threadedShared = new Map<KernelFamily, Promise<WasmShared & { inst: SharedInstance }>>();
const threadedReady = new Map<KernelFamily, WasmShared & { inst: SharedInstance }>();

/**
 * Why threads cannot serve these backend options in this runtime, or undefined when they can
 * (then loadThreadedBackend gives a backend a Pool can run on).
 */
export function threadsUnavailable(o: BackendOptions): string | undefined {
  const g = globalThis as { crossOriginIsolated?: boolean; WorkerGlobalScope?: unknown; document?: unknown };
  if ((o.backend ?? 'wasm') === 'ts' || !hasWebAssembly()) return 'the TypeScript backend runs on one thread';
  if (o.wasm !== undefined) return 'a binary of your own (option `wasm`) has no shared-memory flavour';
  if (g.crossOriginIsolated === false || typeof SharedArrayBuffer !== 'function') {
    return 'SharedArrayBuffer is not available (a page must be cross-origin isolated: COOP/COEP headers, see docs/threads.md)';
  }
  if (!hasWasmThreads()) return 'this runtime does not validate WebAssembly threads (shared memory and atomics)';
  if (nodeWorkersRefused()) return "this process may not start workers (Node's permission model without --allow-worker)";
  if (!isNode && g.WorkerGlobalScope === undefined && g.document !== undefined) {
    return "a page's main thread may not block in Atomics.wait: train inside trainInWorker for threads";
  }
  return undefined;
}

/** Loads (once) the shared-memory flavour of the binary the options select; see threadsUnavailable first. */
export async function loadThreadedBackend(o: BackendOptions = {}): Promise<Backend> {
  const { kernel } = checkChoice(o);
  const { binary, isa } = resolveIsa(kernel, false);
  await preloadWorkers();
  let p = threadedShared.get(binary);
  if (!p) {
    p = instantiateShared(binary).then((inst) => {
      checkDriverExports(inst.exports);
      const views = new MemoryViews(inst.memory);
      const base = (inst.exports.heap_base as () => number)();
      const kernels: Record<string, KernelFn> = {};
      for (const [name, v] of Object.entries(inst.exports)) if (typeof v === 'function' && name.includes('__')) kernels[name] = v as KernelFn;
      const shared = { exports: inst.exports, views, allocator: new Allocator(inst.memory, base), kernels, inst };
      threadedReady.set(binary, shared);
      return shared;
    });
    p.catch(() => threadedShared.delete(binary));
    threadedShared.set(binary, p);
  }
  const s = await p;
  return makeWasmBackend(s, isa, s.inst);
}

/** The threaded backend for the options if it is loaded and a pool can start synchronously here, else undefined. */
export function getThreadedBackendSync(o: BackendOptions = {}): Backend | undefined {
  const { kernel } = checkChoice(o);
  const { binary, isa } = resolveIsa(kernel, false);
  const s = threadedReady.get(binary);
  return s && isNode && canStartWorkers() ? makeWasmBackend(s, isa, s.inst) : undefined;
}

/** The backend for the options if it can be had synchronously (TS, or WASM already loaded), else undefined. */
export function getBackendSync(o: BackendOptions = {}): Backend | undefined {
  const { backend, kernel } = checkChoice(o);
  if (backend === 'ts' || !hasWebAssembly()) return getTsBackend();
  const { binary, isa } = resolveIsa(kernel, o.wasm !== undefined);
  const shared = wasmReady.get(binary);
  return shared ? makeWasmBackend(shared, isa) : undefined;
}

export { hasSimd, hasRelaxedSimd, hasWebAssembly, hasWasmThreads };
export type { Backend, Isa, WasmSource, KernelFamily };

// ---- a network's runtime: its backend and, with threads, a started pool ------------------------

/** What a network runs on: a backend, and a pool of threads on it when the options ask for threads and they are possible. */
export interface Runtime {
  backend: Backend;
  pool?: Pool;
}

const warnedThreads = new Set<string>();

/** Threads turned out not to be possible after all (a worker could not start): say so, as for the reasons threadsUnavailable knows. */
function poolFailed(e: unknown): void {
  warnOneThread(`the pool's workers could not start (${e instanceof Error ? e.message : String(e)})`);
}

function warnOneThread(why: string): void {
  if (warnedThreads.has(why)) return;
  warnedThreads.add(why);
  console.warn(`wasmprop: training on one thread: ${why}.`);
}

/** The thread count a `threads` option asks for ('auto': the runtime's cores, at most MAX_THREADS). */
export function threadCount(t: ThreadCount | undefined): number {
  return t === 'auto' ? Math.min(MAX_THREADS, cores()) : (t ?? 1);
}

/** Loads the backend for the options and, for threads > 1 where possible, starts a pool on it and waits until it is ready. */
export async function loadRuntime(o: BackendOptions): Promise<Runtime> {
  const T = threadCount(o.threads);
  if (T > 1) {
    const why = threadsUnavailable(o);
    if (!why) {
      const backend = await loadThreadedBackend(o);
      let pool: Pool | undefined;
      try {
        pool = takePool(backend.shared!, backend.views, backend.allocator, T);
        await pool.ready;
        return { backend, pool };
      } catch (e) {
        pool?.release();
        poolFailed(e);
      }
    } else warnOneThread(why);
  }
  return { backend: await loadBackend(o) };
}

/** The runtime for the options if it can be had synchronously, else undefined (see getBackendSync). */
export function getRuntimeSync(o: BackendOptions): Runtime | undefined {
  const T = threadCount(o.threads);
  if (T > 1) {
    const why = threadsUnavailable(o);
    const backend = why ? undefined : getThreadedBackendSync(o);
    if (backend) {
      try {
        return { backend, pool: takePool(backend.shared!, backend.views, backend.allocator, T) };
      } catch (e) {
        poolFailed(e);
      }
    } else if (!why && isNode) return undefined;
    else warnOneThread(why ?? 'a synchronous constructor cannot wait for workers to start here: use `await Network.create(...)` or `Network.load`');
  }
  const backend = getBackendSync(o);
  return backend ? { backend } : undefined;
}

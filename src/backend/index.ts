// Backend selection and caching. One WASM instance per binary (shared by every network that uses
// it, each in its own arena) and one pure-TS "instance" with an emulated memory.
import { Allocator, ArrayBufferMemory, MemoryViews } from '../memory.js';
import { WasmpropError } from '../errors.js';
import type { Backend, DriverFns, Isa, KernelFn } from './types.js';
import { createTsKernels } from './ts-kernels.js';
import { createTsDriver } from './ts-driver.js';
import { instantiateWasm, hasSimd, hasRelaxedSimd, hasWebAssembly, type BinaryName, type RawExports, type WasmSource } from './wasm-loader.js';

export type BackendName = 'wasm' | 'ts';
/**
 * Kernel family request. 'auto' picks the fastest family the runtime validates: relaxed SIMD
 * (f64x2.relaxed_madd: fused multiply-add where the CPU has it — Chromium, Node ≥ 22), else SIMD128,
 * else scalar. Relaxed results are exact float64 but may differ in the last bits between CPUs with
 * and without FMA; ask for 'simd' for bit-identical results on every machine. With your own binary
 * (option `wasm`) 'auto' means SIMD128 where it validates: the engine cannot tell which binary it got.
 */
export type KernelChoice = 'auto' | 'scalar' | 'simd' | 'relaxed';

export interface BackendOptions {
  backend?: BackendName;
  kernel?: KernelChoice;
  /** Where to load the .wasm from (bytes, a WebAssembly.Module, a URL); default: the packaged file. */
  wasm?: WasmSource;
}

const VARIANT: Record<Isa, number> = { scalar: 0, simd128: 1, 'relaxed-simd': 2, ts: 0 };

interface WasmShared {
  exports: RawExports;
  views: MemoryViews;
  allocator: Allocator;
  kernels: Record<string, KernelFn>;
}

const wasmShared = new Map<BinaryName, Promise<WasmShared>>();
const wasmReady = new Map<BinaryName, WasmShared>();
const backends = new Map<string, Backend>();
let tsBackend: Backend | undefined;

/** The pure-TypeScript backend (always available, synchronously). */
export function getTsBackend(): Backend {
  if (tsBackend) return tsBackend;
  const memory = new ArrayBufferMemory(1);
  const views = new MemoryViews(memory);
  const k = createTsKernels(views);
  const kernels: Record<string, KernelFn> = {};
  for (const [name, fn] of Object.entries(k)) kernels[`${name}__ts`] = fn as KernelFn;
  tsBackend = { name: 'ts', isa: 'ts', variant: 0, views, allocator: new Allocator(memory, 16), fns: createTsDriver(views, k), kernels };
  return tsBackend;
}

function checkChoice(o: BackendOptions): { backend: BackendName; kernel: KernelChoice } {
  const backend = o.backend ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'ts') throw new WasmpropError('backend', "'wasm' or 'ts'", backend);
  const kernel = o.kernel ?? 'auto';
  if (kernel !== 'auto' && kernel !== 'scalar' && kernel !== 'simd' && kernel !== 'relaxed') throw new WasmpropError('kernel', "'auto', 'scalar', 'simd' or 'relaxed'", kernel);
  if (kernel === 'simd' && backend === 'wasm' && !hasSimd()) throw new WasmpropError('kernel', 'a kernel family this runtime supports (no WebAssembly SIMD here)', kernel);
  if (kernel === 'relaxed' && backend === 'wasm' && !hasRelaxedSimd()) {
    throw new WasmpropError('kernel', 'a kernel family this runtime supports (no WebAssembly relaxed SIMD here; Node 20 needs --experimental-wasm-relaxed-simd)', kernel);
  }
  return { backend, kernel };
}

function resolveIsa(kernel: KernelChoice, customBinary: boolean): { binary: BinaryName; isa: Isa } {
  // Only the relaxed binary has the relaxed family (checkChoice probed it when asked for by name).
  if (kernel === 'relaxed' || (kernel === 'auto' && !customBinary && hasRelaxedSimd())) return { binary: 'relaxed', isa: 'relaxed-simd' };
  const simd = kernel === 'simd' || (kernel === 'auto' && hasSimd());
  // The scalar family also lives in the SIMD binary; use that one where SIMD validates so every
  // variant shares one memory. Without SIMD the scalar binary is the only one that loads.
  return { binary: hasSimd() ? 'simd' : 'scalar', isa: simd ? 'simd128' : 'scalar' };
}

function makeWasmBackend(shared: WasmShared, isa: Isa): Backend {
  const key = `wasm:${isa}`;
  const have = backends.get(key);
  if (have) return have;
  const b: Backend = {
    name: 'wasm', isa, variant: VARIANT[isa], views: shared.views, allocator: shared.allocator,
    fns: shared.exports as unknown as DriverFns, kernels: shared.kernels,
  };
  backends.set(key, b);
  return b;
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

/** The backend for the options if it can be had synchronously (TS, or WASM already loaded), else undefined. */
export function getBackendSync(o: BackendOptions = {}): Backend | undefined {
  const { backend, kernel } = checkChoice(o);
  if (backend === 'ts' || !hasWebAssembly()) return getTsBackend();
  const { binary, isa } = resolveIsa(kernel, o.wasm !== undefined);
  const shared = wasmReady.get(binary);
  return shared ? makeWasmBackend(shared, isa) : undefined;
}

export { hasSimd, hasRelaxedSimd, hasWebAssembly };
export type { Backend, Isa, WasmSource };

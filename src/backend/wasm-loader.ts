// The one adapter between wasmprop and WebAssembly instantiation. It finds the .wasm next to the
// package (Node: file system; browsers: fetch + instantiateStreaming with an arrayBuffer fallback),
// or takes bytes / a WebAssembly.Module / a URL from the caller, and instantiates it with
// @assemblyscript/loader. Switching loaders is a change to this file only.
//
// The loader is imported dynamically: where its bare specifier cannot be resolved (a module Web
// Worker of a page that uses an import map — workers do not inherit import maps), the binaries are
// instantiated with the WebAssembly API directly. Our modules use no managed values across the
// boundary, so both paths give identical exports.

import type { KernelFamily, WasmSource } from '../api/types.js';
import { isNode } from '../util/env.js';

export type { WasmSource };

type Loader = Pick<typeof import('@assemblyscript/loader'), 'instantiate' | 'instantiateSync' | 'instantiateStreaming'>;
let loaderPromise: Promise<Loader | null> | undefined;

function getLoader(): Promise<Loader | null> {
  loaderPromise ??= import('@assemblyscript/loader').then(
    (m: unknown) => ((m as Loader).instantiate ? (m as Loader) : ((m as { default?: Loader }).default ?? null)),
    () => null,
  );
  return loaderPromise;
}


/** Raw exports of a wasmprop binary (numbers only cross the boundary). */
export type RawExports = Record<string, unknown> & { memory: WebAssembly.Memory };

/** The default location of a binary, beside the package (src/ and dist/ are both one level deep). */
export function defaultWasmUrl(binary: KernelFamily): URL {
  // One literal `new URL('…', import.meta.url)` per binary: bundlers (Vite, webpack 5, Parcel) emit
  // exactly these files — a template literal would make Vite glob every build/*.wasm (debug too).
  switch (binary) {
    case 'scalar': return new URL('../../build/wasmprop.scalar.wasm', import.meta.url);
    case 'simd': return new URL('../../build/wasmprop.simd.wasm', import.meta.url);
    case 'relaxed': return new URL('../../build/wasmprop.relaxed.wasm', import.meta.url);
    default: throw new Error(`wasmprop: no binary named ${String(binary)}`);
  }
}


/** The default location of a binary's shared-memory flavour (imported shared memory, atomics, threaded drivers). */
export function defaultSharedWasmUrl(binary: KernelFamily): URL {
  switch (binary) {
    case 'scalar': return new URL('../../build/wasmprop.scalar.shared.wasm', import.meta.url);
    case 'simd': return new URL('../../build/wasmprop.simd.shared.wasm', import.meta.url);
    case 'relaxed': return new URL('../../build/wasmprop.relaxed.shared.wasm', import.meta.url);
    default: throw new Error(`wasmprop: no binary named ${String(binary)}`);
  }
}

async function bytesFromUrl(url: URL): Promise<ArrayBuffer | Response> {
  if (url.protocol === 'file:' && isNode) {
    // A variable specifier keeps browser bundlers from pulling in (or warning about) node:fs.
    const fsModule = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ /* webpackIgnore: true */ fsModule)) as typeof import('node:fs/promises');
    const buf = await fs.readFile(url);
    return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`wasmprop: could not fetch ${url.href}: HTTP ${res.status}`);
  return res;
}

async function instantiateResponse(res: Response, imports: Record<string, Record<string, unknown>>): Promise<RawExports> {
  if (typeof WebAssembly.instantiateStreaming === 'function') {
    try {
      const loader = await getLoader();
      const r = loader
        ? await loader.instantiateStreaming(res.clone(), imports)
        : await WebAssembly.instantiateStreaming(res.clone(), imports as WebAssembly.Imports);
      return r.instance.exports as unknown as RawExports;
    } catch (e) {
      // A server that sends the wrong MIME type makes streaming fail with a TypeError: retry from bytes.
      if (!(e instanceof TypeError)) throw e;
    }
  }
  return instantiateBytes(await res.arrayBuffer(), imports);
}

async function instantiateBytes(src: ArrayBuffer | WebAssembly.Module, imports: Record<string, Record<string, unknown>>): Promise<RawExports> {
  const loader = await getLoader();
  if (loader && isNode) {
    // compiled off the thread, instantiated at once: the loader's async instantiate first asks
    // whether its argument is a Response, and in Node that first read of the global Response loads
    // Node's fetch implementation (undici) — ≈ 30 ms of every process's (and worker's) first network
    const module = src instanceof WebAssembly.Module ? src : await WebAssembly.compile(src);
    return loader.instantiateSync(module, imports).instance.exports as unknown as RawExports;
  }
  if (loader) return (await loader.instantiate(src, imports)).instance.exports as unknown as RawExports;
  const instance = src instanceof WebAssembly.Module
    ? await WebAssembly.instantiate(src, imports as WebAssembly.Imports)
    : (await WebAssembly.instantiate(src, imports as WebAssembly.Imports)).instance;
  return instance.exports as unknown as RawExports;
}

/** Instantiates a wasmprop binary from `source` (default: the packaged file for `binary`). */
export async function instantiateWasm(binary: KernelFamily, source?: WasmSource): Promise<RawExports> {
  // The AssemblyScript runtime imports env.abort; release builds drop assertions, but keep a clear message.
  const imports = {
    env: {
      abort(_msg: number, _file: number, line: number, col: number): never {
        throw new Error(`wasmprop: WebAssembly abort at ${line}:${col}`);
      },
    },
  };
  let src: WasmSource = source ?? defaultWasmUrl(binary);
  if (typeof src === 'string') src = new URL(src, isNode ? `file://${process.cwd()}/` : globalThis.location?.href);
  if (src instanceof URL) src = await bytesFromUrl(src);
  if (src instanceof WebAssembly.Module) return instantiateBytes(src, imports);
  if (src instanceof ArrayBuffer) return instantiateBytes(src, imports);
  if (ArrayBuffer.isView(src)) {
    const v = src as ArrayBufferView;
    return instantiateBytes(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) as ArrayBuffer, imports);
  }
  // last: in Node the first read of the global Response loads its fetch implementation (undici,
  // ≈ 30 ms), which the packaged binaries — read as bytes from a file: URL — never need
  if (typeof Response !== 'undefined' && src instanceof Response) return instantiateResponse(src, imports);
  throw new TypeError('wasmprop: wasm source must be bytes, a WebAssembly.Module, a URL or a Response');
}

// (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt) — validates only where SIMD128 exists.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

/** True when this runtime has WebAssembly at all. */
export function hasWebAssembly(): boolean {
  return typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function';
}

/** True when this runtime validates WebAssembly SIMD128 (checked once, on a tiny module). */
export function hasSimd(): boolean {
  return hasWebAssembly() && WebAssembly.validate(SIMD_PROBE);
}

// (func (result v128) i32.const 0 i8x16.splat (×3) f64x2.relaxed_madd) — validates only where
// relaxed SIMD exists (Node 20 / V8 11.3: only with --experimental-wasm-relaxed-simd).
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 19, 1, 17, 0,
  65, 0, 253, 15, 65, 0, 253, 15, 65, 0, 253, 15, 253, 135, 2, 11,
]);

/** True when this runtime validates WebAssembly relaxed SIMD (f64x2.relaxed_madd), checked on a tiny module. */
export function hasRelaxedSimd(): boolean {
  return hasWebAssembly() && WebAssembly.validate(RELAXED_PROBE);
}

/** A shared-memory binary: its compiled module (for the pool's workers), its memory and the calling thread's instance. */
export interface SharedInstance {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  exports: RawExports;
}

/** Pages of a shared memory: it cannot grow past its maximum, which is the allocator's 2 GiB (32768 pages). */
export const SHARED_MAX_PAGES = 32768;

/** The imports of a wasmprop binary on an imported memory (every thread's instance gets the same). */
export function sharedImports(memory: WebAssembly.Memory): WebAssembly.Imports {
  return {
    env: {
      memory,
      abort(_msg: number, _file: number, line: number, col: number): never {
        throw new Error(`wasmprop: WebAssembly abort at ${line}:${col}`);
      },
    },
  };
}

/** Compiles the packaged shared-memory binary of a family and instantiates it on a new shared memory. */
export async function instantiateShared(binary: KernelFamily): Promise<SharedInstance> {
  const src = await bytesFromUrl(defaultSharedWasmUrl(binary));
  let module: WebAssembly.Module;
  if (src instanceof ArrayBuffer) module = await WebAssembly.compile(src);
  else {
    // a server that sends the wrong MIME type makes streaming fail: compile from the bytes then
    const copy = src.clone();
    module = typeof WebAssembly.compileStreaming === 'function'
      ? await WebAssembly.compileStreaming(src).catch(async () => WebAssembly.compile(await copy.arrayBuffer()))
      : await WebAssembly.compile(await copy.arrayBuffer());
  }
  const memory = new WebAssembly.Memory({ initial: 1, maximum: SHARED_MAX_PAGES, shared: true });
  const instance = await WebAssembly.instantiate(module, sharedImports(memory));
  return { module, memory, exports: { ...(instance.exports as Record<string, unknown>), memory } as RawExports };
}

// (memory 1 1 shared) (func (result i32) i32.const 0 i32.atomic.load) — validates only where the
// runtime has WebAssembly threads (shared memory and atomics).
const THREADS_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 5, 4, 1, 3, 1, 1,
  10, 10, 1, 8, 0, 65, 0, 254, 16, 2, 0, 11,
]);

/** True when this runtime validates WebAssembly threads (shared memory + atomics) and has SharedArrayBuffer. */
export function hasWasmThreads(): boolean {
  return hasWebAssembly() && typeof SharedArrayBuffer === 'function' && WebAssembly.validate(THREADS_PROBE);
}

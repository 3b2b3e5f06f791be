// Linear memory and the allocator that hands out arenas in it. The TypeScript side owns all
// memory above the module's heap base; kernels never allocate. Growing memory detaches every
// typed-array view, so users of `MemoryViews` ask for views after anything that may allocate.
// Not here: what goes inside an arena (layout.ts).

/** The part of `WebAssembly.Memory` wasmprop needs; the pure-TS backend provides its own. */
export interface LinearMemory {
  readonly buffer: ArrayBuffer;
  /** Grows by `deltaPages` pages of 64 KiB; returns the previous size in pages. */
  grow(deltaPages: number): number;
}

export const PAGE_BYTES = 65536;
/**
 * Largest linear memory wasmprop uses: 2 GiB (32768 pages). Pointers travel through i32 words of the
 * descriptor and through `ptr >> 3` element indices on the TS side, which are signed 32-bit: every
 * address must stay below 2^31.
 */
export const MAX_MEMORY_BYTES = 32768 * PAGE_BYTES;

/** A growable ArrayBuffer with WebAssembly.Memory's `grow` semantics (used by the TS backend). */
export class ArrayBufferMemory implements LinearMemory {
  buffer: ArrayBuffer;
  constructor(initialPages = 1) {
    this.buffer = new ArrayBuffer(initialPages * PAGE_BYTES);
  }
  grow(deltaPages: number): number {
    const old = this.buffer.byteLength / PAGE_BYTES;
    if (deltaPages === 0) return old;
    const next = new ArrayBuffer((old + deltaPages) * PAGE_BYTES);
    new Uint8Array(next).set(new Uint8Array(this.buffer));
    this.buffer = next;
    return old;
  }
}

/** Float64/Float32/Int32 views over a LinearMemory, re-created only when the buffer has changed. */
export class MemoryViews {
  private buf: ArrayBuffer | null = null;
  private f: Float64Array = new Float64Array(0);
  private s: Float32Array = new Float32Array(0);
  private i: Int32Array = new Int32Array(0);
  constructor(readonly memory: LinearMemory) {}
  private refresh(): void {
    const b = this.memory.buffer;
    if (b !== this.buf) {
      this.buf = b;
      this.f = new Float64Array(b);
      this.s = new Float32Array(b);
      this.i = new Int32Array(b);
    }
  }
  get f64(): Float64Array {
    this.refresh();
    return this.f;
  }
  /** The float32 view (the element view of f32 arenas). */
  get f32(): Float32Array {
    this.refresh();
    return this.s;
  }
  get i32(): Int32Array {
    this.refresh();
    return this.i;
  }
}

// a cache line: blocks of different owners (arenas, call scratch, a pool's control block) never share one
const ALIGN = 64;
const alignUp = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

/**
 * First-fit allocator with coalescing over [base, end of memory). 64-byte (cache-line) aligned blocks.
 * Several networks share one module's memory through it; `free` returns a block for reuse.
 */
export class Allocator {
  private top: number;
  private readonly freeList: { ptr: number; size: number }[] = [];
  private readonly used = new Map<number, number>();

  constructor(readonly memory: LinearMemory, base: number) {
    this.top = alignUp(Math.max(base, ALIGN));
  }

  /** Bytes currently handed out. */
  get allocatedBytes(): number {
    let s = 0;
    for (const v of this.used.values()) s += v;
    return s;
  }

  /** Whether `alloc(bytes)` would succeed within MAX_MEMORY_BYTES (without allocating or growing anything). */
  canAlloc(bytes: number): boolean {
    if (!Number.isFinite(bytes) || bytes < 0) return false;
    const size = alignUp(Math.max(bytes, ALIGN));
    return this.freeList.some((b) => b.size >= size) || this.top + size <= MAX_MEMORY_BYTES;
  }

  /** End of the highest block ever handed out (bytes). */
  get highWater(): number {
    return this.top;
  }

  /** Returns a 64-byte aligned pointer to `bytes` bytes (contents unspecified). */
  alloc(bytes: number): number {
    const size = alignUp(Math.max(bytes, ALIGN));
    for (let k = 0; k < this.freeList.length; k++) {
      const blk = this.freeList[k];
      if (blk.size >= size) {
        const ptr = blk.ptr;
        if (blk.size === size) this.freeList.splice(k, 1);
        else {
          blk.ptr += size;
          blk.size -= size;
        }
        this.used.set(ptr, size);
        return ptr;
      }
    }
    const ptr = this.top;
    const end = ptr + size;
    if (end > MAX_MEMORY_BYTES) {
      throw new RangeError(`wasmprop: cannot allocate ${bytes} bytes: linear memory is limited to ${MAX_MEMORY_BYTES} bytes (2 GiB)`);
    }
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE_BYTES);
      try {
        this.memory.grow(pages);
      } catch (e) {
        throw new RangeError(`wasmprop: cannot grow memory by ${pages} pages for ${bytes} bytes: ${(e as Error).message}`);
      }
    }
    this.top = end;
    this.used.set(ptr, size);
    return ptr;
  }

  /** Returns a block from `alloc` for reuse; freeing 0 is a no-op. */
  free(ptr: number): void {
    if (ptr === 0) return;
    const size = this.used.get(ptr);
    if (size === undefined) throw new Error(`wasmprop: internal error: free of unknown block ${ptr}`);
    this.used.delete(ptr);
    let k = 0;
    while (k < this.freeList.length && this.freeList[k].ptr < ptr) k++;
    this.freeList.splice(k, 0, { ptr, size });
    // coalesce with the next and the previous free block
    const cur = this.freeList[k];
    const next = this.freeList[k + 1];
    if (next && cur.ptr + cur.size === next.ptr) {
      cur.size += next.size;
      this.freeList.splice(k + 1, 1);
    }
    const prev = this.freeList[k - 1];
    if (prev && prev.ptr + prev.size === cur.ptr) {
      prev.size += cur.size;
      this.freeList.splice(k, 1);
    }
    // give the last free block back to the top
    const last = this.freeList[this.freeList.length - 1];
    if (last && last.ptr + last.size === this.top) {
      this.top = last.ptr;
      this.freeList.pop();
    }
  }
}

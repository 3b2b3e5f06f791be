// The allocator that places arenas in linear memory: alignment, reuse, coalescing, growth.
import { describe, it, expect } from 'vitest';
import { Allocator, ArrayBufferMemory, MemoryViews, PAGE_BYTES } from '../src/backend/memory.js';

describe('Allocator', () => {
  it('hands out 64-byte (cache-line) aligned, non-overlapping blocks and grows memory when needed', () => {
    const mem = new ArrayBufferMemory(1);
    const a = new Allocator(mem, 100);
    const blocks = [24, 1, 4000, 70000, 8].map((n) => ({ p: a.alloc(n), n }));
    for (const b of blocks) expect(b.p % 64).toBe(0);
    blocks.sort((x, y) => x.p - y.p);
    for (let k = 1; k < blocks.length; k++) expect(blocks[k].p).toBeGreaterThanOrEqual(blocks[k - 1].p + blocks[k - 1].n);
    expect(blocks[0].p).toBeGreaterThanOrEqual(100);
    expect(mem.buffer.byteLength).toBeGreaterThan(PAGE_BYTES);
  });

  it('reuses freed blocks, coalesces neighbours and gives the top back', () => {
    const a = new Allocator(new ArrayBufferMemory(1), 16);
    const p1 = a.alloc(64);
    const p2 = a.alloc(64);
    const p3 = a.alloc(64);
    a.free(p1);
    a.free(p2);
    expect(a.alloc(128)).toBe(p1); // the two freed neighbours merged
    a.free(p3);
    a.free(p1);
    expect(a.allocatedBytes).toBe(0);
    expect(a.alloc(16)).toBe(p1); // everything was given back to the top
    expect(() => a.free(12345)).toThrow(/unknown block/);
  });

  it('views follow the memory after it grows', () => {
    const mem = new ArrayBufferMemory(1);
    const v = new MemoryViews(mem);
    v.f64[3] = 7;
    const before = v.f64;
    mem.grow(2);
    expect(v.f64).not.toBe(before);
    expect(v.f64[3]).toBe(7);
    expect(v.f64.length).toBe((3 * PAGE_BYTES) / 8);
  });

  it('refuses sizes beyond wasm32 memory with a clear error', () => {
    const a = new Allocator(new ArrayBufferMemory(1), 16);
    expect(() => a.alloc(5 * 2 ** 30)).toThrow(/limited to 2147483648 bytes/);
  });
});

// Threads of one call on shared linear memory: this instance's thread number, the pool a call runs
// on (the descriptor's H_POOL word), a barrier on atomics, the one rule that splits a range of rows,
// units or elements among threads, and the serial/parallel sections of a threaded driver.
// Only compiled into the shared-memory binaries (asc --sharedMemory --enable threads).
// Not here: what the sections compute (driver_mt.ts) or starting the threads (src/backend/pool.ts).
import { hdr, H_POOL, POOL_THREADS, POOL_SPIN, POOL_BROKEN, POOL_COUNT, POOL_GEN, POOL_CLAIM, POOL_ROTATE, POOL_UNITS_MIN, POOL_RESULT } from './layout';

// This instance's thread: 0 on the calling thread, 1 … T−1 in the pool's workers (thread_init).
let TID: i32 = 0;
// The running call's pool control block (0: one thread) and its thread count.
let POOL: usize = 0;
let NT: i32 = 1;
// Multiply-adds below which a product split by output units runs on thread 0 alone (the pool's word).
let UNITS_MIN: i64 = 0;
// The kind of the last section of the running call: FRESH (none yet), SERIAL (thread 0 alone),
// PARALLEL (static parts), DYNAMIC (claimed items).
const FRESH: i32 = 0;
const SERIAL: i32 = 1;
const PARALLEL: i32 = 2;
const DYNAMIC: i32 = 3;
let LAST: i32 = FRESH;
// In a dynamic section: the range this thread takes items from (its own first) and how many ranges
// it has found empty; with one thread, the next item.
let VICTIM: i32 = 0;
let TRIED: i32 = 0;
let NEXT: i32 = 0;

/** Sets this instance's thread number (each worker's instance once, at start). */
export function thread_init(tid: i32): void {
  TID = tid;
}

// @ts-ignore: decorator
@inline export function tid(): i32 {
  return TID;
}

/**
 * Whether a product of `work` multiply-adds split by output units is worth the threads: below the
 * pool's POOL_UNITS_MIN, two barriers cost more than the part saves, and thread 0 does it alone.
 */
// @ts-ignore: decorator
@inline export function unitsWorthIt(work: i64): bool {
  return NT > 1 && work >= UNITS_MIN;
}

/** Starts a call on the descriptor's pool: every thread of the pool runs the same call. */
export function begin(desc: usize): void {
  POOL = <usize>hdr(desc, H_POOL);
  NT = POOL ? atomic.load<i32>(POOL + (<usize>POOL_THREADS << 2)) : 1;
  UNITS_MIN = POOL ? <i64>atomic.load<i32>(POOL + (<usize>POOL_UNITS_MIN << 2)) : 0;
  LAST = FRESH;
}

/**
 * Ends a call whose result (thread 0's) is `value`: thread 0 also leaves it in the pool's POOL_RESULT
 * word, where the calling side reads it (see src/backend/pool.ts for why not the return value alone).
 */
export function endWith(value: f64): f64 {
  if (TID == 0 && POOL) store<f64>(POOL + (<usize>POOL_RESULT << 2), value);
  end();
  return value;
}

/** Ends a call: no thread returns before every thread has finished its work. */
export function end(): void {
  if (NT > 1) barrier();
  POOL = 0;
  NT = 1;
}

// Every thread waits until all NT have arrived. Generation counting: the last to arrive resets the
// count, then moves the generation on and wakes the sleepers; the others poll the generation
// POOL_SPIN times (a wake-up from atomic.wait costs tens of µs) and then sleep on it. A broken pool
// (a worker failed) lets everyone through, so the caller returns and reports it.
// resetClaims: the barrier opens a dynamic section, and the last to arrive — while every other
// thread waits — sets every range's count of taken items back to zero.
function barrier(resetClaims: bool = false): void {
  // a thread that failed never arrives: the others go through at once (the caller reports it)
  if (atomic.load<i32>(POOL + (<usize>POOL_BROKEN << 2))) return;
  const gen = POOL + (<usize>POOL_GEN << 2);
  const g = atomic.load<i32>(gen);
  if (atomic.add<i32>(POOL + (<usize>POOL_COUNT << 2), 1) == NT - 1) {
    if (resetClaims) for (let t = 0; t < NT; t++) atomic.store<i32>(POOL + (<usize>(POOL_CLAIM + 16 * t) << 2), 0);
    atomic.store<i32>(POOL + (<usize>POOL_COUNT << 2), 0);
    atomic.add<i32>(gen, 1);
    atomic.notify(gen, NT);
    return;
  }
  let spins = atomic.load<i32>(POOL + (<usize>POOL_SPIN << 2));
  while (atomic.load<i32>(gen) == g) {
    if (spins > 0) {
      spins--;
      continue;
    }
    if (atomic.load<i32>(POOL + (<usize>POOL_BROKEN << 2))) return;
    memory.atomic.wait32(gen, g, 100_000_000); // 100 ms, then look at POOL_BROKEN again
  }
}

/**
 * Enters a section: `parallel` (every thread works on its part) or serial (thread 0 alone). A
 * barrier first unless the previous section was of the same kind and, for two parallel sections,
 * `independent`: no thread reads what another wrote in the previous one, nor writes what another
 * read there (a chain of products split by the same rows; products of different layers).
 * Returns whether this thread works in the section.
 */
export function section(parallel: bool, independent: bool = false): bool {
  const kind = parallel ? PARALLEL : SERIAL;
  if (NT > 1 && LAST != FRESH && (kind != LAST || (parallel && !independent))) barrier();
  LAST = kind;
  return parallel || TID == 0;
}

/**
 * Enters a dynamic section of n items (row chunks, unit chunks): split among the threads as `part`
 * splits them, each thread takes its own range's items first, in order, then takes what is left of
 * the other ranges (`claim`). On equal, free cores that is the static split (each thread keeps the
 * rows of W and dW it owns in its own cache from batch to batch); a thread on a slower or busier
 * core ends up with fewer items instead of holding the others at the next barrier. Which thread
 * computes an item does not change its numbers (an item is computed by one thread with the
 * operations of the one-thread code), so the bits still do not depend on the thread count or on the
 * timing. Always opens with a barrier (which resets the ranges' counts), and the next section of any
 * kind opens with one.
 */
export function dynamicSection(): void {
  if (NT > 1) barrier(true);
  LAST = DYNAMIC;
  VICTIM = NT > 1 ? (TID + atomic.load<i32>(POOL + (<usize>POOL_ROTATE << 2))) % NT : 0;
  TRIED = 0;
  NEXT = 0;
}

/**
 * The next item (of the running dynamic section's n) for this thread, or −1 when none is left. The
 * threads' own ranges are those `part` gives for `ranges` ≥ n items, cut at n: a section over the
 * first n items of a longer one elsewhere gives each thread the same items of those n (the layer-0
 * forward by units and the weight gradients of batchDyn, driver_mt.ts). With `scale`, an item of
 * the `ranges` is `scale` items here (the forward's half-size blocks of the same units).
 */
export function claim(n: i32, ranges: i32 = 0, scale: i32 = 1): i32 {
  if (NT == 1) return NEXT < n ? NEXT++ : -1;
  const m = max(ranges, (n + scale - 1) / scale);
  while (TRIED < NT) {
    const lo = min(n, scale * partStart(m, 1, VICTIM));
    const k = atomic.add<i32>(POOL + (<usize>(POOL_CLAIM + 16 * VICTIM) << 2), 1);
    if (k < min(n, scale * partStart(m, 1, VICTIM + 1)) - lo) return lo + k;
    TRIED++;
    VICTIM = VICTIM + 1 == NT ? 0 : VICTIM + 1;
  }
  return -1;
}

// The first of n items this thread owns when they are split in blocks of `align` (rows of a batch,
// output units, elements): contiguous ranges in thread order, the same for every call with the
// same n, so consecutive products split the same way need no barrier between them.
// @ts-ignore: decorator
@inline export function partStart(n: i32, align: i32, t: i32): i32 {
  const blocks = (<i64>n + <i64>align - 1) / <i64>align;
  return <i32>min<i64>(<i64>n, <i64>align * ((blocks * <i64>t) / <i64>NT));
}

/** This thread's items [lo, hi) of n in blocks of `align`, packed as lo | hi << 32. */
// @ts-ignore: decorator
@inline export function part(n: i32, align: i32): i64 {
  return <i64>partStart(n, align, TID) | (<i64>partStart(n, align, TID + 1) << 32);
}

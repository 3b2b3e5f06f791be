// The checks every option resolver is built from: each returns the value it accepts or throws a
// WasmpropError naming the argument, what was expected (with the bound, where there is one) and
// what came. Pure: no memory, no backend.
import { WasmpropError } from '../api/errors.js';

/** Largest count (epochs, rows, units, steps) that crosses into the kernels as an i32. */
export const MAX_I32 = 2 ** 31 - 1;

/** A positive integer ≤ max (default: the i32 limit of the kernels). */
export function checkPositiveInt(name: string, v: unknown, max = MAX_I32): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new WasmpropError(name, `a positive integer (at most ${max})`, v);
  if (v > max) throw new WasmpropError(name, `a positive integer of at most ${max}`, v);
  return v;
}

/** A finite number > 0. */
export function checkPositiveFinite(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new WasmpropError(name, 'a finite number > 0', v);
  return v;
}

/** A finite number ≥ 0. */
export function checkNonNegative(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new WasmpropError(name, 'a finite number ≥ 0', v);
  return v;
}

/** A number in [0, 1). */
export function checkUnit(name: string, v: unknown): number {
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw new WasmpropError(name, 'a number in [0, 1)', v);
  return v;
}

/** true or false. */
export function checkBoolean(name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new WasmpropError(name, 'true or false', v);
  return v;
}

/** A finite number. */
export function checkFinite(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new WasmpropError(name, 'a finite number', v);
  return v;
}

/** A seed of the xoshiro128** generator: an integer in [0, 2^32 − 1] (a wider one would silently alias). */
export function checkSeed(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new WasmpropError(name, 'an integer seed in [0, 4294967295]', v);
  return v;
}

/** One of the names of a list (the lists live in api/types.ts). */
export function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new WasmpropError(name, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, v);
  }
  return v as T;
}

/** A plain object (not null, not an array). */
export function checkObject(name: string, v: unknown, expected = 'an object'): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new WasmpropError(name, expected, v);
  return v as Record<string, unknown>;
}

/** Refuses keys of `o` that are not in `known`, listing the valid ones (a misspelt option is never ignored). */
export function checkKnownKeys(name: string, o: object, known: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!known.includes(k)) {
      throw new WasmpropError(`${name}.${k}`, `a known key (valid: ${known.join(', ')})`, `an unknown key '${k}'`);
    }
  }
}

/** The own property `key` of `o` (never an inherited one such as `__proto__`). */
export function own(o: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

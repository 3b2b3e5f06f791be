// The one error class wasmprop throws for bad input, and the checks that build its messages.
// Every message names the argument, what was expected and what came.

/** Thrown for every invalid argument: `argument` names it, `expected` says what was wanted. */
export class WasmpropError extends Error {
  readonly argument: string;
  readonly expected: string;
  readonly received: string;
  constructor(argument: string, expected: string, received: unknown) {
    const got = describe(received);
    super(`${argument}: expected ${expected}, got ${got}`);
    this.name = 'WasmpropError';
    this.argument = argument;
    this.expected = expected;
    this.received = got;
  }
}

/** A short, safe rendering of any value for an error message. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  // a bigint as it is written (1n): "got 1" for a value refused for being a bigint reads as a contradiction
  if (typeof v === 'bigint') return `${String(v)}n`;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of length ${(v as unknown as ArrayLike<number>).length}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

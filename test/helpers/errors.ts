// The WasmpropError a call throws (the test fails when it throws nothing or something else).
import { expect } from 'vitest';
import { WasmpropError } from '../../src/index.js';

/** Runs `fn` and returns the WasmpropError it throws. */
export function thrownWasmpropError(fn: () => unknown): WasmpropError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'should have thrown').toBeInstanceOf(WasmpropError);
  return err as WasmpropError;
}

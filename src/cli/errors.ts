// The CLI's exit codes and the error for bad command-line usage (exit code 2).
import { WasmpropError } from '../api/errors.js';

/** Exit code: ok. */
export const EXIT_OK = 0;
/** Exit code: failed (bad data, bad model file, I/O). */
export const EXIT_FAILED = 1;
/** Exit code: usage (unknown, bad or missing options). */
export const EXIT_USAGE = 2;

/** A command-line usage error: a WasmpropError that makes the CLI exit with code 2. */
export class UsageError extends WasmpropError {
  constructor(argument: string, expected: string, received: unknown) {
    super(argument, expected, received);
    this.name = 'UsageError';
  }
}

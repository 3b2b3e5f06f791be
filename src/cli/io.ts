// Where the CLI writes: an interface so that tests run `main` in-process and read what it printed.
// Not a logger: commands build whole lines and call stdout/stderr once per line or block.

/** The CLI's view of the outside world. */
export interface CliIo {
  /** Writes text (the caller adds newlines) to standard output. */
  stdout(text: string): void;
  /** Writes text to standard error. */
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress bars are drawn only then). */
  stderrIsTTY: boolean;
  /** Whether stdout is a terminal. */
  stdoutIsTTY: boolean;
  /** The stream progress bars draw on (stderr of the process); only read when stderrIsTTY. */
  progressStream?: NodeJS.WritableStream;
  /** Directory relative paths are resolved against. Default process.cwd(). */
  cwd?: string;
}

/** The real process streams. */
export function processIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    progressStream: process.stderr,
  };
}

/** An io that collects everything (for tests and for embedding the CLI). */
export function memoryIo(): CliIo & { out: string[]; err: string[]; text(): string; errors(): string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out, err,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    stderrIsTTY: false,
    stdoutIsTTY: false,
    text: () => out.join(''),
    errors: () => err.join(''),
  };
}

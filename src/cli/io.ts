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

let real: CliIo | undefined;

/**
 * The real process streams (one shared instance). A reader that goes away (`wasmprop … | head`)
 * makes writes fail with EPIPE: from then on that stream is treated as closed — nothing more is
 * printed to it, quietly — and the command carries on, so every file it writes is still written
 * and the exit code is the command's own.
 */
export function processIo(): CliIo {
  if (real) return real;
  const quiet = (stream: NodeJS.WriteStream): ((t: string) => void) => {
    let closed = false;
    stream.on('error', (e: NodeJS.ErrnoException) => {
      // EPIPE: the reader closed; ERR_STREAM_DESTROYED: a write raced the close. Anything else is real.
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') closed = true;
      else throw e;
    });
    return (t) => {
      if (closed || stream.destroyed || stream.writableEnded) return;
      stream.write(t);
    };
  };
  real = {
    stdout: quiet(process.stdout),
    stderr: quiet(process.stderr),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    progressStream: process.stderr,
  };
  return real;
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

// A progress bar for long CLI work (cli-progress), drawn on stderr only when stderr is a terminal
// and --json is off; otherwise every method is a no-op, so piped and in-process runs stay quiet.
import cliProgress from 'cli-progress';
import type { CliIo } from './io.js';

/** A progress bar that may be disabled. */
export class Progress {
  private bar: InstanceType<typeof cliProgress.SingleBar> | undefined;

  constructor(io: CliIo, total: number, label: string, enabled: boolean) {
    if (!enabled || !io.stderrIsTTY || !io.progressStream) return;
    this.bar = new cliProgress.SingleBar({
      format: `${label} [{bar}] {value}/{total} | {status} | eta {eta_formatted}`,
      stream: io.progressStream,
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    }, cliProgress.Presets.shades_classic);
    this.bar.start(total, 0, { status: '' });
  }

  /** Moves to `value` with a short status text (redraws at most every 2 throttle periods). */
  update(value: number, status: string): void {
    this.bar?.update(value, { status });
  }

  /** Removes the bar. */
  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

// The bench's shared types: a system and its trainer (bench/systems.ts, bench/plain-ts.ts,
// bench/wasmprop-trainer.ts implement them), and what a benchmark child is given and reports
// (bench/child.ts, the Chromium page, the report). Types only, so every bench module can import
// them without importing each other.
// Not here: any code; the workloads' types (bench/workloads.ts).
import type { Run, Workload, WorkloadFiles } from './workloads.js';

/** A workload's data: row-major inputs and targets. */
export interface Data {
  x: Float64Array;
  t: Float64Array;
  IN: number;
  OUT: number;
}

/** One system set up for one workload. */
export interface Trainer {
  /** Sets all parameters (arena order: per layer W (OUT,IN) row-major, then b). */
  reset(params: Float64Array): void;
  /** `run.epochs` epochs of consecutive batches over the first `run.rows` rows. */
  train(run: Run): void;
  /** Mean over the first `rows` rows of ½·Σ(t−o)² (the system's own forward pass). */
  loss(rows: number): number;
  dispose(): void;
}

/** A system of the comparison. */
export interface System {
  id: string;
  /** Column header. */
  label: string;
  precision: 'f64' | 'f32';
  /**
   * How it is verified: 'exact' — same f64 algorithm, must match the TS twin's loss to 1e-9 relative
   * (and W1's 3.5101878e-05); 'f32' — same algorithm in float32, within 1e-3 relative of the
   * reference; 'falls' — only that the loss falls (the algorithm cannot be made identical).
   */
  check(w: Workload): 'exact' | 'f32' | 'falls';
  /** Node flags the child process needs (e.g. relaxed SIMD on Node 20). */
  nodeFlags?: string[];
  /** A reason it cannot run a workload, or undefined when it can. */
  unsupported(w: Workload): string | undefined;
  create(w: Workload, d: Data): Promise<Trainer>;
}

/** What bench/run.ts passes to a child. */
export interface ChildConfig {
  system: string;
  jobs: { workload: Workload; files: WorkloadFiles; reference: number }[];
  /** Seconds of timed runs per workload (after verification). */
  budget: number;
  /** Time the whole workload even when it exceeds the budget (the W3 memory child of a full run). */
  whole?: boolean;
}

/** What a child reports per workload. */
export interface ChildResult {
  system: string;
  workload: string;
  status: 'ok' | 'failed' | 'unsupported';
  note?: string;
  /** Loss before / after the verification run, and the reference it was held to. */
  verify?: { run: Run; before: number; after: number; reference: number; check: string; fullLoss?: number };
  /** The timed run (the whole workload, or a prefix when the whole would not fit the budget). */
  timed?: Run;
  /** Seconds per timed run, in order. */
  times?: number[];
  /** Throughput over the median run, in the workload's unit per second. */
  perSecond?: number;
}

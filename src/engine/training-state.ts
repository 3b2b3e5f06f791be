// Where a training run stands between train calls: the optimizer's identity (name and
// hyper-parameters), the epochs and steps taken, the shuffle generator's state, and the optimizer
// state blocks (velocity; Adam's m and v) in the arena's memory, in the parameters' layout and element type. The next
// train call with the same optimizer and seed continues from it — bit for bit as one longer call —
// and toJSON/fromJSON carry it (api/types.ts TrainingStateJSON).
// Not here: the epoch loop (trainer.ts) or checking saved states (options/document.ts).
import type { TrainingStateJSON } from '../api/types.js';
import type { TrainConfig } from '../options/train.js';
import { Rng } from '../util/rng.js';
import type { Arena } from './arena.js';

/** Optimizer state blocks a config needs, in parameter-sized blocks. */
export function stateBlocks(optimizer: TrainConfig['optimizer']): number {
  return optimizer === 'sgd' ? 0 : optimizer === 'adam' ? 2 : 1;
}

/** The optimizer and the hyper-parameters that identify a run. */
type Identity = Pick<TrainingStateJSON, 'optimizer' | 'momentum' | 'momentumForm' | 'beta1' | 'beta2' | 'epsilon' | 'seed'>;

function identity(c: Identity): Identity {
  return { optimizer: c.optimizer, momentum: c.momentum, momentumForm: c.momentumForm, beta1: c.beta1, beta2: c.beta2, epsilon: c.epsilon, seed: c.seed };
}

/** The identity of a run as a key: a train call whose options give another key starts afresh. */
function keyOf(c: Identity): string {
  const { optimizer: o } = c;
  const hyper = o === 'adam' ? [c.beta1, c.beta2, c.epsilon] : o === 'sgd' ? [] : [c.momentum, c.momentumForm];
  return JSON.stringify([o, c.seed, ...hyper]);
}

/** A run in progress on one arena. */
export class TrainingState {
  /** Byte address of the optimizer state (0: none). */
  ptr = 0;
  epochs = 0;
  step = 0;
  rng: Rng | undefined;
  private key = '';
  private words = 0;
  private ident: Identity | undefined;

  /** Called with the state block's address whenever it changes (so a finalizer can free it). */
  onChange: (ptr: number) => void = () => {};

  constructor(private readonly arena: Arena) {}

  /** Whether a call with `cfg` continues this run. */
  continues(cfg: TrainConfig): boolean {
    return this.rng !== undefined && this.key === keyOf(cfg);
  }

  /**
   * Makes the state ready for a call with `cfg`: kept when the call continues the run, else freed
   * and started afresh (zeroed optimizer state, epoch and step 0, shuffles from `splitRng`).
   * Returns the generator the call's shuffles draw from.
   */
  begin(cfg: TrainConfig, splitRng: Rng): Rng {
    if (this.continues(cfg)) return this.rng!;
    this.reset();
    this.words = stateBlocks(cfg.optimizer) * this.arena.nParams;
    if (this.words) {
      this.ptr = this.arena.alloc(this.words * this.arena.elementBytes, 'optimizer');
      this.arena.driver.fill(this.ptr, 0, this.words);
      this.onChange(this.ptr);
    }
    this.key = keyOf(cfg);
    this.ident = identity(cfg);
    this.rng = splitRng;
    return splitRng;
  }

  /** Bytes `begin(cfg)` would allocate. */
  bytesFor(cfg: TrainConfig): number {
    return this.continues(cfg) ? 0 : stateBlocks(cfg.optimizer) * this.arena.nParams * this.arena.elementBytes;
  }

  /** After a call: the epochs and steps it took, the generator it left. */
  end(epochs: number, step: number, rng: Rng): void {
    this.epochs += epochs;
    this.step = step;
    this.rng = rng;
  }

  /** Forgets the run (the next train call starts afresh) and frees its memory. */
  reset(): void {
    this.arena.free(this.ptr);
    this.ptr = 0;
    this.onChange(0);
    this.words = 0;
    this.key = '';
    this.ident = undefined;
    this.epochs = 0;
    this.step = 0;
    this.rng = undefined;
  }

  /** Byte address of optimizer state block k (0 when there is none). */
  block(k: number): number {
    return this.ptr && k * this.arena.nParams < this.words ? this.ptr + k * this.arena.nParams * this.arena.elementBytes : 0;
  }

  /** The run as a document, or undefined when no train call has run since the last reset. */
  toJSON(): TrainingStateJSON | undefined {
    if (!this.rng || !this.ident) return undefined;
    const n = this.arena.nParams;
    const state: number[][] = [];
    const f = this.arena.data;
    const at = this.ptr >> this.arena.shift;
    for (let k = 0; k * n < this.words; k++) state.push(Array.from(f.subarray(at + k * n, at + (k + 1) * n)));
    return { ...this.ident, epochs: this.epochs, step: this.step, rng: this.rng.state, state };
  }

  /** Restores a saved run (validated by options/document.ts). */
  restore(s: TrainingStateJSON): void {
    this.reset();
    this.words = s.state.length * this.arena.nParams;
    if (this.words) {
      this.ptr = this.arena.alloc(this.words * this.arena.elementBytes, 'json.training');
      s.state.forEach((block, k) => this.arena.data.set(block, (this.ptr >> this.arena.shift) + k * this.arena.nParams));
      this.onChange(this.ptr);
    }
    this.key = keyOf(s);
    this.ident = identity(s);
    this.epochs = s.epochs;
    this.step = s.step;
    this.rng = Rng.fromState(s.rng);
  }
}

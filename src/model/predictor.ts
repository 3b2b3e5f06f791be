// The bridge between model files and the engine's Network: builds a network to train from an
// architecture, rebuilds one from a validated model file, and turns a trained Network back into
// a ModelFile (the engine's toJSON plus class labels, feature/target names, a training summary).
// The engine applies the stored normalization itself in train/run/loss; nothing here computes.
import { Network, type NetworkOptions } from '../api/network.js';
import type { BackendName, ThreadCount } from '../api/types.js';
import type { Normalization } from '../data/normalize.js';
import {
  MODEL_FORMAT, MODEL_VERSION, checkNetworkDoc,
  type Activation, type LayerSpec, type Loss, type ModelFile, type TrainingSummary,
} from './format.js';

/** Architecture of a network to train. */
export interface ArchitectureOptions {
  inputSize: number;
  hidden: readonly number[];
  outputSize: number;
  /** Hidden-layer activation. Default 'sigmoid'. */
  activation?: Activation;
  /** Output activation. Default: the hidden one. */
  outputActivation?: Activation;
  loss?: Loss;
  alpha?: number;
  leakySlope?: number;
  init?: 'uniform' | 'xavier' | 'he';
  /** Range of uniform initialization (implies init 'uniform'). */
  initRange?: number;
  normalization?: Normalization;
  seed?: number;
  backend?: BackendName;
  /** Element type of the network ('f64' default, or 'f32'). */
  dtype?: 'f64' | 'f32';
  /** Threads to train on (the engine's `threads` option). */
  threads?: ThreadCount;
}

/** The data-side part of a model file (everything but the network document). */
export type ModelMeta = Omit<ModelFile, 'network'>;

/**
 * Network options for an architecture. Every non-input layer carries its activation explicitly
 * (unless all are sigmoid), so the engine's toJSON records each one.
 */
export function networkOptions(a: ArchitectureOptions): NetworkOptions {
  const act = a.activation ?? 'sigmoid';
  const outAct = a.outputActivation ?? act;
  const plain = act === 'sigmoid' && outAct === 'sigmoid';
  const layers: LayerSpec[] = [a.inputSize];
  for (const h of a.hidden) layers.push(plain ? h : { units: h, activation: act });
  layers.push(plain ? a.outputSize : { units: a.outputSize, activation: outAct });
  const o: NetworkOptions = { layers, seed: a.seed ?? 1 };
  if (a.loss !== undefined) o.loss = a.loss;
  if (a.alpha !== undefined) o.alpha = a.alpha;
  if (a.leakySlope !== undefined) o.leakySlope = a.leakySlope;
  if (a.init !== undefined) o.init = a.init;
  if (a.initRange !== undefined) o.initRange = a.initRange;
  if (a.normalization) o.normalization = { ...a.normalization };
  if (a.backend) o.backend = a.backend;
  if (a.dtype) o.dtype = a.dtype;
  if (a.threads !== undefined) o.threads = a.threads;
  return o;
}

/** A Network together with the data-side facts of its model. */
export class Predictor {
  readonly net: Network;
  readonly meta: ModelMeta;

  constructor(net: Network, meta: ModelMeta = { format: MODEL_FORMAT, version: MODEL_VERSION }) {
    this.net = net;
    this.meta = meta;
  }

  /** Creates a fresh network to train. */
  static async create(a: ArchitectureOptions, meta?: ModelMeta): Promise<Predictor> {
    return new Predictor(await Network.create(networkOptions(a)), meta);
  }

  /** Builds the network of a validated model file. */
  static async fromModel(model: ModelFile, backend?: BackendName): Promise<Predictor> {
    const { network, ...meta } = model;
    const net = await Network.load(network, backend ? { backend } : {});
    return new Predictor(net, meta);
  }

  /** Outputs for raw input rows (flat row-major); the engine normalizes. */
  run(inputs: Float64Array): Float64Array {
    return this.net.runBatch(inputs);
  }

  /** The engine's loss on raw input rows. */
  loss(inputs: Float64Array, targets: Float64Array): number {
    return this.net.loss(inputs, targets);
  }

  /** The model file of the current parameters. */
  toModel(training?: TrainingSummary): ModelFile {
    const network = checkNetworkDoc('network', this.net.toJSON());
    const m: ModelFile = { ...this.meta, format: MODEL_FORMAT, version: MODEL_VERSION, network };
    if (training) m.training = training;
    return m;
  }

  /** Frees the network. */
  dispose(): void {
    this.net.dispose();
  }
}

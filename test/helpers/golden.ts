// Loads the golden cases (test/fixtures/mlp-cases.json, a copy of the shared golden file) and
// lists the backend/kernel combinations every engine-level test runs on.
import { readFileSync } from 'node:fs';
import type { NetworkOptions } from '../../src/index.js';
import { hasSimd } from '../../src/index.js';

export interface GoldenCase {
  name: string;
  layers: number[];
  alpha: number;
  learningRate: number;
  batchSize: number;
  epochs: number;
  trainBias: boolean;
  inputs: number[][];
  targets: number[][];
  weights: number[][][];
  biases: number[][];
  expect: {
    outputs: number[][];
    loss: number;
    gradWeights: number[][][];
    gradBiases: number[][];
    trainedWeights: number[][][];
    trainedBiases: number[][];
    finalLoss: number;
    finalOutputs: number[][];
    lossPerEpoch: number[];
    weightsAfterOneStep?: number[][][];
    lossAfterOneStep?: number;
  };
}

export const golden: { cases: GoldenCase[] } = JSON.parse(
  readFileSync(new URL('../fixtures/mlp-cases.json', import.meta.url), 'utf8'),
);

/** Every engine configuration the engine-level tests sweep. */
export const ENGINES: { label: string; opts: Pick<NetworkOptions, 'backend' | 'kernel'> }[] = [
  { label: 'ts', opts: { backend: 'ts' } },
  { label: 'wasm-scalar', opts: { backend: 'wasm', kernel: 'scalar' } },
  ...(hasSimd() ? [{ label: 'wasm-simd', opts: { backend: 'wasm' as const, kernel: 'simd' as const } }] : []),
];

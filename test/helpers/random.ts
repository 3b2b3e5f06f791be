// Seeded random data for tests (the project's one PRNG).
import { Rng } from '../../src/index.js';

export function randomRows(rng: Rng, rows: number, width: number, scale = 1, offset = 0): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: width }, () => offset + rng.uniform(scale)));
}

export function randomParams(rng: Rng, layers: number[], scale = 1): { weights: number[][][]; biases: number[][] } {
  const weights: number[][][] = [];
  const biases: number[][] = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    weights.push(randomRows(rng, layers[l + 1], layers[l], scale));
    biases.push(Array.from({ length: layers[l + 1] }, () => rng.uniform(scale)));
  }
  return { weights, biases };
}

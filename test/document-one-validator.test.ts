// One validator for a network document: a model file (parseModel) and Network.fromJSON accept and
// refuse exactly the same documents, for the same reason (the same key named), including the cases
// where the two readers once disagreed (the parameter bound, scale 0, a top-level activation).
import { describe, it, expect } from 'vitest';
import { Network, WasmpropError } from '../src/index.js';
import { parseModel } from '../src/model/format.js';

const base = {
  format: 'wasmprop-network', version: 1, layers: [2, 2], alpha: 1, loss: 'sse',
  weights: [[[0.1, 0.2], [0.3, 0.4]]], biases: [[0, 0]],
};
const DOCS: [string, Record<string, unknown>][] = [
  ['valid', base],
  ['top-level activation tanh', { ...base, activation: 'tanh' }],
  ['normalization scale 0', { ...base, normalization: { offset: [0, 0], scale: [1, 0] } }],
  ['normalization fine', { ...base, normalization: { offset: [0, 0], scale: [1, 2] } }],
  ['2^26 + 1 parameters', { ...base, layers: [2 ** 13, 2 ** 13 - 1, 1] }],
  ['version 3', { ...base, version: 3 }],
  ['softmax hidden layer', { ...base, layers: [2, { units: 2, activation: 'softmax' }, 2], weights: [], biases: [] }],
  ['cross-entropy with a linear output', { ...base, layers: [2, { units: 2, activation: 'linear' }], loss: 'cross-entropy' }],
  ['a NaN weight', { ...base, weights: [[[0.1, NaN], [0.3, 0.4]]] }],
  ['alpha 0', { ...base, alpha: 0 }],
  ['training state on version 1', { ...base, training: {} }],
];

/** What a reader does with a document: 'ok', or the key its WasmpropError names (without the reader's prefix). */
function verdict(read: () => unknown, prefix: string): string {
  try {
    read();
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(WasmpropError);
    return (e as WasmpropError).argument.replace(prefix, '');
  }
}

describe('one reading of a network document', () => {
  it('parseModel and Network.fromJSON give the same verdict on every document', () => {
    const seen = new Set<string>();
    for (const [name, doc] of DOCS) {
      const model = verdict(() => parseModel(JSON.stringify(doc)), 'model');
      const json = verdict(() => Network.fromJSON(doc, { backend: 'ts' }).dispose(), 'json');
      expect(json, name).toBe(model);
      seen.add(model === 'ok' ? 'ok' : 'refused');
    }
    expect(seen).toEqual(new Set(['ok', 'refused']));
  });
});

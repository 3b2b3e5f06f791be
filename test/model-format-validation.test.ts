// Model files are validated on load: clear errors for a wrong version, wrong shapes and non-finite
// values; unknown keys (`__proto__` included) are ignored without being assigned; absurd sizes are
// refused before any weight is read or allocated.
import { describe, expect, test } from 'vitest';
import { parseModel, MAX_PARAMETERS, type ModelFile } from '../src/model/format.js';

function good(): Record<string, unknown> {
  return {
    format: 'wasmprop-model', version: 1,
    network: {
      format: 'wasmprop-network', version: 1, layers: [2, { units: 2, activation: 'tanh' }, { units: 2, activation: 'softmax' }], alpha: 1, loss: 'cross-entropy',
      normalization: { kind: 'zscore', offset: [0.5, 1], scale: [2, 4] },
      weights: [[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6], [0.7, 0.8]]], biases: [[0, 0.1], [0.2, 0.3]],
    },
    classes: ['no', 'yes'], featureNames: ['a', 'b'], targetNames: ['label'],
  };
}
function withNetwork(patch: Record<string, unknown>): string {
  const m = good();
  m.network = { ...(m.network as object), ...patch };
  return JSON.stringify(m);
}
function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('parseModel validation', () => {
  test('a good file loads', () => {
    const m = parseModel(JSON.stringify(good()));
    expect(m.network.layers).toEqual([2, { units: 2, activation: 'tanh' }, { units: 2, activation: 'softmax' }]);
    expect(m.classes).toEqual(['no', 'yes']);
  });

  test('wrong version and wrong format', () => {
    expect(message(() => parseModel(JSON.stringify({ ...good(), version: 2 })))).toBe('model.version: expected 1 (the model file version this wasmprop reads), got 2');
    expect(message(() => parseModel(JSON.stringify({ ...good(), format: 'keras' })))).toBe("model.format: expected 'wasmprop-model' (or a bare 'wasmprop-network' document), got \"keras\"");
    expect(message(() => parseModel(withNetwork({ version: '1' })))).toBe('model.network.version: expected 1 or 2 (the network document versions this build reads), got "1"');
    expect(message(() => parseModel('{"format": "wasmprop-model",'))).toMatch(/^model: expected a JSON document, got "text that does not parse/);
  });

  test('wrong shapes name the exact path', () => {
    expect(message(() => parseModel(withNetwork({ weights: [[[0.1, 0.2], [0.3, 0.4]]] })))).toBe('model.network.weights: expected an array of 2 weight matrices, got an array of length 1');
    expect(message(() => parseModel(withNetwork({ weights: [[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6, 0.9], [0.7, 0.8]]] })))).toBe('model.network.weights[1][0]: expected an array of 2 numbers, got an array of length 3');
    expect(message(() => parseModel(withNetwork({ biases: [[0, 0.1], [0.2]] })))).toBe('model.network.biases[1]: expected an array of 2 numbers, got an array of length 1');
    expect(message(() => parseModel(withNetwork({ normalization: { offset: [0], scale: [1, 1] } })))).toBe('model.network.normalization.offset: expected an array of 2 numbers (one per input), got an array of length 1');
    expect(message(() => parseModel(JSON.stringify({ ...good(), classes: ['a', 'b', 'c'] })))).toBe('model.classes: expected an array of 2 strings (one label per output), got an array of length 3');
    expect(message(() => parseModel(JSON.stringify({ ...good(), featureNames: ['a'] })))).toBe('model.featureNames: expected an array of 2 strings (one per input), got an array of length 1');
  });

  test('non-finite values: null (NaN written by JSON.stringify), 1e999 (Infinity), strings', () => {
    const text = withNetwork({ weights: [[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6], [0.7, 0.8]]] });
    expect(message(() => parseModel(text.replace('0.6', 'null')))).toBe('model.network.weights[1][0][1]: expected a finite number, got null');
    expect(message(() => parseModel(text.replace('0.3', '1e999')))).toBe('model.network.weights[0][1][0]: expected a finite number, got Infinity');
    expect(message(() => parseModel(text.replace('0.8', '"0.8"')))).toBe('model.network.weights[1][1][1]: expected a finite number, got "0.8"');
    expect(message(() => parseModel(withNetwork({ alpha: -1 })))).toBe('model.network.alpha: expected a finite number > 0, got -1');
  });

  test('bad activations: unknown, softmax in a hidden layer, cross-entropy with a linear output', () => {
    expect(message(() => parseModel(withNetwork({ layers: [2, { units: 2, activation: 'gelu' }, 2] })))).toMatch(/^model\.network\.layers\[1\]\.activation: expected one of 'sigmoid', 'tanh'/);
    expect(message(() => parseModel(withNetwork({ layers: [2, { units: 2, activation: 'softmax' }, { units: 2, activation: 'softmax' }] })))).toBe("model.network.layers[1].activation: expected 'softmax' on the output layer only, got \"softmax\"");
    expect(message(() => parseModel(withNetwork({ layers: [2, 2, { units: 2, activation: 'linear' }] })))).toBe("model.network.loss: expected 'cross-entropy' only with a softmax or sigmoid output layer, got \"output activation 'linear'\"");
  });

  test('unknown keys, __proto__ included, are ignored and never assigned', () => {
    const text = JSON.stringify(good())
      .replace('{"format":"wasmprop-model"', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"extra":1,"format":"wasmprop-model"')
      .replace('"loss":"cross-entropy"', '"loss":"cross-entropy","__proto__":{"isAdmin":true}');
    const ignored: string[] = [];
    const m = parseModel(text, ignored);
    expect(ignored).toEqual(['model.__proto__', 'model.constructor', 'model.extra', 'model.network.__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(m.network)).toBe(Object.prototype);
    expect(Object.keys(m)).toEqual(['format', 'version', 'network', 'classes', 'featureNames', 'targetNames']);
    expect((m as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect((m.network as unknown as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  test('absurd sizes are refused before any weight is read', () => {
    const m = good();
    let touched = false;
    const trap = new Proxy([], { get(t, k) { touched = true; return Reflect.get(t, k); } });
    m.network = { ...(m.network as object), layers: [100000, 100000, 10], weights: trap, biases: trap };
    expect(message(() => parseModel(m))).toBe(`model.network.layers: expected a network of at most ${MAX_PARAMETERS} parameters, got "10001100010 parameters"`);
    expect(touched).toBe(false);
    expect(message(() => parseModel(withNetwork({ layers: [2, 1e12, 2] })))).toBe('model.network.layers[1]: expected at most 16777216 units, got 1000000000000');
    expect(message(() => parseModel(withNetwork({ layers: new Array(5000).fill(1) })))).toBe('model.network.layers: expected at most 1024 layers, got "5000 layers"');
  });

  test('the training summary keeps only strings, finite numbers and booleans', () => {
    const ignored: string[] = [];
    const m = parseModel(JSON.stringify({ ...good(), training: { epochs: 5, data: 'x.csv', ok: true, nested: { a: 1 }, bad: null } }), ignored) as ModelFile;
    expect(m.training).toEqual({ epochs: 5, data: 'x.csv', ok: true });
    expect(ignored).toEqual(['model.training.nested', 'model.training.bad']);
  });
});

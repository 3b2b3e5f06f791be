// Every golden case of test/fixtures/mlp-cases.json on every backend: one pass (outputs, loss,
// gradients) and the full training run (trained parameters, loss per epoch, final loss/outputs).
import { describe, it, expect } from 'vitest';
import { Network } from '../src/index.js';
import { golden, ENGINES } from './helpers/golden.js';
import { expectClose, ONE_PASS, TRAINED } from './helpers/tolerance.js';

describe.each(ENGINES)('golden cases on $label', ({ label, opts }) => {
  describe.each(golden.cases)('$name', (c) => {
    const make = async (): Promise<Network> => {
      const net = await Network.create({ layers: c.layers, alpha: c.alpha, ...opts });
      net.setParameters({ weights: c.weights, biases: c.biases });
      return net;
    };

    it('one pass: outputs, loss and batch-mean gradients', async () => {
      const net = await make();
      const tag = `${label} ${c.name} (layers ${c.layers.join('-')})`;
      expectClose(`${tag} outputs`, net.runBatch(c.inputs), c.expect.outputs, ONE_PASS);
      expectClose(`${tag} loss`, net.loss(c.inputs, c.targets), c.expect.loss, ONE_PASS);
      const g = net.gradients(c.inputs, c.targets);
      expectClose(`${tag} gradients().loss`, g.loss, c.expect.loss, ONE_PASS);
      expectClose(`${tag} gradWeights`, g.weights, c.expect.gradWeights, ONE_PASS);
      expectClose(`${tag} gradBiases`, g.biases, c.expect.gradBiases, ONE_PASS);
      // gradients() does not change the parameters
      expect(net.getParameters()).toEqual({ weights: c.weights, biases: c.biases });
      net.dispose();
    });

    it(`trains ${c.epochs} epochs of batches of ${c.batchSize}`, async () => {
      const net = await make();
      const tag = `${label} ${c.name}`;
      const r = net.train({ inputs: c.inputs, targets: c.targets }, {
        learningRate: c.learningRate, epochs: c.epochs, batchSize: c.batchSize, trainBias: c.trainBias, recordLoss: 'exact',
      });
      expect(r.epochs).toBe(c.epochs);
      const p = net.getParameters();
      expectClose(`${tag} trainedWeights`, p.weights, c.expect.trainedWeights, TRAINED);
      expectClose(`${tag} trainedBiases`, p.biases, c.expect.trainedBiases, TRAINED);
      expectClose(`${tag} lossPerEpoch`, r.lossPerEpoch.slice(0, c.expect.lossPerEpoch.length), c.expect.lossPerEpoch, TRAINED);
      expectClose(`${tag} error (finalLoss)`, r.error, c.expect.finalLoss, TRAINED);
      expectClose(`${tag} finalOutputs`, net.runBatch(c.inputs), c.expect.finalOutputs, TRAINED);
      if (!c.trainBias) expect(p.biases, `${tag}: trainBias false keeps biases`).toEqual(c.biases);
      net.dispose();
    });

    if (c.expect.weightsAfterOneStep) {
      it('one SGD step: weightsAfterOneStep and lossAfterOneStep', async () => {
        const net = await make();
        const r = net.train({ inputs: c.inputs, targets: c.targets }, {
          learningRate: c.learningRate, epochs: 1, batchSize: c.batchSize, trainBias: c.trainBias, finalError: true,
        });
        expectClose(`${label} ${c.name} weightsAfterOneStep`, net.getParameters().weights, c.expect.weightsAfterOneStep, ONE_PASS);
        expectClose(`${label} ${c.name} lossAfterOneStep`, r.error, c.expect.lossAfterOneStep, ONE_PASS);
        net.dispose();
      });
    }
  });
});

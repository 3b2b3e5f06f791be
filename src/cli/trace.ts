// `wasmprop trace`: one SGD step of backpropagation shown the way the classic worked example
// shows it (the numbers: src/explain/step.ts); this file prints them.
import { sig, table } from './format.js';
import type { TraceReport } from '../explain/step.js';

export { explainStep as traceStep, WORKED_EXAMPLE } from '../explain/step.js';
export type { TraceOptions, TraceReport, WeightTrace, BiasTrace } from '../explain/step.js';

/** The human-readable trace. */
export function formatTrace(r: TraceReport): string {
  const lines: string[] = [];
  const L = r.layers.length - 1;
  const actText = [...new Set(r.activations)].map((a) => (a === 'sigmoid' ? `sigmoid (alpha ${sig(r.alpha)})` : a)).join(', ');
  lines.push(`wasmprop trace: one SGD step, learning rate ${sig(r.learningRate)}, biases ${r.trainBias ? 'trained' : 'fixed'}`);
  lines.push(`network ${r.layers.join('-')}, ${actText}, loss ${r.loss === 'sse' ? 'E = Σ ½(target − out)²' : 'cross-entropy E = −Σ target·log(out)'}`);
  if (r.workedExample) lines.push('the worked 2-2-2 example: input [0.05, 0.1], target [0.01, 0.99]');
  if (r.x.some((v, k) => v !== r.input[k])) lines.push(`input ${fmtVec(r.input)} normalized by the model to ${fmtVec(r.x)}`);
  lines.push('', 'Forward pass (net = Σ w·in + b, out = activation(net))');
  const fwdRows = r.units.flat().map((u) => [u.name, u.terms, sig(u.net), sig(u.out)]);
  lines.push(table(['unit', 'net = Σ w·in + b', 'net', 'out'], fwdRows, [0, 1]).trimEnd());
  const outs = r.units[L - 1];
  lines.push(`  E = ${r.loss === 'sse' ? outs.map((u, k) => `½(${sig(r.target[k])} − ${sig(u.out)})²`).join(' + ') : 'cross-entropy'} = ${sig(r.lossBefore)}`);
  lines.push('', `Backward pass: ∂E/∂w = ∂E/∂out · ∂out/∂net · ∂net/∂w; the gradient and the new weight come from the engine`);
  const cell = (v: number | null): string => (v === null ? '—' : sig(v));
  for (let l = L; l >= 1; l--) {
    const ws = r.weights.filter((w) => w.layer === l);
    lines.push(`  layer ${l} (${l === L ? 'output' : 'hidden'})${l < L ? ': ∂E/∂out = Σ ∂E/∂net · w over the next layer, with the weights before the update' : ''}`);
    lines.push(table(['weight', 'from→to', '∂E/∂out', '∂out/∂net', '∂net/∂w', '∂E/∂w', 'w', `w − ${sig(r.learningRate)}·∂E/∂w`],
      ws.map((w) => [w.name, `${w.from}→${w.to}`, cell(w.dEdOut), cell(w.doutDnet), sig(w.dnetDw), sig(w.gradient), sig(w.weight), sig(w.updated)]), [0, 1], '    ').trimEnd());
    if (ws.some((w) => w.doutDnet === null)) lines.push('    (softmax: ∂out/∂net is a Jacobian; the ∂E/∂net it yields is used directly)');
  }
  if (r.trainBias) {
    lines.push('  biases');
    lines.push(table(['bias', '∂E/∂b', 'b', 'new b'], r.biases.map((b) => [b.name, sig(b.gradient), sig(b.bias), sig(b.updated)]), [0], '    ').trimEnd());
  }
  const worst = Math.max(...r.weights.map((w) => Math.abs(w.product - w.gradient) / Math.max(Math.abs(w.gradient), 1e-300)));
  lines.push(`  check: the factor columns multiply to the engine's ∂E/∂w (largest relative difference ${worst.toExponential(1)})`);
  lines.push('', `After the step: E = ${sig(r.lossAfter)} (was ${sig(r.lossBefore)})`);
  if (r.lossAfterStale !== undefined) {
    lines.push(`Note: this is exact backprop. The tutorial prints ${sig(r.lossAfterStale)} because it computed the hidden-layer`);
    lines.push('deltas with the already-updated output weights w5..w8; doing the same here gives that number.');
  }
  return lines.join('\n') + '\n';
}

function fmtVec(v: readonly number[]): string {
  return `[${v.map((x) => sig(x)).join(', ')}]`;
}

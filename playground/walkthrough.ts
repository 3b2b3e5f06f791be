// The walk-through view: the 2-2-2 worked example's step with every number — net and out of each
// unit, the errors, each chain-rule factor, each gradient and each updated weight — recomputed by
// the engine whenever an input, target, weight, bias, alpha or the learning rate is edited.
// Not here: the numbers themselves (walkthrough-model.ts).
import type { NetworkOptions } from '../src/index.js';
import { computeStep, WORKED_EXAMPLE, type StepInput, type StepNumbers, type WeightStep } from './walkthrough-model.js';

const FIELDS: { key: string; label: string; get: (s: StepInput) => number; set: (s: StepInput, v: number) => void }[] = [
  ...[0, 1].map((k) => ({ key: `i${k + 1}`, label: `i${k + 1}`, get: (s: StepInput) => s.i[k], set: (s: StepInput, v: number) => { s.i[k] = v; } })),
  ...[0, 1].map((k) => ({ key: `t${k + 1}`, label: `target o${k + 1}`, get: (s: StepInput) => s.t[k], set: (s: StepInput, v: number) => { s.t[k] = v; } })),
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((k) => ({ key: `w${k + 1}`, label: `w${k + 1}`, get: (s: StepInput) => s.w[k], set: (s: StepInput, v: number) => { s.w[k] = v; } })),
  ...[0, 1].map((k) => ({ key: `b${k + 1}`, label: `b${k + 1}`, get: (s: StepInput) => s.b[k], set: (s: StepInput, v: number) => { s.b[k] = v; } })),
  { key: 'alpha', label: 'alpha', get: (s) => s.alpha, set: (s, v) => { s.alpha = v; } },
  { key: 'lr', label: 'learning rate η', get: (s) => s.learningRate, set: (s, v) => { s.learningRate = v; } },
];

function clone(s: StepInput): StepInput {
  return { ...s, i: [...s.i], t: [...s.t], w: [...s.w], b: [...s.b] };
}

/** A number as shown (9 significant digits) with its exact float64 value in the tooltip and data-value. */
function num(v: number): HTMLElement {
  const el = document.createElement('span');
  el.className = 'num';
  el.textContent = Number.isFinite(v) ? (Math.abs(v) < 1e-4 && v !== 0 ? v.toExponential(8) : v.toPrecision(9)) : String(v);
  el.title = String(v);
  el.dataset.value = String(v);
  return el;
}

function cell(tag: 'td' | 'th', ...content: (string | Node)[]): HTMLElement {
  const el = document.createElement(tag);
  el.append(...content);
  return el;
}

function table(caption: string, head: string[], rows: (string | Node)[][], id: string, wide = false): HTMLElement {
  const block = document.createElement('section');
  block.className = wide ? 'wt-block wide' : 'wt-block';
  const h = document.createElement('h3');
  h.textContent = caption;
  const t = document.createElement('table');
  t.id = id;
  t.className = 'numbers';
  const hr = document.createElement('tr');
  for (const x of head) hr.append(cell('th', x));
  const thead = document.createElement('thead');
  thead.append(hr);
  const tbody = document.createElement('tbody');
  for (const r of rows) {
    const tr = document.createElement('tr');
    for (const x of r) tr.append(cell('td', x));
    tbody.append(tr);
  }
  t.append(thead, tbody);
  block.append(h, t);
  return block;
}

function check(w: WeightStep): HTMLElement {
  const el = document.createElement('span');
  const ok = Math.abs(w.product - w.grad) <= 1e-14 + 1e-12 * Math.abs(w.grad);
  el.className = ok ? 'check ok' : 'check bad';
  el.textContent = ok ? '✓' : '≠';
  el.title = ok ? 'the product of the factors equals the engine gradient (within 1e-12 relative)' : `product ${w.product} ≠ engine ${w.grad}`;
  return el;
}

function weightRows(ws: WeightStep[]): (string | Node)[][] {
  return ws.map((w) => [
    w.name, w.edge, num(w.factors[0].value), num(w.factors[1].value), num(w.factors[2].value),
    num(w.product), num(w.grad), check(w), num(w.before), num(w.after),
  ]);
}

function render(into: HTMLElement, s: StepNumbers): void {
  const a = s.input.alpha;
  const frag = document.createDocumentFragment();
  frag.append(table('Forward pass (out from the engine; net = Σ w·x + b)', ['unit', 'net', 'out = 1/(1+e^(−α·net))'], [
    ['h1', num(s.netH[0]), num(s.outH[0])],
    ['h2', num(s.netH[1]), num(s.outH[1])],
    ['o1', num(s.netO[0]), num(s.outO[0])],
    ['o2', num(s.netO[1]), num(s.outO[1])],
  ], 'wt-forward'));
  frag.append(table('Error: E = Σ ½(target − out)² (E_total from the engine’s loss)', ['term', 'value'], [
    ['E_o1', num(s.errors[0])],
    ['E_o2', num(s.errors[1])],
    ['E_total', num(s.loss)],
  ], 'wt-error'));
  frag.append(table(
    `Output layer: ∂E/∂w = ∂E/∂out_o · ∂out_o/∂net_o · ∂net_o/∂w, with ∂E/∂out_o = out_o − target and ∂out_o/∂net_o = α·out_o(1 − out_o), α = ${a}`,
    ['w', 'edge', '∂E/∂out_o', '∂out_o/∂net_o', '∂net_o/∂w', 'product', 'engine ∂E/∂w', '', 'w', `w⁺ = w − ${s.input.learningRate}·∂E/∂w`],
    weightRows(s.output), 'wt-output', true));
  frag.append(table('Back-propagated error: δ_o = ∂E/∂net_o, and ∂E/∂out_h = Σ_o δ_o · w(h→o) (with the weights before the step)', ['term', 'value'], [
    ['δ_o1', num(s.deltaO[0])],
    ['δ_o2', num(s.deltaO[1])],
    ['∂E/∂out_h1 = δ_o1·w5 + δ_o2·w7', num(s.dEdOutH[0])],
    ['∂E/∂out_h2 = δ_o1·w6 + δ_o2·w8', num(s.dEdOutH[1])],
  ], 'wt-delta'));
  frag.append(table(
    'Hidden layer: ∂E/∂w = ∂E/∂out_h · ∂out_h/∂net_h · ∂net_h/∂w',
    ['w', 'edge', '∂E/∂out_h', '∂out_h/∂net_h', '∂net_h/∂w', 'product', 'engine ∂E/∂w', '', 'w', `w⁺ = w − ${s.input.learningRate}·∂E/∂w`],
    weightRows(s.hidden), 'wt-hidden', true));
  frag.append(table('After the step (biases kept fixed, as in the tutorial)', ['term', 'value'], [
    ['E_total after one step (engine)', num(s.lossAfter)],
    ['∂E/∂b1 (h1, h2), not applied', `${num(s.biasGrads.hidden[0]).textContent}, ${num(s.biasGrads.hidden[1]).textContent}`],
    ['∂E/∂b2 (o1, o2), not applied', `${num(s.biasGrads.output[0]).textContent}, ${num(s.biasGrads.output[1]).textContent}`],
  ], 'wt-after'));
  const by = document.createElement('p');
  by.className = 'note wide';
  by.textContent = `Computed by the ${s.backend.backend === 'wasm' ? `WebAssembly (${s.backend.isa})` : 'pure-TypeScript'} backend. Hover a number for its full float64 value.`;
  frag.append(by);
  into.replaceChildren(frag);
}

/** Builds the walk-through in `root`; `backend()` says which backend the engine calls use. */
export function mountWalkthrough(root: HTMLElement, backend: () => Pick<NetworkOptions, 'backend' | 'kernel'>): void {
  let state = clone(WORKED_EXAMPLE);
  const intro = document.createElement('p');
  intro.className = 'intro';
  intro.textContent = 'One step of backpropagation on the 2-2-2 network of the classic worked example (inputs i1, i2; hidden h1, h2; outputs o1, o2; '
    + 'logistic units with gain α; E = ½ Σ (target − out)²; one SGD step with the biases fixed). Edit any value: the engine recomputes the step.';
  const inputs = document.createElement('form');
  inputs.className = 'wt-inputs';
  inputs.id = 'wt-inputs';
  const fields = new Map<string, HTMLInputElement>();
  for (const f of FIELDS) {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'number';
    input.step = 'any';
    input.name = f.key;
    input.id = `wt-${f.key}`;
    input.value = String(f.get(state));
    label.append(`${f.label} `, input);
    inputs.append(label);
    fields.set(f.key, input);
  }
  const reset = document.createElement('button');
  reset.type = 'button';
  reset.textContent = 'Reset to the worked example';
  inputs.append(reset);
  const status = document.createElement('p');
  status.className = 'status';
  status.id = 'wt-status';
  const results = document.createElement('div');
  results.id = 'wt-results';
  results.className = 'wt-results';
  root.replaceChildren(intro, inputs, status, results);

  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const recompute = (): void => {
    const g = ++generation;
    const next = clone(state);
    for (const f of FIELDS) {
      const v = Number(fields.get(f.key)!.value);
      if (fields.get(f.key)!.value.trim() === '' || !Number.isFinite(v)) {
        status.textContent = `${f.label}: expected a number`;
        status.className = 'status error';
        return;
      }
      f.set(next, v);
    }
    computeStep(next, backend()).then(
      (s) => {
        if (g !== generation) return;
        state = next;
        status.textContent = '';
        status.className = 'status';
        render(results, s);
        root.dataset.ready = 'true';
      },
      (e: Error) => {
        if (g !== generation) return;
        status.textContent = e.message;
        status.className = 'status error';
      },
    );
  };
  inputs.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(recompute, 120);
  });
  inputs.addEventListener('submit', (e) => e.preventDefault());
  reset.addEventListener('click', () => {
    state = clone(WORKED_EXAMPLE);
    for (const f of FIELDS) fields.get(f.key)!.value = String(f.get(state));
    recompute();
  });
  document.getElementById('backend')?.addEventListener('change', recompute);
  recompute();
}

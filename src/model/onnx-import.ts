// ONNX import: a fully connected ONNX graph (the files wasmprop exports, and the common graphs of
// torch.onnx.export and Keras→ONNX converters) read into a trainable Network, built through the
// public API (Network.create + setParameters). Recognized, as one chain from the single input to
// the single output: an optional leading Sub and/or Mul|Div by constants (→ normalization); per
// layer Gemm (transA 0, transB 0/1, alpha, beta) or MatMul [+ Add]; then Relu, Sigmoid (or
// Mul by a constant gain + Sigmoid → alpha), Tanh, LeakyRelu (or wasmprop's Mul + Max / Mul +
// Greater + Where), Softmax (axis 1/−1, last layer only) or nothing (linear); Identity, Flatten
// (axis 1) and Reshape to [−1|0, width] anywhere. Float32 or float64 initializers, raw_data or
// float_data/double_data. Anything else is refused with a WasmpropError naming the node and op.
// Not here: running ONNX graphs, or any operator outside that list (no Conv, no branches).
import { Network, WasmpropError, type Activation, type LayerSpec, type LossName, type NetworkOptions, type Normalization, type Parameters } from '../index.js';
import type { BackendName, KernelChoice } from '../index.js';
import type { ModelFile } from './format.js';
import { onnxTypes } from './onnx.js';
import {
  checkAttrs, constantTensor, floatAttr, intAttr, nodeLabel, readTensor, refuse,
  type NodeMsg, type Tensor, type TensorMsg,
} from './onnx-tensors.js';

/** Options of `importOnnx` (`Network.fromOnnx`). */
export interface OnnxImportOptions {
  /** Loss of the imported network. Default: the file's `loss` metadata (wasmprop exports), else 'cross-entropy' for a softmax output, else 'sse'. */
  loss?: LossName;
  /** 'wasm' (default) or 'ts'. */
  backend?: BackendName;
  /** WASM kernel family (see NetworkOptions.kernel). */
  kernel?: KernelChoice;
}

/** What `readOnnx` finds in a file: the network's options and parameters, and the model-file facts. */
export interface OnnxNetwork {
  options: NetworkOptions;
  parameters: Parameters;
  /** Class labels, feature and target names from the file's metadata (wasmprop exports write them). */
  meta: Pick<ModelFile, 'classes' | 'featureNames' | 'targetNames'>;
  /** Element type of the file's input (the initializers' values are kept exactly either way). */
  dtype: 'float32' | 'float64';
  /** producer_name and producer_version of the file. */
  producer: string;
}

interface Dense { W: Float64Array; b: Float64Array; IN: number; OUT: number; act?: Activation; hasBias: boolean; node: number }
interface ValueInfoMsg { name?: string; type?: { tensor_type?: { elem_type?: number; shape?: { dim?: { dim_value?: number; dim_param?: string }[] } } } }
interface GraphMsg { node?: NodeMsg[]; initializer?: TensorMsg[]; input?: ValueInfoMsg[]; output?: ValueInfoMsg[] }
interface ModelMsg { graph?: GraphMsg; opset_import?: { domain?: string; version?: number }[]; metadata_props?: { key?: string; value?: string }[]; producer_name?: string; producer_version?: string }

/** The state of the walk along the chain of nodes. */
interface Walk {
  nodes: NodeMsg[];
  consts: Map<string, Tensor>;
  cur: string;
  width?: number;
  layers: Dense[];
  sub?: Tensor;
  mul?: { t: Tensor; divide: boolean };
  gain?: { alpha: number; node: number };
  slope?: { value: number; node: number };
  opset: number;
}

function decode(bytes: Uint8Array): ModelMsg {
  const { Model } = onnxTypes();
  try {
    return Model.toObject(Model.decode(bytes), { longs: Number, enums: Number }) as ModelMsg;
  } catch (e) {
    throw new WasmpropError('onnx', 'an ONNX model file (a protobuf ModelProto)', `bytes that do not decode (${(e as Error).message})`);
  }
}

/** The single data input of node `i` (the other inputs must be constants); refuses branches. */
function dataInput(w: Walk, i: number): void {
  const n = w.nodes[i];
  const data = (n.input ?? []).filter((x) => x !== '' && !w.consts.has(x));
  if (data.length !== 1 || data[0] !== w.cur) {
    throw refuse(n, i, `one chain of layers: input '${w.cur}' and constants`, `inputs ${(n.input ?? []).map((x) => `'${x}'`).join(', ')}`);
  }
  if ((n.output ?? []).length !== 1) throw refuse(n, i, 'one output', `${(n.output ?? []).length} outputs`);
}

/** The constant input `k` of node `i`. */
function constIn(w: Walk, i: number, k: number, what: string): Tensor {
  const name = w.nodes[i].input?.[k] ?? '';
  const t = w.consts.get(name);
  if (!t) throw refuse(w.nodes[i], i, `${what} as a constant (initializer or Constant)`, name === '' ? 'no input' : `the computed value '${name}'`);
  return t;
}

/** The constant operand of a binary op whose other operand is the current value. */
function otherConst(w: Walk, i: number): Tensor {
  const inputs = w.nodes[i].input ?? [];
  return constIn(w, i, inputs[0] === w.cur ? 1 : 0, 'the second operand');
}

function scalar(w: Walk, i: number, t: Tensor): number {
  if (t.values.length !== 1) throw refuse(w.nodes[i], i, 'a scalar constant', `dims [${t.dims.join(', ')}]`);
  return t.values[0];
}

/** The dense layer still waiting for its activation, if the last step was Gemm/MatMul/Add. */
function pending(w: Walk): Dense | undefined {
  const l = w.layers[w.layers.length - 1];
  return l && l.act === undefined ? l : undefined;
}

function finish(w: Walk, i: number, act: Activation): void {
  const l = pending(w);
  if (!l) throw refuse(w.nodes[i], i, 'an activation right after a dense layer (Gemm or MatMul)', w.layers.length ? 'an activation after an activation' : 'an activation before any layer');
  l.act = act;
  w.cur = w.nodes[i].output![0];
}

function addDense(w: Walk, i: number, W: Float64Array, b: Float64Array, IN: number, OUT: number, hasBias: boolean): void {
  const n = w.nodes[i];
  if (w.width !== undefined && IN !== w.width) throw refuse(n, i, `a weight matrix with ${w.width} inputs (the width of '${w.cur}')`, `${IN} inputs`);
  const prev = w.layers[w.layers.length - 1];
  if (prev?.act === 'softmax') throw refuse(n, i, 'no layer after a Softmax (softmax on the output layer only)', 'a dense layer');
  if (prev && prev.act === undefined) prev.act = 'linear';
  w.layers.push({ W, b, IN, OUT, hasBias, node: i });
  w.width = OUT;
  w.cur = n.output![0];
}

/** Gemm(x, B, C): y = alpha·x·B' + beta·C with B' = B (transB 0: B is IN×OUT) or Bᵀ (transB 1: OUT×IN). */
function gemm(w: Walk, i: number): void {
  const n = w.nodes[i];
  checkAttrs(n, i, ['alpha', 'beta', 'transA', 'transB']);
  if (n.input?.[0] !== w.cur) throw refuse(n, i, `input A = '${w.cur}'`, `'${n.input?.[0]}'`);
  if (intAttr(n, 'transA', 0) !== 0) throw refuse(n, i, 'transA = 0', intAttr(n, 'transA', 0));
  const transB = intAttr(n, 'transB', 0);
  const alpha = floatAttr(n, 'alpha', 1);
  const beta = floatAttr(n, 'beta', 1);
  const B = constIn(w, i, 1, 'the weight matrix B');
  if (B.dims.length !== 2) throw refuse(n, i, 'a 2-D weight matrix B', `dims [${B.dims.join(', ')}]`);
  const [OUT, IN] = transB ? B.dims : [B.dims[1], B.dims[0]];
  const W = new Float64Array(OUT * IN);
  for (let o = 0; o < OUT; o++) for (let k = 0; k < IN; k++) W[o * IN + k] = (transB ? B.values[o * IN + k] : B.values[k * OUT + o]) * alpha;
  const b = new Float64Array(OUT);
  const hasC = (n.input?.[2] ?? '') !== '';
  if (hasC) {
    const C = constIn(w, i, 2, 'the bias C');
    biasInto(w, i, b, C, beta);
  }
  addDense(w, i, W, b, IN, OUT, hasC);
}

/** b += beta·C for a bias C of dims [OUT], [1, OUT] or a scalar. */
function biasInto(w: Walk, i: number, b: Float64Array, C: Tensor, beta: number): void {
  const OUT = b.length;
  const last = C.dims[C.dims.length - 1] ?? 1;
  const rows = C.dims.length === 2 ? C.dims[0] : 1;
  if (C.dims.length > 2 || rows !== 1 || (last !== OUT && last !== 1)) throw refuse(w.nodes[i], i, `a bias of ${OUT} values (dims [${OUT}] or [1, ${OUT}])`, `dims [${C.dims.join(', ')}]`);
  for (let o = 0; o < OUT; o++) b[o] = beta * C.values[last === 1 ? 0 : o];
}

/** MatMul(x, B), B IN×OUT (the Keras/TF layout). */
function matmul(w: Walk, i: number): void {
  const n = w.nodes[i];
  checkAttrs(n, i, []);
  if (n.input?.[0] !== w.cur) throw refuse(n, i, `the current value '${w.cur}' as the left operand`, `'${n.input?.[0]}'`);
  const B = constIn(w, i, 1, 'the weight matrix');
  if (B.dims.length !== 2) throw refuse(n, i, 'a 2-D weight matrix', `dims [${B.dims.join(', ')}]`);
  const [IN, OUT] = B.dims;
  const W = new Float64Array(OUT * IN);
  for (let o = 0; o < OUT; o++) for (let k = 0; k < IN; k++) W[o * IN + k] = B.values[k * OUT + o];
  addDense(w, i, W, new Float64Array(OUT), IN, OUT, false);
}

/** Sub / Mul / Div by a constant before the first layer: the input normalization. */
function normalization(w: Walk, i: number, op: string): void {
  const n = w.nodes[i];
  const t = otherConst(w, i);
  if ((op === 'Sub' || op === 'Div') && n.input?.[0] !== w.cur) throw refuse(n, i, `'${w.cur}' ${op === 'Sub' ? '−' : '÷'} a constant`, 'the constant first');
  if (op === 'Sub') {
    if (w.sub || w.mul) throw refuse(n, i, 'one Sub, before the Mul/Div (x′ = (x − offset)·scale)', 'a second Sub or a Sub after the scale');
    w.sub = t;
  } else {
    if (w.mul) throw refuse(n, i, 'one Mul or Div of the input (x′ = (x − offset)·scale)', `a second ${op}`);
    w.mul = { t, divide: op === 'Div' };
  }
  w.cur = n.output![0];
}

/** Mul(net, c) right after a dense layer: sigmoid gain (→ Sigmoid) or leaky slope (→ Max, or Greater + Where). Returns the nodes used. */
function scaled(w: Walk, i: number): number {
  const n = w.nodes[i];
  const c = scalar(w, i, otherConst(w, i));
  const net = w.cur;
  const out = n.output![0];
  const next = w.nodes[i + 1];
  const reads = (m: NodeMsg | undefined, names: string[]): boolean => !!m && (m.input ?? []).length === names.length && names.every((x) => m.input!.includes(x));
  const setSlope = (at: number): void => {
    if (w.slope && w.slope.value !== c) throw refuse(w.nodes[at], at, `the one leaky-relu slope of the network (${w.slope.value}, ${nodeLabel(w.nodes[w.slope.node], w.slope.node)})`, c);
    w.slope = { value: c, node: at };
  };
  if (next?.op_type === 'Sigmoid' && reads(next, [out])) {
    if (!(c > 0)) throw refuse(n, i, 'a sigmoid gain > 0', c);
    w.cur = out;
    setGain(w, i + 1, c);
    finish(w, i + 1, 'sigmoid');
    return 2;
  }
  if (next?.op_type === 'Max' && reads(next, [net, out])) {
    if (!(c >= 0 && c <= 1)) throw refuse(next, i + 1, 'Max(net, slope·net) with 0 ≤ slope ≤ 1 (leaky-relu)', c);
    setSlope(i + 1);
    finish(w, i + 1, 'leaky-relu');
    return 2;
  }
  const where = w.nodes[i + 2];
  if (next?.op_type === 'Greater' && next.input?.[0] === net && where?.op_type === 'Where' && where.input?.[0] === next.output?.[0] && where.input?.[1] === net && where.input?.[2] === out) {
    const zero = w.consts.get(next.input?.[1] ?? '');
    if (!zero || zero.values.length !== 1 || zero.values[0] !== 0) throw refuse(next, i + 1, 'Greater(net, 0)', next.input?.[1]);
    setSlope(i + 2);
    finish(w, i + 2, 'leaky-relu');
    return 3;
  }
  throw refuse(n, i, 'Mul by a constant only as a sigmoid gain (then Sigmoid) or a leaky slope (then Max, or Greater + Where)', next ? `${nodeLabel(next, i + 1)} next` : 'the end of the graph next');
}

function setGain(w: Walk, i: number, alpha: number): void {
  if (w.gain && w.gain.alpha !== alpha) throw refuse(w.nodes[i], i, `the one sigmoid gain of the network (${w.gain.alpha}, ${nodeLabel(w.nodes[w.gain.node], w.gain.node)})`, alpha);
  w.gain = { alpha, node: i };
}

/** One node of the chain; returns how many nodes it used. */
function step(w: Walk, i: number): number {
  const n = w.nodes[i];
  const op = n.op_type ?? '';
  if (n.domain && n.domain !== 'ai.onnx') throw refuse(n, i, 'an operator of the default ONNX domain', n.domain);
  dataInput(w, i);
  const out = n.output![0];
  const p = pending(w);
  switch (op) {
    case 'Identity': checkAttrs(n, i, []); w.cur = out; return 1;
    case 'Flatten':
      checkAttrs(n, i, ['axis']);
      if (intAttr(n, 'axis', 1) !== 1) throw refuse(n, i, 'axis = 1 (rows stay rows)', intAttr(n, 'axis', 1));
      w.cur = out;
      return 1;
    case 'Reshape': reshape(w, i); return 1;
    case 'Gemm': gemm(w, i); return 1;
    case 'MatMul': matmul(w, i); return 1;
    case 'Add':
      if (!p || p.hasBias) throw refuse(n, i, 'Add only as the bias of a MatMul', p ? 'a second bias' : 'an Add outside a layer');
      biasInto(w, i, p.b, otherConst(w, i), 1);
      p.hasBias = true;
      w.cur = out;
      return 1;
    case 'Sub': case 'Div':
      if (w.layers.length) throw refuse(n, i, `${op} only in the input normalization (before the first layer)`, 'a later node');
      normalization(w, i, op);
      return 1;
    case 'Mul':
      if (p) return scaled(w, i);
      if (w.layers.length) throw refuse(n, i, 'Mul only in the input normalization or as a sigmoid gain / leaky slope', 'a Mul after an activation');
      normalization(w, i, op);
      return 1;
    case 'Relu': checkAttrs(n, i, []); finish(w, i, 'relu'); return 1;
    case 'Tanh': checkAttrs(n, i, []); finish(w, i, 'tanh'); return 1;
    case 'Sigmoid': checkAttrs(n, i, []); setGain(w, i, 1); finish(w, i, 'sigmoid'); return 1;
    case 'LeakyRelu': {
      checkAttrs(n, i, ['alpha']);
      const slope = floatAttr(n, 'alpha', 0.01);
      if (w.slope && w.slope.value !== slope) throw refuse(n, i, `the one leaky-relu slope of the network (${w.slope.value}, ${nodeLabel(w.nodes[w.slope.node], w.slope.node)})`, slope);
      w.slope = { value: slope, node: i };
      finish(w, i, 'leaky-relu');
      return 1;
    }
    case 'Softmax': {
      checkAttrs(n, i, ['axis']);
      const axis = intAttr(n, 'axis', w.opset >= 13 ? -1 : 1);
      if (axis !== 1 && axis !== -1) throw refuse(n, i, 'axis 1 or −1 (per row of a 2-D batch)', axis);
      finish(w, i, 'softmax');
      return 1;
    }
    default:
      throw refuse(n, i, 'an operator the ONNX importer knows (Gemm, MatMul, Add, Relu, Sigmoid, Tanh, LeakyRelu, Softmax, Identity, Flatten, Reshape; Sub/Mul/Div normalization)', op);
  }
}

/** Reshape to [−1 or 0, width] (or [0, −1]): a no-op on a 2-D batch of rows. */
function reshape(w: Walk, i: number): void {
  const n = w.nodes[i];
  checkAttrs(n, i, ['allowzero']);
  const s = Array.from(constIn(w, i, 1, 'the shape').values);
  const ok = s.length === 2 && (s[0] === -1 || s[0] === 0) && (s[1] === -1 ? s[0] === 0 : s[1] > 0 && (w.width === undefined || s[1] === w.width));
  if (!ok || intAttr(n, 'allowzero', 0) !== 0) throw refuse(n, i, `a reshape to [-1, ${w.width ?? 'width'}] (rows stay rows)`, `shape [${s.join(', ')}]`);
  if (s[1] > 0) w.width = s[1];
  w.cur = n.output![0];
}

/** The graph's single data input, and its width when the file declares one (rank must be 2 when known). */
function graphInput(g: GraphMsg, consts: Map<string, Tensor>): { name: string; width?: number; elem?: number; rank?: number } {
  const inputs = (g.input ?? []).filter((v) => !consts.has(v.name ?? ''));
  if (inputs.length !== 1) {
    const extra = inputs[1]?.name ?? '';
    const k = (g.node ?? []).findIndex((m) => (m.input ?? []).includes(extra));
    const reader = k >= 0 ? ` ('${extra}' is read by ${nodeLabel(g.node![k], k)})` : '';
    throw new WasmpropError(`onnx: graph.input${reader}`, 'one data input (a batch of rows)', `${inputs.length} inputs`);
  }
  const t = inputs[0].type?.tensor_type;
  const dims = t?.shape?.dim;
  const last = dims?.[dims.length - 1]?.dim_value;
  return { name: inputs[0].name ?? '', width: dims?.length === 2 && last ? Number(last) : undefined, elem: t?.elem_type, rank: dims?.length };
}

/** Walks the graph of a decoded model into layers and a normalization. */
function walk(m: ModelMsg): { w: Walk; output: string; input: ReturnType<typeof graphInput> } {
  const g = m.graph;
  if (!g) throw new WasmpropError('onnx', 'a model with a graph', 'no graph');
  const opset = Number(m.opset_import?.find((o) => !o.domain || o.domain === 'ai.onnx')?.version ?? 0);
  if (opset < 7) throw new WasmpropError('onnx: opset_import', 'the default ONNX opset, version 7 or later', opset || 'none');
  const consts = new Map<string, Tensor>();
  for (const t of g.initializer ?? []) consts.set(t.name ?? '', readTensor(t, `onnx: initializer '${t.name}'`));
  const input = graphInput(g, consts);
  if (input.elem !== undefined && input.elem !== 1 && input.elem !== 11) throw new WasmpropError(`onnx: graph input '${input.name}'`, 'a FLOAT or DOUBLE tensor', `elem_type ${input.elem}`);
  const all = g.node ?? [];
  const nodes: NodeMsg[] = [];
  for (let k = 0; k < all.length; k++) {
    const n = all[k];
    if (n.op_type === 'Constant' && (!n.domain || n.domain === 'ai.onnx')) consts.set(n.output?.[0] ?? '', constantTensor(n, k));
    else nodes.push(n);
  }
  const w: Walk = { nodes, consts, cur: input.name, width: input.width, layers: [], opset };
  for (let i = 0; i < nodes.length;) i += step(w, i);
  const outs = g.output ?? [];
  if (outs.length !== 1) throw new WasmpropError('onnx: graph.output', 'one output', `${outs.length} outputs`);
  if (outs[0].name !== w.cur) throw new WasmpropError('onnx: graph.output', `the end of the chain of layers ('${w.cur}')`, outs[0].name);
  if (w.layers.length === 0) throw new WasmpropError('onnx: graph', 'at least one dense layer (Gemm or MatMul)', 'none');
  if (input.rank !== undefined && input.rank !== 2) throw new WasmpropError(`onnx: graph input '${input.name}'`, 'a 2-D input [N, features]', `rank ${input.rank}`);
  const top = w.layers[w.layers.length - 1];
  if (top.act === undefined) top.act = 'linear';
  return { w, output: outs[0].name, input };
}

/** Normalization from the leading Sub / Mul|Div (a scalar constant applies to every input). */
function normalizationOf(w: Walk, IN: number): Normalization | undefined {
  if (!w.sub && !w.mul) return undefined;
  const expand = (t: Tensor | undefined, fallback: number, what: string): number[] => {
    if (!t) return new Array<number>(IN).fill(fallback);
    if (t.values.length === 1) return new Array<number>(IN).fill(t.values[0]);
    if (t.values.length !== IN || t.dims.length > 2 || (t.dims.length === 2 && t.dims[0] !== 1)) {
      throw new WasmpropError(`onnx: normalization ${what}`, `${IN} values (one per input) or a scalar`, `dims [${t.dims.join(', ')}]`);
    }
    return Array.from(t.values);
  };
  const offset = expand(w.sub, 0, 'offset (Sub)');
  let scale = expand(w.mul?.t, 1, 'scale (Mul/Div)');
  if (w.mul?.divide) scale = scale.map((d) => 1 / d);
  return { kind: 'onnx', offset, scale };
}

/** Metadata that fits the network (wasmprop exports write classes, featureNames, targetNames, loss as JSON). */
function metadataOf(m: ModelMsg, IN: number, OUT: number): { meta: OnnxNetwork['meta']; loss?: LossName } {
  const props = new Map((m.metadata_props ?? []).map((p) => [p.key ?? '', p.value ?? '']));
  const strings = (key: string, n: (k: number) => boolean): string[] | undefined => {
    try {
      const v: unknown = JSON.parse(props.get(key) ?? 'null');
      return Array.isArray(v) && v.every((s) => typeof s === 'string') && n(v.length) ? (v as string[]) : undefined;
    } catch {
      return undefined;
    }
  };
  const meta: OnnxNetwork['meta'] = {};
  const classes = strings('classes', (k) => k === (OUT === 1 ? 2 : OUT));
  if (classes && new Set(classes).size === classes.length) meta.classes = classes;
  const featureNames = strings('featureNames', (k) => k === IN);
  if (featureNames) meta.featureNames = featureNames;
  const targetNames = strings('targetNames', (k) => k <= OUT);
  if (targetNames) meta.targetNames = targetNames;
  const loss = props.get('loss');
  return { meta, loss: loss === 'sse' || loss === 'cross-entropy' ? loss : undefined };
}

/** Reads an ONNX file into network options, parameters and metadata (no engine involved). */
export function readOnnx(bytes: Uint8Array | ArrayBuffer, options: Pick<OnnxImportOptions, 'loss'> = {}): OnnxNetwork {
  if (!(bytes instanceof Uint8Array) && !(bytes instanceof ArrayBuffer)) throw new WasmpropError('bytes', 'the ONNX file as a Uint8Array or ArrayBuffer', bytes);
  const m = decode(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  const { w, input } = walk(m);
  const IN = w.layers[0].IN;
  const OUT = w.layers[w.layers.length - 1].OUT;
  const acts = w.layers.map((l) => l.act as Activation);
  // sigmoid (the engine's default) as a plain unit count, as Network#toJSON writes it
  const layers: LayerSpec[] = [IN, ...w.layers.map((l, k) => (acts[k] === 'sigmoid' ? l.OUT : { units: l.OUT, activation: acts[k] }))];
  const { meta, loss: fileLoss } = metadataOf(m, IN, OUT);
  const out = acts[acts.length - 1];
  const xentOk = out === 'softmax' || out === 'sigmoid';
  const loss = options.loss ?? (fileLoss === 'cross-entropy' && !xentOk ? undefined : fileLoss) ?? (out === 'softmax' ? 'cross-entropy' : 'sse');
  const opts: NetworkOptions = { layers, loss };
  if (w.gain) opts.alpha = w.gain.alpha;
  if (w.slope) opts.leakySlope = w.slope.value;
  const norm = normalizationOf(w, IN);
  if (norm) opts.normalization = norm;
  const parameters: Parameters = {
    weights: w.layers.map((l) => Array.from({ length: l.OUT }, (_, o) => Array.from(l.W.subarray(o * l.IN, (o + 1) * l.IN)))),
    biases: w.layers.map((l) => Array.from(l.b)),
  };
  return { options: opts, parameters, meta, dtype: input.elem === 1 ? 'float32' : 'float64', producer: `${m.producer_name ?? ''} ${m.producer_version ?? ''}`.trim() };
}

/** Builds a trainable Network from an ONNX file (see readOnnx for what is recognized). */
export async function importOnnx(bytes: Uint8Array | ArrayBuffer, options: OnnxImportOptions = {}): Promise<Network> {
  const r = readOnnx(bytes, options);
  const net = await Network.create({ ...r.options, ...(options.backend ? { backend: options.backend } : {}), ...(options.kernel ? { kernel: options.kernel } : {}) });
  net.setParameters(r.parameters);
  return net;
}

// Reading the pieces of a decoded ONNX ModelProto the importer needs: tensors (initializers and
// Constant nodes) as float64 values with their dims, node attributes, and the error that names a
// node and its op. The graph itself is walked in onnx-import.ts. Not a general ONNX reader: only
// FLOAT, DOUBLE, INT32 and INT64 tensors stored inside the file.
import { WasmpropError } from '../index.js';
import { MAX_PARAMETERS } from './format.js';

/** ONNX TensorProto.DataType codes this reader knows. */
const FLOAT = 1, INT32 = 6, INT64 = 7, DOUBLE = 11;

/** A decoded tensor: values as float64 (exact for float32, float64 and integers below 2^53), row-major. */
export interface Tensor {
  dims: number[];
  values: Float64Array;
  /** 'float32' | 'float64' | 'int'. */
  dtype: 'float32' | 'float64' | 'int';
}

/** The decoded protobuf objects (protobufjs toObject with longs as numbers). */
export interface TensorMsg {
  name?: string; dims?: number[]; data_type?: number; raw_data?: Uint8Array;
  float_data?: number[]; int32_data?: number[]; int64_data?: number[]; double_data?: number[]; data_location?: number;
}
export interface AttributeMsg { name?: string; f?: number; i?: number; s?: Uint8Array; t?: TensorMsg; floats?: number[]; ints?: number[]; type?: number }
export interface NodeMsg { input?: string[]; output?: string[]; name?: string; op_type?: string; attribute?: AttributeMsg[]; domain?: string }

/** "node 'name' (Op)": how every error names a node. */
export function nodeLabel(n: NodeMsg, index: number): string {
  return `node '${n.name || `#${index}`}' (${n.op_type ?? '?'})`;
}

/** The importer's refusal: names the node and its op. */
export function refuse(n: NodeMsg, index: number, expected: string, received: unknown): WasmpropError {
  return new WasmpropError(`onnx: ${nodeLabel(n, index)}`, expected, received);
}

/** Decodes an initializer or a Constant's tensor; `where` names it in errors. */
export function readTensor(t: TensorMsg, where: string): Tensor {
  const dims = (t.dims ?? []).map(Number);
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new WasmpropError(where, 'non-negative dims', dims.join('×'));
  const count = dims.reduce((a, d) => a * d, 1);
  if (count > MAX_PARAMETERS) throw new WasmpropError(where, `a tensor of at most ${MAX_PARAMETERS} elements`, `${dims.join('×')}`);
  if (t.data_location === 1) throw new WasmpropError(where, 'tensor data stored inside the file', 'external data');
  const type = t.data_type ?? 0;
  const dtype = type === FLOAT ? 'float32' : type === DOUBLE ? 'float64' : type === INT32 || type === INT64 ? 'int' : undefined;
  if (!dtype) throw new WasmpropError(where, 'a FLOAT, DOUBLE, INT32 or INT64 tensor', `data_type ${type}`);
  const values = new Float64Array(count);
  const raw = t.raw_data;
  if (raw && raw.length > 0) {
    const size = type === DOUBLE || type === INT64 ? 8 : 4;
    if (raw.length !== count * size) throw new WasmpropError(where, `${count * size} bytes of raw_data for dims [${dims.join(', ')}]`, `${raw.length} bytes`);
    const dv = new DataView(raw.buffer, raw.byteOffset, raw.length);
    for (let k = 0; k < count; k++) {
      values[k] = type === FLOAT ? dv.getFloat32(k * 4, true) : type === DOUBLE ? dv.getFloat64(k * 8, true)
        : type === INT32 ? dv.getInt32(k * 4, true) : Number(dv.getBigInt64(k * 8, true));
    }
  } else {
    const list = type === FLOAT ? t.float_data : type === DOUBLE ? t.double_data : type === INT32 ? t.int32_data : t.int64_data;
    const n = list?.length ?? 0;
    if (n !== count) throw new WasmpropError(where, `${count} values for dims [${dims.join(', ')}]`, `${n} values`);
    for (let k = 0; k < count; k++) values[k] = Number(list![k]);
  }
  if (dtype !== 'int') {
    for (let k = 0; k < count; k++) if (!Number.isFinite(values[k])) throw new WasmpropError(`${where}[${k}]`, 'a finite number', values[k]);
  }
  return { dims, values, dtype };
}

/** The tensor of a Constant node (attribute value, value_float or value_floats / value_int(s)). */
export function constantTensor(n: NodeMsg, index: number): Tensor {
  const a = n.attribute?.[0];
  if (!a || (n.attribute?.length ?? 0) !== 1) throw refuse(n, index, 'one value attribute', `${n.attribute?.length ?? 0} attributes`);
  const where = `onnx: ${nodeLabel(n, index)}.${a.name}`;
  switch (a.name) {
    case 'value': return readTensor(a.t ?? {}, where);
    case 'value_float': return { dims: [], values: Float64Array.of(a.f ?? 0), dtype: 'float32' };
    case 'value_floats': return { dims: [a.floats?.length ?? 0], values: Float64Array.from(a.floats ?? []), dtype: 'float32' };
    case 'value_int': return { dims: [], values: Float64Array.of(Number(a.i ?? 0)), dtype: 'int' };
    case 'value_ints': return { dims: [a.ints?.length ?? 0], values: Float64Array.from((a.ints ?? []).map(Number)), dtype: 'int' };
    default: throw refuse(n, index, 'a numeric value attribute', a.name);
  }
}

/**
 * The shortest decimal that rounds to the float32 `f`, as a float64: ONNX float attributes
 * (LeakyRelu alpha, Gemm alpha/beta) are float32, and the exporter almost always wrote a short
 * decimal (0.1 is stored as 0.100000001490116; this returns 0.1).
 */
export function float32Decimal(f: number): number {
  for (let p = 1; p <= 9; p++) {
    const d = Number(f.toPrecision(p));
    if (Math.fround(d) === f) return d;
  }
  return f;
}

/** A float attribute (float32 in the file, returned as its shortest decimal), or `fallback`. */
export function floatAttr(n: NodeMsg, name: string, fallback: number): number {
  const a = n.attribute?.find((x) => x.name === name);
  return a === undefined ? fallback : float32Decimal(a.f ?? 0);
}

/** An int attribute, or `fallback`. */
export function intAttr(n: NodeMsg, name: string, fallback: number): number {
  const a = n.attribute?.find((x) => x.name === name);
  return a === undefined ? fallback : Number(a.i ?? 0);
}

/** Refuses every attribute of `n` not in `known`. */
export function checkAttrs(n: NodeMsg, index: number, known: readonly string[]): void {
  for (const a of n.attribute ?? []) {
    if (!known.includes(a.name ?? '')) throw refuse(n, index, known.length ? `only the attributes ${known.join(', ')}` : 'no attributes', a.name);
  }
}


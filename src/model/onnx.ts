// ONNX export of a wasmprop model: the network as Gemm + activation nodes (float64 or float32),
// the input normalization as Sub/Mul in front, class and feature names as metadata. Encoded with
// protobufjs from the subset of onnx.proto3 defined below (field numbers as in onnx/onnx.proto).
// The schema is shared with the importer (onnx-import.ts), which also reads the fields marked
// "read only" (other writers use them); no ONNX runtime is needed to export (tests check the file
// with onnxruntime).
//
// Operator choices (opset 13, onnxruntime CPU provider has double kernels for all of them):
// - dense layer: Gemm(x, W, b, transB=1) — W is stored OUT×IN, exactly the engine's layout;
// - sigmoid with gain alpha ≠ 1: Mul(net, alpha) then Sigmoid; tanh: Tanh; relu: Relu;
// - leaky-relu: Max(net, slope·net) (Mul + Max), because onnxruntime's CPU LeakyRelu has a float
//   kernel only (no double: "Could not find an implementation for LeakyRelu(6)"); the form is
//   exact for 0 ≤ slope ≤ 1 in both precisions (other slopes: Where(net > 0, net, slope·net));
// - softmax: Softmax(axis=1); linear: no node.
import type { Root, Type } from 'protobufjs';
import { importOptional, requireOptional } from '../data/optional.js';
import { WasmpropError } from '../api/errors.js';
import { DEFAULT_LEAKY_SLOPE, layerActivations, layerUnits, type ModelFile } from './format.js';

const ONNX_PROTO = `
syntax = "proto3";
package onnx;
message AttributeProto {
  enum AttributeType { UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5; FLOATS = 6; INTS = 7; STRINGS = 8; }
  string name = 1;
  float f = 2;
  int64 i = 3;
  bytes s = 4;
  TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
  AttributeType type = 20;
}
message ValueInfoProto { string name = 1; TypeProto type = 2; string doc_string = 3; }
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  string name = 3;
  string op_type = 4;
  repeated AttributeProto attribute = 5;
  string doc_string = 6;
  string domain = 7;
}
message StringStringEntryProto { string key = 1; string value = 2; }
message ModelProto {
  int64 ir_version = 1;
  string producer_name = 2;
  string producer_version = 3;
  string domain = 4;
  int64 model_version = 5;
  string doc_string = 6;
  GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
  repeated StringStringEntryProto metadata_props = 14;
}
message GraphProto {
  repeated NodeProto node = 1;
  string name = 2;
  repeated TensorProto initializer = 5;
  string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}
message TensorProto {
  enum DataType { UNDEFINED = 0; FLOAT = 1; DOUBLE = 11; }
  repeated int64 dims = 1;
  int32 data_type = 2;
  string name = 8;
  bytes raw_data = 9;
  string doc_string = 12;
  // read only: the typed-array encodings, and where external data would live
  repeated float float_data = 4;
  repeated int32 int32_data = 5;
  repeated int64 int64_data = 7;
  repeated double double_data = 10;
  int32 data_location = 14;
}
message TensorShapeProto {
  message Dimension { oneof value { int64 dim_value = 1; string dim_param = 2; } }
  repeated Dimension dim = 1;
}
message TypeProto {
  message Tensor { int32 elem_type = 1; TensorShapeProto shape = 2; }
  oneof value { Tensor tensor_type = 1; }
}
message OperatorSetIdProto { string domain = 1; int64 version = 2; }
`;

/** ONNX element type FLOAT (float32). */
export const ONNX_FLOAT = 1;
/** ONNX element type DOUBLE (float64). */
export const ONNX_DOUBLE = 11;
/** Opset of the exported files (Softmax with a per-axis meaning, double kernels for every op used). */
export const ONNX_OPSET = 13;
/** IR version of the exported files (the one opset 13 came with). */
export const ONNX_IR_VERSION = 7;

// protobufjs is an optional peer dependency (4 MB), loaded on first export: synchronously on Node
// (it is CommonJS), or by `await preloadOnnx()` first where there is no require (browsers).
type Protobuf = typeof import('protobufjs');
const FEATURE = 'ONNX export (exportOnnx, wasmprop export)';
let protobuf: Protobuf | undefined;

/** Loads protobufjs with a dynamic import, so that `exportOnnx` works where there is no `require` (browsers, bundlers). */
export async function preloadOnnx(): Promise<void> {
  if (protobuf) return;
  const mod = (await importOptional(() => import('protobufjs'), 'protobufjs', FEATURE)) as Protobuf & { default?: Protobuf };
  protobuf = mod.default ?? mod;
}

function protobufjs(): Protobuf {
  protobuf ??= requireOptional<Protobuf>('protobufjs', FEATURE);
  if (!protobuf) throw new WasmpropError('exportOnnx', 'protobufjs loaded first with `await preloadOnnx()` (no synchronous require here)', 'not loaded');
  return protobuf;
}

let root: Root | undefined;
/** The protobufjs type of onnx.ModelProto (the subset of onnx.proto this project reads and writes). */
export function onnxTypes(): { Model: Type } {
  root ??= protobufjs().parse(ONNX_PROTO, { keepCase: true }).root;
  return { Model: root.lookupType('onnx.ModelProto') };
}

/** Options of `exportOnnx`. */
export interface OnnxOptions {
  /** Write float32 tensors and a float32 input/output (default: float32 for an f32 network, else float64; both exact). */
  float32?: boolean;
  /** Graph name. Default 'wasmprop'. */
  name?: string;
  /** Producer version written into the file. */
  producerVersion?: string;
}

interface Tensor {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array;
}

// Little-endian bytes of `values` as float64 or float32 (ONNX raw_data is always little-endian).
function rawBytes(values: ArrayLike<number>, float32: boolean): Uint8Array {
  const size = float32 ? 4 : 8;
  const buf = new Uint8Array(values.length * size);
  const dv = new DataView(buf.buffer);
  for (let k = 0; k < values.length; k++) {
    if (float32) dv.setFloat32(k * size, values[k], true);
    else dv.setFloat64(k * size, values[k], true);
  }
  return buf;
}

/** Encodes `model` as an ONNX ModelProto: input "input" [N, inputs], output "output" [N, outputs]. */
export function exportOnnx(model: ModelFile, opts: OnnxOptions = {}): Uint8Array {
  const doc = model.network;
  const float32 = opts.float32 ?? model.network.dtype === 'f32';
  const elem = float32 ? ONNX_FLOAT : ONNX_DOUBLE;
  const acts = layerActivations(doc);
  const sizes = doc.layers.map(layerUnits);
  const L = sizes.length - 1;
  const initializer: Tensor[] = [];
  const node: Record<string, unknown>[] = [];
  const tensor = (name: string, dims: number[], values: ArrayLike<number>): string => {
    initializer.push({ name, dims, data_type: elem, raw_data: rawBytes(values, float32) });
    return name;
  };
  const op = (op_type: string, input: string[], output: string, attribute: Record<string, unknown>[] = []): string => {
    node.push({ op_type, input, output: [output], name: `${op_type}_${node.length}`, attribute });
    return output;
  };

  let x = 'input';
  if (doc.normalization) {
    const n = doc.normalization;
    x = op('Sub', [x, tensor('norm_offset', [sizes[0]], n.offset)], 'norm_centered');
    x = op('Mul', [x, tensor('norm_scale', [sizes[0]], n.scale)], 'norm_input');
  }
  for (let l = 0; l < L; l++) {
    const last = l === L - 1;
    const IN = sizes[l];
    const OUT = sizes[l + 1];
    const W = doc.weights[l].flat();
    const act = acts[l];
    const outName = (stage: string): string => (last ? 'output' : `layer${l + 1}_${stage}`);
    let net = op('Gemm', [x, tensor(`W${l + 1}`, [OUT, IN], W), tensor(`b${l + 1}`, [OUT], doc.biases[l])],
      act === 'linear' ? outName('out') : `layer${l + 1}_net`, [{ name: 'transB', type: 2, i: 1 }]);
    switch (act) {
      case 'linear':
        x = net;
        break;
      case 'sigmoid':
        if (doc.alpha !== 1) net = op('Mul', [net, tensor(`alpha${l + 1}`, [], [doc.alpha])], `layer${l + 1}_scaled`);
        x = op('Sigmoid', [net], outName('out'));
        break;
      case 'tanh':
        x = op('Tanh', [net], outName('out'));
        break;
      case 'relu':
        x = op('Relu', [net], outName('out'));
        break;
      case 'leaky-relu': {
        const slope = doc.leakySlope ?? DEFAULT_LEAKY_SLOPE;
        const scaled = op('Mul', [net, tensor(`slope${l + 1}`, [], [slope])], `layer${l + 1}_leak`);
        if (slope >= 0 && slope <= 1) x = op('Max', [net, scaled], outName('out'));
        else x = op('Where', [op('Greater', [net, tensor(`zero${l + 1}`, [], [0])], `layer${l + 1}_positive`), net, scaled], outName('out'));
        break;
      }
      case 'softmax':
        x = op('Softmax', [net], outName('out'), [{ name: 'axis', type: 2, i: 1 }]);
        break;
      default:
        throw new WasmpropError(`model.network.layers[${l + 1}].activation`, 'an activation the ONNX exporter knows', act);
    }
  }

  const valueInfo = (name: string, width: number): Record<string, unknown> => ({
    name,
    type: { tensor_type: { elem_type: elem, shape: { dim: [{ dim_param: 'N' }, { dim_value: width }] } } },
  });
  const metadata: { key: string; value: string }[] = [];
  if (model.classes) metadata.push({ key: 'classes', value: JSON.stringify(model.classes) });
  if (model.featureNames) metadata.push({ key: 'featureNames', value: JSON.stringify(model.featureNames) });
  if (model.targetNames) metadata.push({ key: 'targetNames', value: JSON.stringify(model.targetNames) });
  metadata.push({ key: 'loss', value: doc.loss ?? 'sse' });

  const { Model } = onnxTypes();
  const message = {
    ir_version: ONNX_IR_VERSION,
    producer_name: 'wasmprop',
    producer_version: opts.producerVersion ?? '',
    model_version: 1,
    doc_string: `wasmprop network ${sizes.join('-')} (${acts.join(', ')})${float32 ? ', float32' : ', float64'}`,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    metadata_props: metadata,
    graph: {
      name: opts.name ?? 'wasmprop',
      node,
      initializer,
      input: [valueInfo('input', sizes[0])],
      output: [valueInfo('output', sizes[L])],
    },
  };
  const err = Model.verify(message);
  if (err) throw new WasmpropError('onnx', 'a valid ModelProto', err);
  return Model.encode(Model.fromObject(message)).finish();
}

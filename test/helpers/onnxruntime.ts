// onnxruntime-node (a devDependency) as an independent oracle for the ONNX tests: runs a file's
// graph on a batch of rows in float32 or float64. Not a wrapper of the whole API.
import { createRequire } from 'node:module';
import type { Tol } from './tolerance.js';

interface OrtTensor { data: Float64Array | Float32Array; dims: number[]; type: string }
interface Ort {
  InferenceSession: { create(bytes: Uint8Array): Promise<{ run(feeds: Record<string, unknown>): Promise<Record<string, OrtTensor>>; inputNames: string[]; outputNames: string[] }> };
  Tensor: new (type: string, data: Float64Array | Float32Array, dims: number[]) => unknown;
}
const ort = createRequire(import.meta.url)('onnxruntime-node') as Ort;

/** float64 graphs vs the engine: 1e-12 relative (atol for outputs that are ~0). */
export const ONNX_F64: Tol = { atol: 1e-14, rtol: 1e-12 };
/** float32 graphs (float32 weights and arithmetic in the runtime) vs the engine in float64. */
export const ONNX_F32: Tol = { atol: 2e-6, rtol: 2e-5 };

/** Runs the graph's single input → single output on `rows` rows of `width` values. */
export async function runOrt(bytes: Uint8Array, x: ArrayLike<number>, rows: number, width: number, float32: boolean): Promise<OrtTensor> {
  const session = await ort.InferenceSession.create(bytes);
  const data = float32 ? Float32Array.from(x) : Float64Array.from(x);
  const out = await session.run({ [session.inputNames[0]]: new ort.Tensor(float32 ? 'float32' : 'float64', data, [rows, width]) });
  return out[session.outputNames[0]];
}

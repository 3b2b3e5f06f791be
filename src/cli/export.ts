// `wasmprop export`: a saved model to an ONNX file (float64 by default, float32 with --float32 or for an f32 model).
import { layerActivations, layerUnits } from '../model/format.js';
import { exportOnnx, ONNX_OPSET } from '../model/onnx.js';
import { count } from './format.js';
import type { CliIo } from './io.js';
import { readModelFile } from './model-io.js';
import { VERSION } from './version.js';
import { writeFileAtomic } from './write-file.js';

/** Options of `wasmprop export`. */
export interface ExportCommandOptions {
  model: string;
  onnx: string;
  float32?: boolean;
  json?: boolean;
}

/** Runs `wasmprop export`; returns the exit code. */
export async function exportCommand(o: ExportCommandOptions, io: CliIo): Promise<number> {
  const model = await readModelFile(o.model, io);
  const float32 = o.float32 ?? model.network.dtype === 'f32';
  const bytes = exportOnnx(model, { float32, producerVersion: VERSION });
  await writeFileAtomic(o.onnx, bytes, io);
  const sizes = model.network.layers.map(layerUnits);
  const info = {
    command: 'export', model: o.model, onnx: o.onnx, bytes: bytes.length, dtype: float32 ? 'float32' : 'float64', opset: ONNX_OPSET,
    input: { name: 'input', shape: ['N', sizes[0]] }, output: { name: 'output', shape: ['N', sizes[sizes.length - 1]] },
    layers: sizes, activations: layerActivations(model.network), normalization: model.network.normalization?.kind ?? 'none',
  };
  if (o.json) io.stdout(JSON.stringify(info) + '\n');
  else {
    io.stdout(`wasmprop export: ${o.onnx} written (${count(bytes.length)} bytes, ${info.dtype}, opset ${ONNX_OPSET})\n`);
    io.stdout(`  input "input" [N, ${sizes[0]}]${info.normalization !== 'none' ? ` → ${info.normalization} normalization (Sub, Mul)` : ''} → ${sizes.slice(1).map((n, l) => `Gemm ${n} + ${info.activations[l]}`).join(' → ')} → output "output" [N, ${sizes[sizes.length - 1]}]\n`);
  }
  return 0;
}

// `wasmprop import`: an ONNX file (wasmprop's own exports, torch.onnx.export and Keras→ONNX graphs
// of dense layers) to a wasmprop model file that trains, evaluates and predicts like any other.
// The reading is model/onnx-import.ts; this file only reads the file, writes the model, reports.
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { WasmpropError, type LossName } from '../index.js';
import { layerActivations, layerUnits, MODEL_FORMAT, MODEL_VERSION } from '../model/format.js';
import { importOnnx, readOnnx } from '../model/onnx-import.js';
import { Predictor } from '../model/predictor.js';
import { count } from './format.js';
import type { CliIo } from './io.js';
import { MAX_MODEL_FILE_BYTES, writeModelFile } from './model-io.js';

/** Options of `wasmprop import`. */
export interface ImportCommandOptions {
  onnx: string;
  out: string;
  loss?: LossName;
  json?: boolean;
}

async function readOnnxFile(path: string, io: CliIo): Promise<Uint8Array> {
  const full = resolve(io.cwd ?? process.cwd(), path);
  try {
    const st = await stat(full);
    if (st.size > MAX_MODEL_FILE_BYTES) throw new WasmpropError(basename(path), `an ONNX file of at most ${MAX_MODEL_FILE_BYTES} bytes`, `${st.size} bytes`);
    return new Uint8Array(await readFile(full));
  } catch (e) {
    if (e instanceof WasmpropError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new WasmpropError(path, 'a readable ONNX file', code === 'ENOENT' ? 'no such file' : code);
  }
}

/** Runs `wasmprop import`; returns the exit code. */
export async function importCommand(o: ImportCommandOptions, io: CliIo): Promise<number> {
  const bytes = await readOnnxFile(o.onnx, io);
  const name = basename(o.onnx);
  let read;
  try {
    read = readOnnx(bytes, { loss: o.loss });
  } catch (e) {
    if (e instanceof WasmpropError) e.message = `${name}: ${e.message}`;
    throw e;
  }
  const net = await importOnnx(bytes, { loss: o.loss, backend: 'ts' });
  try {
    const model = new Predictor(net, { format: MODEL_FORMAT, version: MODEL_VERSION, ...read.meta })
      .toModel({ importedFrom: name, onnxProducer: read.producer || 'unknown', onnxDtype: read.dtype });
    await writeModelFile(o.out, model, io);
    const doc = model.network;
    const sizes = doc.layers.map(layerUnits);
    const acts = layerActivations(doc);
    const info = {
      command: 'import', onnx: o.onnx, out: o.out, bytes: bytes.length, producer: read.producer, dtype: read.dtype,
      layers: sizes, activations: acts, loss: doc.loss ?? 'sse', alpha: doc.alpha, leakySlope: doc.leakySlope,
      normalization: doc.normalization ? 'onnx' : 'none', parameters: net.getParametersFlat().length,
    };
    if (o.json) io.stdout(JSON.stringify(info) + '\n');
    else {
      io.stdout(`wasmprop import: ${o.out} written from ${name} (${count(bytes.length)} bytes, ${read.dtype}${read.producer ? `, by ${read.producer}` : ''})\n`);
      io.stdout(`  network: ${sizes.join('-')}, ${acts.join(', ')}, loss ${info.loss}${doc.normalization ? ', input normalization' : ''}, ${info.parameters} parameters\n`);
    }
  } finally {
    net.dispose();
  }
  return 0;
}

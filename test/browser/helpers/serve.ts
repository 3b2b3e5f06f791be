// Typed access to scripts/serve-static.mjs for the tests.
// @ts-expect-error -- plain ESM JavaScript without declarations
import { serveStatic as serve, PLAYGROUND_CSP as CSP } from '../../../scripts/serve-static.mjs';

export interface ServeOptions {
  port?: number;
  csp?: boolean | string;
  isolate?: boolean;
  wasmMime?: string;
  maxSeconds?: number;
  log?: (line: string) => void;
}
export interface Served {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const serveStatic = serve as (dir: string, options?: ServeOptions) => Promise<Served>;
export const PLAYGROUND_CSP = CSP as string;

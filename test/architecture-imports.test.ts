// The parts of src/ and the one rule each has about what it may import (STYLE.md §19), read from
// the import lines of every source file; plus: no runtime import circle anywhere in src/.
//   util      → nothing                    (clock, runtime facts, the PRNG)
//   api/types → nothing at run time        (public types and name lists)
//   api/errors→ util
//   options   → api, util                  (pure: unknown input → resolved config or WasmpropError)
//   backend   → api, util                  (binaries, loading, the TS twin)
//   engine    → api, options, backend, util (owns linear memory; never sees raw user input)
//   api       → options, engine, backend, util
//   features (cli, model, data, worker, plot, demo, explain) → the public API (api/, index), options, util, other features
// One exception, named here: api/network.ts loads the ONNX importer on demand (Network.fromOnnx), a
// dynamic import, so the main entry does not load protobufjs. Dynamic imports do not count as circles.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, relative, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

interface Import { from: string; to: string; typeOnly: boolean; dynamic?: boolean }

const EXCEPTIONS = ['api/network.ts → model/onnx-import.ts'];

function importsOf(file: string): Import[] {
  const src = readFileSync(file, 'utf8');
  const out: Import[] = [];
  const re = /^(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.[^'"]+)['"]/gm;
  for (const m of src.matchAll(re)) {
    const to = normalize(join(dirname(file), m[2].replace(/\.js$/, '.ts')));
    out.push({ from: relative(SRC, file), to: relative(SRC, to), typeOnly: !!m[1] });
  }
  // dynamic imports of our own modules are runtime imports too
  for (const m of src.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
    out.push({ from: relative(SRC, file), to: relative(SRC, normalize(join(dirname(file), m[1].replace(/\.js$/, '.ts')))), typeOnly: false, dynamic: true });
  }
  return out;
}

/** The part a file of src/ belongs to. */
function part(path: string): string {
  if (path === 'index.ts') return 'index';
  if (path === 'api/types.ts') return 'api/types';
  if (path === 'api/errors.ts') return 'api/errors';
  const top = path.split('/')[0];
  return ['util', 'options', 'backend', 'engine', 'api'].includes(top) ? top : 'feature';
}

const FEATURE_OK = ['api/types', 'api/errors', 'api', 'index', 'options', 'util', 'feature'];
const ALLOWED: Record<string, string[]> = {
  util: ['util'],
  'api/types': [],
  'api/errors': ['util'],
  options: ['api/types', 'api/errors', 'util', 'options'],
  backend: ['api/types', 'api/errors', 'util', 'backend'],
  engine: ['api/types', 'api/errors', 'options', 'backend', 'util', 'engine'],
  api: ['api/types', 'api/errors', 'api', 'options', 'engine', 'backend', 'util'],
  feature: FEATURE_OK,
  index: [...FEATURE_OK, 'backend'],
};

const all = files(SRC).flatMap(importsOf);

describe('the parts of src/ and their import rules', () => {
  it('reads the import lines of every file', () => {
    expect(all.length).toBeGreaterThan(100);
  });

  it('every import follows its part\'s rule (api/types imports nothing at run time)', () => {
    const broken = all.filter((i) => {
      if (i.dynamic && EXCEPTIONS.includes(`${i.from} → ${i.to}`)) return false;
      const from = part(i.from);
      const to = part(i.to);
      if (from === 'api/types') return !i.typeOnly;
      return !ALLOWED[from].includes(to);
    }).map((i) => `${i.from} → ${i.to} (${part(i.from)} may import ${ALLOWED[part(i.from)].join(', ') || 'nothing'})`);
    expect(broken).toEqual([]);
  });

  it('no runtime import circle', () => {
    const graph = new Map<string, string[]>();
    for (const i of all) if (!i.typeOnly && !i.dynamic) graph.set(i.from, [...(graph.get(i.from) ?? []), i.to]);
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (n: string, path: string[]): void => {
      if (state.get(n) === 'done') return;
      if (state.get(n) === 'open') {
        circles.push([...path.slice(path.indexOf(n)), n].join(' → '));
        return;
      }
      state.set(n, 'open');
      for (const m of graph.get(n) ?? []) visit(m, [...path, n]);
      state.set(n, 'done');
    };
    for (const n of graph.keys()) visit(n, []);
    expect(circles).toEqual([]);
  });

  it('the rule catches a broken import (checked on a made-up line)', () => {
    const fake: Import = { from: 'cli/x.ts', to: 'engine/arena.ts', typeOnly: false };
    expect(ALLOWED[part(fake.from)].includes(part(fake.to))).toBe(false);
  });
});

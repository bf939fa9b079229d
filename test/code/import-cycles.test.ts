// No import cycle in the source (issue 13, item 4): each module can be read,
// tested and changed after the ones it imports. Walks the relative imports of
// every .ts file (type-only imports included: a type cycle is still a tangle)
// and reports each strongly connected group with the path around it.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/host';

const ROOTS = ['core/src', 'cli/src', 'server/src', 'client/src', 'webview/src', 'protocol/src'];
const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/g;

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name) ? [p] : [];
  });
}

function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [base, `${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(c) && fs.statSync(c).isFile() && c.endsWith('.ts')) return c;
  return undefined;
}

/** The import graph: file -> files it imports (relative imports only). */
export function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const root of ROOTS)
    for (const file of sources(path.join(repoRoot, root))) {
      const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
      const deps = new Set<string>();
      for (const m of text.matchAll(IMPORT)) {
        const target = resolve(file, m[1]);
        if (target) deps.add(target);
      }
      graph.set(file, [...deps]);
    }
  return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.map((f) => path.relative(repoRoot, f)).sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/** Cycles known and accepted: none (the analysis cache took the snapshots out of the file cache). */
const KNOWN: string[][] = [];

test('the source has no import cycle', () => {
  const graph = importGraph();
  assert.ok(graph.size > 50, `read ${graph.size} files`);
  const found = cycles(graph);
  const known = new Set(KNOWN.map((c) => c.join('|')));
  assert.deepEqual(
    found.filter((c) => !known.has(c.join('|'))),
    [],
  );
  const gone = KNOWN.filter((k) => !found.some((c) => c.join('|') === k.join('|')));
  if (gone.length) console.log(`import cycle removed, drop it from KNOWN: ${gone.map((c) => c.join(' <-> ')).join('; ')}`);
});

test('the cycle finder finds a cycle', () => {
  const g = new Map([
    ['/a', ['/b']],
    ['/b', ['/c']],
    ['/c', ['/a']],
    ['/d', ['/a']],
  ]);
  assert.equal(cycles(g).length, 1);
  assert.equal(cycles(g)[0].length, 3);
});

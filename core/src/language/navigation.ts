// Definition, references and rename for component ids, route names and
// schema names, across the import closure (and, for a fragment, across every
// main file that imports it).
import type { Location, Position } from '../types';
import { getPair, isMap, scalarString } from '../parse/tree';
import type { PipelineFile } from '../pipeline/file';
import { allFiles, fileOf, innerSpan, type DocScope } from './scope';
import { symbolAt, type SymbolRef } from './symbol-at';
import type { WorkspaceEdits } from './types';

type Span = { start: number; end: number };
interface Occurrence {
  file: PipelineFile;
  span: Span;
  definition: boolean;
}

function loc(o: Occurrence): Location {
  return { uri: o.file.uri, range: o.file.lines.range(o.span.start, o.span.end) };
}

/** Every place that names the symbol, definitions first. */
function occurrences(scope: DocScope, sym: SymbolRef): Occurrence[] {
  const out: Occurrence[] = [];
  const files = allFiles(scope);
  for (const file of files) {
    const span = (n: { start: number; end: number; quoted?: boolean }) => innerSpan(n, file.text);
    if (sym.kind === 'component' || sym.kind === 'wildcard') {
      for (const c of file.components) {
        if (c.idNode.shared) continue;
        if (sym.kind === 'component' ? c.id === sym.id : c.id.startsWith(sym.prefix) && c.section !== 'sinks') out.push({ file, span: span(c.idNode), definition: true });
      }
    }
    if (sym.kind === 'component') {
      for (const c of file.components) {
        for (const r of c.inputs) {
          if (r.node.shared || r.kind === 'wildcard' || r.target !== sym.id) continue;
          const s = span(r.node);
          out.push({ file, span: { start: s.start, end: s.start + r.target.length }, definition: false });
        }
        const dl = getPair(c.node, 'dead_letter')?.value;
        if (dl && dl.kind === 'scalar' && !dl.shared && scalarString(dl) === sym.id) out.push({ file, span: span(dl), definition: false });
      }
    }
    if (sym.kind === 'route') {
      for (const c of file.components) {
        if (c.id === sym.router) {
          const routes = getPair(c.node, 'routes')?.value;
          const p = isMap(routes) ? routes.pairs.find((x) => String(x.key.value) === sym.route) : undefined;
          if (p && !p.key.shared) out.push({ file, span: span(p.key), definition: true });
        }
        for (const r of c.inputs) {
          if (r.node.shared || r.kind !== 'route' || r.target !== sym.router || r.route !== sym.route) continue;
          const s = span(r.node);
          out.push({ file, span: { start: s.start + r.target.length + 1, end: s.end }, definition: false });
        }
      }
    }
    if (sym.kind === 'schema') {
      for (const s of file.schemas) if (s.name === sym.name && !s.keyNode.shared) out.push({ file, span: span(s.keyNode), definition: true });
      for (const c of file.components) {
        const v = getPair(c.node, 'schema')?.value;
        if (v && v.kind === 'scalar' && !v.shared && scalarString(v) === sym.name) out.push({ file, span: span(v), definition: false });
      }
    }
  }
  const seen = new Set<string>();
  return out
    .filter((o) => {
      const k = `${o.file.uri}#${o.span.start}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => Number(b.definition) - Number(a.definition));
}

export function definition(scope: DocScope, pos: Position): Location[] {
  const file = fileOf(scope);
  if (!file) return [];
  let sym = symbolAt(file, file.lines.offset(pos));
  if (!sym) return [];
  // `router._unmatched` has no entry of its own: go to the router.
  if (sym.kind === 'route' && sym.route === '_unmatched') sym = { kind: 'component', id: sym.router, start: sym.start, end: sym.end, isDefinition: false };
  return occurrences(scope, sym).filter((o) => o.definition).map(loc);
}

export function references(scope: DocScope, pos: Position, includeDeclaration = true): Location[] {
  const file = fileOf(scope);
  if (!file) return [];
  const sym = symbolAt(file, file.lines.offset(pos));
  if (!sym || sym.kind === 'wildcard') return sym ? definition(scope, pos) : [];
  return occurrences(scope, sym)
    .filter((o) => includeDeclaration || !o.definition)
    .map(loc);
}

const ID = /^[a-z][a-z0-9_]*$/;
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ROUTE = /^[A-Za-z][A-Za-z0-9_-]*$/;

export type PrepareRenameResult = { range: Location['range']; placeholder: string } | { error: string };

export function prepareRename(scope: DocScope, pos: Position): PrepareRenameResult | null {
  const file = fileOf(scope);
  if (!file) return null;
  const sym = symbolAt(file, file.lines.offset(pos));
  if (!sym) return null;
  if (sym.kind === 'wildcard') return { error: 'A wildcard stands for several components; rename one of them instead' };
  const placeholder = sym.kind === 'component' ? sym.id : sym.kind === 'schema' ? sym.name : sym.route;
  if (sym.kind === 'route' && sym.route === '_unmatched') return { error: "'_unmatched' is built in and cannot be renamed" };
  return { range: file.lines.range(sym.start, sym.end), placeholder };
}

export function rename(scope: DocScope, pos: Position, newName: string): { edits: WorkspaceEdits } | { error: string } {
  const file = fileOf(scope);
  if (!file) return { error: 'The document is not open' };
  const sym = symbolAt(file, file.lines.offset(pos));
  if (!sym) return { error: 'Nothing to rename here: place the cursor on a component id, a route or a schema name' };
  if (sym.kind === 'wildcard') return { error: 'A wildcard stands for several components; rename one of them instead' };
  if (sym.kind === 'component') {
    if (!ID.test(newName)) return { error: `'${newName}' is not a valid component id: use a lowercase letter followed by lowercase letters, digits or underscores` };
    if (newName !== sym.id && allFiles(scope).some((f) => f.components.some((c) => c.id === newName))) return { error: `A component named '${newName}' already exists; choose another id` };
  } else if (sym.kind === 'schema') {
    if (!SCHEMA_NAME.test(newName)) return { error: `'${newName}' is not a valid schema name: use letters, digits and underscores, not starting with a digit` };
    if (newName !== sym.name && allFiles(scope).some((f) => f.schemas.some((s) => s.name === newName))) return { error: `A schema named '${newName}' already exists; choose another name` };
  } else {
    if (sym.route === '_unmatched') return { error: "'_unmatched' is built in and cannot be renamed" };
    if (!ROUTE.test(newName) || newName === '_unmatched') return { error: `'${newName}' is not a valid route name: use a letter followed by letters, digits, _ or -` };
    const router = allFiles(scope).flatMap((f) => f.components).find((c) => c.id === sym.router);
    const routes = getPair(router?.node, 'routes')?.value;
    if (newName !== sym.route && isMap(routes) && routes.pairs.some((p) => String(p.key.value) === newName)) return { error: `Route '${newName}' already exists in '${sym.router}'; choose another name` };
  }
  const edits: WorkspaceEdits = {};
  for (const o of occurrences(scope, sym)) (edits[o.file.uri] ??= []).push({ range: o.file.lines.range(o.span.start, o.span.end), newText: newName });
  return { edits };
}

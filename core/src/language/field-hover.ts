// Hover inside expressions and field names (filter/route conditions, map
// `set` values and keys, key_by, aggregate arguments, keys): a field shows
// its type as the schema flow knows it at that component and where it comes
// from ("from schema Order of source orders", "set by map priced"); a
// function shows its line of the function table.
import type { Analysis } from '../analyze';
import { get, isMap, scalarString, type YScalar } from '../parse/tree';
import type { Component, PipelineFile } from '../pipeline/file';
import { children, parseCached, span, type Expr } from '../expr/parse';
import { arityText, FUNCTIONS } from '../expr/functions';
import { scalarOffsetMap } from '../expr/offsets';
import { expressionSites, fieldUses } from '../rules/expressions';
import { primary, type DocScope } from './scope';

export interface FieldHover {
  markdown: string;
  start: number;
  end: number;
}

/** The hover for a field or function name at `offset` of `file`, if there is one there. */
export function expressionHover(scope: DocScope, file: PipelineFile, offset: number): FieldHover | undefined {
  const a = primary(scope);
  const c = file.components.find((x) => x.pair.start <= offset && offset <= x.pair.end);
  if (!a || !c) return undefined;
  for (const site of expressionSites(c)) {
    if (offset < site.node.start || offset > site.node.end) continue;
    const parsed = parseCached(site.text);
    if (!parsed.ok) return undefined;
    const at = scalarOffsetMap(file.text, site.node);
    const hit = nameAt(parsed.ast, indexAt(at, site.text.length, offset));
    if (!hit) return undefined;
    const range = { start: at(hit.start), end: at(hit.end - 1) + 1 };
    const markdown = hit.kind === 'function' ? functionDoc(hit.name) : fieldDoc(a, c, hit.name);
    return markdown ? { markdown, ...range } : undefined;
  }
  for (const use of fieldUses(c)) {
    const at = scalarOffsetMap(file.text, use.node);
    const start = at(use.start);
    const root = use.name.split('.')[0];
    if (offset >= start && offset <= start + root.length) return { markdown: fieldDoc(a, c, root), start, end: start + root.length };
  }
  return setKeyHover(a, c, offset);
}

/** The index in the expression whose character is at `offset` of the file. */
function indexAt(at: (i: number) => number, length: number, offset: number): number {
  let best = 0;
  for (let i = 0; i < length; i++) if (at(i) <= offset) best = i;
  return best;
}

type Hit = { kind: 'field' | 'function'; name: string; start: number; end: number };

/** The root field or the called function whose name covers `index` (a cursor just after the name counts). */
function nameAt(ast: Expr, index: number): Hit | undefined {
  const stack: Expr[] = [ast];
  while (stack.length) {
    const n = stack.pop() as Expr;
    const s = span(n);
    if (index < s.start || index > s.end) continue;
    if (n.type === 'CallExpression' && (n.callee as Expr).type === 'Identifier') {
      const callee = n.callee as Expr;
      if (index >= (callee.start as number) && index <= (callee.end as number)) return { kind: 'function', name: callee.name as string, start: callee.start as number, end: callee.end as number };
      stack.push(...(n.arguments as Expr[]));
      continue;
    }
    if (n.type === 'Identifier') return { kind: 'field', name: n.name as string, start: s.start, end: s.end };
    if (n.type === 'MemberExpression') {
      stack.push(n.object as Expr); // `a.b`: `a` is the field; `b` is inside it
      if (n.computed) stack.push(n.property as Expr);
      continue;
    }
    stack.push(...children(n));
  }
  return undefined;
}

function functionDoc(name: string): string | undefined {
  const f = FUNCTIONS.get(name);
  if (!f) return undefined;
  return `**${f.name}()** — function (${arityText(f)}): ${f.doc}`;
}

/** `name: type — origin`, as the field reaches component `c`. */
function fieldDoc(a: Analysis, c: Component, name: string): string {
  const fields = a.flow.input.get(c.id); // by id: while typing, `c` may come from a newer parse than the analysis
  if (!fields) return `**${name}** — a field of the input event of \`${c.id}\` (its schema is not known here)`;
  const type = fields.get(name);
  if (type === undefined) return `**${name}** — not in the input schema of \`${c.id}\``;
  const from = origins(a, c.id, name);
  return `**${name}**: \`${type}\`${from.length ? ` — ${from.join('; ')}` : ''}`;
}

const MAX_ORIGINS = 3;

/** Where a field reaching `id` is made, walking upstream through the components that pass it on. */
export function origins(a: Analysis, id: string, field: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const todo = [id];
  while (todo.length && out.length < MAX_ORIGINS) {
    const at = todo.shift() as string;
    for (const e of a.graph.in.get(at) ?? []) {
      if (seen.has(e.from)) continue;
      seen.add(e.from);
      const p = a.graph.nodes.get(e.from);
      const made = p ? madeBy(p, field) : undefined;
      if (made) {
        if (!out.includes(made)) out.push(made);
      } else if (p && p.section === 'processors' && p.type !== 'window') todo.push(p.id);
    }
  }
  return out;
}

/** How `p` makes `field`, or undefined when it passes it on from its inputs. */
function madeBy(p: Component, field: string): string | undefined {
  if (p.section === 'sources') {
    const schema = scalarString(get(p.node, 'schema'));
    return schema ? `from schema \`${schema}\` of source \`${p.id}\`` : `from source \`${p.id}\``;
  }
  if (p.type === 'map') {
    const value = setValue(p, field);
    return value !== undefined ? `set by map \`${p.id}\`${value ? `: \`${value}\`` : ''}` : undefined;
  }
  if (p.type === 'enrich' && scalarString(get(p.node, 'into')) === field) return `looked up by enrich \`${p.id}\``;
  if (p.type === 'window') return `emitted by window \`${p.id}\``;
  return undefined;
}

/** The `set` expression of `field` in map `p` ('' when not a plain string), undefined when the map does not set it. */
function setValue(p: Component, field: string): string | undefined {
  const set = get(p.node, 'set');
  if (!isMap(set)) return undefined;
  const pair = set.pairs.find((x) => String(x.key.value) === field);
  if (!pair) return undefined;
  const text = scalarString(pair.value) ?? '';
  return text.length <= 80 ? text : '';
}

/** On a key of a map's `set`: the type the field leaves the map with. */
function setKeyHover(a: Analysis, c: Component, offset: number): FieldHover | undefined {
  if (c.type !== 'map') return undefined;
  const set = get(c.node, 'set');
  const pair = isMap(set) ? set.pairs.find((x) => offset >= x.key.start && offset <= x.key.end) : undefined;
  if (!pair) return undefined;
  const name = String((pair.key as YScalar).value);
  const type = a.flow.output.get(c.id)?.get(name);
  const value = scalarString(pair.value);
  const markdown = `**${name}**${type ? `: \`${type}\`` : ''} — set by this map${value ? ` from \`${value.length <= 80 ? value : `${value.slice(0, 77)}...`}\`` : ''}; downstream components see it (the other \`set\` entries of this map do not)`;
  return { markdown, start: pair.key.start, end: pair.key.end };
}

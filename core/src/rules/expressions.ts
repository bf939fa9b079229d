// VX014 (an expression does not parse, reported at its exact place, naming the token) and
// VX113 (a field that is not in the component's known input schema, see
// flow.ts): filter `condition`, map `set` values and route `routes` values,
// window `key_by` and aggregate arguments, enrich `key`, dedupe `key` and the
// postgres sink's `key`.
//
// Decision: a map's `set` expressions all read the *input* event, like the
// columns of a SQL SELECT; a field created by one `set` entry is not visible
// to the other entries of the same map (only downstream). Reported as VX113
// with a note saying so.
//
// Values containing `${...}` interpolation are only known at deploy time and
// are not checked.
import { get, isMap, isScalar, isSeq, type YNode, type YScalar } from '../parse/tree';
import type { Component } from '../pipeline/file';
import type { FieldSet } from '../flow';
import { isInterpolated } from '../units';
import { parseCached, fieldRefs, type Expr } from '../expr/parse';
import { checkCalls, checkTypes, once, type Site } from './expression-types';
import { scalarOffsetMap } from '../expr/offsets';
import { closest, didYouMean } from '../util/suggest';
import { fileOf, report, type RuleContext } from './context';

/** A field named in a plain (non-expression) value, relative to the scalar's value. */
export interface FieldUse {
  node: YScalar;
  name: string;
  start: number;
  end: number;
}

const AGGREGATE_ARG = /^\s*(?:sum|avg|min|max)\(\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\)\s*$/;

/** Checks every component's expressions, or only those of the components named in `only`. */
export function checkExpressions(ctx: RuleContext, only?: ReadonlySet<string>): void {
  const seen = new Set<string>();
  // A field set is shared by the components fed by the same stream, and an unknown field is often the same one in
  // many of them (a random DAG of 1,000 components: 729 of them): their names and suggestions are found once.
  const unknownOf = new Map<FieldSet, { known: string[]; suggestions: Map<string, string[]> }>();
  for (const c of ctx.ws.components) {
    if (only && !only.has(c.id)) continue;
    const sites = expressionSites(c);
    const named = fieldUses(c);
    if (sites.length === 0 && named.length === 0) continue; // most components: no look-up below
    const file = fileOf(ctx, c);
    const uses: FieldUse[] = [];
    const parsedSites: Array<{ site: Site; ast: Expr }> = [];
    for (const site of sites) {
      const parsed = parseCached(site.text);
      if (!parsed.ok) {
        const at = scalarOffsetMap(file.text, site.node);
        const trimmed = site.text.trimEnd().length;
        const index = parsed.error.index >= trimmed && trimmed > 0 ? trimmed - 1 : parsed.error.index;
        const start = at(index);
        const [what, ...hint] = parsed.error.message.split('; ');
        // Name the token (the editor shows where); a column would disagree with the editor's, which counts from the line start.
        const message = `Invalid expression: ${what.trim()}${/'/.test(what) ? '' : nearToken(site.text, parsed.error.index)}${hint.map((h) => `; ${h}`).join('')}`;
        once(seen, `VX014|${file.uri}|${start}|${message}`, () => report(ctx, 'VX014', file, { start, end: start + 1 }, message));
        continue;
      }
      for (const ref of fieldRefs(parsed.ast)) uses.push({ node: site.node, name: ref.name, start: ref.start, end: ref.end });
      checkCalls(ctx, seen, file, site, parsed.ast);
      parsedSites.push({ site, ast: parsed.ast });
    }
    for (const use of named) uses.push(use);
    const fields = ctx.graph.nodes.get(c.id) === c ? ctx.flow.input.get(c.id) : undefined;
    for (const { site, ast } of parsedSites) checkTypes(ctx, seen, file, site, ast, fields);
    if (uses.length === 0 || !fields) continue;
    for (const use of uses) {
      const dot = use.name.indexOf('.');
      const root = dot < 0 ? use.name : use.name.slice(0, dot);
      if (fields.has(root)) continue;
      const at = scalarOffsetMap(file.text, use.node);
      const span = { start: at(use.start), end: at(use.start) + root.length };
      let memo = unknownOf.get(fields);
      if (!memo) unknownOf.set(fields, (memo = { known: [...fields.keys()], suggestions: new Map() }));
      const known = memo.known;
      let suggestions = memo.suggestions.get(root);
      if (!suggestions) memo.suggestions.set(root, (suggestions = closest(root, known)));
      const listed = known.length > 12 ? `${known.slice(0, 12).join(', ')}, …` : known.join(', ') || 'none';
      const ownSet = c.type === 'map' && mapKeys(get(c.node, 'set')).has(root) ? `; '${root}' is set by this map, and set expressions see only the input event` : '';
      const message = `Field '${root}' is not in the input schema of '${c.id}' (fields: ${listed})${ownSet}${didYouMean(suggestions)}`;
      once(seen, `VX113|${file.uri}|${span.start}|${message}`, () =>
        report(ctx, 'VX113', file, span, message, suggestions.length ? { data: { kind: 'replace', candidates: suggestions } } : {}),
      );
    }
  }
}

function stringScalar(n: YNode | undefined): YScalar | undefined {
  return isScalar(n) && typeof n.value === 'string' && !isInterpolated(n.value) ? n : undefined;
}

function mapKeys(n: YNode | undefined): Set<string> {
  return new Set(isMap(n) ? n.pairs.map((p) => String(p.key.value)) : []);
}

/** Shared by every component without expressions or field uses: frozen, so no caller can fill it. */
const NONE = Object.freeze([]) as unknown as never[];

/** The expressions of a component, by type. */
export function expressionSites(c: Component): Site[] {
  if (c.section !== 'processors') return NONE;
  const where = c.type === 'filter' ? get(c.node, 'condition') : c.type === 'map' ? get(c.node, 'set') : c.type === 'route' ? get(c.node, 'routes') : undefined;
  if (!where) return NONE;
  const sites: Site[] = [];
  if (c.type === 'filter') addSite(sites, where);
  else if (isMap(where)) for (const p of where.pairs) addSite(sites, p.value);
  return sites;
}

function addSite(sites: Site[], n: YNode | undefined): void {
  const s = stringScalar(n);
  // An empty string is VX012 (minLength) already.
  if (s && s.value !== '') sites.push({ node: s, text: s.value as string });
}

/** Fields named outside expressions: key_by, aggregate arguments, enrich/dedupe/postgres `key`. */
export function fieldUses(c: Component): FieldUse[] {
  const processor = c.section === 'processors';
  if (!(processor && (c.type === 'window' || c.type === 'enrich' || c.type === 'dedupe')) && !(c.section === 'sinks' && c.type === 'postgres')) return NONE;
  const uses: FieldUse[] = [];
  if (c.type === 'window') {
    wholeUse(uses, get(c.node, 'key_by'));
    const agg = get(c.node, 'aggregate');
    if (isMap(agg))
      for (const p of agg.pairs) {
        const s = stringScalar(p.value);
        const m = s ? AGGREGATE_ARG.exec(s.value as string) : null;
        if (s && m) {
          const start = (s.value as string).indexOf(m[1], (s.value as string).indexOf('(') + 1);
          uses.push({ node: s, name: m[1], start, end: start + m[1].length });
        }
      }
  } else if (c.type === 'enrich') wholeUse(uses, get(c.node, 'key'));
  else itemUses(uses, get(c.node, 'key')); // dedupe, postgres
  return uses;
}

/** A scalar naming one field. */
function wholeUse(uses: FieldUse[], n: YNode | undefined): void {
  const s = stringScalar(n);
  if (s) uses.push({ node: s, name: s.value as string, start: 0, end: (s.value as string).length });
}

/** A field or a list of fields. */
function itemUses(uses: FieldUse[], n: YNode | undefined): void {
  if (isSeq(n)) for (const i of n.items) wholeUse(uses, i);
  else wholeUse(uses, n);
}

/** ` at 'token'` for the token at `index` of an expression, or ` at the end`. */
function nearToken(text: string, index: number): string {
  const token = /^\s*([A-Za-z_][\w.]*|\d[\w.]*|'[^']*'?|"[^"]*"?|\S{1,2})/.exec(text.slice(index))?.[1];
  return token ? ` at '${token.length > 24 ? `${token.slice(0, 24)}…` : token}'` : ' at the end';
}

// Event schemas flowing downstream (spec section 4): which fields reach each
// component. A source carries its `schema`; filter, route (every port) and
// dedupe pass their input on; map adds its `set` keys (typed by the result
// type of their expressions, expr/types.ts) and removes its `drop` fields;
// enrich adds `into`; a window emits `key_by`, one field per aggregate,
// `window_start` and `window_end`. At a fan-in only the fields
// common to every input remain; any unknown input makes the input unknown,
// and so do cycles and references that resolve to nothing.
import { get, isMap, isSeq, scalarString, type YNode } from './parse/tree';
import { parseCached } from './expr/parse';
import { schemaTypeOf } from './expr/types';
import { isInterpolated } from './units';
import type { Component } from './pipeline/file';
import { graphIndex, type Graph } from './pipeline/graph';
import { danglingAt, type GraphChange } from './pipeline/graph-diff';
import type { Workspace } from './pipeline/workspace';

/** Field name -> type (`string`, `int`, ...; `any` when not known; `a|b` when inputs disagree). */
export type FieldSet = Map<string, string>;

export interface SchemaFlow {
  /** Fields arriving at each component; undefined when unknown (field checks are skipped). */
  input: Map<string, FieldSet | undefined>;
  /** Fields each component emits; undefined when unknown. */
  output: Map<string, FieldSet | undefined>;
}

const AGGREGATE = /^\s*(count|sum|avg|min|max)\(\s*([A-Za-z_][A-Za-z0-9_.]*)?\s*\)\s*$/;

/**
 * The flow of every component; with `prev` (the flow of the previous graph
 * and the positions an edit touched, pipeline/graph-diff.ts), only the
 * touched components and those downstream of an output that changed are
 * computed again, and a field set equal to the previous one is the previous
 * object, so a caller can tell what changed by identity.
 */
export function computeFlow(ws: Workspace, graph: Graph, prev?: { flow: SchemaFlow; change: GraphChange }): SchemaFlow {
  const input = new Map<string, FieldSet | undefined>();
  const output = new Map<string, FieldSet | undefined>();
  // By position (pipeline/graph.ts graphIndex): no id look-up per component or edge.
  const ix = graphIndex(graph);
  const n = ix.nodes.length;
  // A reference that resolves to nothing makes the consumer's input unknown.
  const dangling = danglingAt(graph, ix);
  const touched = prev?.change.touched;
  /**
   * 1 where the output differs from the previous flow's (only with `prev`); a touched component counts as changed
   * from the start, as members of cycles come last in the order, after what they feed.
   */
  const changed = touched ? Uint8Array.from(touched) : new Uint8Array(n);
  const out: Array<FieldSet | undefined> = new Array(n);
  for (let k = 0; k < n; k++) {
    const i = ix.order[k];
    const c = ix.nodes[i];
    const from = ix.inStart[i];
    const count = ix.inStart[i + 1] - from;
    if (prev && !touched![i] && !upstreamChanged(changed, ix.inFrom, from, count)) {
      input.set(c.id, prev.flow.input.get(c.id));
      output.set(c.id, (out[i] = prev.flow.output.get(c.id)));
      continue;
    }
    const inCycle = ix.inCycle[i] === 1;
    let fieldsIn: FieldSet | undefined;
    let fieldsOut: FieldSet | undefined;
    if (c.section === 'sources') fieldsOut = inCycle ? undefined : sourceFields(ws, c);
    else {
      if (count > 0 && !inCycle && !dangling[i]) {
        const sets: Array<FieldSet | undefined> = new Array(count);
        for (let j = 0; j < count; j++) sets[j] = out[ix.inFrom[from + j]];
        fieldsIn = intersect(sets);
      }
      fieldsOut = c.section === 'sinks' || inCycle ? undefined : transform(c, fieldsIn);
    }
    if (prev) {
      const before = prev.flow.input.get(c.id);
      if (sameFields(fieldsIn, before)) fieldsIn = before;
      const last = prev.flow.output.get(c.id);
      if (sameFields(fieldsOut, last)) fieldsOut = last;
      else changed[i] = 1; // (a touched one stays changed: what reads a renamed or re-read component is read again)
    }
    input.set(c.id, fieldsIn);
    output.set(c.id, (out[i] = fieldsOut));
  }
  return { input, output };
}

function upstreamChanged(changed: Uint8Array, inFrom: Int32Array, from: number, count: number): boolean {
  for (let j = 0; j < count; j++) if (changed[inFrom[from + j]]) return true;
  return false;
}

/** The same fields with the same types (both unknown counts as the same). */
function sameFields(a: FieldSet | undefined, b: FieldSet | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.size !== b.size) return false;
  for (const [name, type] of a) if (b.get(name) !== type) return false;
  return true;
}

function sourceFields(ws: Workspace, c: Component): FieldSet | undefined {
  const name = scalarString(get(c.node, 'schema'));
  const def = name !== undefined ? ws.schemas.get(name)?.[0] : undefined;
  if (!def) return undefined;
  return new Map(def.fields.map((f) => [f.name, f.type]));
}

/** Fields common to all inputs; undefined if any input is unknown. Field sets are read-only: one input's is passed on as is. */
function intersect(sets: Array<FieldSet | undefined>): FieldSet | undefined {
  if (sets.length === 1) return sets[0];
  if (sets.length === 0 || sets.some((s) => s === undefined)) return undefined;
  const [first, ...rest] = sets as FieldSet[];
  const out: FieldSet = new Map();
  for (const [name, type] of first) {
    let types: string[] | undefined; // the distinct types, when the inputs disagree
    let common = true;
    for (const s of rest) {
      const t = s.get(name);
      if (t === undefined) {
        common = false;
        break;
      }
      if (t !== type && !(types ??= [type]).includes(t)) types.push(t);
    }
    if (common) out.set(name, types ? types.join('|') : type);
  }
  return out;
}

function transform(c: Component, fieldsIn: FieldSet | undefined): FieldSet | undefined {
  switch (c.type) {
    case 'filter':
    case 'route':
    case 'dedupe':
      return fieldsIn; // passed on unchanged (field sets are never modified once made)
    case 'map': {
      if (!fieldsIn) return undefined;
      const out = new Map(fieldsIn);
      const set = get(c.node, 'set');
      if (isMap(set)) for (const p of set.pairs) out.set(String(p.key.value), setFieldType(p.value, fieldsIn));
      const drop = get(c.node, 'drop');
      if (isSeq(drop)) for (const item of drop.items) out.delete(scalarString(item) ?? '');
      return out;
    }
    case 'enrich': {
      if (!fieldsIn) return undefined;
      const out = new Map(fieldsIn);
      const into = scalarString(get(c.node, 'into'));
      if (into !== undefined) out.set(into, 'json');
      return out;
    }
    case 'window':
      return windowFields(c, fieldsIn);
    default:
      return undefined; // unknown processor type
  }
}

/**
 * An edit inside a map's `set` values keeps the topology but may change the
 * types it emits (incremental.ts asks before reusing the previous flow).
 */
export function sameMapOutput(before: Component, after: Component, fieldsIn: FieldSet | undefined): boolean {
  return sameFields(transform(before, fieldsIn), transform(after, fieldsIn));
}

/** The type of a map `set` field: its expression's result type over the input fields (expr/types.ts). */
function setFieldType(value: YNode | undefined, fieldsIn: FieldSet): string {
  const text = scalarString(value);
  if (text === undefined || isInterpolated(text)) return 'any';
  const parsed = parseCached(text);
  return parsed.ok ? schemaTypeOf(parsed.ast, (name) => fieldsIn.get(name)) : 'any';
}

/** A window's output is known even when its input is not: it is made of the key, the aggregates and the bounds. */
function windowFields(c: Component, fieldsIn: FieldSet | undefined): FieldSet {
  const out: FieldSet = new Map();
  const keyBy = scalarString(get(c.node, 'key_by'));
  if (keyBy !== undefined) out.set(keyBy, fieldsIn?.get(keyBy) ?? 'any');
  const aggregate = get(c.node, 'aggregate');
  if (isMap(aggregate))
    for (const p of aggregate.pairs) {
      const m = AGGREGATE.exec(scalarString(p.value) ?? '');
      const fn = m?.[1];
      const argType = m?.[2] ? fieldsIn?.get(m[2].split('.')[0]) : undefined;
      out.set(String(p.key.value), fn === 'count' ? 'int' : fn === 'avg' ? 'float' : (argType ?? 'float'));
    }
  out.set('window_start', 'timestamp');
  out.set('window_end', 'timestamp');
  return out;
}

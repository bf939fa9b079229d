// Re-analysis after an edit inside one component. Most keystrokes change an
// expression, a description or a typo inside one component: the topology,
// the schema flow and the capacity model are then the same as before. We
// check that cheaply (the edit lies inside one component, whose structure
// (everything but expression text and descriptions) is unchanged; imports
// are the same files), then reuse the previous graph (rebound to the new
// components), flow, model and findings (moved to their new positions), and
// re-run only the expression checks of the edited component. Anything else
// is analysed from scratch, which stays the reference behaviour (a
// differential test compares the two).
import type { Finding, FixData, Range } from './types';
import type { Graph, Edge, Dangling } from './pipeline/graph';
import { sameMapOutput, type SchemaFlow } from './flow';
import type { CapacityResult } from './capacity/types';
import type { Workspace } from './pipeline/workspace';
import type { Component, InputRef, PipelineFile } from './pipeline/file';
import { isMap, toJS, type YNode } from './parse/tree';
import { editRegion } from './text';
import { oldPaths } from './parse/chunked';
import { componentTypes, isComponentSection, keysAt, type ComponentSection } from './schema/index';

/** What an analysis leaves for the next version of the same entry file. */
export interface Snapshot {
  settingsKey: string;
  ws: Workspace;
  graph: Graph;
  flow: SchemaFlow;
  capacity?: CapacityResult;
  /** Workspace-rule findings other than the expression checks, before config. */
  structural: Finding[];
  /** Findings of the expression checks, before config. */
  expressions: Finding[];
}

export interface Reuse {
  graph: Graph;
  flow: SchemaFlow;
  /** The previous model: still the model when `structural` is given; else it is computed again. */
  capacity?: CapacityResult;
  /**
   * The previous structural findings moved to the new text; undefined when
   * the edit changed values the model and the rules read (parallelism,
   * rate, ...): then the model and the structural rules run again.
   */
  structural?: Finding[];
  expressions: Finding[];
  /** The entry file's own findings (syntax, version, schema) moved, minus the edited component's. */
  mainFile: Finding[];
  /** The edited component: only its schema and expressions are checked again. */
  changed: Component;
}

/** Returns what can be reused from `prev` for `ws`, or undefined when the edit needs a full analysis. */
export function tryReuse(prev: Snapshot | undefined, ws: Workspace, settingsKey: string, prevMainFindings: Finding[] = []): Reuse | undefined {
  if (!prev || prev.settingsKey !== settingsKey) return undefined;
  const oldMain = prev.ws.main;
  const newMain = ws.main;
  if (oldMain.uri !== newMain.uri || oldMain === newMain) return undefined;
  if (prev.ws.files.length !== ws.files.length) return undefined;
  for (let i = 1; i < ws.files.length; i++) if (prev.ws.files[i] !== ws.files[i]) return undefined;
  if (oldMain.components.length !== newMain.components.length || oldMain.syntax.length !== newMain.syntax.length) return undefined;
  if (oldPaths.on && newMain.syntax.length) return undefined;

  const edit = editRegion(oldMain.text, newMain.text);
  const index = newMain.components.findIndex((c) => c.pair.start <= edit.start && edit.newEnd <= c.pair.end);
  if (index < 0) return undefined;
  const before = oldMain.components[index];
  const after = newMain.components[index];
  if (before.section !== after.section || before.id !== after.id || !(before.pair.start <= edit.start && edit.oldEnd <= before.pair.end)) return undefined;
  // A syntax error elsewhere (its chunk declined alone, parse/chunked.ts) is moved with the other findings; one in the edited component is not.
  if (oldMain.syntax.some((p) => p.end >= before.pair.start && p.start <= before.pair.end)) return undefined;
  if (newMain.syntax.some((p) => p.end >= after.pair.start && p.start <= after.pair.end)) return undefined;
  // Only text the expression checks read changed; else only values no graph or flow reads (the model's, the rules').
  const textOnly = structureOf(before) === structureOf(after);
  if (!textOnly && shapeOf(before) !== shapeOf(after)) return undefined;
  if (after.type === 'map' && !sameMapOutput(before, after, prev.flow.input.get(after.id))) return undefined; // set types changed
  if (newMain.components.some((c, i) => i !== index && c.id === after.id)) return undefined; // duplicate ids: analyse whole

  const old = { start: before.pair.start, end: before.pair.end };
  const move = (r: Range, uri: string): Range | undefined => {
    if (uri !== newMain.uri) return r;
    const s = oldMain.lines.offset(r.start);
    const e = oldMain.lines.offset(r.end);
    if (e > edit.start && s < edit.oldEnd) return undefined; // overlaps the edited text
    const shift = (o: number) => (o >= edit.oldEnd ? o + edit.newEnd - edit.oldEnd : o);
    return newMain.lines.range(shift(s), shift(e));
  };
  const structural = textOnly ? moveAll(prev.structural, move) : undefined;
  if (textOnly && !structural) return undefined;
  const inChanged = (f: Finding) => {
    if (f.uri !== newMain.uri) return false;
    const s = oldMain.lines.offset(f.range.start);
    return s >= old.start && s <= old.end;
  };
  const expressions = moveAll(prev.expressions.filter((f) => !inChanged(f)), move);
  const mainFile = moveAll(prevMainFindings.filter((f) => !inChanged(f)), move);
  if (!expressions || !mainFile) return undefined;
  return { graph: rebind(prev.graph, ws), flow: prev.flow, capacity: prev.capacity, structural, expressions, mainFile, changed: after };
}

/**
 * Settings no graph or schema flow reads: the model's figures and the
 * delivery settings. An edit of one of them re-runs the model and the rules
 * on the previous graph and flow.
 */
const VALUES = ['parallelism', 'rate', 'cost', 'share', 'selectivity', 'partitions', 'event_size', 'buffer', 'batch', 'retry', 'duplicate_ratio', 'key_cardinality', 'cache_size', 'within', 'acks', 'timeout', 'lookup', 'memory', 'description'];

/**
 * The component as the passes after the schema rule read it: as data, without
 * its description and the keys its type does not have (typos, unknown keys:
 * the schema rule reports them, and it runs again on the edited component).
 */
function readData(c: Component): Record<string, unknown> | null {
  const data = toJS(c.node as YNode | undefined) as Record<string, unknown> | null;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return data;
  if (oldPaths.on) return data;
  delete data.description;
  const section = c.section as ComponentSection;
  if (typeof c.type === 'string' && isComponentSection(section) && componentTypes(section).some((t) => t.type === c.type)) {
    const known = new Set(keysAt([section, c.id], c.type).map((k) => k.key));
    for (const k of Object.keys(data)) if (!known.has(k)) delete data[k];
  }
  return data;
}

/** The component as the graph and the flow read it: without its values and its expression text. */
function shapeOf(c: Component): string {
  const data = readData(c);
  if (!data || typeof data !== 'object') return JSON.stringify(data);
  for (const k of VALUES) if (k in data) data[k] = '';
  if (c.type === 'filter' && 'condition' in data) data.condition = '';
  if (c.type === 'route' && isMap(c.node)) blankValues(data, 'routes');
  return JSON.stringify(data);
}

const NON_STRUCTURAL: Record<string, string[]> = { filter: ['condition'], map: [], route: [], '*': ['description'] };

/** The component without what only the expression checks read: expression text and descriptions. */
function structureOf(c: Component): string {
  const data = readData(c);
  if (!data || typeof data !== 'object') return JSON.stringify(data);
  for (const k of [...(NON_STRUCTURAL[c.type ?? ''] ?? []), ...NON_STRUCTURAL['*']]) if (k in data) data[k] = '';
  if (c.type === 'map' && isMap(c.node)) blankValues(data, 'set');
  if (c.type === 'route' && isMap(c.node)) blankValues(data, 'routes');
  return JSON.stringify(data);
}

function blankValues(data: Record<string, unknown>, key: string): void {
  const m = data[key];
  if (m && typeof m === 'object' && !Array.isArray(m)) for (const k of Object.keys(m)) (m as Record<string, unknown>)[k] = '';
}

function moveAll(findings: Finding[], move: (r: Range, uri: string) => Range | undefined): Finding[] | undefined {
  const out: Finding[] = [];
  for (const f of findings) {
    const range = move(f.range, f.uri);
    if (!range) return undefined;
    let related = f.related;
    if (related) {
      const moved = related.map((r) => ({ ...r, location: { uri: r.location.uri, range: move(r.location.range, r.location.uri) } }));
      if (moved.some((r) => !r.location.range)) return undefined;
      related = moved as typeof related;
    }
    let data = f.data;
    if (data) {
      const d = moveData(data, (r) => move(r, f.uri));
      if (!d) return undefined;
      data = d;
    }
    out.push({ ...f, range, ...(related ? { related } : {}), ...(data ? { data } : {}) });
  }
  return out;
}

function moveData(data: FixData, move: (r: Range) => Range | undefined): FixData | undefined {
  const copy = { ...data } as FixData & { keyRange?: Range; parentRange?: Range };
  for (const k of ['keyRange', 'parentRange'] as const) {
    const r = copy[k];
    if (r) {
      const m = move(r);
      if (!m) return undefined;
      copy[k] = m;
    }
  }
  return copy;
}

/**
 * The previous graph with its components and references replaced by the new
 * ones (same structure, new offsets). Components read from unchanged chunks
 * are the same objects, so usually only the edited one is rebound.
 */
function rebind(g: Graph, ws: Workspace): Graph {
  const nodes = new Map<string, Component>();
  const changed = new Set<string>();
  for (const c of ws.components) {
    if (nodes.has(c.id)) continue;
    nodes.set(c.id, c);
    if (g.nodes.get(c.id) !== c) changed.add(c.id);
  }
  if (changed.size === 0) return { ...g, nodes };
  const refOf = (consumer: string, ref: InputRef): InputRef => {
    const i = g.nodes.get(consumer)?.inputs.indexOf(ref) ?? -1;
    return (i >= 0 && nodes.get(consumer)?.inputs[i]) || ref;
  };
  const replaced = new Map<Edge, Edge>();
  const edges: Edge[] = g.edges.map((e) => {
    if (!changed.has(e.to)) return e;
    const now = { from: e.from, to: e.to, port: e.port, ref: refOf(e.to, e.ref), viaWildcard: e.viaWildcard };
    replaced.set(e, now);
    return now;
  });
  const dangling: Dangling[] = g.dangling.map((d) =>
    changed.has(d.consumer.id) ? { consumer: nodes.get(d.consumer.id) ?? d.consumer, ref: refOf(d.consumer.id, d.ref), reason: d.reason } : d,
  );
  // Patch the adjacency lists that hold replaced edges.
  const out = new Map(g.out);
  const inn = new Map(g.in);
  const swap = (list: Edge[] | undefined) => (list ?? []).map((e) => replaced.get(e) ?? e);
  for (const [old, now] of replaced) {
    out.set(now.from, swap(g.out.get(old.from)));
    inn.set(now.to, swap(g.in.get(old.to)));
  }
  return { ...g, nodes, edges, dangling, out, in: inn };
}

export type { PipelineFile };

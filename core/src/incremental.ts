// Re-analysis after an edit inside one component. Most keystrokes change an
// expression, a description or a typo inside one component: the topology,
// the schema flow and the capacity model are then the same as before. We
// check that cheaply (the edit lies inside one component, whose structure
// (everything but expression text and descriptions) is unchanged; imports
// are the same files), then reuse the previous graph (rebound to the new
// components), flow, model and findings (moved to their new positions), and
// re-run only the expression checks of the edited component. An edit of
// values the model reads keeps the graph, the flow and the topology findings;
// the model is recomputed downstream of the edit only (capacity/model.ts).
// An edit that changes the graph (`inputs`, an id, a type, a map's output
// types) builds the graph again; the flow and the model are recomputed for
// the touched components and downstream of what changed
// (pipeline/graph-diff.ts), the expression checks re-run where a component's
// input fields changed, and the other components' delivery and `schema:`
// findings are kept (those rules read no graph); an edit of the `inputs`
// alone, or a rename alone, also keeps the topology findings it cannot
// change. Anything else is analysed from scratch, which stays the reference
// behaviour (differential tests compare the two).
import type { Finding, FixData, Range } from './types';
import { rebindIndex, type Graph, type Edge, type Dangling } from './pipeline/graph';
import { sameMapOutput, type SchemaFlow } from './flow';
import type { CapacityResult } from './capacity/types';
import type { Workspace } from './pipeline/workspace';
import type { Component, InputRef, PipelineFile } from './pipeline/file';
import { isMap, toJS, type YNode } from './parse/tree';
import { editRegion } from './text';
import { oldPaths, textIdentity } from './parse/chunked';
import { componentTypes, isComponentSection, keysAt, type ComponentSection } from './schema/index';
import { isInterpolated } from './units';

/** What an analysis leaves for the next version of the same entry file. */
export interface Snapshot {
  settingsKey: string;
  ws: Workspace;
  graph: Graph;
  flow: SchemaFlow;
  capacity?: CapacityResult;
  /** Findings of the topology rules (they read the graph and ids only), before config. */
  topology: Finding[];
  /** Findings of the delivery rules and the `schema:` references (each component's own settings), before config. */
  delivery: Finding[];
  /** Findings of the model and the rules that read its figures (capacity, monitoring), before config. */
  structural: Finding[];
  /** Findings of the expression checks, before config. */
  expressions: Finding[];
}

export interface Reuse {
  prev: Snapshot;
  /**
   * The previous graph rebound to the new components, and the flow: the edit
   * left the topology and the field types alone. Undefined when it changed
   * the graph or a map's output types: the graph is built again.
   */
  graph?: Graph;
  flow?: SchemaFlow;
  /** The topology findings moved to the new text, with the graph. */
  topology?: Finding[];
  /**
   * An edit of the `inputs` alone (the graph changes, the ids do not) or of the id alone: the topology findings that
   * cannot change, moved. After an inputs edit the edited component's references and every cycle are left out, and
   * the analysis takes out the dead-end findings of the components the old and new inputs name; after a rename every
   * reference, cycle and dead letter, and the renamed component's own findings. Those are checked again
   * (rules/topology.ts).
   */
  topologyAround?: { kept: Finding[]; before: Component; after: Component; kind: 'inputs' | 'id' };
  /**
   * The delivery findings moved to the new text (with the graph or without: those rules do not read it); minus the
   * edited component's unless the edit changed only text the expression checks read.
   */
  delivery?: Finding[];
  /**
   * The previous model and value-rule findings moved to the new text;
   * undefined when the edit changed what the model or those rules read
   * (parallelism, rate, ..., or the graph): then they run again.
   */
  structural?: Finding[];
  /** The previous expression findings moved, minus the edited component's. */
  expressions: Finding[];
  /** The entry file's own findings (syntax, version, schema) moved, minus the edited component's. */
  mainFile: Finding[];
  /** The edited component: only its schema and expressions are checked again (and the expressions of components whose input fields changed). */
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
  const index = editedComponent(oldMain, newMain, edit);
  if (index < 0) return undefined;
  const before = oldMain.components[index];
  const after = newMain.components[index];
  if (before.section !== after.section || !(before.pair.start <= edit.start && edit.oldEnd <= before.pair.end)) return undefined;
  // A syntax error elsewhere (its chunk declined alone, parse/chunked.ts) is moved with the other findings; one in the edited component is not.
  if (oldMain.syntax.some((p) => p.end >= before.pair.start && p.start <= before.pair.end)) return undefined;
  if (newMain.syntax.some((p) => p.end >= after.pair.start && p.start <= after.pair.end)) return undefined;
  // Only text the expression checks read changed; else only values no graph or flow reads (the model's, the rules').
  const sameStructure = before.id === after.id && structureOf(before) === structureOf(after);
  const sameGraph = (sameStructure || (before.id === after.id && shapeOf(before) === shapeOf(after))) && (after.type !== 'map' || sameMapOutput(before, after, prev.flow.input.get(after.id)));
  const textOnly = sameGraph && sameStructure;
  if (sameGraph) {
    if (newMain.components.some((c, i) => i !== index && c.id === after.id)) return undefined; // duplicate ids: analyse whole
  } else {
    // The graph is built again and compared position by position: the same components in the same order, no duplicate
    // ids before or after, and no anchors (a chunked parse: an alias could carry the edit into another component).
    if (oldPaths.on || !textIdentity(after.pair) || prev.ws.components.length !== ws.components.length) return undefined;
    if (prev.graph.nodes.size !== prev.ws.components.length || new Set(ws.components.map((c) => c.id)).size !== ws.components.length) return undefined;
  }

  const old = { start: before.pair.start, end: before.pair.end };
  // Lines before the edit keep their positions; lines after it move by whole lines (the same range objects when the
  // edit keeps the line count, so most findings are kept as they are). Only ranges on the edited lines are recomputed.
  const firstLine = oldMain.lines.position(edit.start).line;
  const lastLine = oldMain.lines.position(edit.oldEnd).line;
  const lineDelta = newMain.lines.position(edit.newEnd).line - lastLine;
  const move = (r: Range, uri: string): Range | undefined => {
    if (uri !== newMain.uri || r.end.line < firstLine) return r;
    if (r.start.line > lastLine) {
      if (lineDelta === 0) return r;
      return { start: { line: r.start.line + lineDelta, character: r.start.character }, end: { line: r.end.line + lineDelta, character: r.end.character } };
    }
    const s = oldMain.lines.offset(r.start);
    const e = oldMain.lines.offset(r.end);
    if (e > edit.start && s < edit.oldEnd) return undefined; // overlaps the edited text
    const shift = (o: number) => (o >= edit.oldEnd ? o + edit.newEnd - edit.oldEnd : o);
    return newMain.lines.range(shift(s), shift(e));
  };
  // The old paths (bench/edits.ts) ran the topology rules again on every edit of values.
  const keepTopology = sameGraph && (textOnly || !oldPaths.on);
  const topology = keepTopology ? moveAll(prev.topology, move) : undefined;
  if (keepTopology && !topology) return undefined;
  const structural = textOnly ? moveAll(prev.structural, move) : undefined;
  if (textOnly && !structural) return undefined;
  const inChanged = (f: Finding) => {
    if (f.uri !== newMain.uri) return false;
    const s = oldMain.lines.offset(f.range.start);
    return s >= old.start && s <= old.end;
  };
  // The delivery rules read each component's own settings and the pipeline's, never the graph: an edit that changes
  // the graph (inputs, an id) keeps the other components' findings too. Anchors can share one setting between
  // components (one finding for them all): then the delivery rules run whole.
  const keepDelivery = (keepTopology || !oldPaths.on) && (textOnly || (!!textIdentity(after.pair) && !newMain.isFragment));
  const delivery = keepDelivery ? moveAll(textOnly ? prev.delivery : prev.delivery.filter((f) => !inChanged(f)), move) : undefined;
  if (keepDelivery && !delivery) return undefined;
  const around = sameGraph ? undefined : inputsOnly(before, after) ? 'inputs' : idOnly(before, after) ? 'id' : undefined;
  const topologyAround = around && moveAll(prev.topology.filter((f) => !(around === 'inputs' ? changesWithInputs(f, inChanged) : changesWithId(f, inChanged))), move);
  const expressions = moveAll(prev.expressions.filter((f) => !inChanged(f)), move);
  const mainFile = moveAll(prevMainFindings.filter((f) => !inChanged(f)), move);
  if (!expressions || !mainFile) return undefined;
  const graph = sameGraph ? rebind(prev.graph, ws, prev.ws.components) : undefined;
  return {
    prev,
    graph,
    flow: sameGraph ? prev.flow : undefined,
    topology,
    topologyAround: around && topologyAround && { kept: topologyAround, before, after, kind: around },
    delivery,
    structural,
    expressions,
    mainFile,
    changed: after,
  };
}

/** Codes of the reference rules (rules/references.ts: unknown id, sink as input, unknown route, empty wildcard). */
const REFERENCE_CODES = ['VX100', 'VX104', 'VX105', 'VX108'];

/** Codes an edit of one component's inputs may change on that component: its references, a sink without inputs. */
const OWN_INPUT_CODES = new Set([...REFERENCE_CODES, 'VX010']);

/**
 * Whether only the component's `inputs` changed (same id and type, every other key the same): then the ids are those
 * of the last version, and only the references of this component, the cycles and whether the components its old and
 * new inputs name are consumed can change. Not when a reference is interpolated (it may name any id).
 */
function inputsOnly(before: Component, after: Component): boolean {
  if (before.id !== after.id || before.type !== after.type || before.section !== after.section) return false;
  if ([...before.inputs, ...after.inputs].some((r) => isInterpolated(r.text))) return false;
  const rest = (c: Component) => {
    const data = readData(c);
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      delete data.inputs;
      delete data['\0graph'];
    }
    return JSON.stringify(data);
  };
  return rest(before) === rest(after);
}

/** Whether only the component's id changed (its type and every key the same): its inputs, hence the other edges, are. */
function idOnly(before: Component, after: Component): boolean {
  if (before.id === after.id || before.type !== after.type || before.section !== after.section) return false;
  return JSON.stringify(readData(before)) === JSON.stringify(readData(after));
}

/** A topology finding an edit of one component's inputs may change: its references, a cycle. */
function changesWithInputs(f: Finding, inChanged: (f: Finding) => boolean): boolean {
  return f.code === 'VX102' || (OWN_INPUT_CODES.has(f.code) && inChanged(f));
}

/** Codes the rename of a component may change anywhere: references and their suggestions, cycles, dead letters. */
const RENAME_CODES = new Set([...REFERENCE_CODES, 'VX102', 'VX109']);

/** A topology finding the rename of one component may change: see RENAME_CODES, and the renamed component's own. */
function changesWithId(f: Finding, inChanged: (f: Finding) => boolean): boolean {
  return RENAME_CODES.has(f.code) || inChanged(f);
}

/**
 * The index of the one component the edit lies in, or -1. A chunked parse
 * with the previous version's cache keeps the components it did not read
 * again as the previous objects, moved in place (their old offsets are
 * gone): the edit must lie inside a component read again, and any other
 * one read again (a broken chunk is read on every parse) must lie outside
 * it. A component read again is a new object, and the old one keeps its
 * offsets.
 */
function editedComponent(oldMain: PipelineFile, newMain: PipelineFile, edit: { start: number; newEnd: number }): number {
  let index = -1;
  for (let i = 0; i < newMain.components.length; i++) {
    const c = newMain.components[i];
    if (c === oldMain.components[i] || c.pair.end < edit.start || c.pair.start > edit.newEnd) continue;
    if (index >= 0 || !(c.pair.start <= edit.start && edit.newEnd <= c.pair.end)) return -1;
    index = i;
  }
  return index;
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
 * the schema rule reports them, and it runs again on the edited component),
 * except `schema:`, which the reference rule reads on any component.
 */
function readData(c: Component): Record<string, unknown> | null {
  const data = toJS(c.node as YNode | undefined) as Record<string, unknown> | null;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return data;
  if (oldPaths.on) return data;
  delete data.description;
  const section = c.section as ComponentSection;
  if (typeof c.type === 'string' && isComponentSection(section) && componentTypes(section).some((t) => t.type === c.type)) {
    const known = new Set(keysAt([section, c.id], c.type).map((k) => k.key));
    // `schema:` is read on any component (VX114 names a schema that does not exist, whatever the type).
    for (const k of Object.keys(data)) if (!known.has(k) && k !== 'schema') delete data[k];
  }
  // The graph reads a component's type and inputs whatever its schema says (a source's `inputs` are drawn too).
  data['\0graph'] = [c.type, c.inputs.map((r) => r.text)];
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

/** The findings moved by `move`; a finding nothing of which moved is kept as the same object. */
function moveAll(findings: Finding[], move: (r: Range, uri: string) => Range | undefined): Finding[] | undefined {
  const out: Finding[] = new Array(findings.length);
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    const range = move(f.range, f.uri);
    if (!range) return undefined;
    let related = f.related;
    if (related) {
      const moved = related.map((r) => {
        const to = move(r.location.range, r.location.uri);
        return to === r.location.range ? r : { ...r, location: { uri: r.location.uri, range: to } };
      });
      if (moved.some((r) => !r.location.range)) return undefined;
      if (moved.some((r, k) => r !== related![k])) related = moved as typeof related;
    }
    let data = f.data;
    if (data) {
      const d = moveData(data, (r) => move(r, f.uri));
      if (!d) return undefined;
      data = d;
    }
    out[i] = range === f.range && related === f.related && data === f.data ? f : { ...f, range, ...(related ? { related } : {}), ...(data ? { data } : {}) };
  }
  return out;
}

/** The fix data with its ranges moved; the same object when none moved. */
function moveData(data: FixData, move: (r: Range) => Range | undefined): FixData | undefined {
  let copy: (FixData & { keyRange?: Range; parentRange?: Range }) | undefined;
  for (const k of ['keyRange', 'parentRange'] as const) {
    const r = (data as { keyRange?: Range; parentRange?: Range })[k];
    if (!r) continue;
    const m = move(r);
    if (!m) return undefined;
    if (m !== r) (copy ??= { ...data })[k] = m;
  }
  return copy ?? data;
}

/**
 * The previous graph with its components and references replaced by the new
 * ones (same structure, new offsets). Components read from unchanged chunks
 * are the same objects, so usually only the edited one is rebound.
 */
function rebind(g: Graph, ws: Workspace, before: Component[]): Graph {
  // The components at the same index as before (the same count, ids and order): only those read again are replaced.
  const nodes = new Map(g.nodes);
  const changed = new Set<string>();
  for (let i = 0; i < ws.components.length; i++) {
    const c = ws.components[i];
    if (c === before[i] || g.nodes.get(c.id) !== before[i]) continue; // unchanged, or a later duplicate (the graph holds the first)
    nodes.set(c.id, c);
    changed.add(c.id);
  }
  if (changed.size === 0) {
    const same = { ...g, nodes };
    rebindIndex(g, same, new Map(), changed);
    return same;
  }
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
  const next = { ...g, nodes, edges, dangling, out, in: inn };
  rebindIndex(g, next, replaced, changed);
  return next;
}

export type { PipelineFile };

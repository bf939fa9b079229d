// The graph view model (spec section 8): plain, JSON-serialisable data built
// from an Analysis, the one picture every renderer draws (the webview, SVG,
// DOT, Mermaid and the CLI's JSON). Everything the picture needs is decided
// here (kinds, ghost nodes for dangling references, cycle edges, dead
// letters, badges); the modelled figures are copied from the analysis's
// capacity result, never recomputed. Pure: no editor, DOM or IO.
//
// buildGraphView runs named phases, each testable alone: componentNodes,
// inputEdges, danglingReferences, deadLetterEdges, assignBadges, modelSummary.
import type { Analysis } from '../analyze';
import type { Component, PipelineFile } from '../pipeline/file';
import type { Graph } from '../pipeline/graph';
import type { CapacityResult, ComponentFigures } from '../capacity/types';
import type { Finding, Severity } from '../types';
import { get, isScalar, scalarString } from '../parse/tree';
import { rateText } from '../format';
import type { BadgeMessage, Badges, GraphView, ModelSummary, NodeKind, SloCheck, ViewEdge, ViewNode } from './types';

export type * from './types';

export interface BuildOptions {
  /** The what-if load factor the analysis ran with (default: the model's, else 1). */
  load?: number;
}

export const MAX_BADGE_MESSAGES = 20;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** Builds the view of one analysed pipeline. Never throws on user input. */
export function buildGraphView(analysis: Analysis, options: BuildOptions = {}): GraphView {
  const { ws, graph, capacity } = analysis;
  const files = new Map(ws.files.map((f) => [f.uri, f]));
  const { nodes, byId, spans } = componentNodes(analysis, files);
  const edges = new EdgeList();
  inputEdges(graph, capacity, edges);
  const ghosts = danglingReferences(graph, byId, files, ws.main.uri, edges);
  nodes.push(...ghosts);
  deadLetterEdges(graph, edges);
  const { totals, general } = assignBadges(analysis.findings, nodes, spans, files);

  const view: GraphView = { version: 1, uri: ws.main.uri, load: options.load ?? capacity?.load ?? 1, nodes, edges: edges.list, cycles: graph.cycles, totals, general };
  const name = scalarString(get(ws.main.root, 'pipeline', 'name'));
  if (name !== undefined) view.name = name;
  if (capacity) view.model = modelSummary(capacity);
  return view;
}

// ---- nodes ----

/** A component definition's text span: the findings inside it are its node's badges. */
export interface OwnerSpan {
  node: ViewNode;
  uri: string;
  start: number;
  end: number;
}

/** One node per component, in topological order (a stable layout input), with the model's figures. */
export function componentNodes(analysis: Analysis, files: Map<string, PipelineFile>): { nodes: ViewNode[]; byId: Map<string, ViewNode>; spans: OwnerSpan[] } {
  const { ws, graph, capacity } = analysis;
  const figures = new Map<string, ComponentFigures>();
  for (const f of capacity?.components ?? []) figures.set(f.id, f);
  const critical = new Set(capacity?.criticalPath ?? []);
  const nodes: ViewNode[] = [];
  const byId = new Map<string, ViewNode>();
  const spans: OwnerSpan[] = [];
  const ordered = graph.order.length === graph.nodes.size ? graph.order : [...graph.nodes.keys()];
  for (const id of ordered) {
    const c = graph.nodes.get(id);
    if (!c) continue;
    const node = componentNode(c, files.get(c.uri), ws.main.uri, figures.get(id), critical.has(id), capacity?.breaksFirst === id);
    nodes.push(node);
    byId.set(id, node);
    // Every definition of the id (duplicates included) owns its findings.
    for (const def of ws.byId.get(id) ?? [c]) spans.push({ node, uri: def.uri, start: def.pair.start, end: definitionEnd(def) });
  }
  return { nodes, byId, spans };
}

function componentNode(c: Component, file: PipelineFile | undefined, mainUri: string, fig: ComponentFigures | undefined, onCriticalPath: boolean, saturatesFirst: boolean): ViewNode {
  const pos = file ? file.lines.position(c.idNode.start) : { line: 0, character: 0 };
  const node: ViewNode = {
    id: c.id,
    kind: kindOf(c),
    type: c.type ?? '?',
    uri: c.uri,
    line: pos.line,
    character: pos.character,
    endLine: file ? file.lines.position(definitionEnd(c)).line : pos.line,
    badges: emptyBadges(),
    onCriticalPath,
    isBottleneck: fig !== undefined && (fig.utilization >= 1 || (saturatesFirst && fig.utilization >= 0.8)),
  };
  const description = scalarString(get(c.node, 'description'));
  if (description !== undefined) node.description = description;
  if (c.uri !== mainUri) node.file = basename(c.uri);
  if (fig) {
    node.parallelism = fig.parallelism;
    node.utilization = fig.utilization;
    node.inputRate = fig.inputRate;
    node.outputRate = fig.outputRate;
    node.p99Ms = fig.p99Ms;
    node.saturatesAtLoad = fig.saturatesAtLoad;
  } else {
    const par = get(c.node, 'parallelism');
    if (isScalar(par) && typeof par.value === 'number') node.parallelism = par.value;
  }
  return node;
}

function definitionEnd(c: Component): number {
  return Math.max(c.pair.end, c.pair.value?.end ?? 0);
}

function kindOf(c: Component): NodeKind {
  return c.section === 'sources' ? 'source' : c.section === 'sinks' ? 'sink' : 'processor';
}

function basename(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  const name = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

// ---- edges ----

/** Edges with ids unique within the view (`from>to#port`, then `~2`, `~3`…). */
export class EdgeList {
  readonly list: ViewEdge[] = [];
  private readonly ids = new Set<string>();

  add(edge: Omit<ViewEdge, 'id'>, base: string): ViewEdge {
    let id = base;
    for (let n = 2; this.ids.has(id); n++) id = `${base}~${n}`;
    this.ids.add(id);
    const e = { id, ...edge } as ViewEdge;
    this.list.push(e);
    return e;
  }
}

const edgeKey = (from: string, to: string, port: string | undefined) => `${from}>${to}${port !== undefined ? `#${port}` : ''}`;

/** The `inputs` edges, each with the model's rate for it (capacity.edges is graph.edges, in order). */
export function inputEdges(graph: Graph, capacity: CapacityResult | undefined, edges: EdgeList): void {
  const cycleOf = new Map<string, number>();
  graph.cycles.forEach((cyc, i) => cyc.forEach((id) => cycleOf.set(id, i)));
  const critical = capacity?.criticalPath ?? [];
  const criticalEdges = new Set<string>();
  for (let i = 0; i + 1 < critical.length; i++) criticalEdges.add(`${critical[i]}\u0000${critical[i + 1]}`);
  const rates = capacity && capacity.edges.length === graph.edges.length ? capacity.edges : undefined;
  graph.edges.forEach((e, k) => {
    const ci = cycleOf.get(e.from);
    const rate = rates?.[k].rate;
    const edge: Omit<ViewEdge, 'id'> = {
      from: e.from,
      to: e.to,
      wildcard: e.viaWildcard,
      inCycle: ci !== undefined && ci === cycleOf.get(e.to),
      ghost: false,
      ref: e.ref.text,
      onCriticalPath: criticalEdges.has(`${e.from}\u0000${e.to}`),
    };
    if (e.port !== undefined) edge.port = e.port;
    if (rate !== undefined) edge.rate = rate;
    const label = [e.port, rate !== undefined && Number.isFinite(rate) ? rateText(rate) : undefined].filter((x) => x !== undefined).join(' · ');
    if (label) edge.label = label;
    edges.add(edge, edgeKey(e.from, e.to, e.port));
  });
}

const GHOST_REASON: Record<string, string> = {
  'unknown-id': 'unknown id',
  'unknown-route': 'unknown route',
  'not-a-router': 'not a route processor',
  'empty-wildcard': 'wildcard matches nothing',
  'sink-as-input': 'a sink cannot be an input',
};

/**
 * Dangling references: a ghost node (one per distinct text) for names that do
 * not exist, and a ghost (dashed, flagged) edge into the consumer — from the
 * ghost, or from the real component when the name exists but cannot feed this
 * input (an unknown route, not a router, a sink). Returns the ghost nodes.
 */
export function danglingReferences(graph: Graph, byId: Map<string, ViewNode>, files: Map<string, PipelineFile>, mainUri: string, edges: EdgeList): ViewNode[] {
  const ghosts = new Map<string, ViewNode>();
  for (const d of graph.dangling) {
    const consumer = byId.get(d.consumer.id);
    if (!consumer) continue;
    const file = files.get(d.consumer.uri);
    const pos = file ? file.lines.position(d.ref.node.start) : { line: consumer.line, character: 0 };
    const reason = GHOST_REASON[d.reason] ?? d.reason;
    const existing = graph.nodes.has(d.ref.target) && d.reason !== 'empty-wildcard' && d.reason !== 'unknown-id';
    const from = existing ? d.ref.target : `?${d.ref.text}`;
    const port = existing && d.ref.kind !== 'id' ? d.ref.route : undefined;
    if (!existing && !ghosts.has(from)) {
      const g: ViewNode = {
        id: from,
        kind: 'ghost',
        type: reason,
        ghostReason: reason,
        uri: d.consumer.uri,
        line: pos.line,
        character: pos.character,
        endLine: pos.line,
        badges: emptyBadges(),
        onCriticalPath: false,
        isBottleneck: false,
      };
      if (d.consumer.uri !== mainUri) g.file = basename(d.consumer.uri);
      ghosts.set(from, g);
    }
    const edge: Omit<ViewEdge, 'id'> = {
      from,
      to: d.consumer.id,
      wildcard: d.ref.kind === 'wildcard',
      inCycle: false,
      ghost: true,
      ref: d.ref.text,
      dangling: { reason: d.reason, reasonText: reason, uri: d.consumer.uri, line: pos.line, character: pos.character },
      onCriticalPath: false,
    };
    if (port !== undefined) {
      edge.port = port;
      edge.label = port;
    }
    edges.add(edge, edgeKey(from, d.consumer.id, port));
  }
  return [...ghosts.values()];
}

/** Dead-letter routes between sinks (drawn dashed; VX109 reports the invalid ones, which are not drawn). */
export function deadLetterEdges(graph: Graph, edges: EdgeList): void {
  for (const c of graph.nodes.values()) {
    if (c.section !== 'sinks') continue;
    const target = scalarString(get(c.node, 'dead_letter'));
    const t = target === undefined ? undefined : graph.nodes.get(target);
    if (!t || t === c || t.section !== 'sinks') continue;
    edges.add({ from: c.id, to: t.id, label: 'dead letter', wildcard: false, inCycle: false, ghost: false, onCriticalPath: false, deadLetter: true }, `${c.id}>${t.id}#dead_letter`);
  }
}

// ---- badges ----

function emptyBadges(): Badges {
  return { errors: 0, warnings: 0, infos: 0, messages: [] };
}

function byRank(messages: BadgeMessage[]): void {
  messages.sort((x, y) => SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity]);
  if (messages.length > MAX_BADGE_MESSAGES) messages.length = MAX_BADGE_MESSAGES;
}

function count(b: { errors: number; warnings: number; infos: number }, f: Finding): void {
  if (f.severity === 'error') b.errors++;
  else if (f.severity === 'warning') b.warnings++;
  else b.infos++;
}

/**
 * Each finding becomes a badge on the innermost component definition whose
 * span contains its start; the rest are general. Also counts the totals.
 */
export function assignBadges(findings: Finding[], nodes: ViewNode[], spans: OwnerSpan[], files: Map<string, PipelineFile>): { totals: GraphView['totals']; general: BadgeMessage[] } {
  const totals = { errors: 0, warnings: 0, infos: 0 };
  const general: BadgeMessage[] = [];
  const spansByUri = new Map<string, OwnerSpan[]>();
  for (const s of spans) {
    const list = spansByUri.get(s.uri);
    if (list) list.push(s);
    else spansByUri.set(s.uri, [s]);
  }
  for (const f of findings) {
    count(totals, f);
    const file = files.get(f.uri);
    let owner: ViewNode | undefined;
    if (file) {
      const offset = file.lines.offset(f.range.start);
      let best = Infinity;
      for (const s of spansByUri.get(f.uri) ?? [])
        if (offset >= s.start && offset < s.end && s.end - s.start < best) {
          best = s.end - s.start;
          owner = s.node;
        }
    }
    const message = { severity: f.severity, code: f.code, message: f.message };
    if (owner) {
      count(owner.badges, f);
      owner.badges.messages.push(message);
    } else general.push(message);
  }
  for (const n of nodes) byRank(n.badges.messages);
  byRank(general);
  return { totals, general };
}

// ---- the model ----

/** The pipeline's figures and verdicts, as the model computed them. */
export function modelSummary(capacity: CapacityResult): ModelSummary {
  const model: ModelSummary = {
    load: capacity.load,
    maxIngest: capacity.maxIngest,
    endToEndP99Ms: capacity.endToEndP99Ms,
    criticalPath: capacity.criticalPath,
    memoryBytes: capacity.memoryBytes,
    memoryBudgetBytes: capacity.memoryBudgetBytes,
  };
  if (capacity.breaksFirst !== null) {
    model.saturatesFirst = capacity.breaksFirst;
    model.saturatesFirstAtLoad = capacity.breaksFirstAtLoad;
  }
  const { slo } = capacity;
  if (slo.latencyP99Ms !== null || slo.throughput !== null) {
    const check: SloCheck = {};
    if (slo.latencyP99Ms !== null) check.latencyP99Ms = slo.latencyP99Ms;
    if (slo.latencyOk !== null) check.latencyOk = slo.latencyOk;
    if (slo.throughput !== null) check.throughput = slo.throughput;
    if (slo.throughputOk !== null) check.throughputOk = slo.throughputOk;
    model.slo = check;
  }
  return model;
}

/** The node whose definition in `uri` contains `line` (innermost), for cursor highlighting. */
export function nodeAtLine(view: GraphView, uri: string, line: number): ViewNode | undefined {
  let best: ViewNode | undefined;
  for (const n of view.nodes) {
    if (n.kind === 'ghost' || n.uri !== uri || line < n.line || line > n.endLine) continue;
    if (!best || n.endLine - n.line < best.endLine - best.line) best = n;
  }
  return best;
}

// The graph preview's view model (spec section 8): plain, JSON-serialisable
// data built from an Analysis. The language server sends it to the webview;
// the CLI renders it to SVG. Everything the picture needs is decided here
// (kinds, ghost nodes for dangling references, cycle edges, badges, modelled
// figures), so the renderers only draw. Pure: no editor, DOM or IO.
import type { Analysis } from '../analyze';
import type { Component } from '../pipeline/file';
import type { ComponentFigures } from '../capacity/types';
import type { Finding, Severity } from '../types';
import { get, isMap, isScalar, scalarString } from '../parse/tree';
import { parseDuration, parseRate, parseSize } from '../units';
import { formatRate } from './labels';

export type NodeKind = 'source' | 'processor' | 'sink' | 'ghost';

export interface BadgeMessage {
  severity: Severity;
  code: string;
  message: string;
}

export interface Badges {
  errors: number;
  warnings: number;
  infos: number;
  /** At most MAX_BADGE_MESSAGES, most severe first. */
  messages: BadgeMessage[];
}

export interface ViewNode {
  /** Component id; ghost nodes get `?` + the reference text (never a valid id). */
  id: string;
  kind: NodeKind;
  /** Component type (`kafka`, `filter`, ...); for ghosts a short reason. */
  type: string;
  description?: string;
  /** Defining file's URI (absent for ghosts). */
  uri?: string;
  /** Basename of the defining file, only when it is not the main file. */
  file?: string;
  /** 0-based line of the id key (for ghosts: of the reference). */
  line: number;
  character: number;
  /** Last line of the component's definition (cursor -> node highlighting). */
  endLine: number;
  badges: Badges;
  parallelism?: number;
  utilization?: number;
  inputRate?: number;
  outputRate?: number;
  /** Stage p99 in ms; null = unbounded (utilisation >= 1). */
  p99Ms?: number | null;
  saturatesAtLoad?: number | null;
  onCriticalPath: boolean;
  /** Overloaded (utilisation >= 1), or the stage limiting the maximum ingest when it is hot (>= 0.8). */
  isBottleneck: boolean;
  /** For ghosts: why the reference resolves to nothing. */
  ghostReason?: string;
}

export interface ViewEdge {
  /** Stable within one view: `from>to` plus `#port` for route outputs. */
  id: string;
  from: string;
  to: string;
  /** Route port name and/or modelled rate (`eu · 2k/s`). */
  label?: string;
  port?: string;
  /** Modelled events per second on this edge. */
  rate?: number;
  wildcard: boolean;
  inCycle: boolean;
  /** The reference does not resolve (edge to or from a ghost, or an invalid port). */
  ghost: boolean;
  /** A sink's `dead_letter` target (drawn dashed; not an `inputs` edge, not in the model). */
  deadLetter?: boolean;
  onCriticalPath: boolean;
}

export interface SloCheck {
  latencyP99Ms?: number;
  throughput?: number;
  /** undefined when the model has no figure to compare. */
  latencyOk?: boolean;
  throughputOk?: boolean;
}

export interface ModelSummary {
  load: number;
  maxIngest: number | null;
  /** null = unbounded or no source-to-sink path. */
  endToEndP99Ms: number | null;
  criticalPath: string[];
  memoryBytes: number;
  memoryBudgetBytes?: number;
  bottleneck?: string;
  slo?: SloCheck;
}

export interface GraphView {
  version: 1;
  /** URI of the main file this view was built for. */
  uri: string;
  /** `pipeline.name`, when present. */
  name?: string;
  load: number;
  nodes: ViewNode[];
  edges: ViewEdge[];
  model?: ModelSummary;
  /** Totals over the main file and its imports. */
  totals: { errors: number; warnings: number; infos: number };
  /** Findings of the pipeline that belong to no node (top level, imports). */
  general: BadgeMessage[];
}

export interface BuildOptions {
  /** The what-if load factor the analysis ran with (default: the model's, else 1). */
  load?: number;
}

export const MAX_BADGE_MESSAGES = 20;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

function emptyBadges(): Badges {
  return { errors: 0, warnings: 0, infos: 0, messages: [] };
}

function addBadge(b: Badges, f: Finding): void {
  if (f.severity === 'error') b.errors++;
  else if (f.severity === 'warning') b.warnings++;
  else b.infos++;
  b.messages.push({ severity: f.severity, code: f.code, message: f.message });
}

function finishBadges(b: Badges): void {
  b.messages.sort((x, y) => SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity]);
  if (b.messages.length > MAX_BADGE_MESSAGES) b.messages.length = MAX_BADGE_MESSAGES;
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

function kindOf(c: Component): NodeKind {
  return c.section === 'sources' ? 'source' : c.section === 'sinks' ? 'sink' : 'processor';
}

const GHOST_REASON: Record<string, string> = {
  'unknown-id': 'unknown id',
  'unknown-route': 'unknown route',
  'not-a-router': 'not a route processor',
  'empty-wildcard': 'wildcard matches nothing',
  'sink-as-input': 'a sink cannot be an input',
};

/** Share of a route processor's input that leaves through `port` (spec section 7). */
export function routeShare(router: Component, port: string): number {
  const routes = get(router.node, 'routes');
  const names = isMap(routes) ? routes.pairs.map((p) => String(p.key.value)) : [];
  const share = get(router.node, 'share');
  const shares = new Map<string, number>();
  if (isMap(share))
    for (const p of share.pairs) if (isScalar(p.value) && typeof p.value.value === 'number') shares.set(String(p.key.value), p.value.value);
  if (port === '_unmatched') {
    if (shares.size === 0) return 0;
    let sum = 0;
    for (const v of shares.values()) sum += v;
    return Math.max(0, 1 - sum);
  }
  if (shares.size > 0) return shares.get(port) ?? 0;
  return names.length ? 1 / names.length : 0;
}

/** `40k/s`, with the model's figures rounded for a label. */
export function rateLabel(rate: number): string {
  return formatRate(rate);
}

/** Builds the view of one analysed pipeline. Never throws on user input. */
export function buildGraphView(analysis: Analysis, options: BuildOptions = {}): GraphView {
  const { ws, graph, capacity } = analysis;
  const mainUri = ws.main.uri;
  const load = options.load ?? capacity?.load ?? 1;
  const fileOf = new Map(ws.files.map((f) => [f.uri, f]));

  const figures = new Map<string, ComponentFigures>();
  for (const f of capacity?.components ?? []) figures.set(f.id, f);
  const critical = capacity?.criticalPath ?? [];
  const criticalSet = new Set(critical);
  const criticalEdges = new Set<string>();
  for (let i = 0; i + 1 < critical.length; i++) criticalEdges.add(`${critical[i]}\u0000${critical[i + 1]}`);

  let bottleneck: string | undefined;
  let worst = 0;
  for (const f of capacity?.components ?? [])
    if (f.inputRate > 0 && f.utilization > worst && graph.nodes.has(f.id)) {
      worst = f.utilization;
      bottleneck = f.id;
    }

  // Nodes, in topological order so the layout input is stable.
  const nodes: ViewNode[] = [];
  const byId = new Map<string, ViewNode>();
  const spans: Array<{ node: ViewNode; uri: string; start: number; end: number }> = [];
  const ordered = graph.order.length === graph.nodes.size ? graph.order : [...graph.nodes.keys()];
  for (const id of ordered) {
    const c = graph.nodes.get(id);
    if (!c) continue;
    const file = fileOf.get(c.uri);
    const pos = file ? file.lines.position(c.idNode.start) : { line: 0, character: 0 };
    const fig = figures.get(id);
    const par = get(c.node, 'parallelism');
    const node: ViewNode = {
      id,
      kind: kindOf(c),
      type: c.type ?? '?',
      uri: c.uri,
      line: pos.line,
      character: pos.character,
      endLine: file ? file.lines.position(Math.max(c.pair.end, c.pair.value?.end ?? 0)).line : pos.line,
      badges: emptyBadges(),
      onCriticalPath: criticalSet.has(id),
      isBottleneck: fig !== undefined && (fig.utilization >= 1 || (id === bottleneck && fig.utilization >= 0.8)),
    };
    const description = scalarString(get(c.node, 'description'));
    if (description !== undefined) node.description = description;
    if (c.uri !== mainUri) node.file = basename(c.uri);
    if (isScalar(par) && typeof par.value === 'number') node.parallelism = par.value;
    if (fig) {
      node.utilization = fig.utilization;
      node.inputRate = fig.inputRate;
      node.outputRate = fig.outputRate;
      node.p99Ms = fig.p99Ms;
      node.saturatesAtLoad = fig.saturatesAtLoad;
    }
    nodes.push(node);
    byId.set(id, node);
    // Every definition of the id (duplicates included) owns its findings.
    for (const def of ws.byId.get(id) ?? [c]) spans.push({ node, uri: def.uri, start: def.pair.start, end: Math.max(def.pair.end, def.pair.value?.end ?? 0) });
  }

  // Edges, with cycle membership and modelled rates.
  const cycleOf = new Map<string, number>();
  graph.cycles.forEach((cyc, i) => cyc.forEach((id) => cycleOf.set(id, i)));
  const edges: ViewEdge[] = [];
  const edgeIds = new Set<string>();
  const uniqueEdgeId = (base: string) => {
    let id = base;
    for (let n = 2; edgeIds.has(id); n++) id = `${base}~${n}`;
    edgeIds.add(id);
    return id;
  };
  const ratePer = (from: string, port?: string): number | undefined => {
    const f = figures.get(from);
    if (!f) return undefined;
    if (port === undefined) return f.outputRate;
    const router = graph.nodes.get(from);
    return router ? f.inputRate * routeShare(router, port) : undefined;
  };
  const label = (port: string | undefined, rate: number | undefined) => {
    const parts: string[] = [];
    if (port !== undefined) parts.push(port);
    if (rate !== undefined && Number.isFinite(rate)) parts.push(rateLabel(rate));
    return parts.length ? parts.join(' · ') : undefined;
  };
  for (const e of graph.edges) {
    const ci = cycleOf.get(e.from);
    const inCycle = ci !== undefined && ci === cycleOf.get(e.to);
    const rate = ratePer(e.from, e.port);
    const edge: ViewEdge = {
      id: uniqueEdgeId(`${e.from}>${e.to}${e.port !== undefined ? `#${e.port}` : ''}`),
      from: e.from,
      to: e.to,
      wildcard: e.viaWildcard,
      inCycle,
      ghost: false,
      onCriticalPath: criticalEdges.has(`${e.from}\u0000${e.to}`),
    };
    if (e.port !== undefined) edge.port = e.port;
    if (rate !== undefined) edge.rate = rate;
    const l = label(e.port, rate);
    if (l !== undefined) edge.label = l;
    edges.push(edge);
  }

  // Dangling references: ghost nodes for names that do not exist, ghost
  // (dashed, flagged) edges for names that exist but cannot feed this input.
  const ghosts = new Map<string, ViewNode>();
  for (const d of graph.dangling) {
    const consumer = byId.get(d.consumer.id);
    if (!consumer) continue;
    const file = fileOf.get(d.consumer.uri);
    const pos = file ? file.lines.position(d.ref.node.start) : { line: consumer.line, character: 0 };
    const reason = GHOST_REASON[d.reason] ?? d.reason;
    const existing = graph.nodes.has(d.ref.target) && d.reason !== 'empty-wildcard' && d.reason !== 'unknown-id';
    let from: string;
    let port: string | undefined;
    if (existing) {
      from = d.ref.target;
      port = d.ref.kind === 'id' ? undefined : d.ref.route;
    } else {
      from = `?${d.ref.text}`;
      let g = ghosts.get(from);
      if (!g) {
        g = {
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
    }
    const edge: ViewEdge = {
      id: uniqueEdgeId(`${from}>${d.consumer.id}${port !== undefined ? `#${port}` : ''}`),
      from,
      to: d.consumer.id,
      wildcard: d.ref.kind === 'wildcard',
      inCycle: false,
      ghost: true,
      onCriticalPath: false,
    };
    if (port !== undefined) {
      edge.port = port;
      edge.label = port;
    }
    edges.push(edge);
  }
  nodes.push(...ghosts.values());

  // Dead-letter routes between sinks (VX109 reports the invalid ones).
  for (const c of graph.nodes.values()) {
    if (c.section !== 'sinks') continue;
    const target = scalarString(get(c.node, 'dead_letter'));
    const t = target === undefined ? undefined : graph.nodes.get(target);
    if (!t || t === c || t.section !== 'sinks') continue;
    edges.push({
      id: uniqueEdgeId(`${c.id}>${t.id}#dead_letter`),
      from: c.id,
      to: t.id,
      label: 'dead letter',
      wildcard: false,
      inCycle: false,
      ghost: false,
      onCriticalPath: false,
      deadLetter: true,
    });
  }

  // Badges: a finding belongs to the innermost component definition whose
  // span contains its start; the rest are general.
  const totals = { errors: 0, warnings: 0, infos: 0 };
  const general: BadgeMessage[] = [];
  const spansByUri = new Map<string, typeof spans>();
  for (const s of spans) {
    const list = spansByUri.get(s.uri);
    if (list) list.push(s);
    else spansByUri.set(s.uri, [s]);
  }
  for (const f of analysis.findings) {
    if (f.severity === 'error') totals.errors++;
    else if (f.severity === 'warning') totals.warnings++;
    else totals.infos++;
    const file = fileOf.get(f.uri);
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
    if (owner) addBadge(owner.badges, f);
    else general.push({ severity: f.severity, code: f.code, message: f.message });
  }
  for (const n of nodes) finishBadges(n.badges);
  general.sort((x, y) => SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity]);
  if (general.length > MAX_BADGE_MESSAGES) general.length = MAX_BADGE_MESSAGES;

  const view: GraphView = { version: 1, uri: mainUri, load, nodes, edges, totals, general };
  const name = scalarString(get(ws.main.root, 'pipeline', 'name'));
  if (name !== undefined) view.name = name;

  if (capacity) {
    const model: ModelSummary = {
      load: capacity.load,
      maxIngest: capacity.maxIngest,
      endToEndP99Ms: capacity.endToEndP99Ms,
      criticalPath: capacity.criticalPath,
      memoryBytes: capacity.memoryBytes,
    };
    if (bottleneck !== undefined) model.bottleneck = bottleneck;
    const budget = get(ws.main.root, 'runtime', 'memory');
    const budgetBytes = parseSize(scalarString(budget)) ?? (ws.main.isFragment ? undefined : 2 * 1024 ** 3);
    if (budgetBytes !== undefined) model.memoryBudgetBytes = budgetBytes;
    const latency = parseDuration(scalarString(get(ws.main.root, 'pipeline', 'slo', 'latency_p99')));
    const throughput = parseRate(scalarString(get(ws.main.root, 'pipeline', 'slo', 'throughput')));
    if (latency !== undefined || throughput !== undefined) {
      const slo: SloCheck = {};
      if (latency !== undefined) {
        slo.latencyP99Ms = latency * 1000;
        if (capacity.endToEndP99Ms !== null) slo.latencyOk = capacity.endToEndP99Ms <= latency * 1000;
        else if (capacity.criticalPath.length > 0) slo.latencyOk = false; // unbounded
      }
      if (throughput !== undefined) {
        slo.throughput = throughput;
        if (capacity.maxIngest !== null) slo.throughputOk = capacity.maxIngest >= throughput;
      }
      model.slo = slo;
    }
    view.model = model;
  }
  return view;
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

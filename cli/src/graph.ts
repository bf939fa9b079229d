// `veltrix-lint graph`: the graph view (core/src/graph-view/model.ts, the
// same data the editor preview and `--format svg` draw) as Graphviz DOT,
// Mermaid or JSON. Nodes are shaped and grouped by kind (sources,
// processors, sinks); route outputs are edges labelled with the route name
// (`_unmatched` included) and, when modelled, the rate; wildcard edges are
// dotted and labelled with the pattern; references that resolve to nothing
// are dashed red edges, from a dashed "ghost" node when the name does not
// exist; nodes with findings say how many. Every id and label is escaped for
// the target syntax, so no configuration text can break out of a string.
import type { Analysis } from '../../core/src/index';
import { buildGraphView, type GraphView, type NodeKind, type ViewEdge, type ViewNode } from '../../core/src/graph-view/model';
import type { ModelSummary } from '../../core/src/graph-view/types';
import { rateText } from '../../core/src/format';
import { displayPath } from './files';

export type GraphFormat = 'dot' | 'mermaid' | 'json';

type RealKind = Exclude<NodeKind, 'ghost'>;
const SECTION: Record<RealKind, 'sources' | 'processors' | 'sinks'> = { source: 'sources', processor: 'processors', sink: 'sinks' };
const KINDS: RealKind[] = ['source', 'processor', 'sink'];

function pipelineName(view: GraphView): string {
  return view.name ?? 'pipeline';
}

function byKind(view: GraphView): Array<[RealKind, ViewNode[]]> {
  return KINDS.map((k) => [k, view.nodes.filter((n) => n.kind === k)]);
}

/** `1 error, 2 warnings` for a node with findings, else undefined. */
function badgeText(n: ViewNode): string | undefined {
  const parts: string[] = [];
  const { errors, warnings, infos } = n.badges;
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  if (infos) parts.push(`${infos} info${infos === 1 ? '' : 's'}`);
  return parts.length ? parts.join(', ') : undefined;
}

function nodeText(n: ViewNode): string[] {
  if (n.kind === 'ghost') return [n.id.slice(1)];
  const lines = n.type === '?' ? [n.id] : [n.id, n.type];
  const badges = badgeText(n);
  if (badges) lines.push(badges);
  return lines;
}

/** What an edge says: the wildcard pattern, the route port and rate, the reason a reference is dangling. */
function edgeText(e: ViewEdge): string | undefined {
  if (e.dangling) return e.port !== undefined ? `${e.port}: ${e.dangling.reasonText}` : e.dangling.reasonText;
  if (e.wildcard && e.ref !== undefined) return e.rate !== undefined ? `${e.ref} · ${rateText(e.rate)}` : e.ref;
  if (e.deadLetter) return 'dead_letter';
  return e.label;
}

// ---- DOT ----

/** A DOT double-quoted string: backslashes and quotes escaped, line breaks removed. */
export function dotString(...lines: string[]): string {
  return `"${lines.map((s) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')).join('\\n')}"`;
}

const DOT_SHAPE: Record<RealKind, string> = {
  source: 'shape=cds, style=filled, fillcolor="#dbeafe"',
  processor: 'shape=box, style="rounded,filled", fillcolor="#f1f5f9"',
  sink: 'shape=cylinder, style=filled, fillcolor="#dcfce7"',
};

function dotEdgeStyle(e: ViewEdge): string[] {
  if (e.ghost) return ['style=dashed', 'color="#dc2626"'];
  if (e.deadLetter) return ['style=dashed', 'color="#64748b"'];
  if (e.inCycle) return ['color="#dc2626"'];
  if (e.wildcard) return ['style=dotted'];
  if (e.port === '_unmatched') return ['style=dashed', 'color="#b45309"'];
  return [];
}

export function viewToDot(view: GraphView): string {
  const out: string[] = [];
  out.push(`digraph ${dotString(pipelineName(view))} {`);
  out.push('  rankdir=LR;');
  out.push('  node [fontname="Helvetica", fontsize=11];');
  out.push('  edge [fontname="Helvetica", fontsize=9];');
  for (const [kind, nodes] of byKind(view)) {
    if (nodes.length === 0) continue;
    out.push(`  subgraph ${dotString(`cluster_${SECTION[kind]}`)} {`);
    out.push(`    label=${dotString(SECTION[kind])}; style=dashed; color="#94a3b8";`);
    for (const n of nodes) {
      const severity = n.badges.errors ? ', color="#dc2626", penwidth=2' : n.badges.warnings ? ', color="#d97706", penwidth=2' : '';
      out.push(`    ${dotString(n.id)} [${DOT_SHAPE[kind]}${severity}, label=${dotString(...nodeText(n))}];`);
    }
    out.push('  }');
  }
  for (const n of view.nodes)
    if (n.kind === 'ghost') out.push(`  ${dotString(n.id)} [label=${dotString(...nodeText(n))}, shape=box, style=dashed, color="#dc2626", fontcolor="#dc2626"];`);
  for (const e of view.edges) {
    const text = edgeText(e);
    const attrs = dotEdgeStyle(e);
    // The route label leads for route outputs; it follows the style for the other kinds.
    if (text !== undefined) attrs.splice(e.wildcard || e.ghost || e.deadLetter ? attrs.length : 0, 0, `label=${dotString(text)}`);
    out.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

// ---- Mermaid ----

/**
 * Text for a Mermaid quoted label: every character outside a small safe set
 * becomes an entity code (`#35;`), so quotes, brackets, pipes and markup in
 * ids cannot end the label or inject HTML.
 */
export function mermaidText(s: string): string {
  let out = '';
  for (const ch of s) out += /[A-Za-z0-9 _.,:*?-]/.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  return out;
}

const MERMAID_SHAPE: Record<NodeKind, [string, string]> = { source: ['(["', '"])'], processor: ['["', '"]'], sink: ['[("', '")]'], ghost: ['["', '"]'] };

export function viewToMermaid(view: GraphView): string {
  const out: string[] = ['flowchart LR'];
  const ids = new Map<string, string>();
  let n = 0;
  let g = 0;
  for (const node of view.nodes) ids.set(node.id, node.kind === 'ghost' ? `g${g++}` : `n${n++}`);
  const label = (node: ViewNode) => nodeText(node).map(mermaidText).join('<br/>');
  const classes = { ghost: [] as string[], error: [] as string[], warning: [] as string[] };
  for (const [kind, nodes] of byKind(view)) {
    if (nodes.length === 0) continue;
    out.push(`  subgraph ${SECTION[kind]}_group["${SECTION[kind]}"]`);
    for (const node of nodes) {
      const [open, close] = MERMAID_SHAPE[kind];
      out.push(`    ${ids.get(node.id)}${open}${label(node)}${close}`);
      if (node.badges.errors) classes.error.push(ids.get(node.id)!);
      else if (node.badges.warnings) classes.warning.push(ids.get(node.id)!);
    }
    out.push('  end');
  }
  for (const node of view.nodes) {
    if (node.kind !== 'ghost') continue;
    out.push(`  ${ids.get(node.id)}["${label(node)}"]:::ghost`);
    classes.ghost.push(ids.get(node.id)!);
  }
  for (const e of view.edges) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (from === undefined || to === undefined) continue;
    const text = edgeText(e);
    const arrow = e.wildcard || e.ghost || e.deadLetter ? '-.->' : '-->';
    out.push(`  ${from} ${arrow}${text !== undefined ? `|"${mermaidText(text)}"|` : ''} ${to}`);
  }
  if (classes.ghost.length) out.push('  classDef ghost stroke-dasharray: 5 5,stroke:#dc2626,color:#dc2626;');
  if (classes.error.length) out.push('  classDef error stroke:#dc2626,stroke-width:2px;', `  class ${classes.error.join(',')} error;`);
  if (classes.warning.length) out.push('  classDef warning stroke:#d97706,stroke-width:2px;', `  class ${classes.warning.join(',')} warning;`);
  return out.join('\n') + '\n';
}

// ---- JSON ----

/**
 * `--format json`: {version, pipeline, file, nodes, edges, ghosts, dangling,
 * deadLetters, cycles, model}. Stable; fields are only added.
 */
export function viewJson(view: GraphView, cwd?: string) {
  const real = view.nodes.filter((n) => n.kind !== 'ghost');
  return {
    version: 1,
    pipeline: pipelineName(view),
    file: displayPath(view.uri, cwd),
    nodes: real.map((n) => ({
      id: n.id,
      kind: n.kind,
      section: SECTION[n.kind as RealKind],
      type: n.type === '?' ? null : n.type,
      file: displayPath(n.uri ?? view.uri, cwd),
      line: n.line + 1,
      column: n.character + 1,
      badges: { errors: n.badges.errors, warnings: n.badges.warnings, infos: n.badges.infos },
      // The model's figures; null when the model did not run (or, for utilisation and p99, in a cycle or overloaded).
      utilization: n.utilization ?? null,
      inputRate: n.inputRate ?? null,
      outputRate: n.outputRate ?? null,
      p99Ms: n.p99Ms ?? null,
    })),
    edges: view.edges
      .filter((e) => !e.ghost && !e.deadLetter)
      .map((e) => ({ from: e.from, to: e.to, port: e.port ?? null, wildcard: e.wildcard, ref: e.ref ?? '', rate: e.rate ?? null })),
    ghosts: view.nodes.filter((n) => n.kind === 'ghost').map((n) => ({ id: n.id, ref: n.id.slice(1), reason: n.ghostReason ?? n.type })),
    dangling: view.edges.flatMap((e) =>
      e.dangling
        ? [{ consumer: e.to, ref: e.ref ?? '', reason: e.dangling.reason, from: e.from, file: displayPath(e.dangling.uri, cwd), line: e.dangling.line + 1, column: e.dangling.character + 1 }]
        : [],
    ),
    deadLetters: view.edges.filter((e) => e.deadLetter).map((e) => ({ from: e.from, to: e.to })),
    cycles: view.cycles,
    model: view.model ? modelSummaryJson(view.model) : null,
  };
}

/** The pipeline's figures with every key present (null where the model has none). */
function modelSummaryJson(m: ModelSummary) {
  return {
    load: m.load,
    maxIngest: m.maxIngest,
    endToEndP99Ms: m.endToEndP99Ms,
    criticalPath: m.criticalPath,
    memoryBytes: m.memoryBytes,
    memoryBudgetBytes: m.memoryBudgetBytes,
    saturatesFirst: m.saturatesFirst ?? null,
    saturatesFirstAtLoad: m.saturatesFirstAtLoad ?? null,
    slo: m.slo
      ? { latencyP99Ms: m.slo.latencyP99Ms ?? null, latencyOk: m.slo.latencyOk ?? null, throughput: m.slo.throughput ?? null, throughputOk: m.slo.throughputOk ?? null }
      : null,
  };
}

export function formatGraph(a: Analysis, format: GraphFormat, cwd?: string): string {
  const view = buildGraphView(a);
  if (format === 'dot') return viewToDot(view);
  if (format === 'mermaid') return viewToMermaid(view);
  return JSON.stringify(viewJson(view, cwd), null, 2) + '\n';
}

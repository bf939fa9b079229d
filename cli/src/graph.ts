// `veltrix-lint graph`: the topology of `analysis.graph` as Graphviz DOT,
// Mermaid or JSON. Nodes are shaped and grouped by kind (sources, processors,
// sinks); route outputs are edges labelled with the route name (`_unmatched`
// included); edges that come from a wildcard input are dotted and labelled
// with the pattern; references that resolve to nothing are dashed edges from
// a dashed "ghost" node. Every id and label is escaped for the target syntax,
// so no configuration text can break out of a quoted string.
import type { Analysis, Component, Section } from '../../core/src/index';
import { get, scalarString } from '../../core/src/parse/tree';
import { displayPath } from './files';

export type GraphFormat = 'dot' | 'mermaid' | 'json';

const KIND: Record<Section, 'source' | 'processor' | 'sink'> = { sources: 'source', processors: 'processor', sinks: 'sink' };
const SECTION_ORDER: Section[] = ['sources', 'processors', 'sinks'];

interface GhostNode {
  id: string;
  label: string;
  consumer: string;
  ref: string;
  reason: string;
}

function pipelineName(a: Analysis): string {
  return scalarString(get(get(a.ws.main.root, 'pipeline'), 'name')) ?? 'pipeline';
}

function position(a: Analysis, c: Component): { line: number; column: number } {
  const file = a.ws.files.find((f) => f.uri === c.uri);
  const p = file ? file.lines.position(c.idNode.start) : { line: 0, character: 0 };
  return { line: p.line + 1, column: p.character + 1 };
}

function ghosts(a: Analysis): GhostNode[] {
  const taken = new Set(a.graph.nodes.keys());
  return a.graph.dangling.map((d, i) => {
    let id = `?${d.ref.text}#${i}`;
    while (taken.has(id)) id = `?${id}`;
    taken.add(id);
    return { id, label: d.ref.text, consumer: d.consumer.id, ref: d.ref.text, reason: d.reason };
  });
}

/** `dead_letter` links between sinks (not part of the event graph, drawn as dashed edges). */
function deadLetters(a: Analysis): Array<{ from: string; to: string }> {
  const out: Array<{ from: string; to: string }> = [];
  for (const c of a.graph.nodes.values()) {
    if (c.section !== 'sinks') continue;
    const target = scalarString(get(c.node, 'dead_letter'));
    if (target && target !== c.id && a.graph.nodes.get(target)?.section === 'sinks') out.push({ from: c.id, to: target });
  }
  return out;
}

function bySection(a: Analysis): Map<Section, Component[]> {
  const groups = new Map<Section, Component[]>(SECTION_ORDER.map((s) => [s, []]));
  for (const c of a.graph.nodes.values()) groups.get(c.section)!.push(c);
  return groups;
}

// ---- DOT ----

/** A DOT double-quoted string: backslashes and quotes escaped, line breaks removed. */
export function dotString(...lines: string[]): string {
  return `"${lines.map((s) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')).join('\\n')}"`;
}

const DOT_SHAPE: Record<Section, string> = {
  sources: 'shape=cds, style=filled, fillcolor="#dbeafe"',
  processors: 'shape=box, style="rounded,filled", fillcolor="#f1f5f9"',
  sinks: 'shape=cylinder, style=filled, fillcolor="#dcfce7"',
};

export function toDot(a: Analysis): string {
  const out: string[] = [];
  out.push(`digraph ${dotString(pipelineName(a))} {`);
  out.push('  rankdir=LR;');
  out.push('  node [fontname="Helvetica", fontsize=11];');
  out.push('  edge [fontname="Helvetica", fontsize=9];');
  for (const [section, comps] of bySection(a)) {
    if (comps.length === 0) continue;
    out.push(`  subgraph ${dotString(`cluster_${section}`)} {`);
    out.push(`    label=${dotString(section)}; style=dashed; color="#94a3b8";`);
    for (const c of comps) out.push(`    ${dotString(c.id)} [${DOT_SHAPE[section]}, label=${c.type ? dotString(c.id, c.type) : dotString(c.id)}];`);
    out.push('  }');
  }
  for (const e of a.graph.edges) {
    const attrs: string[] = [];
    if (e.viaWildcard) attrs.push('style=dotted', `label=${dotString(e.ref.text)}`);
    else if (e.port === '_unmatched') attrs.push(`label=${dotString('_unmatched')}`, 'style=dashed', 'color="#b45309"');
    else if (e.port !== undefined) attrs.push(`label=${dotString(e.port)}`);
    out.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  for (const d of deadLetters(a)) out.push(`  ${dotString(d.from)} -> ${dotString(d.to)} [style=dashed, color="#64748b", label="dead_letter"];`);
  for (const g of ghosts(a)) {
    out.push(`  ${dotString(g.id)} [label=${dotString(g.label)}, shape=box, style=dashed, color="#dc2626", fontcolor="#dc2626"];`);
    out.push(`  ${dotString(g.id)} -> ${dotString(g.consumer)} [style=dashed, color="#dc2626", label=${dotString(g.reason)}];`);
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

const MERMAID_SHAPE: Record<Section, [string, string]> = { sources: ['(["', '"])'], processors: ['["', '"]'], sinks: ['[("', '")]'] };

export function toMermaid(a: Analysis): string {
  const out: string[] = ['flowchart LR'];
  const ids = new Map<string, string>();
  let n = 0;
  for (const id of a.graph.nodes.keys()) ids.set(id, `n${n++}`);
  for (const [section, comps] of bySection(a)) {
    if (comps.length === 0) continue;
    out.push(`  subgraph ${section}_group["${section}"]`);
    for (const c of comps) {
      const [open, close] = MERMAID_SHAPE[section];
      const label = c.type ? `${mermaidText(c.id)}<br/>${mermaidText(c.type)}` : mermaidText(c.id);
      out.push(`    ${ids.get(c.id)}${open}${label}${close}`);
    }
    out.push('  end');
  }
  for (const e of a.graph.edges) {
    const from = ids.get(e.from)!;
    const to = ids.get(e.to)!;
    if (e.viaWildcard) out.push(`  ${from} -.->|"${mermaidText(e.ref.text)}"| ${to}`);
    else if (e.port !== undefined) out.push(`  ${from} -->|"${mermaidText(e.port)}"| ${to}`);
    else out.push(`  ${from} --> ${to}`);
  }
  for (const d of deadLetters(a)) out.push(`  ${ids.get(d.from)} -.->|"dead_letter"| ${ids.get(d.to)}`);
  const gs = ghosts(a);
  gs.forEach((g, i) => {
    out.push(`  g${i}["${mermaidText(g.label)}"]:::ghost`);
    out.push(`  g${i} -.->|"${mermaidText(g.reason)}"| ${ids.get(g.consumer)}`);
  });
  if (gs.length) out.push('  classDef ghost stroke-dasharray: 5 5,stroke:#dc2626,color:#dc2626;');
  return out.join('\n') + '\n';
}

// ---- JSON ----

/** `--format json`: {version, pipeline, file, nodes, edges, dangling, deadLetters, cycles}. Stable; fields are only added. */
export function graphJson(a: Analysis, cwd?: string) {
  return {
    version: 1,
    pipeline: pipelineName(a),
    file: displayPath(a.ws.main.uri, cwd),
    nodes: [...a.graph.nodes.values()].map((c) => ({
      id: c.id,
      kind: KIND[c.section],
      section: c.section,
      type: c.type ?? null,
      file: displayPath(c.uri, cwd),
      ...position(a, c),
    })),
    edges: a.graph.edges.map((e) => ({ from: e.from, to: e.to, port: e.port ?? null, wildcard: e.viaWildcard, ref: e.ref.text })),
    dangling: a.graph.dangling.map((d) => {
      const file = a.ws.files.find((f) => f.uri === d.consumer.uri);
      const p = file ? file.lines.position(d.ref.node.start) : { line: 0, character: 0 };
      return { consumer: d.consumer.id, ref: d.ref.text, reason: d.reason, file: displayPath(d.consumer.uri, cwd), line: p.line + 1, column: p.character + 1 };
    }),
    deadLetters: deadLetters(a),
    cycles: a.graph.cycles,
  };
}

export function formatGraph(a: Analysis, format: GraphFormat, cwd?: string): string {
  if (format === 'dot') return toDot(a);
  if (format === 'mermaid') return toMermaid(a);
  return JSON.stringify(graphJson(a, cwd), null, 2) + '\n';
}

// Layout of a GraphView with dagre (layered, left to right). Synchronous and
// pure, so the CLI, the benchmark and the webview share it. Node sizes come
// from the text drawn in them (labels.ts), so the picture never overflows.
import dagre from '@dagrejs/dagre';
import type { GraphView } from './model';
import { edgeText, nodeLines, textWidth } from './labels';

export interface Point {
  x: number;
  y: number;
}

export interface LaidNode {
  /** Centre. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidEdge {
  points: Point[];
  /** Centre of the label, when the edge has one. */
  label?: Point;
}

/** Positions, index-aligned with `view.nodes` and `view.edges`. */
export interface Layout {
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: LaidEdge[];
}

export interface LayoutOptions {
  /** Place edge labels as dagre label nodes (no overlaps; slower on big graphs). Default: up to 400 edges. */
  labelNodes?: boolean;
}

export const NODE = {
  padX: 12,
  lineHeight: 16,
  padY: 8,
  minWidth: 110,
  badgeSpace: 26,
  font: 12,
};
export const EDGE_LABEL = { font: 11, height: 16, pad: 8 };
export const MARGIN = 24;

export function nodeSize(lines: string[]): { width: number; height: number } {
  const w = Math.max(...lines.map((l, i) => textWidth(l, i === 0 ? NODE.font + 1 : NODE.font - 1)));
  // Widths in steps of 20 px: figures that change by a digit keep the layout (see the cache below).
  return {
    width: Math.ceil(Math.max(NODE.minWidth, w + 2 * NODE.padX + NODE.badgeSpace) / 20) * 20,
    height: lines.length * NODE.lineHeight + 2 * NODE.padY,
  };
}

/**
 * Lays the view out. Each connected part of the graph is laid out on its own
 * by dagre (left to right) and the parts are packed in rows: dagre's crossing
 * minimisation grows with the width of a rank, so many small pipelines side
 * by side are far faster this way, and the picture reads better.
 */
export function layoutGraph(view: GraphView, options: LayoutOptions = {}): Layout {
  const labelNodes = options.labelNodes ?? view.edges.length <= 400;
  // Typing inside a component rarely changes the structure or the box sizes:
  // reuse the last layouts then (dagre needs seconds for 1,000 components).
  const key = structureKey(view, labelNodes);
  const hit = cache.get(key);
  if (hit) return structuredCloneLayout(hit);
  const laid = computeLayout(view, labelNodes);
  cache.set(key, structuredCloneLayout(laid));
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return laid;
}

const CACHE_SIZE = 4;
const cache = new Map<string, Layout>();

function structuredCloneLayout(l: Layout): Layout {
  return {
    width: l.width,
    height: l.height,
    nodes: l.nodes.map((n) => ({ ...n })),
    edges: l.edges.map((e) => ({ points: e.points.map((p) => ({ ...p })), ...(e.label ? { label: { ...e.label } } : {}) })),
  };
}

function structureKey(view: GraphView, labelNodes: boolean): string {
  const parts: string[] = [labelNodes ? 'L' : 'N'];
  for (const n of view.nodes) {
    const size = nodeSize(nodeLines(n));
    parts.push(`${n.id}\u0000${size.width}x${size.height}`);
  }
  parts.push('\u0001');
  for (const e of view.edges) {
    const text = edgeText(e);
    parts.push(`${e.from}\u0000${e.to}\u0000${e.port ?? ''}\u0000${e.ghost || e.deadLetter ? 1 : 2}\u0000${text === undefined ? '' : Math.ceil(textWidth(text, EDGE_LABEL.font) / 20)}`);
  }
  return parts.join('\u0002');
}

function computeLayout(view: GraphView, labelNodes: boolean): Layout {
  const index = new Map<string, number>();
  view.nodes.forEach((n, i) => index.set(n.id, i));
  // Union-find over edges -> connected parts.
  const parent = view.nodes.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (const e of view.edges) {
    const a = index.get(e.from);
    const b = index.get(e.to);
    if (a !== undefined && b !== undefined) parent[find(a)] = find(b);
  }
  const parts = new Map<number, { nodes: number[]; edges: number[] }>();
  view.nodes.forEach((_, i) => {
    const r = find(i);
    if (!parts.has(r)) parts.set(r, { nodes: [], edges: [] });
    parts.get(r)!.nodes.push(i);
  });
  view.edges.forEach((e, i) => {
    const a = index.get(e.from);
    if (a !== undefined && index.get(e.to) !== undefined) parts.get(find(a))!.edges.push(i);
  });

  const nodes: LaidNode[] = view.nodes.map(() => ({ x: 0, y: 0, width: 0, height: 0 }));
  const edges: LaidEdge[] = view.edges.map(() => ({ points: [] }));
  const laidParts = [...parts.values()].map((part) => layoutPart(view, part, index, labelNodes, nodes, edges));

  // Shelf packing: rows no wider than the widest part or ~1.6 x sqrt(area).
  const area = laidParts.reduce((s, p) => s + p.width * p.height, 0);
  const maxRow = Math.max(...laidParts.map((p) => p.width), Math.sqrt(area) * 1.6, 1);
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const p of laidParts) {
    if (x > 0 && x + p.width > maxRow) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    for (const i of p.nodes) {
      nodes[i].x += x;
      nodes[i].y += y;
    }
    for (const i of p.edges) {
      for (const pt of edges[i].points) {
        pt.x += x;
        pt.y += y;
      }
      const l = edges[i].label;
      if (l) edges[i].label = { x: l.x + x, y: l.y + y };
    }
    x += p.width;
    rowHeight = Math.max(rowHeight, p.height);
    width = Math.max(width, x);
  }
  return { width: Math.ceil(width), height: Math.ceil(y + rowHeight), nodes, edges };
}

function layoutPart(
  view: GraphView,
  part: { nodes: number[]; edges: number[] },
  index: Map<string, number>,
  labelNodes: boolean,
  nodes: LaidNode[],
  edges: LaidEdge[],
): { width: number; height: number; nodes: number[]; edges: number[] } {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: labelNodes ? 40 : 70, edgesep: 12, marginx: MARGIN, marginy: MARGIN / 2 });
  g.setDefaultEdgeLabel(() => ({}));
  // Graph keys are indexes, never config text (no `__proto__` surprises).
  for (const i of part.nodes) g.setNode(`n${i}`, nodeSize(nodeLines(view.nodes[i])));
  for (const i of part.edges) {
    const e = view.edges[i];
    const text = edgeText(e);
    const label: Record<string, unknown> = { minlen: 1, weight: e.ghost || e.deadLetter ? 1 : 2 };
    if (text !== undefined && labelNodes) {
      label.width = Math.ceil(textWidth(text, EDGE_LABEL.font) + EDGE_LABEL.pad);
      label.height = EDGE_LABEL.height;
      label.labelpos = 'c';
    }
    g.setEdge(`n${index.get(e.from)}`, `n${index.get(e.to)}`, label, `e${i}`);
  }
  // The "optimal order" pass roughly doubles dagre's time; big parts skip it.
  dagre.layout(g, part.nodes.length > 150 ? { disableOptimalOrderHeuristic: true } : undefined);
  for (const i of part.nodes) {
    const n = g.node(`n${i}`);
    nodes[i] = { x: n.x ?? 0, y: n.y ?? 0, width: n.width, height: n.height };
  }
  for (const i of part.edges) {
    const e = view.edges[i];
    const d = g.edge({ v: `n${index.get(e.from)}`, w: `n${index.get(e.to)}`, name: `e${i}` }) as { points?: Point[]; x?: number; y?: number };
    const points = (d?.points ?? []).map((p) => ({ x: p.x, y: p.y }));
    const out: LaidEdge = { points };
    if (e.label !== undefined) {
      if (d?.x !== undefined && d.y !== undefined && labelNodes) out.label = { x: d.x, y: d.y };
      else if (points.length) out.label = midpoint(points);
    }
    edges[i] = out;
  }
  const gl = g.graph() as { width?: number; height?: number };
  return { width: gl.width ?? 0, height: gl.height ?? 0, nodes: part.nodes, edges: part.edges };
}

/** The point halfway along a polyline. */
export function midpoint(points: Point[]): Point {
  if (points.length === 1) return points[0];
  let total = 0;
  for (let i = 1; i < points.length; i++) total += Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
  let left = total / 2;
  for (let i = 1; i < points.length; i++) {
    const seg = Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
    if (seg >= left && seg > 0) {
      const t = left / seg;
      return { x: points[i - 1].x + t * (points[i].x - points[i - 1].x), y: points[i - 1].y + t * (points[i].y - points[i - 1].y) };
    }
    left -= seg;
  }
  return points[points.length - 1];
}

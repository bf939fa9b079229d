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
  return {
    width: Math.ceil(Math.max(NODE.minWidth, w + 2 * NODE.padX + NODE.badgeSpace)),
    height: lines.length * NODE.lineHeight + 2 * NODE.padY,
  };
}

export function layoutGraph(view: GraphView, options: LayoutOptions = {}): Layout {
  const labelNodes = options.labelNodes ?? view.edges.length <= 400;
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: labelNodes ? 40 : 70, edgesep: 12, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  // Graph keys are indexes, never config text (no `__proto__` surprises).
  const index = new Map<string, number>();
  view.nodes.forEach((n, i) => {
    index.set(n.id, i);
    g.setNode(`n${i}`, nodeSize(nodeLines(n)));
  });
  view.edges.forEach((e, i) => {
    const a = index.get(e.from);
    const b = index.get(e.to);
    if (a === undefined || b === undefined) return;
    const text = edgeText(e);
    const label: Record<string, unknown> = { minlen: 1, weight: e.ghost ? 1 : 2 };
    if (text !== undefined && labelNodes) {
      label.width = Math.ceil(textWidth(text, EDGE_LABEL.font) + EDGE_LABEL.pad);
      label.height = EDGE_LABEL.height;
      label.labelpos = 'c';
    }
    g.setEdge(`n${a}`, `n${b}`, label, `e${i}`);
  });
  dagre.layout(g);

  const nodes: LaidNode[] = view.nodes.map((_, i) => {
    const n = g.node(`n${i}`);
    return { x: n.x ?? 0, y: n.y ?? 0, width: n.width, height: n.height };
  });
  const edges: LaidEdge[] = view.edges.map((e, i) => {
    const a = index.get(e.from);
    const b = index.get(e.to);
    if (a === undefined || b === undefined) return { points: [] };
    const d = g.edge({ v: `n${a}`, w: `n${b}`, name: `e${i}` }) as { points?: Point[]; x?: number; y?: number };
    const points = (d?.points ?? []).map((p) => ({ x: p.x, y: p.y }));
    const out: LaidEdge = { points };
    if (e.label !== undefined) {
      if (d?.x !== undefined && d.y !== undefined && labelNodes) out.label = { x: d.x, y: d.y };
      else if (points.length) out.label = midpoint(points);
    }
    return out;
  });
  const gl = g.graph() as { width?: number; height?: number };
  return { width: Math.ceil(gl.width ?? 0), height: Math.ceil(gl.height ?? 0), nodes, edges };
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

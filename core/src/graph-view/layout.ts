// Layout of a GraphView, left to right: dagre for normal sizes, layered.ts
// for big parts and big views. Synchronous and pure (apart from the cache of
// part layouts, which only saves time), so the CLI, the benchmark and the
// webview share it. Node sizes come from the text drawn in them (labels.ts),
// so the picture never overflows.
import dagre from '@dagrejs/dagre';
import type { GraphView } from './types';
import { boxTextOf, edgeText, nodeLines, textWidth, type BoxText } from './labels';
import { layered, type Spacing } from './layered';
import { foldColumns } from './fold';

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

export type LayoutEngine = 'dagre' | 'layered';

export interface LayoutOptions {
  /** dagre only: place edge labels as dagre label nodes (no overlaps; slower on big graphs). Default: up to 400 edges. */
  labelNodes?: boolean;
  /** Which layout each connected part gets. Default `auto`: see `engineFor`. */
  engine?: LayoutEngine | 'auto';
  /** `TB`: top to bottom (the webview picks it for a panel taller than wide). Default `LR`. */
  direction?: 'LR' | 'TB';
  /** Boxes with the model figures line (default true); see nodeLines. */
  figures?: boolean;
  /** What the boxes hold (overrides `figures`); with id boxes, edges are labelled with route ports only. */
  boxes?: BoxText;
  /**
   * Fit a panel (the webview): every part gets the layered layout with tight
   * gaps, edge labels beside the box they feed, and ranks wrapped so that none
   * needs more than `cross` layout units across (top to bottom: the panel's
   * width; left to right: its height). See boundRanks. `tight`: rows closer
   * together. `along` (top to bottom): the panel's height; a picture taller
   * than that and narrow enough is folded into columns (fold.ts).
   */
  fit?: { cross: number; tight?: boolean; along?: number };
}

/** The fitted layout's gaps (layout units, before the webview's scale): tight, arrows still visible. */
/** `fit.tight`: the gap on each side of a row of edges (12 px between rows of boxes: the arrowheads still show). */
export const FIT_TIGHT_RANKSEP = 6;
export const FIT_SPACING: Record<'LR' | 'TB', Spacing> = {
  TB: { nodesep: 10, edgesep: 6, ranksep: 10, marginX: 8, marginY: 8 },
  LR: { nodesep: 10, edgesep: 6, ranksep: 16, marginX: 8, marginY: 8 },
};

/** Parts above this many nodes get the layered layout (dagre: ~1 s for 300 nodes). */
export const LAYERED_PART = 150;
/** Views above this many nodes get the layered layout for every part (dagre: ~5 ms per small part, even warm). */
export const LAYERED_TOTAL = 400;

/** The layout a part of `partNodes` nodes in a view of `viewNodes` nodes gets by default. */
export function engineFor(partNodes: number, viewNodes: number): LayoutEngine {
  return partNodes > LAYERED_PART || viewNodes > LAYERED_TOTAL ? 'layered' : 'dagre';
}

export const NODE = {
  padX: 8,
  lineHeight: 16,
  padY: 8,
  /** The fitted layout's boxes (LayoutOptions.fit): less room above and below the text. */
  fitPadY: 4,
  minWidth: 70,
  /** Room for one badge circle on the id line (they sit on the top right corner). */
  badgeSpace: 20,
  font: 12,
};
export const EDGE_LABEL = { font: 11, height: 16, pad: 8 };
export const MARGIN = 24;

/**
 * A box as wide as its own text (the id line also holds its badges), in steps
 * of 10 px: figures that change by a digit mostly keep the layout (see the
 * cache below) without boxes much wider than their text.
 */
export function nodeSize(lines: string[], badges = 0, padY = NODE.padY): { width: number; height: number } {
  let w = 0;
  for (let i = 0; i < lines.length; i++) w = Math.max(w, textWidth(lines[i], i === 0 ? NODE.font + 1 : NODE.font - 1) + (i === 0 ? badges * NODE.badgeSpace : 0));
  return {
    width: Math.ceil(Math.max(NODE.minWidth, w + 2 * NODE.padX) / 10) * 10,
    height: lines.length * NODE.lineHeight + 2 * padY,
  };
}

/** Room reserved for an edge label in the layout (20 px steps, like the boxes); the label is drawn centred in it. */
function labelRoom(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Math.ceil((textWidth(text, EDGE_LABEL.font) + EDGE_LABEL.pad) / 20) * 20;
}

/** A connected part, in local indexes: its layout depends on nothing else, so it is cached by this shape. */
interface Shape {
  engine: LayoutEngine;
  /** Top to bottom: laid out left to right with sizes swapped, then transposed. */
  tb: boolean;
  labelNodes: boolean;
  /** The fitted layout's room across (LayoutOptions.fit), rounded to 10 px. */
  fit?: number;
  /** The fitted layout with the smallest gaps between rows (FIT_TIGHT_RANKSEP). */
  tight?: boolean;
  sizes: Array<{ width: number; height: number }>;
  /** `label`: room along the ranks; `across`: top to bottom (dagre), the room across (the label's width). */
  edges: Array<{ from: number; to: number; weight: number; label?: number; across?: number }>;
}

interface PartLayout {
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: LaidEdge[];
}

const CACHE_PARTS = 4000;
/** Part layouts by shape key (ids play no part: parts that look the same share a layout). Least recently used first. */
const partCache = new Map<string, PartLayout>();
const stats = { hits: 0, misses: 0 };

/** Part-cache counters since the last `clearLayoutCache()` (tests, benchmark). */
export function layoutCacheStats(): { hits: number; misses: number; size: number } {
  return { ...stats, size: partCache.size };
}

export function clearLayoutCache(): void {
  partCache.clear();
  stats.hits = stats.misses = 0;
}

function shapeKey(s: Shape): string {
  let k = `${s.engine}${s.labelNodes ? 'L' : 'N'}${s.tb ? 'T' : ''}${s.fit !== undefined ? `F${s.fit}` : ''}${s.tight ? 't' : ''}`;
  for (const n of s.sizes) k += `|${n.width}x${n.height}`;
  k += '#';
  for (const e of s.edges) k += `|${e.from}>${e.to}:${e.weight}:${e.label ?? ''}:${e.across ?? ''}`;
  return k;
}

/**
 * Lays the view out. Each connected part of the graph is laid out on its own
 * (dagre's crossing minimisation grows with the width of a rank, so many small
 * pipelines side by side are far faster this way, and the picture reads
 * better) and the parts are packed in rows. Small views use dagre; big parts
 * and big views use the layered layout of layered.ts (see docs/graph.md).
 * Part layouts are cached by shape, so typing inside one component re-lays
 * out at most its own part.
 */
export function layoutGraph(view: GraphView, options: LayoutOptions = {}): Layout {
  const labelNodes = options.labelNodes ?? view.edges.length <= 400;
  const tb = options.direction === 'TB';
  const box = boxTextOf(options);
  const fit = options.fit ? Math.floor(options.fit.cross / 10) * 10 : undefined;
  const index = new Map<string, number>();
  view.nodes.forEach((n, i) => index.set(n.id, i));
  // Union-find over edges -> connected parts.
  const parent = view.nodes.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const ends = view.edges.map((e) => [index.get(e.from), index.get(e.to)] as const);
  for (const [a, b] of ends) if (a !== undefined && b !== undefined) parent[find(a)] = find(b);
  const parts = new Map<number, { nodes: number[]; edges: number[] }>();
  view.nodes.forEach((_, i) => {
    const r = find(i);
    let p = parts.get(r);
    if (!p) parts.set(r, (p = { nodes: [], edges: [] }));
    p.nodes.push(i);
  });
  ends.forEach(([a, b], i) => {
    if (a !== undefined && b !== undefined) parts.get(find(a))!.edges.push(i);
  });

  const nodes: LaidNode[] = new Array(view.nodes.length);
  const edges: LaidEdge[] = view.edges.map(() => ({ points: [] }));
  const laidParts: Array<{ part: { nodes: number[]; edges: number[] }; laid: PartLayout }> = [];
  for (const part of parts.values()) {
    const local = new Map<number, number>();
    part.nodes.forEach((g, l) => local.set(g, l));
    const shape: Shape = {
      engine: fit !== undefined ? 'layered' : options.engine && options.engine !== 'auto' ? options.engine : engineFor(part.nodes.length, view.nodes.length),
      labelNodes,
      tb,
      ...(fit !== undefined ? { fit } : {}),
      ...(fit !== undefined && options.fit?.tight ? { tight: true } : {}),
      sizes: part.nodes.map((i) => {
        const n = view.nodes[i];
        const s = nodeSize(nodeLines(n, box), badgeCount(n), fit !== undefined ? NODE.fitPadY : NODE.padY);
        return tb ? { width: s.height, height: s.width } : s;
      }),
      edges: part.edges.map((i) => {
        const e = view.edges[i];
        const text = edgeText(e, box);
        // Top to bottom, a label needs its height between the ranks, not its width (the fitted layout
        // keeps the width: its labels take room across, see layoutLayered).
        const dagreTb = tb && fit === undefined && text !== undefined;
        const label = dagreTb ? EDGE_LABEL.height + EDGE_LABEL.pad : labelRoom(text);
        return { from: local.get(ends[i][0]!)!, to: local.get(ends[i][1]!)!, weight: e.ghost || e.deadLetter ? 1 : 2, ...(label !== undefined ? { label } : {}), ...(dagreTb ? { across: labelRoom(text) } : {}) };
      }),
    };
    const key = shapeKey(shape);
    let laid = partCache.get(key);
    if (laid) {
      stats.hits++;
      partCache.delete(key);
    } else {
      stats.misses++;
      laid = shape.engine === 'dagre' ? layoutDagre(shape) : layoutLayered(shape);
      if (tb) laid = transpose(laid);
      if (partCache.size >= CACHE_PARTS) partCache.delete(partCache.keys().next().value!);
    }
    partCache.set(key, laid);
    laidParts.push({ part, laid });
  }

  // Shelf packing: rows no wider than the widest part or ~1.6 x sqrt(area); top to bottom (a narrow
  // panel), no wider than the widest part, so the parts stack down the panel instead of widening it.
  const area = laidParts.reduce((s, p) => s + p.laid.width * p.laid.height, 0);
  const maxRow = Math.max(...laidParts.map((p) => p.laid.width), tb ? 1 : Math.sqrt(area) * 1.6, 1);
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const { part, laid } of laidParts) {
    if (x > 0 && x + laid.width > maxRow) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    // Copies: the cached part layout is never handed out.
    part.nodes.forEach((g, l) => {
      const n = laid.nodes[l];
      nodes[g] = { x: n.x + x, y: n.y + y, width: n.width, height: n.height };
    });
    part.edges.forEach((g, l) => {
      const e = laid.edges[l];
      const out: LaidEdge = { points: e.points.map((p) => ({ x: p.x + x, y: p.y + y })) };
      if (e.label) out.label = { x: e.label.x + x, y: e.label.y + y };
      edges[g] = out;
    });
    x += laid.width;
    rowHeight = Math.max(rowHeight, laid.height);
    width = Math.max(width, x);
  }
  const laid = { width: Math.ceil(width), height: Math.ceil(y + rowHeight), nodes, edges };
  return fit !== undefined && tb && options.fit?.along !== undefined ? foldColumns(laid, options.fit.along, options.fit.cross) : laid;
}

/** How many badge circles a node carries (one per severity present). */
function badgeCount(n: GraphView['nodes'][number]): number {
  return (n.badges.errors ? 1 : 0) + (n.badges.warnings ? 1 : 0) + (n.badges.infos ? 1 : 0);
}

/** x and y swapped: a left-to-right layout of swapped sizes read top to bottom. */
function transpose(p: PartLayout): PartLayout {
  const swap = (q: Point): Point => ({ x: q.y, y: q.x });
  return {
    width: p.height,
    height: p.width,
    nodes: p.nodes.map((n) => ({ x: n.y, y: n.x, width: n.height, height: n.width })),
    edges: p.edges.map((e) => (e.label ? { points: e.points.map(swap), label: swap(e.label) } : { points: e.points.map(swap) })),
  };
}

function layoutLayered(shape: Shape): PartLayout {
  const fitted = shape.fit !== undefined;
  // Laid out left to right: `width` is along the ranks, `height` across. A fitted top-to-bottom label is as tall
  // as its text (one line between two rows of boxes) and as wide as its text across.
  const labelBox = (room: number) => (fitted && shape.tb ? { width: EDGE_LABEL.height + 4, height: room } : { width: room, height: EDGE_LABEL.height });
  const base = FIT_SPACING[shape.tb ? 'TB' : 'LR'];
  const sp = fitted ? (shape.tight ? { ...base, ranksep: FIT_TIGHT_RANKSEP } : base) : undefined;
  const r = layered(
    {
      nodes: shape.sizes,
      edges: shape.edges.map((e) => ({ from: e.from, to: e.to, ...(e.label !== undefined ? { label: labelBox(e.label) } : {}) })),
    },
    fitted ? { spacing: sp, maxCross: shape.fit! - 2 * sp!.marginY, labelAtHead: true } : {},
  );
  return {
    width: r.width,
    height: r.height,
    nodes: r.nodes.map((p, i) => ({ x: p.x, y: p.y, width: shape.sizes[i].width, height: shape.sizes[i].height })),
    edges: r.edges.map((e, i) => {
      const out: LaidEdge = { points: e.points };
      if (shape.edges[i].label !== undefined) out.label = e.label ?? midpoint(e.points);
      return out;
    }),
  };
}

function layoutDagre(shape: Shape): PartLayout {
  const { labelNodes } = shape;
  const g = new dagre.graphlib.Graph({ multigraph: true });
  // Top to bottom (laid out transposed), ranks are only a label's height apart, not its width.
  // Top to bottom, nodesep is the gap across (the narrow way of a panel beside the editor): kept small.
  g.setGraph({ rankdir: 'LR', nodesep: shape.tb ? 10 : 24, ranksep: shape.tb ? (labelNodes ? 16 : 40) : labelNodes ? 40 : 70, edgesep: shape.tb ? 6 : 12, marginx: shape.tb ? MARGIN / 2 : MARGIN, marginy: MARGIN / 2 });
  g.setDefaultEdgeLabel(() => ({}));
  // Graph keys are local indexes, never config text (no `__proto__` surprises).
  shape.sizes.forEach((s, i) => g.setNode(`n${i}`, { ...s }));
  shape.edges.forEach((e, i) => {
    const label: Record<string, unknown> = { minlen: 1, weight: e.weight };
    if (e.label !== undefined && labelNodes) {
      label.width = e.label;
      // Top to bottom the label's width lies across the ranks: reserved there, so no box covers it.
      label.height = e.across ?? EDGE_LABEL.height;
      label.labelpos = 'c';
    }
    g.setEdge(`n${e.from}`, `n${e.to}`, label, `e${i}`);
  });
  // The "optimal order" pass roughly doubles dagre's time; big parts skip it.
  dagre.layout(g, shape.sizes.length > 150 ? { disableOptimalOrderHeuristic: true } : undefined);
  const gl = g.graph() as { width?: number; height?: number };
  return {
    width: gl.width ?? 0,
    height: gl.height ?? 0,
    nodes: shape.sizes.map((s, i) => {
      const n = g.node(`n${i}`);
      return { x: n.x ?? 0, y: n.y ?? 0, width: s.width, height: s.height };
    }),
    edges: shape.edges.map((e, i) => {
      const d = g.edge({ v: `n${e.from}`, w: `n${e.to}`, name: `e${i}` }) as { points?: Point[]; x?: number; y?: number };
      const points = (d?.points ?? []).map((p) => ({ x: p.x, y: p.y }));
      const out: LaidEdge = { points };
      if (e.label !== undefined) {
        if (d?.x !== undefined && d.y !== undefined && labelNodes) out.label = { x: d.x, y: d.y };
        else if (points.length) out.label = midpoint(points);
      }
      return out;
    }),
  };
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

// A top-to-bottom picture too tall for the panel but narrow enough, folded
// into columns side by side, like a newspaper: the fitted layout's answer to a
// long chain of stages (the rows wrap onto the next column the way a wide
// rank wraps onto the next row, see bound-ranks.ts). Cuts fall in the gaps
// between rows of boxes; an edge that crosses a cut leaves its column at the
// bottom, runs up the gap between the columns and comes in at the top.

// The layout's shapes (layout.ts imports this module, so they are restated here, structurally).
interface Point {
  x: number;
  y: number;
}
interface LaidEdge {
  points: Point[];
  label?: Point;
}
interface Layout {
  width: number;
  height: number;
  nodes: Array<Point & { width: number; height: number }>;
  edges: LaidEdge[];
}

/** Gap between two columns (the edges that cross a cut run up its middle). */
export const FOLD_GAP = 24;

/**
 * Folds `l` into as few columns as keep each column within `along` high and
 * all of them within `cross` wide; returns `l` itself when it fits already or
 * cannot be folded so (a row taller than `along`, or too wide for two columns).
 */
export function foldColumns(l: Layout, along: number, cross: number): Layout {
  if (l.height <= along || !l.nodes.length) return l;
  // Rows: the boxes' vertical extents, merged where they overlap.
  const spans = l.nodes.map((n) => [n.y - n.height / 2, n.y + n.height / 2] as const).sort((a, b) => a[0] - b[0]);
  const rows: Array<[number, number]> = [];
  for (const [top, bottom] of spans) {
    const last = rows[rows.length - 1];
    if (last && top < last[1]) last[1] = Math.max(last[1], bottom);
    else rows.push([top, bottom]);
  }
  // Greedy: each column takes rows while it stays within `along`; cuts fall halfway between rows.
  const cutBefore = (i: number) => (rows[i - 1][1] + rows[i][0]) / 2;
  const endAfter = (i: number) => (i + 1 < rows.length ? cutBefore(i + 1) : l.height);
  const cuts = [0];
  for (let i = 1; i < rows.length; i++) if (endAfter(i) - cuts[cuts.length - 1] > along) cuts.push(cutBefore(i));
  const columns = cuts.length;
  const ends = [...cuts.slice(1), l.height];
  if (columns < 2 || ends.some((end, j) => end - cuts[j] > along)) return l;
  const columnOf = (y: number): number => {
    let j = 0;
    while (j + 1 < columns && y >= cuts[j + 1]) j++;
    return j;
  };
  // Each column as wide as what lies in it (boxes, edge points, labels), with the picture's side margins.
  const lo = new Array<number>(columns).fill(Infinity);
  const hi = new Array<number>(columns).fill(-Infinity);
  const widen = (x0: number, x1: number, y: number) => {
    const j = columnOf(y);
    lo[j] = Math.min(lo[j], x0);
    hi[j] = Math.max(hi[j], x1);
  };
  for (const n of l.nodes) widen(n.x - n.width / 2, n.x + n.width / 2, n.y);
  for (const e of l.edges) for (const p of [...e.points, ...(e.label ? [e.label] : [])]) widen(p.x, p.x, p.y);
  const margin = Math.max(0, Math.min(...l.nodes.map((n) => n.x - n.width / 2)));
  const left: number[] = [];
  let width = 0;
  for (let j = 0; j < columns; j++) {
    if (!Number.isFinite(lo[j])) lo[j] = hi[j] = 0;
    left.push(width + (j ? FOLD_GAP : margin));
    width = left[j] + hi[j] - lo[j];
  }
  width += margin;
  if (width > cross) return l;
  const dx = (j: number) => left[j] - lo[j];
  const move = (p: Point, j = columnOf(p.y)): Point => ({ x: p.x + dx(j), y: p.y - cuts[j] });
  const edges = l.edges.map((e): LaidEdge => {
    const points: Point[] = [];
    let prev = -1;
    for (const p of e.points) {
      const j = columnOf(p.y);
      if (prev >= 0 && j !== prev) points.push(...detour(points[points.length - 1], prev, j, move(p, j).x));
      points.push(move(p, j));
      prev = j;
    }
    return e.label ? { points, label: move(e.label) } : { points };
  });
  /** From the last point in column a to above (or below) the next point in column b, through the gaps between columns. */
  function detour(from: Point, a: number, b: number, toX: number): Point[] {
    const down = b > a;
    const out: Point[] = [];
    for (let j = a; j !== b; j += down ? 1 : -1) {
      const next = j + (down ? 1 : -1);
      const gapX = left[Math.max(j, next)] - FOLD_GAP / 2;
      const leave = down ? ends[j] - cuts[j] : 0;
      const enter = down ? 0 : ends[next] - cuts[next];
      out.push({ x: j === a ? from.x : out[out.length - 1].x, y: leave }, { x: gapX, y: leave }, { x: gapX, y: enter });
    }
    out.push({ x: toX, y: out[out.length - 1].y });
    return out;
  }
  return {
    width: Math.ceil(width),
    height: Math.ceil(Math.max(...ends.map((end, j) => end - cuts[j]))),
    nodes: l.nodes.map((n) => ({ ...move(n), width: n.width, height: n.height })),
    edges,
  };
}

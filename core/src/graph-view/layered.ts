// A small deterministic layered layout (left to right) for parts too big for
// dagre to lay out quickly. The usual Sugiyama steps, each a function of its
// own (exported for the tests) and kept simple:
//  1. breakCycles: edges that close a cycle (DFS back edges) are reversed for
//     the layout and drawn back the right way;
//  2. assignRanks: longest path from the sources, then sources are pulled
//     right next to their first successor; with `maxCross` (the webview
//     fitting a panel), boundRanks (bound-ranks.ts) then moves boxes of a rank
//     too wide for the panel into the ranks after it;
//  3. layeredGraph: ranks are doubled so that every edge has a dummy node in
//     the gap after its tail, which carries its label (as dagre does), and
//     long edges get a dummy per rank they cross (`labelAtHead`: the label
//     rides on the dummy just before the head instead, next to its box,
//     unless the head has several labelled inputs: labelsAtHead);
//  4. orderLayers: DFS order, then barycenter sweeps down and up, keeping the
//     order with the fewest crossings (countCrossings);
//  5. placeY: a few sweeps pulling every node towards the mean of its
//     neighbours, each rank solved exactly under the order and spacing
//     constraints (placeRank, pool-adjacent-violators), so chains come out
//     straight and nothing overlaps;
//  6. placeX and routeEdges: columns as wide as their widest box or label;
//     edges are B-splines (svg.ts pathData) through the dummy nodes, like dagre's.
// Linear-ish: 1,000 nodes take a few tens of milliseconds.
import { boundRanks } from './bound-ranks';

export interface LayeredInput {
  nodes: Array<{ width: number; height: number }>;
  /** `label`: size of the edge's label box, when it has one. */
  edges: Array<{ from: number; to: number; label?: { width: number; height: number } }>;
}

export interface LayeredOutput {
  width: number;
  height: number;
  nodes: Array<{ x: number; y: number }>;
  edges: Array<{ points: Array<{ x: number; y: number }>; label?: { x: number; y: number } }>;
}

export const LAYERED = { nodesep: 24, edgesep: 12, ranksep: 36, marginX: 24, marginY: 12, sweeps: 8, ySweeps: 8 };

/** Gaps and margins (LAYERED by default; the webview's fitted layout uses tighter ones). */
export type Spacing = Pick<typeof LAYERED, 'nodesep' | 'edgesep' | 'ranksep' | 'marginX' | 'marginY'>;

export interface LayeredOptions {
  spacing?: Partial<Spacing>;
  /** Room across the ranks (sum of box heights and gaps, labels included): wider ranks are wrapped (boundRanks). */
  maxCross?: number;
  /**
   * Edge labels just before the head's rank (beside the box they feed)
   * instead of just after the tail's, unless more than one labelled edge
   * comes into that box (the labels of a fan-in would pile up in one gap).
   */
  labelAtHead?: boolean;
}

type Edges = LayeredInput['edges'];

/**
 * Per edge, 1 when its label goes just before its head (labelAtHead): the
 * only labelled edge into its head, and not reversed (a reversed edge's
 * label after its acyclic tail is beside its drawn head already).
 */
export function labelsAtHead(E: Edges, reversed: Uint8Array, labelAtHead: boolean): Uint8Array {
  const out = new Uint8Array(E.length);
  if (!labelAtHead) return out;
  const labelledIn = new Map<number, number>();
  for (const e of E) if (e.label && e.from !== e.to) labelledIn.set(e.to, (labelledIn.get(e.to) ?? 0) + 1);
  E.forEach((e, i) => {
    if (!reversed[i] && (labelledIn.get(e.to) ?? 0) <= 1) out[i] = 1;
  });
  return out;
}

export function layered(input: LayeredInput, options: LayeredOptions = {}): LayeredOutput {
  const sp: Spacing = { ...LAYERED, ...options.spacing };
  const reversed = breakCycles(input.nodes.length, input.edges);
  let rank = assignRanks(input.nodes.length, input.edges, reversed);
  const atHead = labelsAtHead(input.edges, reversed, options.labelAtHead === true);
  if (options.maxCross !== undefined) {
    const ends = input.edges.map((e, i) => ({ tail: tailOf(input.edges, reversed, i), head: headOf(input.edges, reversed, i), label: e.label?.height ?? 0, atHead: atHead[i] === 1 }));
    rank = boundRanks(input.nodes.map((s) => s.height), ends, rank, options.maxCross, sp);
  }
  const graph = layeredGraph(input, rank, reversed, atHead);
  const layers = orderLayers(graph, input.nodes.length);
  const y = placeY(graph.nodes, layers, sp, options.maxCross);
  const columns = placeX(graph.nodes, graph.maxRank, sp);
  return routeEdges(input, graph, reversed, y, columns, sp, options.maxCross !== undefined);
}

// ---- 1. cycles ----

/** Per edge, 1 when it closes a cycle (a DFS back edge, in input order) and is laid out reversed. */
export function breakCycles(n: number, E: Edges): Uint8Array {
  const out: number[][] = Array.from({ length: n }, () => []);
  E.forEach((e, i) => {
    if (e.from !== e.to) out[e.from].push(i);
  });
  const reversed = new Uint8Array(E.length);
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  for (let root = 0; root < n; root++) {
    if (state[root]) continue;
    const stack: Array<[number, number]> = [[root, 0]];
    state[root] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [v, k] = top;
      if (k >= out[v].length) {
        state[v] = 2;
        stack.pop();
        continue;
      }
      top[1]++;
      const ei = out[v][k];
      const w = E[ei].to;
      if (state[w] === 1) reversed[ei] = 1;
      else if (state[w] === 0) {
        state[w] = 1;
        stack.push([w, 0]);
      }
    }
  }
  return reversed;
}

const tailOf = (E: Edges, reversed: Uint8Array, i: number) => (reversed[i] ? E[i].to : E[i].from);
const headOf = (E: Edges, reversed: Uint8Array, i: number) => (reversed[i] ? E[i].from : E[i].to);

// ---- 2. ranks ----

/** Longest-path ranks (Kahn) of the acyclic graph; a source then moves right next to its nearest successor. */
export function assignRanks(n: number, E: Edges, reversed: Uint8Array): Int32Array {
  const succ: number[][] = Array.from({ length: n }, () => []);
  const pred: number[][] = Array.from({ length: n }, () => []);
  const indeg = new Int32Array(n);
  E.forEach((e, i) => {
    if (e.from === e.to) return;
    const t = tailOf(E, reversed, i);
    const h = headOf(E, reversed, i);
    succ[t].push(h);
    pred[h].push(t);
    indeg[h]++;
  });
  const rank = new Int32Array(n);
  const topo: number[] = [];
  for (let v = 0; v < n; v++) if (!indeg[v]) topo.push(v);
  for (let q = 0; q < topo.length; q++) {
    const v = topo[q];
    for (const w of succ[v]) {
      if (rank[v] + 1 > rank[w]) rank[w] = rank[v] + 1;
      if (--indeg[w] === 0) topo.push(w);
    }
  }
  for (let q = topo.length - 1; q >= 0; q--) {
    const v = topo[q];
    if (pred[v].length || !succ[v].length) continue;
    let min = Infinity;
    for (const w of succ[v]) min = Math.min(min, rank[w]);
    rank[v] = min - 1;
  }
  return rank;
}

// ---- 3. the layered graph ----

export interface LNode {
  width: number;
  height: number;
  rank: number;
  dummy: boolean;
  up: number[];
  down: number[];
}

export interface LayeredGraph {
  /** Input nodes first (same indexes, at even ranks), then the dummies. */
  nodes: LNode[];
  /** Per input edge: its chain of layered nodes, tail to head (acyclic direction); empty for self-loops. */
  chains: number[][];
  /** Per input edge: the layered node carrying its label, -1 when none. */
  labelNode: number[];
  maxRank: number;
}

/** Real nodes at twice their rank; every edge gets a dummy per rank it crosses, the first (or last) carrying its label. */
export function layeredGraph(input: LayeredInput, rank: Int32Array, reversed: Uint8Array, atHead?: Uint8Array): LayeredGraph {
  const E = input.edges;
  const L: LNode[] = input.nodes.map((s, v) => ({ width: s.width, height: s.height, rank: 2 * rank[v], dummy: false, up: [], down: [] }));
  const chains: number[][] = E.map(() => []);
  const labelNode: number[] = E.map(() => -1);
  E.forEach((e, i) => {
    if (e.from === e.to) return;
    const from = tailOf(E, reversed, i);
    const to = headOf(E, reversed, i);
    const chain = [from];
    // The label's rank: after the tail of the acyclic direction, or (atHead, see labelsAtHead) before the head.
    const labelRank = atHead?.[i] ? L[to].rank - 1 : L[from].rank + 1;
    for (let r = L[from].rank + 1; r < L[to].rank; r++) {
      const label = r === labelRank ? e.label : undefined;
      L.push({ width: label?.width ?? 0, height: label?.height ?? 0, rank: r, dummy: true, up: [], down: [] });
      chain.push(L.length - 1);
      if (label) labelNode[i] = L.length - 1;
    }
    chain.push(to);
    for (let k = 0; k + 1 < chain.length; k++) {
      L[chain[k]].down.push(chain[k + 1]);
      L[chain[k + 1]].up.push(chain[k]);
    }
    chains[i] = chain;
  });
  let maxRank = 0;
  for (const x of L) maxRank = Math.max(maxRank, x.rank);
  return { nodes: L, chains, labelNode, maxRank };
}

// ---- 4. order within each rank ----

/** Edge crossings between consecutive layers, with `pos` the index of each node in its layer (Fenwick tree). */
export function countCrossings(L: LNode[], layers: number[][], pos: Float64Array): number {
  let total = 0;
  for (let r = 0; r + 1 < layers.length; r++) {
    const pairs: Array<[number, number]> = [];
    for (const v of layers[r]) for (const w of L[v].down) pairs.push([pos[v], pos[w]]);
    pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    // Inversions of the lower ends.
    const size = layers[r + 1].length;
    const tree = new Int32Array(size + 1);
    for (let k = 0; k < pairs.length; k++) {
      let s = 0;
      for (let j = size; j > 0; j -= j & -j) s += tree[j];
      for (let j = pairs[k][1] + 1; j > 0; j -= j & -j) s -= tree[j];
      total += s;
      for (let j = pairs[k][1] + 1; j <= size; j += j & -j) tree[j]++;
    }
  }
  return total;
}

/** The nodes of each rank, in order: DFS from the roots in input order, then barycenter sweeps, keeping the best. */
export function orderLayers(graph: LayeredGraph, inputNodes: number): number[][] {
  const { nodes: L, maxRank } = graph;
  const layers: number[][] = Array.from({ length: maxRank + 1 }, () => []);
  const seen = new Uint8Array(L.length);
  const visit = (root: number) => {
    const stack = [root];
    while (stack.length) {
      const v = stack.pop()!;
      if (seen[v]) continue;
      seen[v] = 1;
      layers[L[v].rank].push(v);
      for (let k = L[v].down.length - 1; k >= 0; k--) if (!seen[L[v].down[k]]) stack.push(L[v].down[k]);
    }
  };
  for (let v = 0; v < inputNodes; v++) if (!L[v].up.length) visit(v);
  for (let v = 0; v < L.length; v++) visit(v);

  const pos = new Float64Array(L.length);
  const setPos = (ls: number[][]) => ls.forEach((layer) => layer.forEach((v, i) => (pos[v] = i)));
  setPos(layers);
  let best = layers.map((l) => [...l]);
  let bestCross = countCrossings(L, layers, pos);
  for (let s = 0; s < LAYERED.sweeps && bestCross > 0; s++) {
    const down = s % 2 === 0;
    for (let k = 1; k <= maxRank; k++) sortByBarycenter(L, layers[down ? k : maxRank - k], pos, down);
    const c = countCrossings(L, layers, pos);
    if (c < bestCross) {
      bestCross = c;
      best = layers.map((l) => [...l]);
    }
  }
  return best;
}

/** Sorts a layer by the mean position of each node's neighbours above (or below); nodes without any keep their slots. */
function sortByBarycenter(L: LNode[], layer: number[], pos: Float64Array, down: boolean): void {
  const bary = new Map<number, number>();
  for (const v of layer) {
    const nb = down ? L[v].up : L[v].down;
    if (!nb.length) continue;
    let sum = 0;
    for (const w of nb) sum += pos[w];
    bary.set(v, sum / nb.length);
  }
  const movable = layer.filter((v) => bary.has(v)).sort((a, b) => bary.get(a)! - bary.get(b)! || pos[a] - pos[b]);
  let m = 0;
  for (let i = 0; i < layer.length; i++) if (bary.has(layer[i])) layer[i] = movable[m++];
  layer.forEach((v, i) => (pos[v] = i));
}

// ---- 5. y ----

/** Centre-to-centre spacing of two neighbours in a rank (dummies sit closer). */
function gap(L: LNode[], a: number, b: number, sp: Spacing): number {
  return L[a].height / 2 + L[b].height / 2 + ((L[a].dummy ? sp.edgesep : sp.nodesep) + (L[b].dummy ? sp.edgesep : sp.nodesep)) / 2;
}

/**
 * The y of one rank's nodes closest to `want` (least squares) with each at
 * least `gap` below the previous: isotonic regression of want - offset by
 * pool-adjacent-violators. With `band`, the rank also stays within 0..band
 * (its boxes' edges): the regression's blocks clamped to the band, which is
 * still the closest solution. Writes into `y`.
 */
export function placeRank(L: LNode[], layer: number[], want: Float64Array, y: Float64Array, sp: Spacing = LAYERED, band?: number): void {
  const off = new Float64Array(layer.length);
  for (let i = 1; i < layer.length; i++) off[i] = off[i - 1] + gap(L, layer[i - 1], layer[i], sp);
  const blockVal: number[] = [];
  const blockW: number[] = [];
  const blockLen: number[] = [];
  for (let i = 0; i < layer.length; i++) {
    let val = want[i] - off[i];
    let w = 1;
    let len = 1;
    while (blockVal.length && blockVal[blockVal.length - 1] > val) {
      const pw = blockW.pop()!;
      val = (blockVal.pop()! * pw + val * w) / (pw + w);
      w += pw;
      len += blockLen.pop()!;
    }
    blockVal.push(val);
    blockW.push(w);
    blockLen.push(len);
  }
  if (band !== undefined && layer.length) {
    const first = L[layer[0]];
    const last = L[layer[layer.length - 1]];
    const lo = first.height / 2;
    const hi = Math.max(lo, band - last.height / 2 - off[layer.length - 1]);
    for (let b = 0; b < blockVal.length; b++) blockVal[b] = Math.min(hi, Math.max(lo, blockVal[b]));
  }
  let i = 0;
  for (let b = 0; b < blockVal.length; b++) for (let k = 0; k < blockLen[b]; k++, i++) y[layer[i]] = blockVal[b] + off[i];
}

/** Vertical centres: stacked, then sweeps pulling each node to its neighbours' mean (placeRank per rank). */
export function placeY(L: LNode[], layers: number[][], sp: Spacing = LAYERED, band?: number): Float64Array {
  const y = new Float64Array(L.length);
  for (const layer of layers) {
    if (!layer.length) continue;
    for (let i = 1; i < layer.length; i++) y[layer[i]] = y[layer[i - 1]] + gap(L, layer[i - 1], layer[i], sp);
    if (band !== undefined) {
      // Each rank starts centred in the band (a chain starts straight), or at its start if it is wider.
      const first = L[layer[0]];
      const last = layer[layer.length - 1];
      const extent = y[last] + L[last].height / 2 + first.height / 2;
      const shift = Math.max(0, (band - extent) / 2) + first.height / 2;
      for (const v of layer) y[v] += shift;
    }
  }
  const maxRank = layers.length - 1;
  for (let s = 0; s < LAYERED.ySweeps; s++) {
    const down = s % 2 === 0;
    for (let k = 0; k <= maxRank; k++) {
      const layer = layers[down ? k : maxRank - k];
      const want = new Float64Array(layer.length);
      layer.forEach((v, i) => {
        const nb = L[v].up.concat(L[v].down);
        if (!nb.length) want[i] = y[v];
        else {
          let sum = 0;
          for (const w of nb) sum += y[w];
          want[i] = sum / nb.length;
        }
      });
      placeRank(L, layer, want, y, sp, band);
    }
  }
  return y;
}

// ---- 6. x and the edges ----

/** Column centres (as wide as the widest box or label in the rank) and the total width. */
export function placeX(L: LNode[], maxRank: number, sp: Spacing = LAYERED): { colX: Float64Array; colWidth: Float64Array; width: number } {
  const colWidth = new Float64Array(maxRank + 1);
  for (const v of L.keys()) colWidth[L[v].rank] = Math.max(colWidth[L[v].rank], L[v].width);
  const colX = new Float64Array(maxRank + 1);
  let x = sp.marginX;
  for (let r = 0; r <= maxRank; r++) {
    colX[r] = x + colWidth[r] / 2;
    x += colWidth[r] + sp.ranksep;
  }
  return { colX, colWidth, width: x - sp.ranksep + sp.marginX };
}

/** Final coordinates: boxes, edge polylines through their dummies (ends on the box borders), label positions. */
/**
 * `alongColumns` (the fitted layout, whose boxes sit close): an edge passing a
 * column runs straight along it (a point where it enters and one where it
 * leaves), so its curve keeps the gap and does not cut the corner of a box beside it.
 */
export function routeEdges(
  input: LayeredInput,
  graph: LayeredGraph,
  reversed: Uint8Array,
  y: Float64Array,
  columns: { colX: Float64Array; colWidth?: Float64Array; width: number },
  sp: Spacing = LAYERED,
  alongColumns = false,
): LayeredOutput {
  const L = graph.nodes;
  let top = Infinity;
  let bottom = -Infinity;
  for (let v = 0; v < L.length; v++) {
    top = Math.min(top, y[v] - L[v].height / 2);
    bottom = Math.max(bottom, y[v] + L[v].height / 2);
  }
  // Self-loops reach 12 px above and below the box centre line: inside the box.
  if (!Number.isFinite(top)) top = bottom = 0;
  const dy = sp.marginY - top;
  const X = (v: number) => columns.colX[L[v].rank];
  const Y = (v: number) => y[v] + dy;

  const edges = input.edges.map((e, i): LayeredOutput['edges'][number] => {
    if (e.from === e.to) {
      const v = e.from;
      const r = X(v) + L[v].width / 2;
      const cy = Y(v);
      const points = [
        { x: r, y: cy - 6 },
        { x: r + 18, y: cy - 14 },
        { x: r + 18, y: cy + 14 },
        { x: r, y: cy + 6 },
      ];
      return e.label ? { points, label: { x: r + 18 + e.label.width / 2, y: cy } } : { points };
    }
    const chain = graph.chains[i];
    const points: Array<{ x: number; y: number }> = [{ x: X(chain[0]) + L[chain[0]].width / 2, y: Y(chain[0]) }];
    for (let k = 1; k + 1 < chain.length; k++) {
      const v = chain[k];
      const half = alongColumns && columns.colWidth ? columns.colWidth[L[v].rank] / 2 : 0;
      if (half > 0) points.push({ x: X(v) - half, y: Y(v) }, { x: X(v) + half, y: Y(v) });
      else points.push({ x: X(v), y: Y(v) });
    }
    const last = chain[chain.length - 1];
    points.push({ x: X(last) - L[last].width / 2, y: Y(last) });
    if (reversed[i]) points.reverse();
    const at = graph.labelNode[i];
    return e.label && at >= 0 ? { points, label: { x: X(at), y: Y(at) } } : { points };
  });
  return {
    width: columns.width,
    height: bottom - top + 2 * sp.marginY,
    nodes: input.nodes.map((_, v) => ({ x: X(v), y: Y(v) })),
    edges,
  };
}

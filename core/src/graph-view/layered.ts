// A small deterministic layered layout (left to right) for parts too big for
// dagre to lay out quickly. The usual Sugiyama steps, each kept simple:
//  1. cycles: edges that close a cycle (DFS back edges) are reversed for the
//     layout and drawn back the right way;
//  2. ranks: longest path from the sources, then sources are pulled right
//     next to their first successor; ranks are doubled so that every edge has
//     a dummy node in the gap after its tail, which carries its label (as
//     dagre does), and long edges get a dummy per rank they cross;
//  3. order in each rank: DFS order, then barycenter sweeps down and up,
//     keeping the order with the fewest crossings;
//  4. y: a few sweeps pulling every node towards the mean of its neighbours,
//     each rank solved exactly under the order and spacing constraints
//     (pool-adjacent-violators), so chains come out straight and nothing overlaps;
//  5. x: columns as wide as their widest box or label; edges are B-splines
//     (svg.ts pathData) through the dummy nodes, like dagre's.
// Linear-ish: 1,000 nodes take a few tens of milliseconds.

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

export function layered(input: LayeredInput): LayeredOutput {
  const n = input.nodes.length;
  const E = input.edges;

  // 1. Cycles: iterative DFS in input order; an edge to a node on the stack is reversed.
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
  const tail = (i: number) => (reversed[i] ? E[i].to : E[i].from);
  const head = (i: number) => (reversed[i] ? E[i].from : E[i].to);
  const dagEdges: number[] = [];
  E.forEach((e, i) => {
    if (e.from !== e.to) dagEdges.push(i);
  });

  // 2. Ranks: longest path (Kahn), then sources pulled right.
  const succ: number[][] = Array.from({ length: n }, () => []);
  const pred: number[][] = Array.from({ length: n }, () => []);
  const indeg = new Int32Array(n);
  for (const i of dagEdges) {
    succ[tail(i)].push(head(i));
    pred[head(i)].push(tail(i));
    indeg[head(i)]++;
  }
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

  // Layered graph: real nodes at even ranks, dummies in between.
  interface LNode {
    width: number;
    height: number;
    rank: number;
    dummy: boolean;
    up: number[];
    down: number[];
  }
  const L: LNode[] = input.nodes.map((s, v) => ({ width: s.width, height: s.height, rank: 2 * rank[v], dummy: false, up: [], down: [] }));
  /** Per input edge: its chain of layered nodes, tail to head (DAG direction). */
  const chains: number[][] = E.map(() => []);
  for (const i of dagEdges) {
    const chain = [tail(i)];
    const to = head(i);
    for (let r = L[tail(i)].rank + 1; r < L[to].rank; r++) {
      const label = r === L[tail(i)].rank + 1 ? E[i].label : undefined;
      L.push({ width: label?.width ?? 0, height: label?.height ?? 0, rank: r, dummy: true, up: [], down: [] });
      chain.push(L.length - 1);
    }
    chain.push(to);
    for (let k = 0; k + 1 < chain.length; k++) {
      L[chain[k]].down.push(chain[k + 1]);
      L[chain[k + 1]].up.push(chain[k]);
    }
    chains[i] = chain;
  }
  let maxRank = 0;
  for (const x of L) maxRank = Math.max(maxRank, x.rank);
  const layers: number[][] = Array.from({ length: maxRank + 1 }, () => []);

  // 3. Order: DFS from the roots in input order, then barycenter sweeps.
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
  for (let v = 0; v < n; v++) if (!L[v].up.length) visit(v);
  for (let v = 0; v < L.length; v++) visit(v);

  const pos = new Float64Array(L.length);
  const setPos = (ls: number[][]) => ls.forEach((layer) => layer.forEach((v, i) => (pos[v] = i)));
  setPos(layers);
  const crossings = (ls: number[][]): number => {
    let total = 0;
    for (let r = 0; r + 1 < ls.length; r++) {
      const pairs: Array<[number, number]> = [];
      for (const v of ls[r]) for (const w of L[v].down) pairs.push([pos[v], pos[w]]);
      pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      // Inversions of the lower ends (Fenwick tree).
      const size = ls[r + 1].length;
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
  };
  let best = layers.map((l) => [...l]);
  let bestCross = crossings(layers);
  for (let s = 0; s < LAYERED.sweeps && bestCross > 0; s++) {
    const down = s % 2 === 0;
    for (let k = 1; k <= maxRank; k++) {
      const layer = layers[down ? k : maxRank - k];
      const bary = new Map<number, number>();
      for (const v of layer) {
        const nb = down ? L[v].up : L[v].down;
        if (!nb.length) continue;
        let sum = 0;
        for (const w of nb) sum += pos[w];
        bary.set(v, sum / nb.length);
      }
      // Nodes without neighbours on that side keep their slots; the rest are sorted into the others.
      const movable = layer.filter((v) => bary.has(v)).sort((a, b) => bary.get(a)! - bary.get(b)! || pos[a] - pos[b]);
      let m = 0;
      for (let i = 0; i < layer.length; i++) if (bary.has(layer[i])) layer[i] = movable[m++];
      layer.forEach((v, i) => (pos[v] = i));
    }
    const c = crossings(layers);
    if (c < bestCross) {
      bestCross = c;
      best = layers.map((l) => [...l]);
    }
  }
  setPos(best);

  // 4. y: pull towards the neighbours' mean, solved per rank under order + spacing.
  const y = new Float64Array(L.length);
  const gap = (a: number, b: number) => L[a].height / 2 + L[b].height / 2 + ((L[a].dummy ? LAYERED.edgesep : LAYERED.nodesep) + (L[b].dummy ? LAYERED.edgesep : LAYERED.nodesep)) / 2;
  for (const layer of best) for (let i = 1; i < layer.length; i++) y[layer[i]] = y[layer[i - 1]] + gap(layer[i - 1], layer[i]);
  const place = (layer: number[], want: Float64Array) => {
    // Minimise sum (y - want)^2 subject to y[i+1] - y[i] >= gap: isotonic regression on want - offset.
    const off = new Float64Array(layer.length);
    for (let i = 1; i < layer.length; i++) off[i] = off[i - 1] + gap(layer[i - 1], layer[i]);
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
    let i = 0;
    for (let b = 0; b < blockVal.length; b++) for (let k = 0; k < blockLen[b]; k++, i++) y[layer[i]] = blockVal[b] + off[i];
  };
  for (let s = 0; s < LAYERED.ySweeps; s++) {
    const down = s % 2 === 0;
    for (let k = 0; k <= maxRank; k++) {
      const layer = best[down ? k : maxRank - k];
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
      place(layer, want);
    }
  }

  // 5. x: columns.
  const colWidth = new Float64Array(maxRank + 1);
  for (const v of L.keys()) colWidth[L[v].rank] = Math.max(colWidth[L[v].rank], L[v].width);
  const colX = new Float64Array(maxRank + 1);
  let x = LAYERED.marginX;
  for (let r = 0; r <= maxRank; r++) {
    colX[r] = x + colWidth[r] / 2;
    x += colWidth[r] + LAYERED.ranksep;
  }
  const width = x - LAYERED.ranksep + LAYERED.marginX;
  let top = Infinity;
  let bottom = -Infinity;
  for (let v = 0; v < L.length; v++) {
    top = Math.min(top, y[v] - L[v].height / 2);
    bottom = Math.max(bottom, y[v] + L[v].height / 2);
  }
  // Self-loops reach 12 px above and below the box centre line: inside the box.
  if (!Number.isFinite(top)) top = bottom = 0;
  const dy = LAYERED.marginY - top;
  const X = (v: number) => colX[L[v].rank];
  const Y = (v: number) => y[v] + dy;

  const edges = E.map((e, i): LayeredOutput['edges'][number] => {
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
    const chain = chains[i];
    const points = chain.map((v) => ({ x: X(v), y: Y(v) }));
    // Ends on the box borders.
    points[0] = { x: X(chain[0]) + L[chain[0]].width / 2, y: Y(chain[0]) };
    const last = chain[chain.length - 1];
    points[points.length - 1] = { x: X(last) - L[last].width / 2, y: Y(last) };
    if (reversed[i]) points.reverse();
    return e.label && chain.length > 2 ? { points, label: { x: X(chain[1]), y: Y(chain[1]) } } : { points };
  });
  return {
    width,
    height: bottom - top + 2 * LAYERED.marginY,
    nodes: input.nodes.map((_, v) => ({ x: X(v), y: Y(v) })),
    edges,
  };
}

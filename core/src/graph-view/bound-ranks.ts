// Ranks no wider than the panel: the phase of the layered layout (layered.ts)
// that lets a wide fan-out wrap onto more rows instead of shrinking the whole
// picture. Longest-path ranks put every child of a five-way fan-out side by
// side; when a rank needs more room across than `maxCross`, boxes move on to
// the next rank, the cheapest first: a box whose move pushes nothing after it
// (a leaf sink, or one whose successors are already further on), then the one
// pushing the fewest, then one of a parent with the most children left in the
// rank (so the children of a wide fan-out stack under their parent, one per
// row), then from the far end of the rank (a box's place follows its
// predecessors').
// Edges still run forward (successors are pushed along), so the rest of the
// layered layout is unchanged. Deterministic.
/** An edge in the acyclic direction; `label`: the room across its label needs (0: none), in the gap before the head (`atHead`) or after the tail. */
export interface RankEdge {
  tail: number;
  head: number;
  label: number;
  atHead?: boolean;
}

/** Counting the boxes a move would push stops here: only the order between candidates matters. */
const PUSH_COUNT_CAP = 64;

/**
 * Moves boxes of over-wide ranks to later ranks. `cross[v]`: the room box v
 * needs across the ranks. The room a rank needs is the larger of its boxes
 * (with `nodesep` between them and `edgesep` for each edge passing through)
 * and of the gap before it, with the labels drawn there: those `atHead` of
 * the edges coming into the rank, the others of the edges leaving the rank
 * before it.
 */
export function boundRanks(cross: ArrayLike<number>, edges: RankEdge[], rank: Int32Array, maxCross: number, sp: { nodesep: number; edgesep: number }): Int32Array {
  const n = cross.length;
  const r = Int32Array.from(rank);
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) if (e.tail !== e.head) succ[e.tail].push(e.head);

  const need = (k: number): number => {
    let boxes = 0;
    let count = 0;
    let gapBefore = 0;
    for (let v = 0; v < n; v++)
      if (r[v] === k) {
        boxes += cross[v];
        count++;
      }
    boxes += Math.max(0, count - 1) * sp.nodesep;
    for (const { tail, head, label, atHead } of edges) {
      if (tail === head) continue;
      if (r[tail] < k && r[head] > k) boxes += sp.edgesep;
      if (r[tail] < k && r[head] >= k) gapBefore += ((atHead ? r[head] === k : r[tail] === k - 1) ? label : 0) + sp.edgesep;
    }
    return Math.max(boxes, gapBefore);
  };
  /** Moves v to rank `to`, pushing its successors along. */
  const move = (v: number, to: number): void => {
    r[v] = to;
    const stack = [v];
    while (stack.length) {
      const u = stack.pop()!;
      for (const w of succ[u])
        if (r[w] <= r[u]) {
          r[w] = r[u] + 1;
          stack.push(w);
        }
    }
  };
  /** How many boxes moving v to rank `to` would move (up to PUSH_COUNT_CAP), the ranks left as they are. */
  const moveCost = (v: number, to: number): number => {
    const moved = new Map<number, number>([[v, to]]);
    const stack = [v];
    while (stack.length && moved.size < PUSH_COUNT_CAP) {
      const u = stack.pop()!;
      const ru = moved.get(u)!;
      for (const w of succ[u])
        if ((moved.get(w) ?? r[w]) <= ru) {
          moved.set(w, ru + 1);
          stack.push(w);
        }
    }
    return moved.size;
  };

  // Where a box sits across its rank, 0..1 (boxes without predecessors in input order): a box's key is its
  // predecessors' mean place, so a wrapped rank moves its far end on and siblings stay together.
  const pred: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) if (e.tail !== e.head) pred[e.head].push(e.tail);
  const place = new Float64Array(n);
  const key = (v: number): number => (pred[v].length ? pred[v].reduce((s, p) => s + place[p], 0) / pred[v].length : v / n);
  for (let k = 0; k <= maxOf(r); k++) {
    for (;;) {
      const members: number[] = [];
      for (let v = 0; v < n; v++) if (r[v] === k) members.push(v);
      if (members.length < 2 || need(k) <= maxCross) {
        members.sort((a, b) => key(a) - key(b) || a - b).forEach((v, i) => (place[v] = i / members.length));
        break;
      }
      // Cheapest: fewest boxes pushed; then one of the most siblings left in the rank (so each row gets one
      // child of each parent, and a parent's children stack under it); then the far end of the rank; then the
      // latest in input order.
      let best = -1;
      let bestRank: number[] = [];
      for (const v of members) {
        const cost = moveCost(v, k + 1);
        let siblings = 0;
        for (const p of pred[v]) siblings = Math.max(siblings, succ[p].filter((w) => r[w] === k).length);
        const score = [-cost, siblings, key(v)];
        if (best < 0 || !before(score, bestRank)) {
          best = v;
          bestRank = score;
        }
      }
      // All the way this time: edges must keep running forward.
      move(best, k + 1);
    }
  }
  return r;
}

/** Lexicographic a < b. */
function before(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

function maxOf(a: Int32Array): number {
  let m = 0;
  for (const x of a) m = Math.max(m, x);
  return m;
}

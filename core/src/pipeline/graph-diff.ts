// What an edit inside one component changed in the graph, by position. When
// the previous and the new graph hold the same components in the same order
// (one component edited, no duplicate ids: incremental.ts checks), position
// i is the same component in both, and a component whose chunk was not
// edited is the very same object. The schema flow and the capacity model
// recompute the touched positions and whatever lies downstream of a result
// that changed, and reuse everything else (flow.ts, capacity/model.ts).
import { graphIndex, type Graph, type GraphIndex } from './graph';

/** The previous graph's results a pass may reuse, and the positions it must recompute. */
export interface GraphChange {
  /** 1 where the component was read again, its inputs resolve to other edges, it entered or left a cycle, or a reference of it started or stopped dangling. */
  touched: Uint8Array;
}

/** The positions an edit touched, or undefined when the two graphs' positions do not correspond. */
export function graphChange(prev: Graph, next: Graph): GraphChange | undefined {
  const a = graphIndex(prev);
  const b = graphIndex(next);
  const n = b.nodes.length;
  if (a.nodes.length !== n) return undefined;
  const touched = new Uint8Array(n);
  if (a.inFrom === b.inFrom && a.inCycle === b.inCycle && prev.dangling.length === next.dangling.length) {
    // The same edges, cycles and dangling references (a graph rebound to new components, pipeline/graph.ts rebindIndex).
    for (let i = 0; i < n; i++) if (a.nodes[i] !== b.nodes[i]) touched[i] = 1;
    return { touched };
  }
  const danglingA = danglingAt(prev, a);
  const danglingB = danglingAt(next, b);
  for (let i = 0; i < n; i++) {
    if (a.nodes[i] !== b.nodes[i] || a.inCycle[i] !== b.inCycle[i] || danglingA[i] !== danglingB[i] || !sameInputs(a, b, i)) touched[i] = 1;
  }
  return { touched };
}

/** The same edges enter position i, from the same positions and ports, in the same order. */
function sameInputs(a: GraphIndex, b: GraphIndex, i: number): boolean {
  const from = a.inStart[i];
  const count = a.inStart[i + 1] - from;
  const other = b.inStart[i];
  if (b.inStart[i + 1] - other !== count) return false;
  for (let j = 0; j < count; j++) {
    if (a.inFrom[from + j] !== b.inFrom[other + j] || a.inEdges[from + j].port !== b.inEdges[other + j].port) return false;
  }
  return true;
}

/** 1 at the positions of consumers with a reference that resolves to nothing (an empty wildcard is no such reference). */
export function danglingAt(graph: Graph, ix: GraphIndex): Uint8Array {
  const out = new Uint8Array(ix.nodes.length);
  for (const d of graph.dangling) {
    const i = ix.at.get(d.consumer.id);
    if (d.reason !== 'empty-wildcard' && i !== undefined) out[i] = 1;
  }
  return out;
}

// The topology: `inputs` resolved into edges (route ports and wildcards
// expanded), the references that resolve to nothing, and a topological order
// with the strongly connected components that make cycles.
import { get, isMap } from '../parse/tree';
import type { Component, InputRef } from './file';
import type { Workspace } from './workspace';

export interface Edge {
  /** Upstream component id. */
  from: string;
  /** Consuming component id. */
  to: string;
  /** Route name or `_unmatched` for route outputs. */
  port?: string;
  ref: InputRef;
  viaWildcard: boolean;
}

export type DanglingReason = 'unknown-id' | 'unknown-route' | 'not-a-router' | 'empty-wildcard' | 'sink-as-input';

export interface Dangling {
  consumer: Component;
  ref: InputRef;
  reason: DanglingReason;
}

export interface Graph {
  /** First definition of each id (duplicates are reported, not drawn twice). */
  nodes: Map<string, Component>;
  edges: Edge[];
  dangling: Dangling[];
  /** Edges leaving each id (an id without any is absent). */
  out: Map<string, Edge[]>;
  /** Edges entering each id (an id without any is absent). */
  in: Map<string, Edge[]>;
  /** Route names per route processor, in file order. */
  routes: Map<string, string[]>;
  /** Ids in topological order; members of cycles come last, in file order. */
  order: string[];
  /** Each cycle as a list of ids (strongly connected components of size > 1, or a self-loop). */
  cycles: string[][];
}

export function routeNames(c: Component): string[] {
  const routes = get(c.node, 'routes');
  return isMap(routes) ? routes.pairs.map((p) => String(p.key.value)) : [];
}

export function buildGraph(ws: Workspace): Graph {
  const nodes = new Map<string, Component>();
  for (const c of ws.components) if (!nodes.has(c.id)) nodes.set(c.id, c);
  const routes = new Map<string, string[]>();
  for (const c of nodes.values()) if (c.type === 'route' && c.section === 'processors') routes.set(c.id, routeNames(c));

  const edges: Edge[] = [];
  const dangling: Dangling[] = [];
  // Every edge enters its consumer, so duplicates can only come from one consumer's own inputs.
  let seenEdge: Set<string> | undefined;
  const addEdge = (e: Edge) => {
    if (seenEdge) {
      const key = `${e.from}\u0000${e.port ?? ''}`;
      if (seenEdge.has(key)) return;
      seenEdge.add(key);
    }
    edges.push(e);
  };

  for (const consumer of nodes.values()) {
    seenEdge = consumer.inputs.length > 1 || consumer.inputs[0]?.kind === 'wildcard' ? new Set() : undefined;
    for (const ref of consumer.inputs) {
      if (ref.kind === 'wildcard') {
        let matched = 0;
        for (const target of nodes.values()) {
          if (target === consumer || !target.id.startsWith(ref.target)) continue;
          matched++;
          if (target.section === 'sinks') continue; // a wildcard never feeds from sinks; not an error
          addEdge({ from: target.id, to: consumer.id, ref, viaWildcard: true });
        }
        if (matched === 0) dangling.push({ consumer, ref, reason: 'empty-wildcard' });
        continue;
      }
      const target = nodes.get(ref.target);
      if (!target) {
        dangling.push({ consumer, ref, reason: 'unknown-id' });
        continue;
      }
      if (target.section === 'sinks') {
        dangling.push({ consumer, ref, reason: 'sink-as-input' });
        continue;
      }
      if (ref.kind === 'id') {
        addEdge({ from: target.id, to: consumer.id, ref, viaWildcard: false });
        continue;
      }
      const names = routes.get(target.id);
      if (!names) {
        dangling.push({ consumer, ref, reason: 'not-a-router' });
        continue;
      }
      if (ref.kind === 'route' && !names.includes(ref.route!)) {
        dangling.push({ consumer, ref, reason: 'unknown-route' });
        continue;
      }
      addEdge({ from: target.id, to: consumer.id, port: ref.route, ref, viaWildcard: false });
    }
  }

  const out = new Map<string, Edge[]>();
  const inn = new Map<string, Edge[]>();
  for (const e of edges) {
    let from = out.get(e.from);
    if (!from) out.set(e.from, (from = []));
    from.push(e);
    let to = inn.get(e.to);
    if (!to) inn.set(e.to, (to = []));
    to.push(e);
  }
  const index = indexGraph(nodes, edges);
  const { order, cycles, inCycle } = topoSort(index);
  const graph: Graph = { nodes, edges, dangling, out, in: inn, routes, order: Array.from(order, (i) => index.nodes[i].id), cycles };
  indexes.set(graph, { ...index, order, inCycle });
  return graph;
}

/**
 * The graph by position, for passes over every component that would
 * otherwise look ids up in maps again and again (at 10,000 components those
 * look-ups were a large part of the model's time). Position = index in
 * `nodes`, which is in file order, as `Graph.nodes`.
 */
export interface GraphIndex {
  nodes: Component[];
  at: Map<string, number>;
  /** `Graph.order` as positions. */
  order: Int32Array;
  /** 1 at the positions of `Graph.cycles` members. */
  inCycle: Uint8Array;
  /** Edges entering position i: `inEdges[inStart[i] .. inStart[i + 1])`, in `Graph.in` order; their upstream positions in `inFrom`. */
  inStart: Int32Array;
  inFrom: Int32Array;
  inEdges: Edge[];
  /** Edges leaving position i: `outTo[outStart[i] .. outStart[i + 1])` are their downstream positions, in `Graph.out` order. */
  outStart: Int32Array;
  outTo: Int32Array;
  /** Upstream position of each edge of `Graph.edges`. */
  edgeFrom: Int32Array;
}

const indexes = new WeakMap<Graph, GraphIndex>();

/** The graph's index: made with the graph by buildGraph, or now for a graph made otherwise (incremental.ts). */
export function graphIndex(graph: Graph): GraphIndex {
  let index = indexes.get(graph);
  if (!index) {
    const made = indexGraph(graph.nodes, graph.edges);
    const inCycle = new Uint8Array(made.nodes.length);
    for (const cycle of graph.cycles) for (const id of cycle) inCycle[made.at.get(id)!] = 1;
    index = { ...made, order: Int32Array.from(graph.order, (id) => made.at.get(id)!), inCycle };
    indexes.set(graph, index);
  }
  return index;
}

/**
 * The index of `next`, a graph with the same ids, edges and order as `prev`
 * whose components and edge objects were replaced (incremental.ts rebind):
 * `prev`'s index with the new objects, its arrays shared. Nothing when
 * `prev` has no index yet (graphIndex makes one when asked).
 */
export function rebindIndex(prev: Graph, next: Graph, replaced: Map<Edge, Edge>, changed: Set<string>): void {
  const index = indexes.get(prev);
  if (!index) return;
  const nodes = index.nodes.slice();
  for (const id of changed) nodes[index.at.get(id)!] = next.nodes.get(id)!;
  const inEdges = replaced.size ? index.inEdges.map((e) => replaced.get(e) ?? e) : index.inEdges;
  indexes.set(next, { ...index, nodes, inEdges });
}

/** Positions, and both adjacencies as compressed rows (a counting sort keeps each list in edge order). */
function indexGraph(byId: Map<string, Component>, edges: Edge[]): Omit<GraphIndex, 'order' | 'inCycle'> {
  const n = byId.size;
  const nodes: Component[] = new Array(n);
  const at = new Map<string, number>();
  let i = 0;
  for (const c of byId.values()) {
    nodes[i] = c;
    at.set(c.id, i++);
  }
  const m = edges.length;
  const edgeFrom = new Int32Array(m);
  const edgeTo = new Int32Array(m);
  const inStart = new Int32Array(n + 1);
  const outStart = new Int32Array(n + 1);
  for (let k = 0; k < m; k++) {
    edgeFrom[k] = at.get(edges[k].from)!;
    edgeTo[k] = at.get(edges[k].to)!;
    inStart[edgeTo[k] + 1]++;
    outStart[edgeFrom[k] + 1]++;
  }
  for (let v = 0; v < n; v++) {
    inStart[v + 1] += inStart[v];
    outStart[v + 1] += outStart[v];
  }
  const inFrom = new Int32Array(m);
  const inEdges: Edge[] = new Array(m);
  const outTo = new Int32Array(m);
  const inNext = inStart.slice(0, n);
  const outNext = outStart.slice(0, n);
  for (let k = 0; k < m; k++) {
    const to = inNext[edgeTo[k]]++;
    inFrom[to] = edgeFrom[k];
    inEdges[to] = edges[k];
    outTo[outNext[edgeFrom[k]]++] = edgeTo[k];
  }
  return { nodes, at, inStart, inFrom, inEdges, outStart, outTo, edgeFrom };
}

/**
 * Tarjan's strongly connected components, iterative (no recursion limit on
 * long chains), over positions (no map look-ups in the loop). The order is
 * returned as positions.
 */
function topoSort(index: Omit<GraphIndex, 'order' | 'inCycle'>): { order: Int32Array; cycles: string[][]; inCycle: Uint8Array } {
  const { nodes, outStart: start, outTo: succ } = index;
  const n = nodes.length;
  const visited = new Int32Array(n).fill(-1); // Tarjan's index
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  // The SCCs in the order Tarjan emits them (reverse topological): members emitted[bounds[k] .. bounds[k + 1]).
  const emitted: number[] = [];
  const bounds: number[] = [0];
  const work: number[] = [];
  const cursor: number[] = [];
  let counter = 0;
  const visit = (v: number) => {
    visited[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    work.push(v);
    cursor.push(start[v]);
  };
  for (let root = 0; root < n; root++) {
    if (visited[root] >= 0) continue;
    visit(root);
    while (work.length) {
      const top = work.length - 1;
      const v = work[top];
      if (cursor[top] < start[v + 1]) {
        const w = succ[cursor[top]++];
        if (visited[w] < 0) visit(w);
        else if (onStack[w]) low[v] = Math.min(low[v], visited[w]);
        continue;
      }
      work.pop();
      cursor.pop();
      if (work.length) {
        const parent = work[work.length - 1];
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] === visited[v]) {
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          emitted.push(w);
        } while (w !== v);
        bounds.push(emitted.length);
      }
    }
  }

  const selfLoop = (i: number) => {
    for (let k = start[i]; k < start[i + 1]; k++) if (succ[k] === i) return true;
    return false;
  };
  const inCycle = new Uint8Array(n);
  const cycles: string[][] = [];
  for (let k = bounds.length - 2; k >= 0; k--) {
    const a = bounds[k];
    const b = bounds[k + 1];
    if (b - a === 1 && !selfLoop(emitted[a])) continue;
    const members = emitted.slice(a, b).sort((x, y) => x - y); // in file order
    for (const m of members) inCycle[m] = 1;
    cycles.push(members.map((m) => nodes[m].id));
  }
  const order = new Int32Array(n);
  let o = 0;
  for (let k = bounds.length - 2; k >= 0; k--) for (let j = bounds[k]; j < bounds[k + 1]; j++) if (!inCycle[emitted[j]]) order[o++] = emitted[j];
  for (let i = 0; i < n; i++) if (inCycle[i]) order[o++] = i;
  return { order, cycles, inCycle };
}

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
  const { order, cycles } = topoSort([...nodes.keys()], out);
  return { nodes, edges, dangling, out, in: inn, routes, order, cycles };
}

/**
 * Tarjan's strongly connected components, iterative (no recursion limit on
 * long chains), over positions in `ids` rather than ids (no map look-ups in
 * the loop).
 */
function topoSort(ids: string[], out: Map<string, Edge[]>): { order: string[]; cycles: string[][] } {
  const n = ids.length;
  const at = new Map<string, number>();
  for (let i = 0; i < n; i++) at.set(ids[i], i);
  // Successors of i: succ[start[i] .. start[i + 1]).
  const start = new Int32Array(n + 1);
  const succ: number[] = [];
  for (let i = 0; i < n; i++) {
    start[i] = succ.length;
    for (const e of out.get(ids[i]) ?? []) succ.push(at.get(e.to)!);
  }
  start[n] = succ.length;

  const index = new Int32Array(n).fill(-1);
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
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    work.push(v);
    cursor.push(start[v]);
  };
  for (let root = 0; root < n; root++) {
    if (index[root] >= 0) continue;
    visit(root);
    while (work.length) {
      const top = work.length - 1;
      const v = work[top];
      if (cursor[top] < start[v + 1]) {
        const w = succ[cursor[top]++];
        if (index[w] < 0) visit(w);
        else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
        continue;
      }
      work.pop();
      cursor.pop();
      if (work.length) {
        const parent = work[work.length - 1];
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] === index[v]) {
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
    cycles.push(members.map((m) => ids[m]));
  }
  const order: string[] = [];
  for (let k = bounds.length - 2; k >= 0; k--) for (let j = bounds[k]; j < bounds[k + 1]; j++) if (!inCycle[emitted[j]]) order.push(ids[emitted[j]]);
  for (let i = 0; i < n; i++) if (inCycle[i]) order.push(ids[i]);
  return { order, cycles };
}

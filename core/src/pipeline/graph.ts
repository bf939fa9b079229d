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
  /** Edges leaving each id. */
  out: Map<string, Edge[]>;
  /** Edges entering each id. */
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
  const seenEdge = new Set<string>();
  const addEdge = (e: Edge) => {
    const key = `${e.from}\u0000${e.port ?? ''}\u0000${e.to}`;
    if (seenEdge.has(key)) return;
    seenEdge.add(key);
    edges.push(e);
  };

  for (const consumer of nodes.values()) {
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
  for (const id of nodes.keys()) {
    out.set(id, []);
    inn.set(id, []);
  }
  for (const e of edges) {
    out.get(e.from)!.push(e);
    inn.get(e.to)!.push(e);
  }
  const { order, cycles } = topoSort([...nodes.keys()], out);
  return { nodes, edges, dangling, out, in: inn, routes, order, cycles };
}

/** Tarjan's strongly connected components, iterative (no recursion limit on long chains). */
function topoSort(ids: string[], out: Map<string, Edge[]>): { order: string[]; cycles: string[][] } {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const sccs: string[][] = [];
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: Array<{ id: string; i: number }> = [{ id: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const succ = out.get(frame.id) ?? [];
      if (frame.i < succ.length) {
        const next = succ[frame.i++].to;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push({ id: next, i: 0 });
        } else if (onStack.has(next)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(next)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) === index.get(frame.id)) {
        const scc: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.push(w);
        } while (w !== frame.id);
        sccs.push(scc);
      }
    }
  }
  // Tarjan emits SCCs in reverse topological order.
  sccs.reverse();
  const position = new Map(ids.map((id, i) => [id, i]));
  const cycles = sccs
    .filter((s) => s.length > 1 || (out.get(s[0]) ?? []).some((e) => e.to === s[0]))
    .map((s) => s.sort((a, b) => position.get(a)! - position.get(b)!));
  const inCycle = new Set(cycles.flat());
  const order = [...sccs.flat().filter((id) => !inCycle.has(id)), ...ids.filter((id) => inCycle.has(id))];
  return { order, cycles };
}

// The pipeline under test, compiled once for the runner: each component's
// settings read from its YAML, expressions compiled, and its consumers taken
// from the core's graph (never re-derived from `inputs`). Shared by every
// test of every test file that names the pipeline (memoised on the graph).
import { get, isMap, isScalar, isSeq, scalarString, type YNode, type YScalar } from '../parse/tree';
import type { Component } from '../pipeline/file';
import type { Graph } from '../pipeline/graph';
import { compile } from './expr';
import type { Expr } from '../expr/parse';
import { durationMs } from './test-file';

export interface Compiled {
  text: string;
  /** undefined when the expression does not parse (VX014 in the pipeline): it reads as null. */
  ast: Expr | undefined;
  node: YNode | undefined;
}

export type Aggregate = { name: string; fn: 'count' | 'sum' | 'avg' | 'min' | 'max'; field: string[] };

export type Behaviour =
  | { kind: 'pass' }
  | { kind: 'filter'; condition: Compiled }
  | { kind: 'map'; set: Array<{ key: string; expr: Compiled }>; drop: string[] }
  | { kind: 'route'; routes: Array<{ name: string; expr: Compiled; keyNode: YScalar }> }
  | { kind: 'enrich'; key: string[]; into: string }
  | { kind: 'dedupe'; key: string[][]; within: number }
  | { kind: 'window'; window: 'tumbling' | 'sliding' | 'session'; size: number; slide: number; keyBy?: string; keyPath: string[]; aggregates: Aggregate[] }
  | { kind: 'sink'; attempts: number; deadLetter?: string };

/** A consumer: who receives the component's output, and through which route output. */
export interface Consumer {
  to: number;
  port?: string;
}

export interface Node {
  id: string;
  component: Component;
  behaviour: Behaviour;
  /** Consumers in file order, per output: '' is the plain output, else a route name or `_unmatched`. */
  consumers: Map<string, Consumer[]>;
  /** Branch keys for VX405, made once: `pass`/`drop` (filter), route names and `_unmatched`, `deadLetter` (sink). */
  branches: Record<string, string>;
}

/** The keys of TestResult.branches for one component (coverage.ts lists the same). */
export function branchKeys(id: string, b: Behaviour): Record<string, string> {
  const keys: Record<string, string> = Object.create(null);
  if (b.kind === 'filter') {
    keys.pass = `filter:${id}:pass`;
    keys.drop = `filter:${id}:drop`;
  } else if (b.kind === 'route') for (const name of [...b.routes.map((r) => r.name), '_unmatched']) keys[name] = `route:${id}:${name}`;
  else if (b.kind === 'sink') keys.deadLetter = `dead-letter:${id}`;
  return keys;
}

export interface Program {
  nodes: Node[];
  at: Map<string, number>;
  graph: Graph;
}

function compiled(node: YNode | undefined): Compiled {
  const text = isScalar(node) && node.value !== null ? String(node.value) : '';
  const r = text ? compile(text) : undefined;
  return { text, ast: r?.ok ? r.ast : undefined, node };
}

const path = (field: string): string[] => field.split('.');

const AGGREGATE = /^\s*(count|sum|avg|min|max)\s*\(\s*([^()]*?)\s*\)\s*$/;

function behaviourOf(c: Component): Behaviour {
  const n = c.node;
  if (c.section === 'sources') return { kind: 'pass' };
  if (c.section === 'sinks') {
    const attempts = get(n, 'retry', 'max_attempts');
    const a = isScalar(attempts) && typeof attempts.value === 'number' && attempts.value >= 1 ? Math.floor(attempts.value) : 1;
    return { kind: 'sink', attempts: a, deadLetter: scalarString(get(n, 'dead_letter')) };
  }
  switch (c.type) {
    case 'filter':
      return { kind: 'filter', condition: compiled(get(n, 'condition')) };
    case 'map': {
      const setNode = get(n, 'set');
      const set = isMap(setNode) ? setNode.pairs.map((p) => ({ key: String(p.key.value), expr: compiled(p.value) })) : [];
      const dropNode = get(n, 'drop');
      const drop = isSeq(dropNode) ? dropNode.items.filter(isScalar).map((s) => String(s.value)) : [];
      return { kind: 'map', set, drop };
    }
    case 'route': {
      const routesNode = get(n, 'routes');
      const routes = isMap(routesNode) ? routesNode.pairs.map((p) => ({ name: String(p.key.value), expr: compiled(p.value), keyNode: p.key })) : [];
      return { kind: 'route', routes };
    }
    case 'enrich':
      return { kind: 'enrich', key: path(scalarString(get(n, 'key')) ?? ''), into: scalarString(get(n, 'into')) ?? '' };
    case 'dedupe': {
      const keyNode = get(n, 'key');
      const key = isSeq(keyNode) ? keyNode.items.filter(isScalar).map((s) => path(String(s.value))) : isScalar(keyNode) ? [path(String(keyNode.value))] : [];
      return { kind: 'dedupe', key, within: durationMs(get(n, 'within')) ?? 0 };
    }
    case 'window': {
      const kind = scalarString(get(n, 'kind'));
      const size = durationMs(get(n, 'size')) ?? 0;
      const slide = durationMs(get(n, 'slide')) ?? size;
      const keyBy = scalarString(get(n, 'key_by'));
      const aggNode = get(n, 'aggregate');
      const aggregates: Aggregate[] = [];
      if (isMap(aggNode))
        for (const p of aggNode.pairs) {
          const m = AGGREGATE.exec(scalarString(p.value) ?? '');
          if (m) aggregates.push({ name: String(p.key.value), fn: m[1] as Aggregate['fn'], field: path(m[2]) });
        }
      return {
        kind: 'window',
        window: kind === 'sliding' || kind === 'session' ? kind : 'tumbling',
        size,
        slide: slide > 0 ? slide : size,
        keyBy,
        keyPath: keyBy ? path(keyBy) : [],
        aggregates,
      };
    }
  }
  return { kind: 'pass' };
}

const programs = new WeakMap<Graph, Program>();

/** The program of a graph (memoised: the graph changes when the pipeline does). */
export function programOf(graph: Graph): Program {
  const hit = programs.get(graph);
  if (hit) return hit;
  const nodes: Node[] = [];
  const at = new Map<string, number>();
  for (const c of graph.nodes.values()) {
    at.set(c.id, nodes.length);
    const behaviour = behaviourOf(c);
    nodes.push({ id: c.id, component: c, behaviour, consumers: new Map(), branches: branchKeys(c.id, behaviour) });
  }
  // graph.edges are grouped by consumer in file order, so each list comes out in consumers' file order.
  for (const e of graph.edges) {
    const from = nodes[at.get(e.from)!];
    const port = e.port ?? '';
    let list = from.consumers.get(port);
    if (!list) from.consumers.set(port, (list = []));
    list.push({ to: at.get(e.to)!, port: e.port });
  }
  const program = { nodes, at, graph };
  programs.set(graph, program);
  return program;
}

/** Does the component's YAML define this route (for `router.eu` targets)? */
export function hasRoute(node: Node, route: string): boolean {
  if (node.behaviour.kind !== 'route') return false;
  return route === '_unmatched' || node.behaviour.routes.some((r) => r.name === route);
}



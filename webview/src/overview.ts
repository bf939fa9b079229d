// The overview of a big graph: above OVERVIEW_ABOVE nodes, components are
// drawn as one box per family (section and type: "kafka sources, 120")
// unless the family is expanded (a click on its box). Edges between boxes are
// merged, with their count and summed rate. Pure: a GraphView in, a smaller
// GraphView out (the layout and the SVG draw it like any other view).
import type { GraphView, ViewEdge, ViewNode } from '../../core/src/graph-view/model';
import { formatRate } from '../../core/src/graph-view/labels';

/** Views with more nodes than this open as an overview. */
export const OVERVIEW_ABOVE = 200;
/** Ids of family boxes start with this (a component id never does: ids are plain words, ghosts start with `?`). */
export const FAMILY_PREFIX = '#';

const PLURAL: Record<string, string> = { source: 'sources', processor: 'processors', sink: 'sinks' };

/** The family a node belongs to, named as its box is labelled (`#kafka sources`); ghosts stay single. */
export function familyOf(n: ViewNode): string | undefined {
  return n.kind === 'ghost' ? undefined : `${FAMILY_PREFIX}${n.type} ${PLURAL[n.kind] ?? n.kind}`;
}

export function isFamily(id: string): boolean {
  return id.startsWith(FAMILY_PREFIX);
}

/**
 * The view as drawn: `view` itself when it is small or `expanded` holds
 * every family; otherwise families of two or more components (not expanded)
 * become one node each.
 */
export function overview(view: GraphView, expanded: ReadonlySet<string>): GraphView {
  if (view.nodes.length <= OVERVIEW_ABOVE) return view;
  const members = new Map<string, ViewNode[]>();
  for (const n of view.nodes) {
    const f = familyOf(n);
    if (f === undefined || expanded.has(f)) continue;
    let list = members.get(f);
    if (!list) members.set(f, (list = []));
    list.push(n);
  }
  for (const [f, list] of members) if (list.length < 2) members.delete(f);
  if (!members.size) return view;
  /** Where each node id is drawn: itself or its family's box. */
  const drawnAs = new Map<string, string>();
  for (const [f, list] of members) for (const n of list) drawnAs.set(n.id, f);
  const nodes: ViewNode[] = [];
  const placed = new Set<string>();
  for (const n of view.nodes) {
    const f = drawnAs.get(n.id);
    if (f === undefined) nodes.push(n);
    else if (!placed.has(f)) {
      placed.add(f);
      nodes.push(familyNode(f, members.get(f)!));
    }
  }
  const merged = new Map<string, ViewEdge & { count: number }>();
  for (const e of view.edges) {
    const from = drawnAs.get(e.from) ?? e.from;
    const to = drawnAs.get(e.to) ?? e.to;
    if (from === to && (isFamily(from) || isFamily(to))) continue;
    if (!isFamily(from) && !isFamily(to)) {
      merged.set(e.id, { ...e, count: 1 });
      continue;
    }
    const id = `${from}>${to}${e.deadLetter ? '#dl' : ''}`;
    const m = merged.get(id);
    if (!m) merged.set(id, { id, from, to, rate: e.rate, wildcard: false, inCycle: e.inCycle, ghost: e.ghost, deadLetter: e.deadLetter, onCriticalPath: e.onCriticalPath, count: 1 });
    else {
      m.count++;
      m.rate = m.rate === undefined || e.rate === undefined ? (m.rate ?? e.rate) : m.rate + e.rate;
      m.inCycle ||= e.inCycle;
      m.ghost ||= e.ghost;
      m.onCriticalPath ||= e.onCriticalPath;
    }
  }
  const edges: ViewEdge[] = [...merged.values()].map(({ count, ...e }) => {
    if (!isFamily(e.from) && !isFamily(e.to)) return e;
    const parts = [count > 1 ? `${count} links` : undefined, e.rate !== undefined ? formatRate(e.rate) : undefined].filter(Boolean);
    return parts.length ? { ...e, label: parts.join(' · ') } : e;
  });
  return { ...view, nodes, edges };
}

function familyNode(id: string, list: ViewNode[]): ViewNode {
  const first = list[0];
  const sum = (k: 'errors' | 'warnings' | 'infos') => list.reduce((s, n) => s + n.badges[k], 0);
  const utils = list.map((n) => n.utilization).filter((u): u is number => u !== undefined);
  return {
    id,
    kind: first.kind,
    type: `${list.length} · click to expand`,
    description: list
      .slice(0, 8)
      .map((n) => n.id)
      .join(', ') + (list.length > 8 ? ', …' : ''),
    line: first.line,
    character: first.character,
    endLine: first.endLine,
    badges: { errors: sum('errors'), warnings: sum('warnings'), infos: sum('infos'), messages: [] },
    utilization: utils.length ? Math.max(...utils) : undefined,
    onCriticalPath: list.some((n) => n.onCriticalPath),
    isBottleneck: list.some((n) => n.isBottleneck),
  };
}

/** The node of `shown` that draws component `id`: itself, or its family's box. */
export function shownIdOf(view: GraphView, shown: GraphView, id: string): string | undefined {
  if (shown.nodes.some((n) => n.id === id)) return id;
  const n = view.nodes.find((x) => x.id === id);
  const f = n && familyOf(n);
  return f && shown.nodes.some((x) => x.id === f) ? f : undefined;
}

// Component identity and acyclicity: VX101 duplicate-id, VX102 cycle.
import type { Edge } from '../pipeline/graph';
import { fileOf, locationOf, report, type RuleContext } from './context';
import type { RelatedInfo } from '../types';

/**
 * VX101 on every definition after the first (the first is the one the graph
 * uses), related to the first. Two definitions in the same section of the same
 * file are one mapping repeating a key: VX002 already says so.
 */
export function checkDuplicateIds(ctx: RuleContext): void {
  for (const [id, defs] of ctx.ws.byId) {
    if (defs.length < 2) continue;
    const first = defs[0];
    const firstFile = fileOf(ctx, first);
    for (const dup of defs.slice(1)) {
      if (dup.uri === first.uri && dup.section === first.section) continue;
      const where = dup.uri === first.uri ? `under ${first.section}` : `under ${first.section} in ${basename(first.uri)}`;
      report(ctx, 'VX101', fileOf(ctx, dup), dup.idNode, `Component id '${id}' is already defined ${where}; ids must be unique across sections and imports, rename one of them`, {
        related: [{ location: locationOf(ctx, firstFile.uri, first.idNode), message: `'${id}' is first defined here` }],
      });
    }
  }
}

function basename(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/**
 * VX102: one finding per cycle (strongly connected component), on the input
 * reference that closes it at its first member in file order. Related
 * information walks the cycle backwards along `inputs`, starting there:
 * "a takes input from c", "c takes input from b", "b takes input from a".
 */
export function checkCycles(ctx: RuleContext): void {
  const cycles: Edge[][] = [];
  for (const members of ctx.graph.cycles) {
    // A component listing itself is a cycle of its own, even inside a larger one.
    for (const id of members) {
      const self = (ctx.graph.out.get(id) ?? []).find((e) => e.to === id);
      if (self) cycles.push([self]);
    }
    if (members.length > 1) {
      const path = shortestCycle(ctx, members[0], new Set(members));
      if (path) cycles.push(path);
    }
  }
  for (const path of cycles) {
    const start = path[0].from;
    // path: edges start -> x1 -> ... -> start, in data-flow order.
    const closing = path[path.length - 1];
    const consumer = ctx.graph.nodes.get(closing.to)!;
    const hops: RelatedInfo[] = [];
    for (let i = path.length - 1; i >= 0; i--) {
      const e = path[i];
      const c = ctx.graph.nodes.get(e.to)!;
      const from = e.from === e.to ? 'itself' : `'${e.from}'`;
      const via = e.viaWildcard ? ` (through '${e.ref.text}')` : '';
      hops.push({ location: locationOf(ctx, c.uri, e.ref.node), message: `'${e.to}' takes input from ${from}${via}` });
    }
    const chain = [start, ...path.slice().reverse().map((e) => e.from)].join(' <- ');
    const message =
      path.length === 1
        ? `'${start}' lists itself as an input; a component cannot consume its own output, remove '${closing.ref.text}'`
        : `Inputs form a cycle: ${chain}; pipelines must be acyclic, remove one of these inputs`;
    report(ctx, 'VX102', fileOf(ctx, consumer), closing.ref.node, message, { related: hops });
  }
}

/** Breadth-first search for the shortest path of edges from `start` back to itself inside one strongly connected component. */
function shortestCycle(ctx: RuleContext, start: string, members: Set<string>): Edge[] | undefined {
  const cameBy = new Map<string, Edge>();
  const queue = [start];
  for (let qi = 0; qi < queue.length; qi++) {
    const id = queue[qi];
    for (const e of ctx.graph.out.get(id) ?? []) {
      if (!members.has(e.to) || e.from === e.to) continue;
      if (e.to === start) {
        const path = [e];
        let at = id;
        while (at !== start) {
          const prev = cameBy.get(at)!;
          path.unshift(prev);
          at = prev.from;
        }
        return path;
      }
      if (cameBy.has(e.to)) continue;
      cameBy.set(e.to, e);
      queue.push(e.to);
    }
  }
  return undefined;
}

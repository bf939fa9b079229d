// A test's traces summed up for the graph preview ("Show trace on graph"):
// how many events went along each edge, and what happened at each component
// (reached, dropped, duplicates, dead-lettered, lost, delivered). Read from
// the traces only, so the graph shows exactly what the runner recorded.
import type { EventTrace, StepOutcome, TraceStep } from './types';

export interface TraceEdge {
  from: string;
  to: string;
  /** The route output the events took (`eu`, `_unmatched`); absent for a plain output. */
  port?: string;
  /** True for a failing sink's hand-over to its dead_letter sink. */
  deadLetter?: boolean;
  count: number;
}

export interface TraceSummary {
  edges: TraceEdge[];
  /** Per component: how many events reached it, and per outcome how many. */
  components: Record<string, { reached: number } & Partial<Record<StepOutcome, number>>>;
}

export function summarizeTraces(traces: EventTrace[]): TraceSummary {
  const edges = new Map<string, TraceEdge>();
  const components: TraceSummary['components'] = Object.create(null);
  const stack: TraceStep[] = traces.map((t) => t.root);
  while (stack.length) {
    const s = stack.pop()!;
    const c = (components[s.component] ??= { reached: 0 });
    c.reached++;
    c[s.outcome] = (c[s.outcome] ?? 0) + 1;
    for (const n of s.next) {
      const deadLetter = s.outcome === 'dead-lettered';
      const key = `${s.component}\u0000${n.component}\u0000${n.via ?? ''}\u0000${deadLetter}`;
      let e = edges.get(key);
      if (!e) edges.set(key, (e = { from: s.component, to: n.component, ...(n.via !== undefined ? { port: n.via } : {}), ...(deadLetter ? { deadLetter } : {}), count: 0 }));
      e.count++;
      stack.push(n);
    }
  }
  return { edges: [...edges.values()], components };
}

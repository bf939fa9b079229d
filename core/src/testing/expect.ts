// Expectations (section 11.1): a list is exact (every event, every field, in
// order), `count`, `contains` (each partial event matches a different actual
// event, in any order), `all` (an expression true for every event, and at
// least one). A failure says what differs and where the events went instead.
import { evaluate, truthy, valuesEqual, type Value } from './expr';
import { compile } from './expr';
import type { Arrival, Elsewhere, EventTrace, ExpectationFailure, TraceStep } from './types';
import type { ExpectSpec } from './test-file';

type Obj = Record<string, Value>;
const isObj = (v: Value): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const hasOwn = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Canonical JSON with sorted keys (for diffs people can read). */
export function sortedJson(v: Value | undefined): string {
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${sortedJson(v[k])}`).join(',')}}`;
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return JSON.stringify(v);
}

/** The first field (key-sorted) where two events differ, or undefined. */
export function firstDifference(expected: Value, actual: Value): { field: string; expected: Value | undefined; actual: Value | undefined } | undefined {
  if (!isObj(expected) || !isObj(actual)) return valuesEqual(expected, actual) ? undefined : { field: '', expected, actual };
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  for (const k of keys) {
    const e = hasOwn(expected, k) ? expected[k] : undefined;
    const a = hasOwn(actual, k) ? actual[k] : undefined;
    if (e === undefined || a === undefined ? e !== a : !valuesEqual(e, a)) return { field: k, expected: e, actual: a };
  }
  return undefined;
}

/** A partial event matches when each of its fields is present and equal. */
export function matchesPartial(partial: Value, actual: Value): boolean {
  if (!isObj(partial)) return valuesEqual(partial, actual);
  if (!isObj(actual)) return false;
  for (const k of Object.keys(partial)) if (!hasOwn(actual, k) || !valuesEqual(partial[k], actual[k])) return false;
  return true;
}

/** Maximum matching of partials to distinct actual events (augmenting paths); returns the unmatched partials' indices. */
export function unmatchedPartials(partials: Value[], actual: Value[]): number[] {
  const owner = new Array<number>(actual.length).fill(-1);
  const edges = partials.map((p) => actual.flatMap((a, j) => (matchesPartial(p, a) ? [j] : [])));
  const tryAssign = (i: number, seen: Uint8Array): boolean => {
    for (const j of edges[i]) {
      if (seen[j]) continue;
      seen[j] = 1;
      if (owner[j] < 0 || tryAssign(owner[j], seen)) {
        owner[j] = i;
        return true;
      }
    }
    return false;
  };
  const missing: number[] = [];
  for (let i = 0; i < partials.length; i++) if (!tryAssign(i, new Uint8Array(actual.length))) missing.push(i);
  return missing;
}

const show = (v: Value | undefined): string => (v === undefined ? 'absent' : sortedJson(v));
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export interface CheckContext {
  traces: EventTrace[];
  /** Epoch ms of t = 0, for `now()` in `all` expressions. */
  start: number;
  /** Where a component is defined (for related information). */
  locate: (component: string) => Elsewhere['location'];
}

/** Checks one expectation; undefined when it holds. `range` is filled in by the caller. */
export function check(spec: ExpectSpec, arrived: Arrival[], ctx: CheckContext): Omit<ExpectationFailure, 'range'> | undefined {
  const actual = arrived.map((a) => a.event);
  const base = { target: spec.target, kind: spec.kind };
  const elsewhere = () => whereInstead(arrived, ctx);
  const missed = () => unreached(arrived, ctx)[0];
  const at = (i: number) => arrived[i]?.trace;
  switch (spec.kind) {
    case 'count':
      if (actual.length === spec.count) return undefined;
      return { ...base, message: `expected ${plural(spec.count, 'event')} at ${spec.target}, got ${actual.length}`, expected: spec.count, actual: actual.length, ...trace(actual.length < spec.count ? missed() : at(spec.count)), elsewhere: actual.length < spec.count ? elsewhere() : [] };
    case 'list': {
      const n = Math.min(spec.events.length, actual.length);
      for (let i = 0; i < n; i++) {
        const d = firstDifference(spec.events[i], actual[i]);
        if (!d) continue;
        const what = d.field ? `field '${d.field}' is ${show(d.actual)}, expected ${show(d.expected)}` : `it is ${show(actual[i])}, expected ${show(spec.events[i])}`;
        return { ...base, message: `event ${i + 1} at ${spec.target} differs: ${what}`, expected: spec.events, actual, index: i, ...(d.field ? { field: d.field } : {}), ...trace(at(i)), elsewhere: [] };
      }
      if (spec.events.length === actual.length) return undefined;
      const message =
        spec.events.length === 0
          ? `expected no events at ${spec.target}, got ${actual.length}`
          : `expected ${plural(spec.events.length, 'event')} at ${spec.target}, got ${actual.length}${actual.length > spec.events.length ? `; the first extra one is ${show(actual[spec.events.length])}` : ''}`;
      const fewer = actual.length < spec.events.length;
      return { ...base, message, expected: spec.events, actual, index: n, ...trace(fewer ? missed() : at(n)), elsewhere: fewer ? elsewhere() : [] };
    }
    case 'contains': {
      const missing = unmatchedPartials(spec.events, actual);
      if (!missing.length) return undefined;
      const i = missing[0];
      return {
        ...base,
        message: `no${spec.events.length > 1 ? ' other' : ''} event at ${spec.target} matches ${show(spec.events[i])} (contains item ${i + 1}; ${plural(actual.length, 'event')} arrived)`,
        expected: spec.events,
        actual,
        index: i,
        ...trace(missed()),
        elsewhere: elsewhere(),
      };
    }
    case 'all': {
      const r = compile(spec.expression!.text);
      if (!r.ok) return { ...base, message: `the expression does not parse: ${r.error.message}`, expected: spec.expression!.text, actual, elsewhere: [] };
      if (!actual.length) return { ...base, message: `expected at least one event at ${spec.target} satisfying ${spec.expression!.text}, got none`, expected: spec.expression!.text, actual, ...trace(missed()), elsewhere: elsewhere() };
      for (let i = 0; i < arrived.length; i++) {
        if (truthy(evaluate(r.ast, arrived[i].event as Record<string, Value>, { now: ctx.start + arrived[i].at }))) continue;
        return { ...base, message: `event ${i + 1} at ${spec.target} does not satisfy ${spec.expression!.text}: ${show(arrived[i].event)}`, expected: spec.expression!.text, actual, index: i, ...trace(at(i)), elsewhere: [] };
      }
      return undefined;
    }
  }
}

const trace = (i: number | undefined) => (i === undefined ? {} : { trace: i });

/** The input traces (indices) that did not reach the target. */
function unreached(arrived: Arrival[], ctx: CheckContext): number[] {
  const reached = new Set(arrived.map((a) => a.trace));
  // Events folded into a window that reached the target reached it too.
  for (const i of [...reached]) for (const m of ctx.traces[i]?.members ?? []) reached.add(m);
  const out: number[] = [];
  ctx.traces.forEach((t, i) => {
    if (!reached.has(i) && t.origin === 'input') out.push(i);
  });
  return out;
}

/** The end points of the traces that did not reach the target: where those events went instead. */
function whereInstead(arrived: Arrival[], ctx: CheckContext): Elsewhere[] {
  const out: Elsewhere[] = [];
  const seen = new Set<string>();
  for (const i of unreached(arrived, ctx)) {
    if (out.length >= 5) break;
    for (const leaf of leaves(ctx.traces[i].root)) {
      const key = `${leaf.component}|${leaf.outcome}|${leaf.detail}`;
      if (seen.has(key) || out.length >= 5) continue;
      seen.add(key);
      out.push({ component: leaf.component, outcome: leaf.outcome, detail: `${leaf.component}: ${leaf.detail}`, location: ctx.locate(leaf.component) });
    }
  }
  return out;
}

/** The last steps of each branch of a trace, in order (no recursion). */
export function leaves(step: TraceStep): TraceStep[] {
  const out: TraceStep[] = [];
  const stack = [step];
  while (stack.length) {
    const s = stack.pop()!;
    if (!s.next.length) out.push(s);
    for (let i = s.next.length - 1; i >= 0; i--) stack.push(s.next[i]);
  }
  return out;
}

/**
 * A trace as lines of text, one per branch: `orders_in (inserted) > valid_orders
 * (condition ... is true) > ...`. At most `maxLines` branches and `maxSteps`
 * steps per line are written out; the rest is counted.
 */
export function tracePaths(root: TraceStep, maxLines = 20, maxSteps = 40): string[] {
  const out: string[] = [];
  const stack: Array<{ step: TraceStep; path: TraceStep[] }> = [{ step: root, path: [] }];
  let more = 0;
  while (stack.length) {
    const { step, path } = stack.pop()!;
    const here = [...path, step];
    if (step.next.length) {
      for (let i = step.next.length - 1; i >= 0; i--) stack.push({ step: step.next[i], path: here });
      continue;
    }
    if (out.length >= maxLines) {
      more++;
      continue;
    }
    const shown = here.length > maxSteps ? [...here.slice(0, maxSteps / 2), undefined, ...here.slice(-maxSteps / 2)] : here;
    out.push(shown.map((s) => (s ? `${s.via ? `.${s.via} ` : ''}${s.component} (${s.detail})` : `... ${here.length - maxSteps} more steps ...`)).join(' > '));
  }
  if (more) out.push(`... and ${more} more branch${more === 1 ? '' : 'es'}`);
  return out;
}

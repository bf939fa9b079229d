// Runs one test (section 11.1): input events in order of arrival (ties in
// written order), each carried through the whole pipeline before the next
// (copies in route order, consumers in file order), windows closed before
// the events at or after their end and all at the end, failing sinks, mocks.
// Every step is recorded in the event's trace (11.2). Pure and bounded: it
// stops at `maxEvents` events produced or `maxMillis` of evaluation.
import { evaluate, stringOf, truthy, type Value } from './expr';
import type { Compiled, Node, Program } from './program';
import type { MockTable } from './test-file';
import type { Arrival, EventTrace, StepOutcome, TraceStep, WindowRef } from './types';
import { ClosingOrder, fold, keyId, openWindow, readPath, windowEvent, type OpenWindow } from './windows';

export interface RunInput {
  /** Position in the program, and the route output the events leave through ('' for the plain output). */
  node: number;
  port: string;
  events: Array<{ value: Value; index: number; at: number; range?: EventTrace['range'] }>;
}

export interface RunSpec {
  /** Epoch ms of t = 0. */
  start: number;
  inputs: RunInput[];
  /** Sinks (positions) that reject every attempt. */
  failing: Set<number>;
  /** Test-level tables first, then the file's. */
  mocks: MockTable[];
  /** Targets whose arrivals to record (component ids, `router.route`, `lost`); every sink's are always recorded. Default: all. */
  record?: Set<string>;
}

export interface RunLimits {
  maxEvents: number;
  maxMillis: number;
  /** A clock in ms, read every few thousand steps (injected for tests). */
  clock: () => number;
}

export const DEFAULT_LIMITS: RunLimits = { maxEvents: 100_000, maxMillis: 2000, clock: () => (globalThis.performance ? globalThis.performance.now() : Date.now()) };

export interface RunOutput {
  traces: EventTrace[];
  arrivals: Record<string, Arrival[]>;
  branches: Set<string>;
  /** Enrich components reached with no mock table at any level (VX404). */
  unmocked: Set<string>;
  produced: number;
  limit?: string;
}

class LimitReached extends Error {}

interface Work {
  node: number;
  event: Value;
  via: string | undefined;
  into: TraceStep[];
  /** Steps from the trace's root. */
  depth: number;
}

/** Traces record at most this many steps deep (only a cycle goes deeper; VX406 stops it): readers need no deep recursion. */
export const MAX_TRACE_DEPTH = 1000;

const readField = (event: Value, key: string): boolean => event !== null && typeof event === 'object' && !Array.isArray(event) && Object.prototype.hasOwnProperty.call(event, key);

export function runTest(program: Program, spec: RunSpec, limits: RunLimits = DEFAULT_LIMITS): RunOutput {
  const out: RunOutput = { traces: [], arrivals: Object.create(null), branches: new Set(), unmocked: new Set(), produced: 0 };
  // A Map (thousands of keys would put a plain object in dictionary mode); null: a target not recorded.
  const arrivals = new Map<string, Arrival[] | null>();
  const began = limits.clock();
  let now = 0; // ms since start
  let trace = 0; // index of the trace being carried
  let seq = 0;
  const dedupe = new Map<number, Map<string, number>>();
  const closing = new ClosingOrder();
  const byKey = new Map<string, OpenWindow>(); // open windows by slot: tumbling/sliding node|key|start; session node|key
  const stack: Work[] = [];
  let depth = 0; // of the step being processed
  const discard: TraceStep[] = []; // where steps past MAX_TRACE_DEPTH go

  const arrive = (target: string, event: Value) => {
    let list = arrivals.get(target);
    if (list === null) return;
    if (list === undefined) {
      const wanted = !spec.record || spec.record.has(target) || target === 'lost' || program.nodes[program.at.get(target) ?? -1]?.behaviour.kind === 'sink';
      arrivals.set(target, (list = wanted ? [] : null));
      if (!list) return;
    }
    list.push({ event, at: now, trace });
  };
  const step = (into: TraceStep[], node: Node, via: string | undefined, outcome: StepOutcome, detail: string, extra: Partial<TraceStep> = {}): TraceStep => {
    // Object.assign, not spreads: this runs for every step of every event.
    const s: TraceStep = Object.assign({ component: node.id, at: now, outcome, detail, next: [] as TraceStep[] }, extra);
    if (via !== undefined) s.via = via;
    into.push(s);
    return s;
  };
  const count = () => {
    if (++out.produced > limits.maxEvents) throw new LimitReached(`more than ${limits.maxEvents.toLocaleString('en-US')} events produced`);
    if ((out.produced & 1023) === 0 && limits.clock() - began > limits.maxMillis) throw new LimitReached(`more than ${limits.maxMillis / 1000} s of evaluation`);
  };
  const evalAt = (c: Compiled, event: Value): Value => (c.ast ? evaluate(c.ast, event as Record<string, Value>, { now: spec.start + now }) : null);

  /** Sends `event` out of `node` through `port`: recorded as the node's output and queued for its consumers. */
  const children: Work[] = [];
  const emit = (node: Node, port: string, event: Value, s: TraceStep) => {
    arrive(port ? `${node.id}.${port}` : node.id, event);
    const consumers = node.consumers.get(port);
    if (consumers) for (const c of consumers) children.push({ node: c.to, event, via: c.port, into: depth < MAX_TRACE_DEPTH ? s.next : discard, depth: depth + 1 });
  };

  const lookup = (enrich: string, key: string): { found: boolean; value: Value; mocked: boolean } => {
    let mocked = false;
    for (const table of spec.mocks) {
      const t = table.tables.get(enrich);
      if (!t) continue;
      mocked = true;
      if (t.answers.has(key)) return { found: true, value: t.answers.get(key)!, mocked };
    }
    return { found: false, value: null, mocked };
  };

  const process = (w: Work) => {
    count();
    const node = program.nodes[w.node];
    const b = node.behaviour;
    const event = w.event;
    switch (b.kind) {
      case 'pass':
        return emit(node, '', event, step(w.into, node, w.via, 'passed', 'passed', { event }));
      case 'filter': {
        const value = evalAt(b.condition, event);
        const pass = truthy(value);
        out.branches.add(pass ? node.branches.pass : node.branches.drop);
        const detail = b.condition.ast ? `condition ${b.condition.text} is ${stringOf(value)}${pass ? '' : ': dropped'}` : `condition ${b.condition.text} does not parse (VX014): dropped`;
        const s = step(w.into, node, w.via, pass ? 'passed' : 'dropped', detail, { condition: b.condition.text, value, ...(pass ? { event } : {}) });
        if (pass) emit(node, '', event, s);
        return;
      }
      case 'map': {
        const values = b.set.map((e) => evalAt(e.expr, event)); // all against the input event
        const next: Record<string, Value> = { ...(event as Record<string, Value>) };
        b.set.forEach((e, i) => (next[e.key] = values[i]));
        const removed = b.drop.filter((f) => readField(next, f));
        for (const f of b.drop) delete next[f];
        const detail = `set ${b.set.map((e) => e.key).join(', ') || 'nothing'}${removed.length ? `; dropped ${removed.join(', ')}` : ''}`;
        return emit(node, '', next, step(w.into, node, w.via, 'transformed', detail, { set: b.set.map((e) => e.key), removed, event: next }));
      }
      case 'route': {
        const matched = b.routes.filter((r) => truthy(evalAt(r.expr, event))).map((r) => r.name);
        const ports = matched.length ? matched : ['_unmatched'];
        for (const p of ports) out.branches.add(node.branches[p]);
        const s = matched.length
          ? step(w.into, node, w.via, 'routed', `route${matched.length > 1 ? 's' : ''} ${matched.join(', ')} matched`, { routes: matched, event })
          : step(w.into, node, w.via, 'unmatched', 'no route matched: _unmatched', { routes: [], event });
        emit(node, '', event, s);
        for (const p of ports) emit(node, p, event, s);
        return;
      }
      case 'enrich': {
        const key = stringOf(readPath(event, b.key));
        const r = lookup(node.id, key);
        if (!r.mocked) out.unmocked.add(node.id);
        const next: Record<string, Value> = { ...(event as Record<string, Value>) };
        if (b.into) next[b.into] = r.value;
        const detail = r.found ? `lookup '${key}' hit` : `lookup '${key}' missed${r.mocked ? '' : ' (no mocks for this enrich)'}: ${b.into} = null`;
        return emit(node, '', next, step(w.into, node, w.via, 'enriched', detail, { key, hit: r.found, event: next }));
      }
      case 'dedupe': {
        const key = b.key.map((p) => keyId(readPath(event, p))).join('\u0000');
        let seen = dedupe.get(w.node);
        if (!seen) dedupe.set(w.node, (seen = new Map()));
        const first = seen.get(key);
        if (first !== undefined && now < first + b.within) {
          step(w.into, node, w.via, 'duplicate', `duplicate of the event at ${clock(first)}: dropped`, { firstAt: first });
          return; // a dropped repeat does not extend the period
        }
        seen.set(key, now);
        return emit(node, '', event, step(w.into, node, w.via, 'passed', 'first of its key: passed', { event }));
      }
      case 'window': {
        if (!(b.size > 0)) {
          step(w.into, node, w.via, 'dropped', 'the window has no valid size: dropped');
          return;
        }
        const t = spec.start + now;
        const key = b.keyBy ? readPath(event, b.keyPath) : null;
        const kid = keyId(key);
        const into = (start: number, end: number, mapKey: string) => {
          let win = byKey.get(mapKey);
          if (!win) {
            win = openWindow(w.node, start, end, key, seq++, b.aggregates, mapKey);
            byKey.set(mapKey, win);
            closing.add(win);
          }
          fold(win, event, b.aggregates, trace);
          win.label ??= `folded into the window ${clock(win.start - spec.start)}..${clock(win.end - spec.start)}${b.keyBy ? ` for ${b.keyBy} = ${stringOf(key)}` : ''}`;
          step(w.into, node, w.via, 'windowed', win.label, { window: { component: node.id, start: win.start, end: win.end, key } });
        };
        if (b.window === 'tumbling') {
          const start = Math.floor(t / b.size) * b.size;
          into(start, start + b.size, `${w.node}|${kid}|${start}`);
        } else if (b.window === 'sliding') {
          for (let s = Math.floor(t / b.slide) * b.slide; s > t - b.size; s -= b.slide) {
            count();
            into(s, s + b.size, `${w.node}|${kid}|${s}`);
          }
        } else {
          const mapKey = `${w.node}|${kid}`;
          const win = byKey.get(mapKey);
          if (win) {
            win.end = t + b.size; // still open (it would have closed before this event otherwise)
            win.label = undefined;
            closing.add(win);
          }
          into(t, t + b.size, mapKey);
        }
        return;
      }
      case 'sink': {
        if (!spec.failing.has(w.node)) {
          arrive(node.id, event);
          step(w.into, node, w.via, 'delivered', 'delivered');
          return;
        }
        const dl = b.deadLetter !== undefined ? program.at.get(b.deadLetter) : undefined;
        const tries = `${b.attempts} attempt${b.attempts === 1 ? '' : 's'} failed`;
        if (dl !== undefined && program.nodes[dl].behaviour.kind === 'sink' && dl !== w.node) {
          out.branches.add(node.branches.deadLetter);
          const s = step(w.into, node, w.via, 'dead-lettered', `${tries}: sent to dead_letter ${b.deadLetter}`, { attempts: b.attempts, event });
          children.push({ node: dl, event, via: undefined, into: depth < MAX_TRACE_DEPTH ? s.next : discard, depth: depth + 1 });
          return;
        }
        arrive('lost', event);
        step(w.into, node, w.via, 'lost', `${tries} and there is no dead_letter: lost`, { attempts: b.attempts });
        return;
      }
    }
  };

  /** Carries what `emit` queued (one event and every copy of it) through the pipeline, depth first, before the next. */
  const carry = () => {
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    while (stack.length) {
      const w = stack.pop()!;
      children.length = 0;
      depth = w.depth;
      process(w);
      if (discard.length > 1000) discard.length = 0;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  };

  /** Closes, in order, every window that ends at or before `t` (epoch ms), and carries what each emits. */
  const closeUpTo = (t: number) => {
    for (let win = closing.next(t); win; win = closing.next(t)) {
      win.closed = true;
      byKey.delete(win.slot);
      const node = program.nodes[win.node];
      const b = node.behaviour as Extract<Node['behaviour'], { kind: 'window' }>;
      now = win.end - spec.start;
      const event = windowEvent(win, b.keyBy, b.aggregates);
      const ref: WindowRef = { component: node.id, start: win.start, end: win.end, key: win.key };
      const root: TraceStep = { component: node.id, at: now, outcome: 'emitted', detail: `window ${clock(win.start - spec.start)}..${clock(win.end - spec.start)} closed with ${win.count} event${win.count === 1 ? '' : 's'}`, window: ref, event, next: [] };
      trace = out.traces.length;
      out.traces.push({ origin: 'window', component: node.id, index: -1, at: now, event, window: ref, members: win.members, root });
      count();
      children.length = 0;
      depth = 0;
      emit(node, '', event, root);
      carry();
    }
  };

  const queue = spec.inputs.flatMap((input, k) => input.events.map((e, j) => ({ input, e, order: k * 1e9 + j })));
  queue.sort((a, b) => a.e.at - b.e.at || a.order - b.order);
  try {
    for (const { input, e } of queue) {
      closeUpTo(spec.start + e.at);
      now = e.at;
      const node = program.nodes[input.node];
      trace = out.traces.length;
      const root: TraceStep = { component: node.id, ...(input.port ? { via: input.port } : {}), at: now, outcome: 'inserted', detail: input.port ? `inserted as output ${input.port}` : 'inserted', event: e.value, next: [] };
      out.traces.push({ origin: 'input', component: input.port ? `${node.id}.${input.port}` : node.id, index: e.index, at: now, event: e.value, ...(e.range ? { range: e.range } : {}), root });
      count();
      children.length = 0;
      depth = 0;
      emit(node, input.port, e.value, root);
      carry();
    }
    closeUpTo(Infinity);
  } catch (err) {
    if (!(err instanceof LimitReached)) throw err;
    out.limit = err.message;
  }
  for (const [k, v] of arrivals) if (v) out.arrivals[k] = v;
  return out;
}

/** Test clock as people read it: `0s`, `250ms`, `1.5s`, `2m`, `2m 3s`, `1h 5m`. */
export function clock(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms !== 0 && Math.abs(ms) < 1000) return `${+ms.toFixed(3)}ms`;
  const s = +(ms / 1000).toFixed(3);
  if (Math.abs(s) < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s - h * 3600) / 60);
  const rest = +(s - h * 3600 - m * 60).toFixed(3);
  return [h ? `${h}h` : '', m ? `${m}m` : '', rest ? `${rest}s` : ''].filter(Boolean).join(' ');
}

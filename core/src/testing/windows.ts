// Window state for the runner (section 10.4): windows aligned to the Unix
// epoch, grouped by `key_by`, closing in order of end, then start, then the
// arrival of their first event; aggregates over the numbers of a field.
import type { Aggregate } from './program';
import type { Value } from './expr';

export interface OpenWindow {
  node: number;
  start: number;
  end: number;
  key: Value;
  /** Arrival sequence of the window's first event (tie-break for windows closing together). */
  seq: number;
  count: number;
  sums: number[];
  seen: number[];
  mins: Array<number | null>;
  maxs: Array<number | null>;
  /** Trace indices of the events folded in. */
  members: number[];
  /** The trace's words for folding into it (made once per window). */
  label?: string;
  /** Its key in the runner's map of open windows. */
  slot: string;
  closed?: boolean;
}

/** Reads a field path (`a.b`): a missing field, or a step into a non-object, is null. */
export function readPath(event: Value, path: string[]): Value {
  let v: Value = event;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, k)) return null;
    v = (v as Record<string, Value>)[k];
  }
  return v;
}

/** Identity of a group key: type-tagged so `1` and `'1'` are different groups. */
export function keyId(v: Value): string {
  return typeof v === 'string' ? `s${v}` : `j${JSON.stringify(v)}`;
}

export function openWindow(node: number, start: number, end: number, key: Value, seq: number, aggregates: Aggregate[], slot: string): OpenWindow {
  const n = aggregates.length;
  return { node, start, end, key, seq, count: 0, sums: new Array(n).fill(0), seen: new Array(n).fill(0), mins: new Array(n).fill(null), maxs: new Array(n).fill(null), members: [], slot };
}

export function fold(w: OpenWindow, event: Value, aggregates: Aggregate[], trace: number): void {
  w.count++;
  if (w.members[w.members.length - 1] !== trace) w.members.push(trace);
  for (let i = 0; i < aggregates.length; i++) {
    const a = aggregates[i];
    if (a.fn === 'count') continue;
    const v = readPath(event, a.field);
    if (typeof v !== 'number' || Number.isNaN(v)) continue; // other values are skipped
    w.sums[i] += v;
    w.seen[i]++;
    if (w.mins[i] === null || v < w.mins[i]!) w.mins[i] = v;
    if (w.maxs[i] === null || v > w.maxs[i]!) w.maxs[i] = v;
  }
}

/** RFC 3339, UTC, millisecond precision; null for a time outside the calendar. */
export function isoTime(ms: number): string | null {
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString() : null;
}

/** The event a closing window emits: the key_by field, one field per aggregate, window_start, window_end. */
export function windowEvent(w: OpenWindow, keyBy: string | undefined, aggregates: Aggregate[]): Value {
  const out: Record<string, Value> = {};
  if (keyBy) out[keyBy] = w.key;
  aggregates.forEach((a, i) => {
    if (a.fn === 'count') out[a.name] = w.count;
    else if (a.fn === 'sum') out[a.name] = w.sums[i];
    else if (a.fn === 'avg') out[a.name] = w.seen[i] ? w.sums[i] / w.seen[i] : null;
    else out[a.name] = a.fn === 'min' ? w.mins[i] : w.maxs[i];
  });
  out.window_start = isoTime(w.start);
  out.window_end = isoTime(w.end);
  return out;
}

/** A heap entry: the window and the end it had when queued (a session window's end moves; stale entries are skipped). */
interface Due {
  win: OpenWindow;
  end: number;
}

/** Which closes first: end, then start, then the arrival of the window's first event. */
const before = (a: Due, b: Due): boolean => (a.end !== b.end ? a.end < b.end : a.win.start !== b.win.start ? a.win.start < b.win.start : a.win.seq < b.win.seq);

/** Open windows in closing order (a binary heap): closing n windows costs n log n, not n squared. */
export class ClosingOrder {
  private readonly heap: Due[] = [];

  /** Queues a window at its current end (again after a session window's end moved). */
  add(win: OpenWindow): void {
    const h = this.heap;
    h.push({ win, end: win.end });
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  /** The next window to close if it ends at or before `t` (removed from the queue), else undefined. */
  next(t: number): OpenWindow | undefined {
    const h = this.heap;
    while (h.length) {
      const top = h[0];
      const stale = top.win.closed || top.end !== top.win.end;
      if (!stale && top.end > t) return undefined;
      const last = h.pop()!;
      if (h.length) {
        h[0] = last;
        for (let i = 0; ; ) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < h.length && before(h[l], h[m])) m = l;
          if (r < h.length && before(h[r], h[m])) m = r;
          if (m === i) break;
          [h[i], h[m]] = [h[m], h[i]];
          i = m;
        }
      }
      if (!stale) return top.win;
    }
    return undefined;
  }
}

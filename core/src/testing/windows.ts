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

export function openWindow(node: number, start: number, end: number, key: Value, seq: number, aggregates: Aggregate[]): OpenWindow {
  const n = aggregates.length;
  return { node, start, end, key, seq, count: 0, sums: new Array(n).fill(0), seen: new Array(n).fill(0), mins: new Array(n).fill(null), maxs: new Array(n).fill(null), members: [] };
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

/** Which window closes first: end, then start, then the arrival of its first event. */
export function closesBefore(a: OpenWindow, b: OpenWindow): boolean {
  return a.end !== b.end ? a.end < b.end : a.start !== b.start ? a.start < b.start : a.seq < b.seq;
}

// Reading the model's inputs from a component: rates, service times, sizes.
// Unknown values (absent, malformed, or `${ENV}` interpolated) fall back to
// the documented defaults; nothing here throws, and every number returned is
// finite and clamped to a sane range so later arithmetic cannot overflow.
import { get, isMap, isScalar, type YNode } from '../parse/tree';
import type { Component } from '../pipeline/file';
import { isInterpolated, parseDuration, parseRate, parseSize } from '../units';

export const KiB = 1024;
export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
export const BASE_MEMORY = 64 * MiB;
export const DEFAULT_MEMORY_BUDGET = 2 * GiB;
export const DEFAULT_WORKERS = 4;
export const DEFAULT_EVENT_SIZE = KiB;
export const DEFAULT_BUFFER = 1000;
export const DEFAULT_KEY_CARDINALITY = 1000;
/** A window whose size is unknown is modelled as one minute. */
export const DEFAULT_WINDOW_SIZE = 60;
export const WINDOW_STATE_PER_KEY = 256;
export const DEDUPE_BYTES_PER_KEY = 64;
export const ENRICH_BYTES_PER_ENTRY = KiB;

const us = 1e-6;
const ms = 1e-3;
/** Service-time defaults per event per task, in seconds (spec section 7). */
export const SERVICE_DEFAULTS: Record<string, Record<string, number>> = {
  sources: { '*': 5 * us },
  processors: { filter: 5 * us, map: 10 * us, route: 5 * us, window: 20 * us, dedupe: 15 * us, '*': 10 * us },
  sinks: { kafka: 20 * us, postgres: 100 * us, s3: 50 * us, elasticsearch: 100 * us, http: 1 * ms, '*': 100 * us },
};
export const DEFAULT_ENRICH_LATENCY = 2 * ms;
export const ENRICH_OVERHEAD = 10 * us;
/** Service times are floored at 1 ns so capacity stays finite. */
const MIN_SERVICE = 1e-9;

const LIMIT = { rate: 1e12, duration: 1e9, size: 1e15, count: 1e12, parallelism: 1e6 };

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function scalarValue(node: YNode | undefined): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** True when the node is present with a value the model can use. */
function known(v: unknown): boolean {
  return v !== undefined && v !== null && !isInterpolated(v);
}

function unit(node: YNode | undefined, parse: (v: unknown) => number | undefined, hi: number): number | undefined {
  const v = scalarValue(node);
  if (!known(v)) return undefined;
  const n = parse(v);
  return n !== undefined && Number.isFinite(n) && n >= 0 ? Math.min(n, hi) : undefined;
}

export const duration = (node: YNode | undefined) => unit(node, parseDuration, LIMIT.duration);
export const size = (node: YNode | undefined) => unit(node, parseSize, LIMIT.size);
export const rate = (node: YNode | undefined) => unit(node, parseRate, LIMIT.rate);

/** A plain number in [lo, hi], or undefined. */
export function number(node: YNode | undefined, lo: number, hi: number): number | undefined {
  const v = scalarValue(node);
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) return undefined;
  return v;
}

/** A positive integer, clamped to `hi`, or undefined. */
export function count(node: YNode | undefined, hi = LIMIT.count): number | undefined {
  const v = scalarValue(node);
  if (typeof v !== 'number' || !Number.isFinite(v) || !Number.isInteger(v) || v < 0) return undefined;
  return Math.min(v, hi);
}

export type RateDecl = { kind: 'known'; rate: number } | { kind: 'unknown' } | { kind: 'absent' };

/** A source's `rate`: known, unknown (interpolated or malformed), or absent. */
export function sourceRate(c: Component): RateDecl {
  const node = get(c.node, 'rate');
  if (node === undefined || (isScalar(node) && node.value === null)) return { kind: 'absent' };
  const r = rate(node);
  return r === undefined ? { kind: 'unknown' } : { kind: 'known', rate: r };
}

export function parallelism(c: Component): number {
  const p = count(get(c.node, 'parallelism'), LIMIT.parallelism);
  return p !== undefined && p >= 1 ? p : 1;
}

/** Service time per event per task in seconds: `cost`, else the type default. */
export function serviceTime(c: Component): number {
  const cost = duration(get(c.node, 'cost'));
  if (cost !== undefined) return Math.max(cost, MIN_SERVICE);
  if (c.section === 'processors' && c.type === 'enrich') {
    const lookup = get(c.node, 'lookup');
    const latency = duration(get(lookup, 'latency')) ?? DEFAULT_ENRICH_LATENCY;
    const hit = number(get(lookup, 'cache', 'hit_ratio'), 0, 1) ?? 0;
    return Math.max(latency * (1 - hit) + ENRICH_OVERHEAD, MIN_SERVICE);
  }
  const table = SERVICE_DEFAULTS[c.section];
  return (c.type !== undefined && Object.prototype.hasOwnProperty.call(table, c.type) ? table[c.type] : table['*']) ?? 10 * us;
}

export function bufferEvents(c: Component): number {
  const n = count(get(c.node, 'buffer', 'max_events'));
  return n !== undefined && n >= 1 ? n : DEFAULT_BUFFER;
}

export function eventSize(c: Component): number | undefined {
  return size(get(c.node, 'event_size'));
}

export interface WindowParams {
  kind: string;
  size: number;
  slide: number;
  lateness: number;
  keys: number;
  aggregates: number;
}

export function windowParams(c: Component): WindowParams {
  const kind = isScalar(get(c.node, 'kind')) ? String(scalarValue(get(c.node, 'kind'))) : 'tumbling';
  const sz = duration(get(c.node, 'size'));
  const windowSize = sz !== undefined && sz > 0 ? sz : DEFAULT_WINDOW_SIZE;
  const sl = kind === 'sliding' ? duration(get(c.node, 'slide')) : undefined;
  const slide = sl !== undefined && sl > 0 ? Math.min(sl, windowSize) : windowSize;
  const agg = get(c.node, 'aggregate');
  return {
    kind,
    size: windowSize,
    slide,
    lateness: duration(get(c.node, 'allowed_lateness')) ?? 0,
    keys: count(get(c.node, 'key_cardinality')) ?? DEFAULT_KEY_CARDINALITY,
    aggregates: isMap(agg) ? Math.max(1, agg.pairs.length) : 1,
  };
}

export function clampRatio(v: number | undefined, fallback: number): number {
  return v === undefined ? fallback : clamp(v, 0, 1);
}

// VX200-VX207: delivery guarantees and static resource rules (VX304 is a model finding: rules/capacity.ts).
// `pipeline.delivery` defaults to at-least-once; when it is interpolated or
// not a known mode, the rules that depend on it are skipped (its value is only
// known at deploy time, or the schema rules already report it).
import { get, getPair, isScalar, type YPair, type YScalar } from '../parse/tree';
import type { Component } from '../pipeline/file';
import type { FixData, RelatedInfo } from '../types';
import { isInterpolated, parseDuration } from '../units';
import { durationText as formatDuration } from '../format';
import { fileOf, locationOf, report, type RuleContext, type Span } from './context';
import { freeId, insertionPoint, isDeadLetterTarget, known, knownInt, pairAt } from './rule-helpers';

export type DeliveryMode = 'at-most-once' | 'at-least-once' | 'exactly-once';
const MODES: readonly string[] = ['at-most-once', 'at-least-once', 'exactly-once'];

export interface Delivery {
  /** undefined when interpolated or invalid: rules that need it are skipped. */
  mode: DeliveryMode | undefined;
  /** The `delivery:` pair when written. */
  pair: YPair | undefined;
}

export function deliveryOf(ctx: RuleContext): Delivery {
  const pair = getPair(get(ctx.ws.main.root, 'pipeline'), 'delivery');
  if (!pair) return { mode: 'at-least-once', pair };
  const v = known(pair.value);
  return { mode: typeof v === 'string' && MODES.includes(v) ? (v as DeliveryMode) : undefined, pair };
}

const REPLAYABLE: Record<string, boolean> = { kafka: true, http: false, file: true, generator: true };

/**
 * Checks every component, or only those in `only` (an edit of one component's values: the others' findings are
 * kept, incremental.ts); the pipeline-wide check (VX204) runs with every component.
 */
export function checkDelivery(ctx: RuleContext, only?: ReadonlySet<Component>): void {
  const delivery = deliveryOf(ctx);
  const reported = new Set<string>();
  const once = (code: string, c: Component, span: Span) => {
    const key = `${code}|${c.uri}|${span.start}`;
    if (reported.has(key)) return false;
    reported.add(key);
    return true;
  };
  const deliveryRelated = (): RelatedInfo[] | undefined =>
    delivery.pair?.value ? [{ location: locationOf(ctx, ctx.ws.main.uri, delivery.pair.value), message: `delivery is ${delivery.mode} here` }] : undefined;
  const lossless = delivery.mode === 'at-least-once' || delivery.mode === 'exactly-once';
  const exactlyOnce = delivery.mode === 'exactly-once';

  // One pass over the components (at 10,000 each pass is mostly cache misses). Components sharing one
  // `when_full` value through an anchor get one finding at the anchor.
  const lossyBy = new Map<string, Component[]>();
  for (const c of ctx.ws.components) {
    if (only && !only.has(c)) continue;
    if (c.section === 'sources') checkSource(ctx, c, delivery, once, deliveryRelated);
    else if (c.section === 'sinks') checkSink(ctx, c, delivery, once, deliveryRelated);
    else if (c.section === 'processors' && c.type === 'enrich') checkEnrichTimeout(ctx, c);
    if (!lossless) continue;
    const v = pairAt(c, 'buffer', 'when_full')?.value;
    const wf = known(v);
    if (!v || (wf !== 'drop_newest' && wf !== 'drop_oldest')) continue;
    const key = `${c.uri}|${v.start}`;
    lossyBy.set(key, [...(lossyBy.get(key) ?? []), c]);
  }
  for (const cs of lossyBy.values()) {
    const c = cs[0];
    const whenFull = pairAt(c, 'buffer', 'when_full')!;
    const who = cs.length === 1 ? `'${c.id}' drops` : `${cs.map((x) => `'${x.id}'`).join(', ')} drop`;
    report(ctx, 'VX200', fileOf(ctx, c), whenFull.value!, `${who} events when the buffer is full (when_full: ${known(whenFull.value)}) while delivery is ${delivery.mode}; set when_full: block, or delivery: at-most-once`, {
      related: deliveryRelated(),
      data: setValue(ctx, c, whenFull, 'when_full', 'block'),
    });
  }

  // VX204 checkpoint-required
  if (!only && exactlyOnce && delivery.pair?.value && !getPair(get(ctx.ws.main.root, 'runtime'), 'checkpoint')) {
    report(ctx, 'VX204', ctx.ws.main, delivery.pair.value, 'Exactly-once delivery needs runtime.checkpoint (interval and storage) to commit state with offsets; add a checkpoint block under runtime:', {
      data: { kind: 'insert-checkpoint' },
    });
  }
}

type Once = (code: string, c: Component, span: Span) => boolean;

/** set-value fix data: replace the value of an existing `pair`, or insert `key: value` into the component's mapping (or into `parent`). */
function setValue(ctx: RuleContext, c: Component, pair: YPair | undefined, key: string, value: string, parent = c.node): FixData | undefined {
  const file = fileOf(ctx, c);
  // A value reached through an alias is set at its anchor, where the range and keyRange both point.
  if (pair) return { kind: 'set-value', key, value, keyRange: file.lines.range(pair.key.start, pair.key.end) };
  const at = insertionPoint(file, parent);
  return at ? { kind: 'set-value', key, value, ...at } : undefined;
}

function typeNode(c: Component): YScalar | YPair['key'] {
  const t = getPair(c.node, 'type');
  return isScalar(t?.value) ? t.value : c.idNode;
}

function checkSource(ctx: RuleContext, c: Component, delivery: Delivery, once: Once, deliveryRelated: () => RelatedInfo[] | undefined): void {
  const file = fileOf(ctx, c);
  // VX202 exactly-once-source
  if (delivery.mode === 'exactly-once' && c.type && REPLAYABLE[c.type] === false) {
    const at = typeNode(c);
    if (once('VX202', c, at))
      report(ctx, 'VX202', file, at, `Source '${c.id}' (${c.type}) cannot replay events, so exactly-once delivery cannot hold; use a replayable source (kafka, file), or delivery: at-least-once`, {
        related: deliveryRelated(),
      });
  }
  // VX206 idle-consumers
  if (c.type === 'kafka') {
    const par = getPair(c.node, 'parallelism');
    const parts = getPair(c.node, 'partitions');
    const p = knownInt(par?.value);
    const n = knownInt(parts?.value);
    if (par?.value && parts?.value && p !== undefined && n !== undefined && n >= 1 && p > n && once('VX206', c, par.value))
      report(ctx, 'VX206', file, par.value, `Source '${c.id}' runs ${p} consumers for ${n} partitions, so ${p - n} stay idle; set parallelism: ${n}`, {
        related: [{ location: locationOf(ctx, c.uri, parts.value), message: `the topic has ${n} partitions` }],
        data: setValue(ctx, c, par, 'parallelism', String(n)),
      });
  }
}

function checkSink(ctx: RuleContext, c: Component, delivery: Delivery, once: Once, deliveryRelated: () => RelatedInfo[] | undefined): void {
  const file = fileOf(ctx, c);
  const lossless = delivery.mode === 'at-least-once' || delivery.mode === 'exactly-once';
  // VX201 no-dead-letter
  if (lossless && c.node && !getPair(c.node, 'dead_letter') && !isDeadLetterTarget(ctx, c) && once('VX201', c, c.idNode)) {
    report(ctx, 'VX201', file, c.idNode, `Sink '${c.id}' has no dead_letter: events that fail every retry are lost (delivery is ${delivery.mode}); add dead_letter: naming another sink`, {
      related: deliveryRelated(),
      data: { kind: 'add-dead-letter', sinkId: c.id, stubId: freeId(ctx, `${c.id}_dlq`) },
    });
  }
  // VX205 weak-acks
  const acks = getPair(c.node, 'acks');
  const a = known(acks?.value);
  if (lossless && c.type === 'kafka' && acks?.value && (a === 0 || a === 1 || a === '0' || a === '1') && once('VX205', c, acks.value)) {
    report(ctx, 'VX205', file, acks.value, `Kafka sink '${c.id}' has acks: ${a}, so a broker failure can lose acknowledged events (delivery is ${delivery.mode}); set acks: all`, {
      related: deliveryRelated(),
      data: setValue(ctx, c, acks, 'acks', 'all'),
    });
  }
  // VX203 exactly-once-sink
  if (delivery.mode === 'exactly-once' && c.type) checkExactlyOnceSink(ctx, c, once, deliveryRelated);
}

function checkExactlyOnceSink(ctx: RuleContext, c: Component, once: Once, deliveryRelated: () => RelatedInfo[] | undefined): void {
  const file = fileOf(ctx, c);
  const needs = (key: string, wanted: string, ok: (v: unknown) => boolean, how: string) => {
    const pair = getPair(c.node, key);
    if (isScalar(pair?.value) && isInterpolated(pair.value.value)) return; // known only at deploy time
    const v = known(pair?.value);
    if (ok(v)) return;
    const at = pair?.value ?? typeNode(c);
    if (!once('VX203', c, at)) return;
    report(ctx, 'VX203', file, at, `Sink '${c.id}' (${c.type}) is not safe for exactly-once delivery ${how}; set ${key}: ${wanted}`, {
      related: deliveryRelated(),
      data: setValue(ctx, c, pair, key, wanted),
    });
  };
  switch (c.type) {
    case 'kafka':
      needs('transactional', 'true', (v) => v === true, 'without transactional: true');
      break;
    case 'postgres':
      needs('mode', 'upsert', (v) => v === 'upsert', 'unless mode is upsert (with key:)');
      break;
    case 'elasticsearch':
      needs('id_field', 'id', (v) => v !== undefined && v !== '', 'without id_field (a replay would index duplicates)');
      break;
    case 's3':
    case 'http': {
      const at = typeNode(c);
      if (once('VX203', c, at))
        report(ctx, 'VX203', file, at, `Sink '${c.id}' (${c.type}) can never be exactly-once: a replay writes duplicates; use a kafka (transactional), postgres (upsert) or elasticsearch (id_field) sink, or delivery: at-least-once`, {
          related: deliveryRelated(),
        });
      break;
    }
  }
}

/** VX207: an enrich lookup that may wait longer than the whole pipeline's p99 budget. */
function checkEnrichTimeout(ctx: RuleContext, c: Component): void {
  const slo = getPair(get(ctx.ws.main.root, 'pipeline', 'slo'), 'latency_p99');
  const budget = parseDuration(known(slo?.value));
  const timeout = pairAt(c, 'lookup', 'timeout');
  const t = parseDuration(known(timeout?.value));
  if (!slo?.value || !timeout?.value || budget === undefined || t === undefined || t <= budget) return;
  report(ctx, 'VX207', fileOf(ctx, c), timeout.value, `Lookup timeout ${formatDuration(t)} of '${c.id}' exceeds the p99 latency SLO of ${formatDuration(budget)}; one slow lookup breaks the SLO, lower lookup.timeout`, {
    related: [{ location: locationOf(ctx, ctx.ws.main.uri, slo.value), message: `slo.latency_p99 is ${formatDuration(budget)}` }],
  });
}

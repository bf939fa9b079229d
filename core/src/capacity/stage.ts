// A component's stage in the capacity model: its settings, read from the
// configuration once (readStage), and the flow figures the model fills in.
// Reading everything in one place, in file order, keeps the model's passes
// off the configuration tree (at 10,000 components each pass over it is
// mostly cache misses).
import { get, isMap } from '../parse/tree';
import type { Component } from '../pipeline/file';
import type { Graph } from '../pipeline/graph';
import { DEFAULT_EVENT_SIZE, bufferEvents, count, duration, eventSize, number, parallelism, serviceTime, windowParams, type WindowParams } from './params';
import type { ComponentFigures } from './types';

/**
 * Internal per-component state; seconds and events/s, Infinity allowed for
 * "unbounded" before conversion. The settings come first: they are read from
 * the component once (readStage), in file order, and the rest of the model
 * computes from them without going back to the configuration.
 *
 * A class whose fields are declared without initialisers, not an object
 * literal: each field starts as undefined and is then set in the constructor,
 * so V8 keeps it as a tagged value. The flow figures go from 0
 * to fractions and to Infinity; in an object literal each such change of a
 * field's representation deprecates the shape and migrates every stage made
 * before it, thousands of migrations in the first analysis of a fresh server
 * (which runs in V8's interpreter).
 */
export class Stage {
  c: Component;
  inCycle: boolean;
  parallelism: number;
  s: number;
  /** `buffer.max_events`, or the default. */
  buffer: number;
  /** A sink's `batch`, when it is a mapping. */
  batch: { size: number | undefined; timeout: number | undefined } | undefined;
  /** A window processor's parameters. */
  window: WindowParams | undefined;
  /** A filter's `selectivity` or a dedupe's `duplicate_ratio`, when a number in [0, 1]. */
  ratio: number | undefined;
  /** A dedupe's `cache_size` and `within`; an enrich's `lookup.cache.size` (as `cache`). */
  cache: number | undefined;
  within: number | undefined;
  /** A route's routes, in order, and the shares declared for them. */
  routes: string[] | undefined;
  shares: Map<string, number> | undefined;
  input: number;
  output: number;
  ports?: Map<string, number>;
  eventSize: number;
  /** `cost` was written (else the type default is the service time). */
  costWritten: boolean;
  /** The event size is the default; the rate rests on an unwritten share of this router (see Assumptions). */
  defaultEventSize: boolean;
  defaultShareOf: string | null;
  /** Seconds, Infinity when overloaded. */
  p99: number;
  figures!: ComponentFigures;

  constructor(c: Component, inCycle: boolean) {
    this.c = c;
    this.inCycle = inCycle;
    this.parallelism = parallelism(c);
    this.s = serviceTime(c);
    this.buffer = bufferEvents(c);
    this.input = 0;
    this.output = 0;
    this.eventSize = DEFAULT_EVENT_SIZE;
    this.costWritten = duration(get(c.node, 'cost')) !== undefined || (c.type === 'enrich' && duration(get(c.node, 'lookup', 'latency')) !== undefined);
    this.defaultEventSize = true;
    this.defaultShareOf = null;
    this.p99 = 0;
  }
}

/** A component's stage with its settings read; the flow fields at their starting values. */
export function readStage(c: Component, inCycle: boolean, graph: Graph): Stage {
  const stage = new Stage(c, inCycle);
  if (c.section === 'sources') {
    const written = eventSize(c);
    stage.eventSize = written ?? DEFAULT_EVENT_SIZE;
    stage.defaultEventSize = written === undefined;
  }
  else if (c.section === 'sinks') {
    const batch = get(c.node, 'batch');
    if (isMap(batch)) stage.batch = { size: count(get(batch, 'size')), timeout: duration(get(batch, 'timeout')) };
  } else if (c.type === 'filter') stage.ratio = number(get(c.node, 'selectivity'), 0, 1);
  else if (c.type === 'dedupe') {
    stage.ratio = number(get(c.node, 'duplicate_ratio'), 0, 1);
    stage.cache = count(get(c.node, 'cache_size'));
    stage.within = duration(get(c.node, 'within'));
  } else if (c.type === 'window') stage.window = windowParams(c);
  else if (c.type === 'enrich') stage.cache = count(get(c.node, 'lookup', 'cache', 'size'));
  else if (c.type === 'route') {
    stage.routes = graph.routes.get(c.id) ?? [];
    const shareNode = get(c.node, 'share');
    stage.shares = new Map();
    for (const name of stage.routes) {
      const v = number(get(shareNode, name), 0, Number.MAX_VALUE);
      if (v !== undefined) stage.shares.set(name, Math.min(v, 1));
    }
  }
  return stage;
}


// Public shape of the capacity model's figures (spec section 7). Stable: the
// CLI's JSON output, hovers, code lenses and the graph read these fields.
// Invariant: every number here is finite; what the model cannot bound
// (an overloaded stage's latency, a rate with nothing to compare against) is
// `null`, never NaN or Infinity.
import type { Section } from '../pipeline/file';

/** Where a component's memory goes, in bytes. */
export interface MemoryBreakdown {
  /** `buffer.max_events` x event size. */
  buffer: number;
  /** Window state, dedupe cache or enrich cache. */
  state: number;
  /** Sink batches: `batch.size` x event size x parallelism. */
  batch: number;
}

/**
 * Defaults the user never wrote that a component's figures rest on, so a
 * finding can say so (and be a warning rather than an error).
 */
export interface Assumptions {
  /** No `cost`: the service time is the type's default (spec section 7). */
  defaultCost: boolean;
  /** The input arrives (directly or upstream) through a route output whose `share` was not written: that router's id. */
  defaultShareOf: string | null;
  /** The event size is the 1 KiB default (no `event_size` on the source it comes from). */
  defaultEventSize: boolean;
}

export interface ComponentFigures {
  id: string;
  section: Section;
  type: string | null;
  parallelism: number;
  /** Events/s arriving (for a source: the rate it emits, after the load factor). */
  inputRate: number;
  /** Events/s leaving, over all outputs (for a route: the sum of its ports). */
  outputRate: number;
  /** For a route: events/s per output port, `_unmatched` included. */
  portRates?: Record<string, number>;
  /** Service time per event per task, in ms (`cost`, else the type default). */
  serviceTimeMs: number;
  /** Events/s the stage can serve: parallelism / service time. */
  capacity: number;
  /** inputRate / capacity. */
  utilization: number;
  /** utilization >= 1: queueing latency is unbounded. */
  overloaded: boolean;
  /** Erlang C probability that an event waits (M/M/c); 1 when overloaded. */
  erlangC: number;
  /** p99 queueing wait in ms; null when overloaded. */
  queueWaitMs: number | null;
  /** Sink batch fill wait in ms (0 without `batch`). */
  batchWaitMs: number;
  /** Window size + allowed lateness in ms (0 for other types). */
  windowDelayMs: number;
  /** Stage p99 = service + queue wait + batch fill + window delay, in ms; null when overloaded or in a cycle. */
  p99Ms: number | null;
  /** Event size carried to this component, in bytes. */
  eventSizeBytes: number;
  /** Memory attributed to this component (the 64 MiB base is not). */
  memoryBytes: number;
  memory: MemoryBreakdown;
  /** Load factor (relative to the declared rates) at which utilization reaches 1; null with no input. */
  saturatesAtLoad: number | null;
  /** Part of a cycle: not modelled (rates 0, p99 null). */
  inCycle: boolean;
  /** Workers this stage keeps busy: min(utilization, 1) x parallelism (spec section 7). */
  busyWorkers: number;
  /** The defaults these figures rest on. */
  assumed: Assumptions;
}

export interface EdgeFigures {
  from: string;
  to: string;
  /** Route output name or `_unmatched`. */
  port?: string;
  /** Events/s on this edge. */
  rate: number;
}

export interface SloComparison {
  /** `pipeline.slo.latency_p99` in ms; null when not set or unknown. */
  latencyP99Ms: number | null;
  /** End-to-end p99 <= the SLO; null when there is no SLO. False when the p99 is unbounded. */
  latencyOk: boolean | null;
  /** `pipeline.slo.throughput` in events/s; null when not set or unknown. */
  throughput: number | null;
  /** maxIngest >= the SLO; null when there is no SLO or no max ingest. */
  throughputOk: boolean | null;
}

export interface CapacityResult {
  /** The what-if load factor applied to every source rate. */
  load: number;
  /** In topological order; members of cycles last. */
  components: ComponentFigures[];
  edges: EdgeFigures[];
  /** Sum of the sources' emitted rates (after the load factor). */
  totalSourceRate: number;
  /** Maximum sustainable ingest, events/s; null when no component has input. */
  maxIngest: number | null;
  /** The component that saturates first (smallest capacity / input rate); null when none has input. */
  breaksFirst: string | null;
  /** Load factor at which `breaksFirst` saturates. */
  breaksFirstAtLoad: number | null;
  /** Max over source-to-sink paths of the path p99, ms; null when unbounded or when there is no path. */
  endToEndP99Ms: number | null;
  /** The first overloaded stage on the critical path, when the end-to-end p99 is unbounded. */
  unboundedAt: string | null;
  /** Ids of the critical path, source first. */
  criticalPath: string[];
  /** Total modelled memory, bytes (base included). */
  memoryBytes: number;
  baseMemoryBytes: number;
  /** `runtime.memory`, default 2 GiB; null when it is interpolated or malformed (unknown until deploy). */
  memoryBudgetBytes: number | null;
  /** memoryBytes <= memoryBudgetBytes; null when the budget is unknown. */
  memoryOk: boolean | null;
  slo: SloComparison;
  /** Sum over components of min(utilization, 1) x parallelism: the cores the offered load keeps busy. */
  busyWorkers: number;
  /** `runtime.workers` (default 4); null when it is interpolated or malformed. */
  workers: number | null;
  /** Sources without a usable `rate` (counted as 0). */
  sourcesWithoutRate: string[];
  /** Components left out because they are part of a cycle. */
  excluded: string[];
}

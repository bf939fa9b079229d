// The graph view's data types: a leaf module (no imports but the core's
// Severity) shared by the builder (model.ts), the layout, the labels and the
// renderers, so none of them imports another for a type.
import type { Severity } from '../types';

export type NodeKind = 'source' | 'processor' | 'sink' | 'ghost';

export interface BadgeMessage {
  severity: Severity;
  code: string;
  message: string;
}

export interface Badges {
  errors: number;
  warnings: number;
  infos: number;
  /** At most MAX_BADGE_MESSAGES, most severe first. */
  messages: BadgeMessage[];
}

export interface ViewNode {
  /** Component id; ghost nodes get `?` + the reference text (never a valid id). */
  id: string;
  kind: NodeKind;
  /** Component type (`kafka`, `filter`, ...); for ghosts a short reason. */
  type: string;
  description?: string;
  /** Defining file's URI (absent for ghosts). */
  uri?: string;
  /** Basename of the defining file, only when it is not the main file. */
  file?: string;
  /** 0-based line of the id key (for ghosts: of the reference). */
  line: number;
  character: number;
  /** Last line of the component's definition (cursor -> node highlighting). */
  endLine: number;
  badges: Badges;
  parallelism?: number;
  utilization?: number;
  /** Utilisation in a baseline version (Compare Model with HEAD), drawn beside the current one; null: not in the baseline. */
  baselineUtilization?: number | null;
  inputRate?: number;
  outputRate?: number;
  /** Stage p99 in ms; null = unbounded (utilisation >= 1). */
  p99Ms?: number | null;
  saturatesAtLoad?: number | null;
  onCriticalPath: boolean;
  /** Overloaded (utilisation >= 1), or the stage that saturates first when it is hot (>= 0.8). */
  isBottleneck: boolean;
  /** For ghosts: why the reference resolves to nothing. */
  ghostReason?: string;
}

export interface ViewEdge {
  /** Stable within one view: `from>to` plus `#port` for route outputs. */
  id: string;
  from: string;
  to: string;
  /** Route port name and/or modelled rate (`eu · 2k/s`). */
  label?: string;
  port?: string;
  /** Modelled events per second on this edge. */
  rate?: number;
  wildcard: boolean;
  inCycle: boolean;
  /** The reference does not resolve (edge to or from a ghost, or an invalid port). */
  ghost: boolean;
  /** The input as written (`orders_in`, `clicks_*`, `router.zzz`); absent on dead-letter edges. */
  ref?: string;
  /** For a ghost edge: the unresolved reference, why, and where it is written (0-based). */
  dangling?: DanglingInfo;
  /** A sink's `dead_letter` target (drawn dashed; not an `inputs` edge, not in the model). */
  deadLetter?: boolean;
  onCriticalPath: boolean;
}

export interface DanglingInfo {
  /** The graph's reason code (`unknown-id`, `unknown-route`, `not-a-router`, `empty-wildcard`, `sink-as-input`). */
  reason: string;
  /** The same for people (`unknown id`). */
  reasonText: string;
  uri: string;
  line: number;
  character: number;
}

export interface SloCheck {
  latencyP99Ms?: number;
  throughput?: number;
  /** undefined when the model has no figure to compare. */
  latencyOk?: boolean;
  throughputOk?: boolean;
}

/** The pipeline's model figures, copied from the capacity result (never recomputed here). */
export interface ModelSummary {
  load: number;
  maxIngest: number | null;
  /** null = unbounded or no source-to-sink path. */
  endToEndP99Ms: number | null;
  criticalPath: string[];
  memoryBytes: number;
  /** `runtime.memory` (default 2 GiB); null when it is only known at deploy time (`${ENV}`) or malformed. */
  memoryBudgetBytes: number | null;
  /** The stage that saturates first as the load grows (the model's `breaksFirst`), and at what load factor. */
  saturatesFirst?: string;
  saturatesFirstAtLoad?: number | null;
  slo?: SloCheck;
}

export interface GraphView {
  version: 1;
  /** URI of the main file this view was built for. */
  uri: string;
  /** `pipeline.name`, when present. */
  name?: string;
  load: number;
  nodes: ViewNode[];
  edges: ViewEdge[];
  model?: ModelSummary;
  /** Ids of each cycle (the graph's, as found by the topological sort). */
  cycles: string[][];
  /** Totals over the main file and its imports. */
  totals: { errors: number; warnings: number; infos: number };
  /** Findings of the pipeline that belong to no node (top level, imports). */
  general: BadgeMessage[];
}


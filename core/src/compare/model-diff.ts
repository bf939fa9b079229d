// Before and after (spec section 9): two analyses of one pipeline, side by
// side. Every figure is read from each version's capacity model
// (CapacityResult) and findings; nothing is recomputed here, only paired and
// subtracted. The shape is plain JSON: numbers are finite or null.
import type { Analysis } from '../analyze';
import type { CapacityResult, ComponentFigures } from '../capacity/types';
import type { Finding, Severity } from '../types';

/** One figure in both versions. `change` = after - before when both are known. */
export interface FigureChange {
  before: number | null;
  after: number | null;
  change: number | null;
}

/** A p99 figure: null with `unbounded` true means an overloaded stage on the way. */
export interface LatencyChange extends FigureChange {
  unbounded: { before: boolean; after: boolean };
}

/** An SLO or budget verdict in both versions (null: no target, or not modelled). */
export interface VerdictChange {
  target: FigureChange;
  before: boolean | null;
  after: boolean | null;
}

export type ComponentStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface ComponentChange {
  id: string;
  /** The type in the after version (the before one for a removed component). */
  type: string | null;
  status: ComponentStatus;
  utilization: FigureChange;
  p99Ms: LatencyChange;
  memoryBytes: FigureChange;
}

export interface FindingRef {
  code: string;
  severity: Severity;
  /** The component whose definition holds the finding, else null (pipeline level). */
  component: string | null;
  /** The file relative to the main file's folder ('' for the main file itself). */
  file: string;
  /** 1-based line in the version the finding belongs to. */
  line: number;
  message: string;
}

export interface ModelComparison {
  load: number;
  /** Whether each version's model ran (a source declares a rate). */
  modelled: { before: boolean; after: boolean };
  pipeline: {
    maxIngest: FigureChange;
    endToEndP99Ms: LatencyChange;
    memoryBytes: FigureChange;
    /** Cores the offered load keeps busy (spec section 7), against `workers`. */
    busyWorkers: FigureChange;
    /** `runtime.workers`; null where unknown. */
    workers: FigureChange;
    /** The critical path of each version, source first. */
    criticalPath: { before: string[]; after: string[] };
    slo: { latencyP99Ms: VerdictChange; throughput: VerdictChange; memoryBudgetBytes: VerdictChange };
  };
  /** Every component of either version: the after version's order, then removed ones. */
  components: ComponentChange[];
  findings: { appeared: FindingRef[]; disappeared: FindingRef[]; unchanged: number };
}

const finite = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(12)) : null);

function figure(before: number | null | undefined, after: number | null | undefined): FigureChange {
  const b = finite(before);
  const a = finite(after);
  return { before: b, after: a, change: a !== null && b !== null ? finite(a - b) : null };
}

function latency(before: number | null | undefined, beforeUnbounded: boolean, after: number | null | undefined, afterUnbounded: boolean): LatencyChange {
  return { ...figure(before, after), unbounded: { before: beforeUnbounded, after: afterUnbounded } };
}

function verdict(before: number | null | undefined, beforeOk: boolean | null | undefined, after: number | null | undefined, afterOk: boolean | null | undefined): VerdictChange {
  return { target: figure(before, after), before: beforeOk ?? null, after: afterOk ?? null };
}

const componentP99Unbounded = (f: ComponentFigures | undefined): boolean => !!f && f.p99Ms === null && !f.inCycle;
const pipelineP99Unbounded = (r: CapacityResult | undefined): boolean => !!r && r.endToEndP99Ms === null && r.unboundedAt !== null;

function componentChange(id: string, b: ComponentFigures | undefined, a: ComponentFigures | undefined): ComponentChange {
  const utilization = figure(b && !b.inCycle ? b.utilization : null, a && !a.inCycle ? a.utilization : null);
  const p99Ms = latency(b?.p99Ms, componentP99Unbounded(b), a?.p99Ms, componentP99Unbounded(a));
  const memoryBytes = figure(b?.memoryBytes, a?.memoryBytes);
  const same = (f: FigureChange) => f.before === f.after;
  const status: ComponentStatus = !b ? 'added' : !a ? 'removed' : same(utilization) && same(p99Ms) && same(memoryBytes) && p99Ms.unbounded.before === p99Ms.unbounded.after ? 'unchanged' : 'changed';
  return { id, type: (a ?? b)?.type ?? null, status, utilization, p99Ms, memoryBytes };
}

function relativeFile(mainUri: string, uri: string): string {
  if (uri === mainUri) return '';
  const dir = mainUri.slice(0, mainUri.lastIndexOf('/') + 1);
  return uri.startsWith(dir) ? decodeURIComponent(uri.slice(dir.length)) : uri;
}

/**
 * Finds the component whose definition (its id to the end of its mapping)
 * holds an offset: per file, definitions sorted by start, binary search
 * (findings x components would be slow on a big file with many findings).
 */
function componentLocator(analysis: Analysis): (f: Finding) => string | null {
  const byUri = new Map<string, Array<{ id: string; start: number; end: number }>>();
  for (const c of analysis.ws.components) {
    const list = byUri.get(c.uri) ?? [];
    list.push({ id: c.id, start: c.idNode.start, end: Math.max(c.pair.end, c.pair.value?.end ?? 0) });
    byUri.set(c.uri, list);
  }
  for (const list of byUri.values()) list.sort((a, b) => a.start - b.start);
  const files = new Map(analysis.ws.files.map((f) => [f.uri, f]));
  return (f) => {
    const list = byUri.get(f.uri);
    const file = files.get(f.uri);
    if (!list || !file) return null;
    const offset = file.lines.offset(f.range.start);
    let lo = 0;
    let hi = list.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].start <= offset) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best >= 0 && offset <= list[best].end ? list[best].id : null;
  };
}

function findingRefs(analysis: Analysis): FindingRef[] {
  const main = analysis.ws.main.uri;
  const componentOf = componentLocator(analysis);
  return analysis.findings.map((f) => ({
    code: f.code,
    severity: f.severity,
    component: componentOf(f),
    file: relativeFile(main, f.uri),
    line: f.range.start.line + 1,
    message: f.message,
  }));
}

/** Findings matched by code, component, file and message (never by line): what appeared, what disappeared. */
function diffFindings(before: FindingRef[], after: FindingRef[]): ModelComparison['findings'] {
  const key = (f: FindingRef) => JSON.stringify([f.code, f.component, f.file, f.message]);
  const pool = new Map<string, number>();
  for (const f of before) pool.set(key(f), (pool.get(key(f)) ?? 0) + 1);
  const appeared: FindingRef[] = [];
  let unchanged = 0;
  for (const f of after) {
    const n = pool.get(key(f)) ?? 0;
    if (n > 0) {
      pool.set(key(f), n - 1);
      unchanged++;
    } else appeared.push(f);
  }
  const disappeared: FindingRef[] = [];
  for (const f of before) {
    const n = pool.get(key(f)) ?? 0;
    if (n > 0) {
      pool.set(key(f), n - 1);
      disappeared.push(f);
    }
  }
  return { appeared, disappeared, unchanged };
}

/**
 * Compares two analyses of the same pipeline (`before`: the baseline). Both
 * must have been analysed with the same load factor and model settings.
 */
export function compareModels(before: Analysis, after: Analysis): ModelComparison {
  const b = before.capacity;
  const a = after.capacity;
  const beforeById = new Map((b?.components ?? []).map((f) => [f.id, f]));
  const afterIds = new Set((a?.components ?? []).map((f) => f.id));
  const components = [
    ...(a?.components ?? []).map((f) => componentChange(f.id, beforeById.get(f.id), f)),
    ...(b?.components ?? []).filter((f) => !afterIds.has(f.id)).map((f) => componentChange(f.id, f, undefined)),
  ];
  return {
    load: a?.load ?? b?.load ?? 1,
    modelled: { before: !!b, after: !!a },
    pipeline: {
      maxIngest: figure(b?.maxIngest, a?.maxIngest),
      endToEndP99Ms: latency(b?.endToEndP99Ms, pipelineP99Unbounded(b), a?.endToEndP99Ms, pipelineP99Unbounded(a)),
      memoryBytes: figure(b?.memoryBytes, a?.memoryBytes),
      busyWorkers: figure(b?.busyWorkers, a?.busyWorkers),
      workers: figure(b?.workers, a?.workers),
      criticalPath: { before: [...(b?.criticalPath ?? [])], after: [...(a?.criticalPath ?? [])] },
      slo: {
        latencyP99Ms: verdict(b?.slo.latencyP99Ms, b?.slo.latencyOk, a?.slo.latencyP99Ms, a?.slo.latencyOk),
        throughput: verdict(b?.slo.throughput, b?.slo.throughputOk, a?.slo.throughput, a?.slo.throughputOk),
        memoryBudgetBytes: verdict(b?.memoryBudgetBytes, b?.memoryOk, a?.memoryBudgetBytes, a?.memoryOk),
      },
    },
    components,
    findings: diffFindings(findingRefs(before), findingRefs(after)),
  };
}

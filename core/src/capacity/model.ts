// The capacity model (spec section 7): rates, utilisation, p99 latency and
// memory from the configuration alone. Linear in the number of components
// and edges (one pass in topological order, one DP for the critical path),
// so it scales to 10,000 components. Never throws on user input and never
// returns NaN or Infinity (see types.ts). The decisions the spec leaves open
// are documented in docs/model.md.
import { get, isScalar } from '../parse/tree';
import type { Component } from '../pipeline/file';
import { graphIndex, type Graph, type GraphIndex } from '../pipeline/graph';
import type { Workspace } from '../pipeline/workspace';
import { mmcP99Wait } from './erlang';
import type { GraphChange } from '../pipeline/graph-diff';
import { BASE_MEMORY, DEDUPE_BYTES_PER_KEY, DEFAULT_EVENT_SIZE, DEFAULT_MEMORY_BUDGET, DEFAULT_WORKERS, count, ENRICH_BYTES_PER_ENTRY, WINDOW_STATE_PER_KEY, clampRatio, duration, rate, size, sourceRate, type RateDecl } from './params';
import type { CapacityResult, ComponentFigures, EdgeFigures } from './types';
import { readStage, type Stage } from './stage';

export interface ModelOptions {
  /** What-if load factor applied to every source rate; default 1. */
  load?: number;
}

export function normaliseLoad(load: number | undefined): number {
  return typeof load === 'number' && Number.isFinite(load) && load >= 0 ? Math.min(load, 1e6) : 1;
}

/** Each result's stages, for the next model after an edit (runModel's `prev`). */
const stagesOf = new WeakMap<CapacityResult, Stage[]>();
/** A source's declared rate, read once per parse of it. */
const declOf = new WeakMap<Component, RateDecl>();

/**
 * Runs the model, or returns undefined when no source declares a usable
 * `rate`. With `prev` (the model of the previous graph and the positions an
 * edit touched, pipeline/graph-diff.ts), the stages of untouched components
 * whose inputs did not change are the previous ones, figures included: only
 * the touched components and what lies downstream of a changed rate are
 * computed again. The result is the same as without `prev`.
 */
export function runModel(ws: Workspace, graph: Graph, options: ModelOptions = {}, prev?: { result: CapacityResult | undefined; change: GraphChange }): CapacityResult | undefined {
  const load = normaliseLoad(options.load);
  const sources: Component[] = [];
  for (const c of graph.nodes.values()) if (c.section === 'sources') sources.push(c);
  const decls = new Map(sources.map((c) => [c.id, rateOf(c)]));
  if (![...decls.values()].some((d) => d.kind === 'known')) return undefined;

  // Stages by position (graph/graphIndex: file order); edges from or into a cycle carry nothing.
  const ix = graphIndex(graph);
  const n = ix.nodes.length;
  const cyclic = ix.inCycle;
  const stages: Stage[] = new Array(n);
  const rateFrom = (from: number, port: string | undefined): number => {
    const st = stages[from];
    if (st.inCycle) return 0;
    if (port !== undefined && st.ports) return st.ports.get(port) ?? 0;
    return st.output;
  };

  const before = prev?.result && prev.result.load === load ? stagesOf.get(prev.result) : undefined;
  const reuse = before && before.length === n ? before : undefined;
  const touched = prev?.change.touched;
  // A component's own settings are read in file order, where its nodes lie together in memory; rates then
  // flow in topological order over the stages alone.
  for (let i = 0; i < n; i++) stages[i] = reuse && !touched![i] ? reuse[i] : readStage(ix.nodes[i], cyclic[i] === 1, graph);
  /**
   * 1 where the stage was computed again (then its figures are too); 2 where what it passes downstream changed,
   * from the start for a touched one (members of cycles come last in the order, after what they feed).
   */
  const redo = new Uint8Array(n);
  if (touched) for (let i = 0; i < n; i++) if (touched[i]) redo[i] = 2;
  for (let k = 0; k < n; k++) {
    const i = ix.order[k];
    if (reuse) {
      if (!touched![i] && !upstreamRedone(redo, ix, i)) continue;
      if (stages[i] === reuse[i]) stages[i] = { ...reuse[i], defaultShareOf: null, ports: undefined };
    }
    redo[i] ||= 1;
    const stage = stages[i];
    if (stage.c.section === 'sources') {
      const d = decls.get(stage.c.id);
      stage.input = d?.kind === 'known' ? d.rate * load : 0;
    } else if (!stage.inCycle) {
      let sum = 0;
      let maxSize = 0;
      let defaultSize = true;
      for (let j = ix.inStart[i]; j < ix.inStart[i + 1]; j++) {
        const from = ix.inFrom[j];
        if (cyclic[from]) continue;
        const port = ix.inEdges[j].port;
        const r = rateFrom(from, port);
        sum += r;
        const up = stages[from];
        if (up.eventSize > maxSize || (up.eventSize === maxSize && !up.defaultEventSize)) {
          maxSize = up.eventSize;
          defaultSize = up.defaultEventSize;
        }
        // The rate rests on a share nobody wrote: an undeclared route port (`_unmatched` carries events only when
        // every route has a share), or such a rate upstream.
        if (stage.defaultShareOf === null && r > 0)
          stage.defaultShareOf = up.defaultShareOf ?? (port !== undefined && port !== '_unmatched' && up.shares && !up.shares.has(port) ? up.c.id : null);
      }
      stage.input = sum;
      stage.eventSize = maxSize > 0 ? maxSize : DEFAULT_EVENT_SIZE;
      stage.defaultEventSize = maxSize > 0 ? defaultSize : true;
    }
    computeOutput(stage);
    if (reuse && (touched![i] || !samePassOn(stage, reuse[i]))) redo[i] = 2;
  }

  for (let i = 0; i < n; i++) if (redo[i] || !reuse) stages[i].figures = figuresOf(stages[i], load);
  const components: ComponentFigures[] = new Array(n);
  for (let k = 0; k < n; k++) components[k] = stages[ix.order[k]].figures;
  // An edge whose upstream passes on what it did before keeps its figures (the same edge at the same index).
  const prevEdges = reuse && prev!.result!.edges.length === graph.edges.length ? prev!.result!.edges : undefined;
  const edges: EdgeFigures[] = graph.edges.map((e, k) => {
    const was = prevEdges?.[k];
    if (was && redo[ix.edgeFrom[k]] !== 2 && was.from === e.from && was.to === e.to && was.port === e.port) return was;
    const rate = rateFrom(ix.edgeFrom[k], e.port);
    return e.port !== undefined ? { from: e.from, to: e.to, port: e.port, rate } : { from: e.from, to: e.to, rate };
  });

  // Maximum sustainable ingest and the stage that breaks first.
  const totalSourceRate = sources.reduce((sum, c) => sum + stages[ix.at.get(c.id)!].input, 0);
  let minRatio = Infinity;
  let breaksFirst: string | null = null;
  for (const f of components) {
    if (f.inCycle || !(f.inputRate > 0)) continue;
    const ratio = f.capacity / f.inputRate;
    if (ratio < minRatio) {
      minRatio = ratio;
      breaksFirst = f.id;
    }
  }
  const maxIngest = breaksFirst !== null && totalSourceRate > 0 ? finiteOrNull(totalSourceRate * minRatio) : null;
  const breaksFirstAtLoad = breaksFirst !== null ? finiteOrNull(load * minRatio) : null;

  const { endToEnd, path, table } = criticalPath(stages, ix, cyclic, reuse && pathsOf.get(prev!.result!), redo);
  const unboundedAt = endToEnd === Infinity ? (path.find((id) => stages[ix.at.get(id)!].figures.overloaded) ?? null) : null;
  const root = ws.main.root;
  const baseMemoryBytes = BASE_MEMORY;
  const memoryBytes = finiteOr(components.reduce((sum, f) => sum + f.memoryBytes, baseMemoryBytes), Number.MAX_SAFE_INTEGER);
  const budgetNode = get(root, 'runtime', 'memory');
  const memoryBudgetBytes = budgetNode === undefined || (isScalar(budgetNode) && budgetNode.value === null) ? DEFAULT_MEMORY_BUDGET : (size(budgetNode) ?? null);
  const workersNode = get(root, 'runtime', 'workers');
  const workers = workersNode === undefined || (isScalar(workersNode) && workersNode.value === null) ? DEFAULT_WORKERS : (count(workersNode) ?? null);
  let busyWorkers = 0;
  for (const f of components) busyWorkers += f.busyWorkers;
  const latencySlo = duration(get(root, 'pipeline', 'slo', 'latency_p99'));
  const throughputSlo = rate(get(root, 'pipeline', 'slo', 'throughput'));
  const endToEndP99Ms = path.length && Number.isFinite(endToEnd) ? endToEnd * 1e3 : null;

  const result: CapacityResult = {
    load,
    components,
    edges,
    totalSourceRate,
    maxIngest,
    breaksFirst,
    breaksFirstAtLoad,
    endToEndP99Ms,
    unboundedAt,
    criticalPath: path,
    memoryBytes,
    baseMemoryBytes,
    memoryBudgetBytes,
    memoryOk: memoryBudgetBytes === null ? null : memoryBytes <= memoryBudgetBytes,
    slo: {
      latencyP99Ms: latencySlo !== undefined ? latencySlo * 1e3 : null,
      latencyOk: latencySlo === undefined || path.length === 0 ? null : Number.isFinite(endToEnd) && endToEnd <= latencySlo,
      throughput: throughputSlo ?? null,
      throughputOk: throughputSlo === undefined || maxIngest === null ? null : maxIngest >= throughputSlo,
    },
    busyWorkers: finiteOr(busyWorkers, Number.MAX_SAFE_INTEGER),
    workers: workers !== null && workers >= 1 ? workers : null,
    sourcesWithoutRate: sources.filter((c) => decls.get(c.id)?.kind !== 'known').map((c) => c.id),
    excluded: graph.cycles.length > 0 ? graph.order.filter((id) => cyclic[ix.at.get(id)!] === 1) : [],
  };
  stagesOf.set(result, stages);
  pathsOf.set(result, table);
  return result;
}

function rateOf(c: Component): RateDecl {
  let d = declOf.get(c);
  if (!d) declOf.set(c, (d = sourceRate(c)));
  return d;
}

/** An upstream stage passes on something new (redo 2). */
function upstreamRedone(redo: Uint8Array, ix: GraphIndex, i: number): boolean {
  for (let j = ix.inStart[i]; j < ix.inStart[i + 1]; j++) if (redo[ix.inFrom[j]] === 2) return true;
  return false;
}

/** What a stage passes downstream is the same as before: rate, port rates, event size and the assumptions carried along. */
function samePassOn(a: Stage, b: Stage): boolean {
  if (a.output !== b.output || a.eventSize !== b.eventSize || a.defaultEventSize !== b.defaultEventSize || a.defaultShareOf !== b.defaultShareOf || a.inCycle !== b.inCycle) return false;
  if (a.ports === b.ports) return true;
  if (!a.ports || !b.ports || a.ports.size !== b.ports.size) return false;
  for (const [port, r] of a.ports) if (b.ports.get(port) !== r) return false;
  return true;
}

/** Output rate (and route port rates) from the input rate. */
function computeOutput(stage: Stage): void {
  const { c, input } = stage;
  if (stage.inCycle) return;
  if (c.section !== 'processors') {
    stage.output = input;
    return;
  }
  switch (c.type) {
    case 'filter':
      stage.output = input * clampRatio(stage.ratio, 1);
      return;
    case 'dedupe':
      stage.output = input * (1 - clampRatio(stage.ratio, 0));
      return;
    case 'window': {
      const w = stage.window!;
      stage.output = input > 0 ? w.keys / (w.kind === 'sliding' ? w.slide : w.size) : 0;
      return;
    }
    case 'route': {
      const names = stage.routes!;
      const declared = stage.shares!;
      const declaredSum = [...declared.values()].reduce((a, b) => a + b, 0);
      const undeclared = names.filter((n) => !declared.has(n));
      // Routes without a declared share split what the declared ones leave.
      const rest = undeclared.length ? Math.max(0, 1 - declaredSum) / undeclared.length : 0;
      const ports = new Map<string, number>();
      let sum = 0;
      for (const name of names) {
        const share = declared.get(name) ?? rest;
        sum += share;
        ports.set(name, input * share);
      }
      ports.set('_unmatched', input * Math.max(0, 1 - sum));
      stage.ports = ports;
      stage.output = [...ports.values()].reduce((a, b) => a + b, 0);
      return;
    }
    default:
      stage.output = input;
  }
}

/**
 * A component's figures. A class whose fields are declared, so each starts as
 * undefined and V8 keeps it as a tagged value: in an object literal, a figure
 * that is a whole number for one component and a fraction, Infinity or null
 * for the next changes the field's representation, which deprecates the shape
 * and migrates every object made before it (the first analysis of a fresh
 * server runs in V8's interpreter, where each migration costs).
 */
class Figures implements ComponentFigures {
  id!: ComponentFigures['id'];
  section!: ComponentFigures['section'];
  type!: ComponentFigures['type'];
  parallelism!: ComponentFigures['parallelism'];
  inputRate!: ComponentFigures['inputRate'];
  outputRate!: ComponentFigures['outputRate'];
  serviceTimeMs!: ComponentFigures['serviceTimeMs'];
  capacity!: ComponentFigures['capacity'];
  utilization!: ComponentFigures['utilization'];
  overloaded!: ComponentFigures['overloaded'];
  erlangC!: ComponentFigures['erlangC'];
  queueWaitMs!: ComponentFigures['queueWaitMs'];
  batchWaitMs!: ComponentFigures['batchWaitMs'];
  windowDelayMs!: ComponentFigures['windowDelayMs'];
  p99Ms!: ComponentFigures['p99Ms'];
  eventSizeBytes!: ComponentFigures['eventSizeBytes'];
  memoryBytes!: ComponentFigures['memoryBytes'];
  memory!: ComponentFigures['memory'];
  saturatesAtLoad!: ComponentFigures['saturatesAtLoad'];
  inCycle!: ComponentFigures['inCycle'];
  busyWorkers!: ComponentFigures['busyWorkers'];
  assumed!: ComponentFigures['assumed'];
  declare portRates?: Record<string, number>;
}

function figuresOf(stage: Stage, load: number): ComponentFigures {
  const { c, s, input, parallelism: par } = stage;
  const capacity = par / s;
  const utilization = stage.inCycle ? 0 : input / capacity;
  const overloaded = !stage.inCycle && utilization >= 1;
  const q = stage.inCycle ? { wait: 0, erlangC: 0 } : mmcP99Wait(par, input, s);

  // Sink batch fill: min(timeout, size / input rate); with no input, the timeout (or 0).
  let batchWait = 0;
  let batchMemory = 0;
  if (stage.batch) {
    const { size: bsize, timeout } = stage.batch;
    const fill = bsize !== undefined && input > 0 ? bsize / input : undefined;
    batchWait = fill !== undefined ? Math.min(fill, timeout ?? fill) : (timeout ?? 0);
    if (bsize !== undefined) batchMemory = bsize * stage.eventSize * par;
  }

  let windowDelay = 0;
  let state = 0;
  if (c.section === 'processors') {
    if (c.type === 'window') {
      const w = stage.window!;
      windowDelay = w.size + w.lateness;
      state = w.keys * WINDOW_STATE_PER_KEY * w.aggregates * (w.kind === 'sliding' ? w.size / w.slide : 1);
    } else if (c.type === 'dedupe') {
      // Without cache_size, the keys seen within `within` are kept.
      state = (stage.cache ?? input * (stage.within ?? 0)) * DEDUPE_BYTES_PER_KEY;
    } else if (c.type === 'enrich') {
      state = (stage.cache ?? 0) * ENRICH_BYTES_PER_ENTRY;
    }
  }
  const buffer = stage.buffer * stage.eventSize;

  const wait = q.wait;
  stage.p99 = stage.inCycle ? NaN : wait === undefined || overloaded ? Infinity : s + wait + batchWait + windowDelay;
  const memory = { buffer: safe(buffer), state: safe(state), batch: safe(batchMemory) };
  const figures = new Figures();
  figures.id = c.id;
  figures.section = c.section;
  figures.type = c.type ?? null;
  figures.parallelism = par;
  figures.inputRate = safe(input);
  figures.outputRate = safe(stage.output);
  figures.serviceTimeMs = s * 1e3;
  figures.capacity = safe(capacity);
  figures.utilization = safe(utilization);
  figures.overloaded = overloaded;
  figures.erlangC = overloaded ? 1 : q.erlangC;
  figures.queueWaitMs = overloaded || wait === undefined ? null : wait * 1e3;
  figures.batchWaitMs = safe(batchWait * 1e3);
  figures.windowDelayMs = safe(windowDelay * 1e3);
  figures.p99Ms = Number.isFinite(stage.p99) ? stage.p99 * 1e3 : null;
  figures.eventSizeBytes = stage.eventSize;
  figures.memoryBytes = safe(memory.buffer + memory.state + memory.batch);
  figures.memory = memory;
  figures.saturatesAtLoad = !stage.inCycle && input > 0 ? finiteOrNull((load * capacity) / input) : null;
  figures.inCycle = stage.inCycle;
  figures.busyWorkers = stage.inCycle ? 0 : safe(Math.min(utilization, 1) * par);
  figures.assumed = { defaultCost: !stage.costWritten, defaultShareOf: stage.defaultShareOf, defaultEventSize: stage.defaultEventSize };
  if (stage.ports) figures.portRates = Object.fromEntries([...stage.ports].map(([k, v]) => [k, safe(v)]));
  return figures;
}

/** The critical path's dynamic programme of a result: per position, the longest p99 to it and its predecessor. */
interface PathTable {
  best: Float64Array;
  from: Int32Array;
}
const pathsOf = new WeakMap<CapacityResult, PathTable>();
/** Sink positions in topological order, per graph order (shared by the indexes of value edits, graph.ts rebindIndex). */
const sinksOf = new WeakMap<Int32Array, Int32Array>();

function sinksInOrder(stages: Stage[], ix: GraphIndex): Int32Array {
  let sinks = sinksOf.get(ix.order);
  if (!sinks) sinksOf.set(ix.order, (sinks = ix.order.filter((i) => stages[i].c.section === 'sinks')));
  return sinks;
}

/**
 * Longest (p99) source-to-sink path by dynamic programming over the
 * topological order: best[v] = p99(v) + max over inputs u of best[u].
 * Unbounded stages count as Infinity, so a path through one is unbounded.
 * After an edit (`was`: the previous model's table, `redo`: the stages
 * computed again) only those and what lies downstream of a changed entry
 * are computed again; every entry is what the whole programme gives.
 */
function criticalPath(stages: Stage[], ix: GraphIndex, cyclic: Uint8Array, was?: PathTable, redo?: Uint8Array): { endToEnd: number; path: string[]; table: PathTable } {
  const n = stages.length;
  const incremental = was && redo && was.best.length === n;
  const best = incremental ? was.best.slice() : new Float64Array(n).fill(NaN); // NaN: not reached from a source
  const prev = incremental ? was.from.slice() : new Int32Array(n).fill(-1);
  /** 1 where an entry differs from `was` (its dependants are computed again). */
  const moved = incremental ? new Uint8Array(n) : undefined;
  for (let k = 0; k < n; k++) {
    const i = ix.order[k];
    if (moved) {
      let again = redo![i] !== 0;
      for (let j = ix.inStart[i]; j < ix.inStart[i + 1] && !again; j++) again = moved[ix.inFrom[j]] === 1;
      if (!again) continue;
      best[i] = NaN;
      prev[i] = -1;
    }
    visit(i);
    if (moved && (prev[i] !== was!.from[i] || !Object.is(best[i], was!.best[i]))) moved[i] = 1;
  }
  function visit(i: number): void {
    const st = stages[i];
    if (st.inCycle) return;
    if (st.c.section === 'sources') {
      best[i] = st.p99;
      return;
    }
    let bestIn = -1;
    let from = -1;
    for (let j = ix.inStart[i]; j < ix.inStart[i + 1]; j++) {
      const u = ix.inFrom[j];
      if (!cyclic[u] && best[u] > bestIn) {
        bestIn = best[u];
        from = u;
      }
    }
    if (from < 0) return; // not reachable from a source
    best[i] = bestIn + st.p99;
    prev[i] = from;
  }
  const table = { best, from: prev };
  let endToEnd = -1;
  let end = -1;
  for (const i of sinksInOrder(stages, ix)) {
    if (best[i] > endToEnd) {
      endToEnd = best[i];
      end = i;
    }
  }
  if (end < 0) return { endToEnd: 0, path: [], table };
  const path: string[] = [];
  for (let i = end; i >= 0; i = prev[i]) path.push(stages[i].c.id);
  return { endToEnd, path: path.reverse(), table };
}

function safe(v: number): number {
  return Number.isFinite(v) ? v : v > 0 ? Number.MAX_SAFE_INTEGER : 0;
}

function finiteOr(v: number, fallback: number): number {
  return Number.isFinite(v) ? v : fallback;
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

const indexCache = new WeakMap<CapacityResult, Map<string, ComponentFigures>>();

/** Figures of one component, or undefined (indexed once per result). */
export function componentFigures(result: CapacityResult | undefined, id: string): ComponentFigures | undefined {
  if (!result) return undefined;
  let index = indexCache.get(result);
  if (!index) {
    index = new Map(result.components.map((f) => [f.id, f]));
    indexCache.set(result, index);
  }
  return index.get(id);
}

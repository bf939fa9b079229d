// The `model` command's report: a text table per component and a stable JSON
// form (documented in docs/model.md). Figures are estimates and are labelled
// so. Nothing here prints NaN or Infinity: unbounded figures are "unbounded"
// in text and null in JSON.
import type { Analysis, CapacityResult, ComponentFigures } from '../../core/src/index';
import { bytesText, countText, loadText, msText, pct, rateText } from '../../core/src/capacity/format';

export interface ModelTextOptions {
  /** The file as the user named it (defaults to the main file's URI). */
  file?: string;
}

const CAPACITY_CODES = new Set(['VX300', 'VX301', 'VX302', 'VX303', 'VX304', 'VX305', 'VX308']);

function table(head: string[], rows: string[][], rightAligned: Set<number>): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function p99Cell(f: ComponentFigures): string {
  if (f.inCycle) return 'not modelled';
  return f.p99Ms === null ? 'unbounded' : msText(f.p99Ms);
}

function verdict(ok: boolean | null): string {
  return ok === null ? '' : ok ? 'ok' : 'NOT MET';
}

/** Human report for `veltrix-lint model`. */
export function formatModelText(result: CapacityResult | undefined, analysis: Analysis, opts: ModelTextOptions = {}): string {
  const file = opts.file ?? analysis.ws.main.uri;
  if (!result) return `${file}: no capacity model: no source declares a 'rate' (add e.g. 'rate: 5k/s' to a source)\n`;
  const out: string[] = [];
  out.push(`Capacity model of ${file} — estimates, at ${loadText(result.load)} the declared load`, '');

  const rows = result.components.map((f) => [
    f.id,
    f.type ?? '?',
    rateText(f.inputRate),
    rateText(f.capacity),
    f.inCycle ? '—' : pct(f.utilization) + (f.overloaded ? '!' : ''),
    p99Cell(f),
    bytesText(f.memoryBytes),
    f.saturatesAtLoad === null ? '—' : loadText(f.saturatesAtLoad),
  ]);
  out.push(...table(['component', 'type', 'in', 'capacity', 'busy', 'p99', 'memory', 'saturates at'], rows, new Set([2, 3, 4, 5, 6, 7])), '');

  // Critical path with each stage's share.
  const byId = new Map(result.components.map((f) => [f.id, f]));
  if (result.criticalPath.length) {
    const total = result.endToEndP99Ms === null ? `unbounded: '${result.unboundedAt}' is overloaded` : msText(result.endToEndP99Ms);
    out.push(`Critical path (end-to-end p99 ${total}):`);
    const shown = result.criticalPath.length > 12 ? [...result.criticalPath.slice(0, 6), '…', ...result.criticalPath.slice(-5)] : result.criticalPath;
    for (const id of shown) {
      const f = byId.get(id);
      out.push(f ? `  ${id.padEnd(Math.min(32, Math.max(...shown.map((s) => s.length))))}  ${p99Cell(f).padStart(12)}` : `  ${id}`);
    }
  } else out.push('Critical path: none (no source reaches a sink)');
  out.push('');

  // Totals against the SLOs and the memory budget.
  const slo = result.slo;
  const lines: Array<[string, string, string]> = [
    ['max sustainable ingest', rateText(result.maxIngest), slo.throughput === null ? '' : `slo.throughput ${rateText(slo.throughput)}: ${verdict(slo.throughputOk)}`],
    [
      'end-to-end p99',
      result.endToEndP99Ms === null ? (result.criticalPath.length ? 'unbounded' : '—') : msText(result.endToEndP99Ms),
      slo.latencyP99Ms === null ? '' : `slo.latency_p99 ${msText(slo.latencyP99Ms)}: ${verdict(slo.latencyOk)}`,
    ],
    [
      'memory',
      bytesText(result.memoryBytes),
      result.memoryBudgetBytes === null
        ? 'runtime.memory unknown until deploy'
        : `runtime.memory ${bytesText(result.memoryBudgetBytes)}: ${result.memoryBudgetBytes > 0 ? pct(result.memoryBytes / result.memoryBudgetBytes) : '—'}, ${verdict(result.memoryOk)}`,
    ],
    [
      'busy workers',
      countText(result.busyWorkers),
      result.workers === null ? 'runtime.workers unknown until deploy' : `runtime.workers ${result.workers}: ${verdict(result.busyWorkers <= result.workers)}`,
    ],
  ];
  const w0 = Math.max(...lines.map((l) => l[0].length));
  const w1 = Math.max(...lines.map((l) => l[1].length));
  for (const [k, v, note] of lines) out.push(`${k.padEnd(w0)}  ${v.padStart(w1)}${note ? `   (${note})` : ''}`);
  out.push(result.breaksFirst ? `saturates first: ${result.breaksFirst} at ${loadText(result.breaksFirstAtLoad)} load` : 'saturates first: — (no component has input)');
  if (result.sourcesWithoutRate.length) out.push(`sources without a known rate (counted as 0): ${result.sourcesWithoutRate.join(', ')}`);
  if (result.excluded.length) out.push(`not modelled (part of a cycle): ${result.excluded.join(', ')}`);

  const findings = analysis.findings.filter((f) => CAPACITY_CODES.has(f.code) && f.uri === analysis.ws.main.uri);
  const elsewhere = analysis.findings.filter((f) => CAPACITY_CODES.has(f.code) && f.uri !== analysis.ws.main.uri);
  if (findings.length || elsewhere.length) {
    out.push('');
    for (const f of [...findings, ...elsewhere]) out.push(`${f.range.start.line + 1}:${f.range.start.character + 1}  ${f.severity.padEnd(7)}  ${f.code}  ${f.message}`);
  }
  out.push('', 'All figures are estimates from the configuration (M/M/c queues, Poisson arrivals); see docs/model.md.');
  return out.join('\n') + '\n';
}

export interface ModelJsonComponent {
  id: string;
  section: string;
  type: string | null;
  parallelism: number;
  inputRate: number;
  outputRate: number;
  /** Routes: events/s per route and `_unmatched`; null for other components. */
  portRates: Record<string, number> | null;
  serviceTimeMs: number;
  /** events/s */
  capacity: number;
  utilization: number | null;
  erlangC: number | null;
  queueWaitMs: number | null;
  batchWaitMs: number;
  windowDelayMs: number;
  p99Ms: number | null;
  eventSizeBytes: number;
  memoryBytes: number;
  memory: { buffer: number; state: number; batch: number };
  saturatesAtLoad: number | null;
  inCycle: boolean;
  busyWorkers: number;
  /** The defaults these figures rest on: no `cost`, an unwritten route share (that router's id), the default event size. */
  assumed: { defaultCost: boolean; defaultShareOf: string | null; defaultEventSize: boolean };
}

export interface ModelJson {
  version: 1;
  estimates: true;
  /** The file as named on the command line; null when not given. */
  file: string | null;
  load: number;
  /** null when no source declares a rate (the model did not run). */
  pipeline: null | {
    totalSourceRate: number;
    maxIngest: number | null;
    breaksFirst: string | null;
    breaksFirstAtLoad: number | null;
    endToEndP99Ms: number | null;
    unboundedAt: string | null;
    criticalPath: string[];
    memoryBytes: number;
    baseMemoryBytes: number;
    memoryBudgetBytes: number | null;
    memoryOk: boolean | null;
    /** Sum of min(utilization, 1) x parallelism; `workers` is runtime.workers (null when unknown until deploy). */
    busyWorkers: number;
    workers: number | null;
    slo: { latencyP99Ms: number | null; latencyOk: boolean | null; throughput: number | null; throughputOk: boolean | null };
    sourcesWithoutRate: string[];
    excluded: string[];
  };
  components: ModelJsonComponent[];
  /** `port`: the route (or `_unmatched`) the edge leaves from; null for plain outputs. */
  edges: Array<{ from: string; to: string; port: string | null; rate: number }>;
}

/** null for anything that is not a finite number; 12 significant digits (no float noise like 0.019999999999999997). */
const num = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(12)) : null);
const fin = (v: number): number => num(v) ?? 0;

/**
 * The stable JSON form of the model (docs/model.md). Keys are always present,
 * in this order. Without a result (no source declares a rate) `pipeline` is
 * null and the lists are empty.
 */
export function modelJson(result: CapacityResult | undefined, file?: string, load = 1): ModelJson {
  const head = { version: 1 as const, estimates: true as const, file: file ?? null };
  if (!result) return { ...head, load: fin(load), pipeline: null, components: [], edges: [] };
  return {
    ...head,
    load: fin(result.load),
    pipeline: {
      totalSourceRate: fin(result.totalSourceRate),
      maxIngest: num(result.maxIngest),
      breaksFirst: result.breaksFirst,
      breaksFirstAtLoad: num(result.breaksFirstAtLoad),
      endToEndP99Ms: num(result.endToEndP99Ms),
      unboundedAt: result.unboundedAt,
      criticalPath: [...result.criticalPath],
      memoryBytes: fin(result.memoryBytes),
      baseMemoryBytes: fin(result.baseMemoryBytes),
      memoryBudgetBytes: num(result.memoryBudgetBytes),
      memoryOk: result.memoryOk,
      busyWorkers: fin(result.busyWorkers),
      workers: result.workers,
      slo: {
        latencyP99Ms: num(result.slo.latencyP99Ms),
        latencyOk: result.slo.latencyOk,
        throughput: num(result.slo.throughput),
        throughputOk: result.slo.throughputOk,
      },
      sourcesWithoutRate: [...result.sourcesWithoutRate],
      excluded: [...result.excluded],
    },
    components: result.components.map((f) => ({
      id: f.id,
      section: f.section,
      type: f.type,
      parallelism: fin(f.parallelism),
      inputRate: fin(f.inputRate),
      outputRate: fin(f.outputRate),
      portRates: f.portRates ? Object.fromEntries(Object.entries(f.portRates).map(([k, v]) => [k, fin(v)])) : null,
      serviceTimeMs: fin(f.serviceTimeMs),
      capacity: fin(f.capacity),
      utilization: f.inCycle ? null : num(f.utilization),
      erlangC: f.inCycle ? null : num(f.erlangC),
      queueWaitMs: num(f.queueWaitMs),
      batchWaitMs: fin(f.batchWaitMs),
      windowDelayMs: fin(f.windowDelayMs),
      p99Ms: num(f.p99Ms),
      eventSizeBytes: fin(f.eventSizeBytes),
      memoryBytes: fin(f.memoryBytes),
      memory: { buffer: fin(f.memory.buffer), state: fin(f.memory.state), batch: fin(f.memory.batch) },
      saturatesAtLoad: num(f.saturatesAtLoad),
      inCycle: f.inCycle,
      busyWorkers: fin(f.busyWorkers),
      assumed: { ...f.assumed },
    })),
    edges: result.edges.map((e) => ({ from: e.from, to: e.to, port: e.port ?? null, rate: fin(e.rate) })),
  };
}

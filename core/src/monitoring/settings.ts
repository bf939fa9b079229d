// What the monitoring of a pipeline depends on (spec section 12), read once
// from the main file: the SLOs, the histogram buckets, the alert settings.
// The VX306/VX307 rules, the generator and the hovers all read this, so they
// never disagree on a default.
import { get, getPair, isMap, isScalar, isSeq, scalarString, type YNode, type YPair } from '../parse/tree';
import { duration, rate } from '../capacity/params';
import type { PipelineFile } from '../pipeline/file';

/** Spec 12.1: the engine's default histogram boundaries, in seconds. */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** The same, as a user would write them in `latency_buckets`. */
export const DEFAULT_BUCKET_TEXTS = ['5ms', '10ms', '25ms', '50ms', '100ms', '250ms', '500ms', '1s', '2.5s', '5s', '10s', '30s', '60s', '120s'];
export const DEFAULT_WINDOW = '30d';
export const DEFAULT_MIN_RATE = 1;
/** A p99 objective leaves 1% of events for the error budget. */
export const LATENCY_BUDGET = 0.01;

export interface MonitoringSettings {
  pipeline: string;
  /** `monitoring.prometheus.enabled` is literally true. */
  enabled: boolean;
  /** `slo.latency_p99` in seconds (undefined: not set, or unknown until deploy). */
  latencySlo?: number;
  latencySloText?: string;
  /** `slo.throughput` in events/s. */
  throughputSlo?: number;
  /** Histogram boundaries in seconds, ascending, without duplicates. */
  buckets: number[];
  /** True when `latency_buckets` is written (and readable). */
  customBuckets: boolean;
  windowSeconds: number;
  windowText: string;
  /** Events/s of ingest below which the burn-rate alerts stay quiet. */
  minRate: number;
  absent: boolean;
  labels: Record<string, string>;
  runbookUrl?: string;
  /** `delivery`, default at-least-once. */
  delivery: string;
}

const WINDOW_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `30d` -> 2592000; the window also accepts days, which durations do not. */
export function parseWindow(text: string | undefined): number | undefined {
  const m = text ? /^(\d+(?:\.\d+)?)(s|m|h|d)$/.exec(text.trim()) : null;
  const v = m ? Number(m[1]) * WINDOW_UNITS[m[2]] : NaN;
  return v > 0 && Number.isFinite(v) ? v : undefined;
}

export function monitoringSettings(main: PipelineFile): MonitoringSettings {
  const root = main.root;
  const slo = get(root, 'pipeline', 'slo');
  const prom = get(root, 'monitoring', 'prometheus');
  const alerts = get(root, 'monitoring', 'alerts');
  const latencyNode = get(slo, 'latency_p99');
  const latencySlo = positive(duration(latencyNode));
  const { buckets, custom } = readBuckets(get(prom, 'latency_buckets'));
  const windowText = scalarString(get(slo, 'window'));
  const windowSeconds = parseWindow(windowText);
  const labels: Record<string, string> = {};
  const labelMap = get(alerts, 'labels');
  if (isMap(labelMap))
    for (const p of labelMap.pairs) {
      const name = String(p.key.value);
      if (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) && !RESERVED.has(name) && isScalar(p.value) && p.value.value !== null) labels[name] = String(p.value.value);
    }
  const runbook = scalarString(get(alerts, 'runbook_url'));
  const minRate = rate(get(alerts, 'min_rate'));
  return {
    pipeline: scalarString(get(root, 'pipeline', 'name')) ?? 'pipeline',
    enabled: isScalar(get(prom, 'enabled')) && (get(prom, 'enabled') as { value: unknown }).value === true,
    ...(latencySlo !== undefined ? { latencySlo, latencySloText: scalarString(latencyNode) } : {}),
    ...(positive(rate(get(slo, 'throughput'))) !== undefined ? { throughputSlo: rate(get(slo, 'throughput')) } : {}),
    buckets,
    customBuckets: custom,
    windowSeconds: windowSeconds ?? parseWindow(DEFAULT_WINDOW)!,
    windowText: windowSeconds !== undefined ? windowText!.trim() : DEFAULT_WINDOW,
    minRate: minRate !== undefined && minRate >= 0 ? minRate : DEFAULT_MIN_RATE,
    absent: (get(alerts, 'absent') as { value?: unknown } | undefined)?.value === true,
    labels,
    ...(runbook && !runbook.includes('${') ? { runbookUrl: runbook } : {}),
    delivery: scalarString(get(root, 'pipeline', 'delivery')) ?? 'at-least-once',
  };
}

const RESERVED = new Set(['severity', 'pipeline', 'component', 'alertname']);

function positive(v: number | undefined): number | undefined {
  return v !== undefined && v > 0 ? v : undefined;
}

function readBuckets(node: YNode | undefined): { buckets: number[]; custom: boolean } {
  if (!isSeq(node)) return { buckets: DEFAULT_BUCKETS, custom: false };
  const values = node.items.map((i) => positive(duration(i))).filter((v): v is number => v !== undefined);
  if (!values.length) return { buckets: DEFAULT_BUCKETS, custom: false };
  return { buckets: [...new Set(values)].sort((a, b) => a - b), custom: true };
}

/** Same boundary, up to float noise (`0.1` written as `100ms` is 0.1). */
export function sameSeconds(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * The histogram boundary the latency alert measures: the SLO itself when it
 * is a boundary, else the nearest lower one (a stricter SLO), else the
 * smallest (the only measurable one, looser: VX306 says so).
 */
export function sloBucket(settings: MonitoringSettings): { le: number; exact: boolean; lower: boolean } | undefined {
  const slo = settings.latencySlo;
  if (slo === undefined) return undefined;
  const exact = settings.buckets.find((b) => sameSeconds(b, slo));
  if (exact !== undefined) return { le: exact, exact: true, lower: false };
  const below = settings.buckets.filter((b) => b < slo);
  return below.length ? { le: below[below.length - 1], exact: false, lower: true } : { le: settings.buckets[0], exact: false, lower: false };
}

/** The `enabled` pair, the `prometheus` pair and the `monitoring` pair, for fixes and anchors. */
export function prometheusPairs(main: PipelineFile): { monitoring?: YPair; prometheus?: YPair; enabled?: YPair } {
  const monitoring = getPair(main.root, 'monitoring');
  const prometheus = getPair(monitoring?.value, 'prometheus');
  const enabled = getPair(prometheus?.value, 'enabled');
  return { monitoring, prometheus, enabled };
}

// The Grafana dashboard (classic JSON model) of spec 12.2: a `datasource`
// variable of type prometheus, `$__rate_interval` in every rate, a title, a
// description and a unit on every panel, counters always aggregated. Rows:
// overview, then one row per stage in the core's topological order, Kafka lag,
// heap. Modelled figures (capacity model) are drawn as reference lines.
import { fnv1a32 } from '../expr/values';
import { bytesText, pct, rateText } from '../capacity/format';
import type { PipelineFacts, Stage } from './model';
import { LATENCY_BUDGET, sloBucket } from './settings';
import { clean, num, rateNum } from './numbers';
import { idRegex, promDuration, selector } from './promql';
import { SLI_RECORD } from './alerts';
import { SATURATION } from './thresholds';

const DS = { type: 'prometheus', uid: '${datasource}' };
const RATE = '$__rate_interval';

interface Target {
  expr: string;
  legendFormat: string;
}

interface PanelSpec {
  title: string;
  description: string;
  unit: string;
  targets: Target[];
  type?: 'timeseries' | 'stat';
  thresholds?: Array<{ value: number | null; color: string }>;
  /** Draw the thresholds as lines (busy ratio). */
  thresholdLines?: boolean;
  min?: number;
  max?: number;
}

/** `veltrix-<name>-<hash>`: at most 40 characters, the same for the same pipeline name. */
export function dashboardUid(pipeline: string): string {
  const hash = fnv1a32(pipeline).toString(16).padStart(8, '0');
  return `${`veltrix-${pipeline}`.slice(0, 31)}-${hash}`;
}

export function buildDashboard(facts: PipelineFacts): string {
  const s = facts.settings;
  const p = { pipeline: s.pipeline };
  const from = ` Generated from ${facts.path}.`;
  const sources = facts.stages.filter((x) => x.section === 'sources');
  const sinks = facts.stages.filter((x) => x.section === 'sinks');
  const cap = facts.capacity;
  const rows: Array<{ title: string; panels: PanelSpec[] }> = [];

  // Overview.
  const overview: PanelSpec[] = [];
  const ingest: Target[] = [{ expr: `sum(rate(${selector('veltrix_events_in_total', { ...p, 'component=~': idRegex(sources.map((x) => x.id)) })}[${RATE}]))`, legendFormat: 'ingest' }];
  if (s.throughputSlo !== undefined) ingest.push({ expr: `vector(${num(s.throughputSlo)})`, legendFormat: 'slo.throughput' });
  if (cap?.maxIngest != null) ingest.push({ expr: `vector(${rateNum(cap.maxIngest)})`, legendFormat: 'modelled maximum ingest' });
  overview.push({
    title: 'Ingest',
    description: `Events/s entering at the sources (${sources.map((x) => x.id).join(', ') || 'none'}), against slo.throughput and the capacity model's maximum sustainable ingest${cap?.maxIngest != null ? ` (${rateText(cap.maxIngest)})` : ''}.${from}`,
    unit: 'ops',
    targets: ingest,
  });
  const e2e: Target[] = [{ expr: `histogram_quantile(0.99, sum by (le) (rate(${selector('veltrix_end_to_end_seconds_bucket', p)}[${RATE}])))`, legendFormat: 'end-to-end p99' }];
  if (s.latencySlo !== undefined) e2e.push({ expr: `vector(${num(s.latencySlo)})`, legendFormat: 'slo.latency_p99' });
  overview.push({ title: 'End-to-end p99 latency', description: `p99 of the time from ingest at a source to the acknowledgement of a sink, against slo.latency_p99${s.latencySloText ? ` ${s.latencySloText}` : ''}.${from}`, unit: 's', targets: e2e });
  const bucket = sloBucket(s);
  if (bucket) {
    overview.push({
      type: 'stat',
      title: `Latency error budget left (${s.windowText})`,
      description: `Share of the ${s.windowText} error budget of slo.latency_p99 still unspent: ${pct(LATENCY_BUDGET)} of events may be slower than le=${num(bucket.le)}s. Read from the recording rule ${SLI_RECORD}.${from}`,
      unit: 'percentunit',
      targets: [{ expr: `1 - (${selector(SLI_RECORD, { ...p, window: promDuration(s.windowSeconds) })} / ${num(LATENCY_BUDGET)})`, legendFormat: 'budget left' }],
      thresholds: [{ value: null, color: 'red' }, { value: 0.25, color: 'orange' }, { value: 0.5, color: 'green' }],
    });
  }
  overview.push({
    title: 'Lost and dead-lettered events',
    description: `Events/s that sinks gave up on after every retry (lost unless the sink has a dead_letter) and events/s sent to dead-letter sinks.${from}`,
    unit: 'ops',
    targets: [
      { expr: `sum by (component) (rate(${selector('veltrix_events_failed_total', { ...p, 'component=~': idRegex(sinks.map((x) => x.id)) })}[${RATE}]))`, legendFormat: 'failed {{component}}' },
      { expr: `sum by (component) (rate(${selector('veltrix_dead_letter_total', p)}[${RATE}]))`, legendFormat: 'dead-lettered {{component}}' },
    ],
  });
  rows.push({ title: `Overview: ${s.pipeline}`, panels: overview });

  for (const st of facts.stages) rows.push({ title: `${st.id} (${st.section.replace(/s$/, '')}, ${st.type})`, panels: stagePanels(st, p, from) });

  const kafka = sources.filter((x) => x.type === 'kafka');
  const last: PanelSpec[] = [];
  if (kafka.length)
    last.push({
      title: 'Kafka consumer lag',
      description: `Messages behind the log end, per Kafka source (${kafka.map((x) => x.id).join(', ')}).${from}`,
      unit: 'short',
      targets: [{ expr: `sum by (component) (${selector('veltrix_kafka_consumer_lag', { ...p, 'component=~': idRegex(kafka.map((x) => x.id)) })})`, legendFormat: '{{component}}' }],
    });
  const heap: Target[] = [{ expr: `max(${selector('veltrix_heap_bytes', p)})`, legendFormat: 'heap' }];
  if (facts.memoryBudget) heap.push({ expr: `vector(${num(facts.memoryBudget)})`, legendFormat: 'runtime.memory' });
  if (cap) heap.push({ expr: `vector(${num(cap.memoryBytes)})`, legendFormat: 'modelled memory' });
  last.push({
    title: 'Heap',
    description: `The pipeline's heap in use, against runtime.memory${facts.memoryBudgetText ? ` ${facts.memoryBudgetText}` : ''}${cap ? ` and the modelled ${bytesText(cap.memoryBytes)}` : ''}.${from}`,
    unit: 'bytes',
    targets: heap,
  });
  rows.push({ title: kafka.length ? 'Kafka lag and memory' : 'Memory', panels: last });

  return JSON.stringify(dashboardJson(facts, rows), null, 2) + '\n';
}

function stagePanels(st: Stage, p: { pipeline: string }, from: string): PanelSpec[] {
  const c = { ...p, component: st.id };
  const f = st.figures;
  const busy: Target[] = [{ expr: `max(${selector('veltrix_busy_ratio', c)})`, legendFormat: 'busy ratio' }];
  if (f) busy.push({ expr: `vector(${num(clean(Math.round(f.utilization * 1000) / 1000))})`, legendFormat: 'modelled utilisation' });
  const panels: PanelSpec[] = [
    {
      title: `${st.id}: busy ratio`,
      description: `Share of '${st.id}' task time spent working. Lines at ${num(SATURATION.ticket.above)} (VeltrixStageSaturated) and 1.0 (saturated)${f ? `; the capacity model expects ${pct(f.utilization)} at the declared rates` : ''}.${from}`,
      unit: 'percentunit',
      targets: busy,
      thresholds: [{ value: null, color: 'green' }, { value: SATURATION.ticket.above, color: 'orange' }, { value: 1, color: 'red' }],
      thresholdLines: true,
      min: 0,
    },
    {
      title: `${st.id}: events in and out`,
      description: `Events/s '${st.id}' receives and emits (per output)${f ? `; modelled ${rateText(f.inputRate)} in, ${rateText(f.outputRate)} out` : ''}.${from}`,
      unit: 'ops',
      targets: [
        { expr: `sum(rate(${selector('veltrix_events_in_total', c)}[${RATE}]))`, legendFormat: 'in' },
        { expr: `sum by (output) (rate(${selector('veltrix_events_out_total', c)}[${RATE}]))`, legendFormat: 'out {{output}}' },
      ],
    },
    {
      title: `${st.id}: p99 processing time`,
      description: `p99 of the time '${st.id}' spends on one event${f ? ` (modelled service time ${num(f.serviceTimeMs)} ms)` : ''}.${from}`,
      unit: 's',
      targets: [{ expr: `histogram_quantile(0.99, sum by (le) (rate(${selector('veltrix_processing_seconds_bucket', c)}[${RATE}])))`, legendFormat: 'p99' }],
    },
    {
      title: `${st.id}: buffer`,
      description: `Events waiting in the input buffer of '${st.id}' (capacity ${st.bufferEvents ?? 1000} events${st.dropsWhenFull ? `, when_full: ${st.dropsWhenFull}` : ''}).${from}`,
      unit: 'short',
      targets: [{ expr: `max(${selector('veltrix_buffer_events', c)})`, legendFormat: 'buffered' }],
    },
  ];
  return panels;
}

function dashboardJson(facts: PipelineFacts, rows: Array<{ title: string; panels: PanelSpec[] }>): Record<string, unknown> {
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let y = 0;
  for (const row of rows) {
    panels.push({ type: 'row', id: id++, title: row.title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    y += 1;
    const width = Math.max(4, Math.floor(24 / row.panels.length));
    row.panels.forEach((spec, i) => panels.push(panelJson(spec, id++, { h: 8, w: width, x: i * width, y })));
    y += 8;
  }
  const s = facts.settings;
  return {
    uid: dashboardUid(s.pipeline),
    title: `Veltrix pipeline: ${s.pipeline}`,
    description: `Generated by veltrix-lint monitor from ${facts.path}: do not edit, regenerate.`,
    tags: ['veltrix', 'generated'],
    editable: true,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    refresh: '1m',
    time: { from: 'now-6h', to: 'now' },
    timezone: 'browser',
    annotations: { list: [] },
    links: [],
    templating: {
      list: [{ type: 'datasource', name: 'datasource', label: 'Prometheus', query: 'prometheus', hide: 0, refresh: 1, regex: '', options: [] }],
    },
    panels,
  };
}

function panelJson(spec: PanelSpec, id: number, gridPos: { h: number; w: number; x: number; y: number }): Record<string, unknown> {
  const defaults: Record<string, unknown> = { unit: spec.unit };
  if (spec.min !== undefined) defaults.min = spec.min;
  if (spec.max !== undefined) defaults.max = spec.max;
  if (spec.thresholds) defaults.thresholds = { mode: 'absolute', steps: spec.thresholds };
  if (spec.thresholdLines) defaults.custom = { thresholdsStyle: { mode: 'line' } };
  return {
    type: spec.type ?? 'timeseries',
    id,
    title: spec.title,
    description: spec.description,
    datasource: DS,
    gridPos,
    fieldConfig: { defaults, overrides: [] },
    options: spec.type === 'stat' ? { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false } } : { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
    targets: spec.targets.map((t, i) => ({ refId: String.fromCharCode(65 + i), datasource: DS, expr: t.expr, legendFormat: t.legendFormat })),
  };
}

// The rules of spec 12.2: recording rules (window as a label) and every alert
// with its exact existence condition, labels and annotations. Thresholds come
// from the settings and from the capacity model's result, read, never
// recomputed. Each alert carries its promtool cases (cases.ts).
import { msText, parallelismFor, pct, rateText, bytesText } from '../capacity/format';
import { LATENCY_BUDGET, sloBucket } from './settings';
import type { AlertRule, PipelineFacts, RecordingRule, RuleSet, Stage } from './model';
import { clean, formatSeconds, num, rateNum } from './numbers';
import { idRegex, promDuration, selector } from './promql';
import { attachCases } from './cases';
import { BURN_RATES, burnThreshold, INGEST_WINDOWS, MEMORY_SHARE, SATURATION, SLI_WINDOWS, TARGET_UTILISATION } from './thresholds';

export const SLI_RECORD = 'veltrix:latency_slo_errors:ratio';
export const INGEST_RECORD = 'veltrix:ingest:rate';

export function buildRules(facts: PipelineFacts): RuleSet {
  const s = facts.settings;
  const p = { pipeline: s.pipeline };
  const sources = facts.stages.filter((x) => x.section === 'sources');
  const recording: RecordingRule[] = [];
  const alerts: AlertRule[] = [];
  const bucket = sloBucket(s);
  const file = ` Pipeline file: ${facts.path}.`;
  const ingestSel = (w: string) => selector(INGEST_RECORD, { ...p, window: w });

  if (sources.length) {
    const inSel = selector('veltrix_events_in_total', { ...p, 'component=~': idRegex(sources.map((x) => x.id)) });
    for (const w of INGEST_WINDOWS) recording.push({ record: INGEST_RECORD, expr: `sum by (pipeline) (rate(${inSel}[${w}]))`, labels: { window: w } });
  }

  // VeltrixLatencyBudgetBurn: the share of events slower than the SLO, from the bucket at the SLO.
  if (bucket && s.latencySlo !== undefined) {
    const le = formatSeconds(bucket.le);
    const windows = [...SLI_WINDOWS];
    const budgetWindow = promDuration(s.windowSeconds);
    if (!windows.includes(budgetWindow)) windows.push(budgetWindow);
    for (const w of windows) {
      const good = `sum by (pipeline) (rate(${selector('veltrix_end_to_end_seconds_bucket', { ...p, le })}[${w}]))`;
      const all = `sum by (pipeline) (rate(${selector('veltrix_end_to_end_seconds_count', p)}[${w}]))`;
      recording.push({ record: SLI_RECORD, expr: `1 - (${good} / ${all})`, labels: { window: w } });
    }
    const sli = (w: string) => selector(SLI_RECORD, { ...p, window: w });
    const measured = bucket.exact ? `slower than ${s.latencySloText}` : `slower than le=${le}s (the bucket measured for ${s.latencySloText}, VX306)`;
    for (const severity of ['page', 'ticket'] as const) {
      const pairs = BURN_RATES[severity];
      const branch = pairs.map(({ factor, long, short }) => {
        const t = num(burnThreshold(factor));
        return `(\n    ${sli(long)} > ${t}\n  and ignoring (window)\n    ${sli(short)} > ${t}\n  )`;
      });
      const expr = `max without (window) (\n  ${branch.join('\n  or ignoring (window)\n  ')}\n)\nand on (pipeline)\n  ${ingestSel('5m')} > ${num(s.minRate)}`;
      const how = pairs
        .map(({ factor, long, short }) => `${factor}x the budget (share above ${num(burnThreshold(factor))}) over both ${long} and ${short}`)
        .join(', or ');
      const fastest = pairs[0].factor;
      alerts.push(
        alert(facts, 'VeltrixLatencyBudgetBurn', severity, expr, undefined, undefined, {
          summary: `${s.pipeline}: events ${measured} are burning the ${s.windowText} latency error budget${severity === 'page' ? ' fast' : ''}`,
          description:
            `The share of events ${measured} (slo.latency_p99 leaves ${pct(LATENCY_BUDGET)} of events for the error budget) is above ${how}, with ingest above ${rateText(s.minRate)} (monitoring.alerts.min_rate).` +
            ` At ${fastest}x the ${s.windowText} budget is gone in ${spentIn(s.windowSeconds / fastest)}.${file}`,
        }),
      );
    }
  }

  // VeltrixIngestAboveModel: ingest over the model's maximum sustainable ingest.
  const cap = facts.capacity;
  if (cap && cap.maxIngest !== null && sources.length) {
    const first = facts.stages.find((x) => x.id === cap.breaksFirst)?.figures;
    const threshold = rateNum(cap.maxIngest);
    let fix = '';
    if (first && cap.breaksFirstAtLoad !== null && cap.load > 0) {
      const inputAtMax = (first.inputRate * cap.breaksFirstAtLoad) / cap.load;
      const parallelism = parallelismFor(inputAtMax, first.serviceTimeMs, TARGET_UTILISATION);
      fix = ` '${first.id}' saturates first (${first.parallelism} task${first.parallelism === 1 ? '' : 's'}, ${rateText(first.capacity)} capacity); the model's fix: parallelism: ${parallelism} on '${first.id}' (${pct(TARGET_UTILISATION)} busy at that ingest).`;
    }
    alerts.push(
      alert(facts, 'VeltrixIngestAboveModel', 'ticket', `sum by (pipeline) (${ingestSel('10m')}) > ${threshold}`, undefined, undefined, {
        summary: `${s.pipeline}: ingest above the ${rateText(cap.maxIngest)} the capacity model says it sustains`,
        description: `Ingest at the sources (${sources.map((x) => x.id).join(', ')}) over 10m exceeds ${threshold} events/s, the modelled maximum sustainable ingest${cap.load !== 1 ? ` (model at ${num(cap.load)}x load)` : ''}.${fix}${file}`,
      }),
    );
  }

  // VeltrixStageSaturated: every modelled component, from its busy ratio.
  for (const st of facts.stages) {
    const f = st.figures;
    if (!f) continue;
    const busy = `max by (pipeline, component) (${selector('veltrix_busy_ratio', { ...p, component: st.id })})`;
    for (const severity of ['page', 'ticket'] as const) {
      const { above, for: forTime } = SATURATION[severity];
      alerts.push(
        alert(facts, 'VeltrixStageSaturated', severity, `${busy} > ${num(above)}`, forTime, st, {
          summary: `${s.pipeline}: '${st.id}' is busy more than ${pct(above)} of its task time`,
          description:
            `'${st.id}' (${st.type}) has been busy more than ${pct(above)} of its task time for ${forTime}. The capacity model puts it at ${num(clean(Math.round(f.utilization * 1000) / 1000))} (${pct(f.utilization)}) at the declared rates: ${rateText(f.inputRate)} in, ${f.parallelism} task${f.parallelism === 1 ? '' : 's'}, ${rateText(f.capacity)} capacity.` +
            ` At 100% its buffer fills and back-pressure reaches the sources.${file}`,
        }),
      );
    }
  }

  for (const st of facts.stages) {
    const c = { ...p, component: st.id };
    if (st.section === 'sinks' && !st.deadLetter)
      alerts.push(
        alert(facts, 'VeltrixEventsLost', 'page', `sum by (pipeline, component) (increase(${selector('veltrix_events_failed_total', c)}[5m])) > 0`, undefined, st, {
          summary: `${s.pipeline}: '${st.id}' lost events`,
          description: `'${st.id}' (${st.type}) gave up on events after every retry in the last 5m and has no dead_letter: those events are lost.${file}`,
        }),
      );
    if (st.section === 'sinks' && st.deadLetter)
      alerts.push(
        alert(facts, 'VeltrixDeadLetters', 'ticket', `sum by (pipeline, component) (rate(${selector('veltrix_dead_letter_total', c)}[5m])) > 0`, '10m', st, {
          summary: `${s.pipeline}: '${st.id}' is sending events to its dead-letter sink '${st.deadLetter}'`,
          description: `'${st.id}' (${st.type}) has been sending events that failed every retry to '${st.deadLetter}' for 10m; inspect and replay them from there.${file}`,
        }),
      );
    if (st.dropsWhenFull) {
      const lossy = s.delivery !== 'at-most-once';
      alerts.push(
        alert(facts, 'VeltrixBufferDropping', lossy ? 'page' : 'ticket', `sum by (pipeline, component) (increase(${selector('veltrix_events_dropped_total', { ...c, reason: 'buffer_full' })}[5m])) > 0`, undefined, st, {
          summary: `${s.pipeline}: '${st.id}' drops events from its full buffer`,
          description:
            `'${st.id}' (${st.type}) dropped events in the last 5m because its buffer (${st.bufferEvents ?? 1000} events, when_full: ${st.dropsWhenFull}) was full; ` +
            (lossy ? `delivery is ${s.delivery}, so these events are lost.` : 'delivery is at-most-once, so this loss is accepted, but it says the stage cannot keep up.') +
            file,
        }),
      );
    }
  }

  // VeltrixConsumerLag: kafka sources, when there is a latency SLO.
  if (s.latencySlo !== undefined)
    for (const st of sources.filter((x) => x.type === 'kafka')) {
      const c = { ...p, component: st.id };
      const expr = `sum by (pipeline, component) (${selector('veltrix_kafka_consumer_lag', c)})\n/\nsum by (pipeline, component) (rate(${selector('veltrix_events_in_total', c)}[5m]))\n> ${num(s.latencySlo)}`;
      alerts.push(
        alert(facts, 'VeltrixConsumerLag', 'ticket', expr, '5m', st, {
          summary: `${s.pipeline}: '${st.id}' is further behind Kafka than slo.latency_p99 ${s.latencySloText}`,
          description: `The consumer lag of '${st.id}', drained at its current ingest rate, would take longer than slo.latency_p99 ${s.latencySloText} (${num(s.latencySlo)}s), for 5m: events wait in Kafka longer than the SLO allows.${file}`,
        }),
      );
    }

  // VeltrixMemoryNearBudget: runtime.memory.
  if (facts.memoryBudget) {
    const limit = num(facts.memoryBudget * MEMORY_SHARE);
    const modelled = cap ? ` The capacity model estimates ${bytesText(cap.memoryBytes)}.` : '';
    alerts.push(
      alert(facts, 'VeltrixMemoryNearBudget', 'ticket', `max by (pipeline) (${selector('veltrix_heap_bytes', p)}) > ${limit}`, '10m', undefined, {
        summary: `${s.pipeline}: heap above ${pct(MEMORY_SHARE)} of runtime.memory ${facts.memoryBudgetText}`,
        description: `The heap has been above ${pct(MEMORY_SHARE)} of runtime.memory ${facts.memoryBudgetText} (${limit} bytes) for 10m.${modelled}${file}`,
      }),
    );
  }

  // VeltrixMetricsAbsent: opt-in.
  if (s.absent)
    alerts.push(
      alert(facts, 'VeltrixMetricsAbsent', 'ticket', `absent(${selector('veltrix_events_in_total', p)})`, '10m', undefined, {
        summary: `${s.pipeline}: no metrics for 10m`,
        description: `No veltrix_events_in_total series for pipeline ${s.pipeline} for 10m: the engine is down, not scraped, or its metrics endpoint is off.${file}`,
      }),
    );

  attachCases(facts, alerts);
  return { recording, alerts };
}

/** `2.08 days`, `10 h`: how long a burn rate takes to spend the whole budget. */
export function spentIn(seconds: number): string {
  return seconds >= 2 * 86400 ? `${num(Math.round((seconds / 86400) * 100) / 100)} days` : msText(seconds * 1e3);
}

function alert(facts: PipelineFacts, name: string, severity: 'page' | 'ticket', expr: string, forTime: string | undefined, stage: Stage | undefined, text: { summary: string; description: string }): AlertRule {
  const s = facts.settings;
  const extra = Object.fromEntries(Object.entries(s.labels).map(([k, v]) => [k, safe(v)]));
  const labels: Record<string, string> = { severity, pipeline: s.pipeline, ...(stage ? { component: stage.id } : {}), ...extra };
  const annotations: Record<string, string> = { summary: safe(text.summary), description: safe(text.description) };
  if (s.runbookUrl) annotations.runbook_url = s.runbookUrl + name;
  return { alert: name, severity, expr, ...(forTime ? { for: forTime } : {}), labels, annotations, cases: [] };
}

/** Labels and annotations are Go templates: a `{{` from a path, a name or a label value must not start one. */
function safe(text: string): string {
  return text.replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }');
}

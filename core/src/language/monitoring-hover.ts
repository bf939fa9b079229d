// Hovers on `pipeline.slo` keys: the alert thresholds the key produces in the
// generated monitoring (core/src/monitoring), and the code lens on `slo` that
// generates it. Read from the same settings and model as the generator.
import { get, getPair } from '../parse/tree';
import { rateText } from '../capacity/format';
import { monitoringSettings, sloBucket } from '../monitoring/settings';
import { BURN_RATES, burnThreshold } from '../monitoring/thresholds';
import { spentIn } from '../monitoring/alerts';
import { num, rateNum } from '../monitoring/numbers';
import { fileOf, primary, type DocScope } from './scope';
import type { Range } from '../types';

export const GENERATE_MONITORING_TITLE = 'Generate monitoring (Prometheus rules, tests, Grafana dashboard)';

/** Markdown for a hover on `slo` or one of its keys, or undefined when it produces no alert. */
export function sloAlertsHover(scope: DocScope, key: string | number | undefined): string | undefined {
  const analysis = primary(scope);
  if (!analysis || analysis.ws.main.isFragment) return undefined;
  const s = monitoringSettings(analysis.ws.main);
  const rows: string[] = [];
  const bucket = sloBucket(s);
  if ((key === undefined || key === 'latency_p99' || key === 'window') && bucket) {
    const le = `le=${num(bucket.le)}s${bucket.exact ? '' : ' (VX306)'}`;
    for (const severity of ['page', 'ticket'] as const) {
      const when = BURN_RATES[severity].map((b) => `> ${num(burnThreshold(b.factor))} over ${b.long} and ${b.short} (${b.factor}x)`).join(', or ');
      rows.push(`| VeltrixLatencyBudgetBurn | ${severity} | share of events slower than ${le} ${when}; ingest > ${rateText(s.minRate)} |`);
    }
    if (key !== 'window') {
      const kafka = analysis.ws.components.filter((c) => c.section === 'sources' && c.type === 'kafka').map((c) => c.id);
      if (kafka.length) rows.push(`| VeltrixConsumerLag | ticket | lag / ingest rate > ${num(s.latencySlo!)}s for 5m (${kafka.map((id) => `\`${id}\``).join(', ')}) |`);
    }
  }
  const cap = analysis.capacity;
  if ((key === undefined || key === 'throughput') && cap?.maxIngest != null)
    rows.push(`| VeltrixIngestAboveModel | ticket | ingest over 10m > ${rateNum(cap.maxIngest)}/s, the modelled maximum (${rateText(cap.maxIngest)})${s.throughputSlo !== undefined ? `; slo.throughput ${rateText(s.throughputSlo)} is the dashboard's reference line` : ''} |`);
  if (!rows.length) return undefined;
  const budget = key === 'window' || key === undefined ? `\n\nError budget: 1% of events over ${s.windowText}; at 14.4x it is spent in ${spentIn(s.windowSeconds / 14.4)}.` : '';
  const off = s.enabled ? '' : '\n\n`monitoring.prometheus.enabled` is not true: the engine exports no metrics for these alerts (VX307).';
  return `**Generated alerts** (\`veltrix-lint monitor\`)\n\n| alert | severity | fires when |\n|---|---|---|\n${rows.join('\n')}${budget}${off}`;
}

/** The range of the `slo` key of the document, where the "Generate monitoring" lens goes. */
export function sloLensRange(scope: DocScope): Range | undefined {
  const file = fileOf(scope);
  if (!file || file.isFragment) return undefined;
  const pair = getPair(get(file.root, 'pipeline'), 'slo');
  return pair ? file.lines.range(pair.key.start, pair.key.end) : undefined;
}

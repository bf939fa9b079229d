// The promtool cases of every alert (spec 12.2): synthetic series that make
// it fire, and series just below its threshold that keep it quiet. Series
// are written in promtool's expanding notation (`0+600x70`: start 0, +600
// per 1m step, 70 steps).
import type { AlertCase, AlertRule, PipelineFacts, Series } from './model';
import { BURN_RATES, burnThreshold, MEMORY_SHARE, SATURATION } from './thresholds';
import { LATENCY_BUDGET, sloBucket } from './settings';
import { clean, formatSeconds, num } from './numbers';
import { selector } from './promql';

/** Events per 1m step in the latency histograms: divisible enough for exact ratios. */
const HISTOGRAM_STEP = 10000;

export function attachCases(facts: PipelineFacts, alerts: AlertRule[]): void {
  const s = facts.settings;
  const p = { pipeline: s.pipeline };
  const source = facts.stages.find((x) => x.section === 'sources')?.id ?? 'source';
  const sinks = facts.stages.filter((x) => x.section === 'sinks');
  const sink = (sinks.find((x) => x.hasInputs) ?? sinks[0])?.id ?? 'sink';
  const ingest = (perSecond: number, steps: number): Series => ({
    series: selector('veltrix_events_in_total', { ...p, component: source }),
    values: `0+${num(clean(perSecond * 60))}x${steps}`,
  });
  /** Comfortably above min_rate, so that the burn-rate guard holds. */
  const busyIngest = Math.max(10, s.minRate * 4);
  const named = (name: string) => alerts.filter((a) => a.alert === name);

  for (const a of alerts) {
    const c = a.labels.component;
    const sel = (metric: string, extra: Record<string, string> = {}) => selector(metric, { ...p, ...(c ? { component: c } : {}), ...extra });
    const add = (name: string, evalMinutes: number, series: Series[], firing: AlertRule[]) => a.cases.push({ name: `${a.alert} ${a.severity}${c ? ` ${c}` : ''}: ${name}`, evalMinutes, series, firing });

    switch (a.alert) {
      case 'VeltrixLatencyBudgetBurn': {
        const le = formatSeconds(sloBucket(s)!.le);
        const latency = (errorShare: number, perSecond = busyIngest): Series[] => [
          { series: selector('veltrix_end_to_end_seconds_bucket', { ...p, component: sink, le }), values: `0+${Math.round(HISTOGRAM_STEP * (1 - errorShare))}x70` },
          { series: selector('veltrix_end_to_end_seconds_count', { ...p, component: sink }), values: `0+${HISTOGRAM_STEP}x70` },
          ingest(perSecond, 70),
        ];
        const [page, ticket] = [named(a.alert).find((x) => x.severity === 'page')!, named(a.alert).find((x) => x.severity === 'ticket')!];
        const lowest = Math.min(...BURN_RATES[a.severity].map((b) => burnThreshold(b.factor)));
        const highest = Math.max(...BURN_RATES[a.severity].map((b) => burnThreshold(b.factor)));
        if (a.severity === 'page') {
          // Above the fast threshold: the ticket windows burn too.
          const share = clean(highest + 0.05);
          add(`error share ${num(share)} over every window fires`, 65, latency(share), [page, ticket]);
          const below = clean(lowest - LATENCY_BUDGET / 10);
          add(`error share ${num(below)}, just below ${num(lowest)}, does not page`, 65, latency(below), [ticket]);
          add(`error share ${num(share)} with ingest below min_rate stays quiet`, 65, latency(share, s.minRate / 2), []);
        } else {
          const pageLowest = Math.min(...BURN_RATES.page.map((b) => burnThreshold(b.factor)));
          const share = clean((highest + pageLowest) / 2);
          add(`error share ${num(share)} fires a ticket, not a page`, 65, latency(share), [ticket]);
          const below = clean(lowest - LATENCY_BUDGET / 100);
          add(`error share ${num(below)}, just below ${num(lowest)}, stays quiet`, 65, latency(below), []);
        }
        break;
      }
      case 'VeltrixIngestAboveModel': {
        const max = Number(/> (\S+)$/.exec(a.expr)![1]);
        add('ingest 10% over the modelled maximum fires', 15, [ingest(max * 1.1, 20)], [a]);
        add('ingest 1% under the modelled maximum stays quiet', 15, [ingest(max * 0.99, 20)], []);
        break;
      }
      case 'VeltrixStageSaturated': {
        const { above } = SATURATION[a.severity];
        const evalAt = a.severity === 'page' ? 12 : 35;
        const over = clean(above + 0.05);
        const under = clean(above - 0.01);
        // The page case is evaluated before the ticket's 30m have passed, the ticket case below the page threshold.
        add(`busy ratio ${num(over)} fires`, evalAt, [{ series: sel('veltrix_busy_ratio'), values: `${num(over)}x40` }], [a]);
        add(`busy ratio ${num(under)} stays quiet`, evalAt, [{ series: sel('veltrix_busy_ratio'), values: `${num(under)}x40` }], []);
        break;
      }
      case 'VeltrixEventsLost':
      case 'VeltrixBufferDropping': {
        const metric = a.alert === 'VeltrixEventsLost' ? 'veltrix_events_failed_total' : 'veltrix_events_dropped_total';
        const extra: Record<string, string> = a.alert === 'VeltrixEventsLost' ? {} : { reason: 'buffer_full' };
        add('one more event at 11m fires', 12, [{ series: sel(metric, extra), values: '0x10 1x10' }], [a]);
        const quiet: Series[] = [{ series: sel(metric, extra), values: '0x20' }];
        // Other drop reasons are not buffer drops.
        if (a.alert === 'VeltrixBufferDropping') quiet.push({ series: sel(metric, { reason: 'filtered' }), values: '0+5x20' });
        add('no increase stays quiet', 12, quiet, []);
        break;
      }
      case 'VeltrixDeadLetters': {
        const target = facts.stages.find((x) => x.id === c)?.deadLetter ?? 'dead_letter';
        add('dead letters every minute for 20m fire', 20, [{ series: sel('veltrix_dead_letter_total', { target }), values: '0+1x30' }], [a]);
        add('no dead letters stays quiet', 20, [{ series: sel('veltrix_dead_letter_total', { target }), values: '0x30' }], []);
        break;
      }
      case 'VeltrixConsumerLag': {
        const slo = s.latencySlo!;
        const perSecond = 10;
        const lag = (factor: number): Series => ({ series: sel('veltrix_kafka_consumer_lag', { partition: '0' }), values: `${num(clean(perSecond * slo * factor))}x20` });
        const inRate: Series = { series: sel('veltrix_events_in_total'), values: `0+${perSecond * 60}x20` };
        add(`lag of 2x the SLO at ${perSecond}/s fires`, 15, [lag(2), inRate], [a]);
        add(`lag of 0.9x the SLO at ${perSecond}/s stays quiet`, 15, [lag(0.9), inRate], []);
        break;
      }
      case 'VeltrixMemoryNearBudget': {
        const budget = facts.memoryBudget!;
        const heap = (share: number): Series => ({ series: selector('veltrix_heap_bytes', p), values: `${num(Math.round(budget * share))}x20` });
        add(`heap at ${num(MEMORY_SHARE + 0.05)} of the budget fires`, 12, [heap(MEMORY_SHARE + 0.05)], [a]);
        add(`heap at ${num(MEMORY_SHARE - 0.01)} of the budget stays quiet`, 12, [heap(MEMORY_SHARE - 0.01)], []);
        break;
      }
      case 'VeltrixMetricsAbsent':
        add('no events_in series for 12m fires', 12, [{ series: selector('veltrix_heap_bytes', p), values: '1x20' }], [a]);
        add('events_in present stays quiet', 12, [ingest(busyIngest, 20)], []);
        break;
    }
  }
}

export type { AlertCase };

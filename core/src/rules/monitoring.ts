// VX306 slo-off-bucket and VX307 slo-unwatched (spec 12.3): the SLOs that
// the generated monitoring (core/src/monitoring/) cannot measure exactly, or
// cannot measure at all. Independent of the capacity model.
import { get, getPair } from '../parse/tree';
import { monitoringSettings, prometheusPairs, sloBucket } from '../monitoring/settings';
import { formatSeconds } from '../monitoring/numbers';
import { report, type RuleContext } from './context';

export function checkMonitoring(ctx: RuleContext): void {
  const main = ctx.ws.main;
  if (main.isFragment) return;
  const sloPair = getPair(get(main.root, 'pipeline'), 'slo');
  if (!sloPair) return;
  const settings = monitoringSettings(main);

  const bucket = sloBucket(settings);
  const latencyNode = get(sloPair.value, 'latency_p99');
  if (bucket && !bucket.exact && latencyNode) {
    const where = settings.customBuckets ? 'monitoring.prometheus.latency_buckets' : 'the default latency buckets';
    const measured = bucket.lower
      ? `the generated alert measures the nearest lower bucket, le=${formatSeconds(bucket.le)}s, a stricter SLO`
      : `no bucket lies below it, so the generated alert measures le=${formatSeconds(bucket.le)}s, a looser SLO`;
    report(ctx, 'VX306', main, latencyNode, `slo.latency_p99 ${settings.latencySloText} is not a boundary of ${where}, so no alert can measure it exactly: ${measured}; add ${settings.latencySloText} to latency_buckets`, {
      data: { kind: 'add-latency-bucket', value: settings.latencySloText! },
    });
  }

  if (!settings.enabled) {
    const { enabled } = prometheusPairs(main);
    const why = enabled ? 'monitoring.prometheus.enabled is not true' : 'monitoring.prometheus.enabled is not set';
    report(ctx, 'VX307', main, sloPair.key, `pipeline.slo is set but ${why}: the engine exports no metrics, so nothing can tell whether the SLOs hold; set enabled: true`, {
      data: { kind: 'enable-prometheus' },
    });
  }
}

// The rules file and the `promtool test rules` file, as YAML text. The yaml
// package prints maps in insertion order, so the output is byte-identical for
// the same input.
import { stringify } from 'yaml';
import type { AlertRule, RuleSet } from './model';

// No anchors and aliases for repeated label maps: each test reads on its own.
const YAML_OPTIONS = { lineWidth: 0, indent: 2, aliasDuplicateObjects: false } as const;

export function groupNames(pipeline: string): { recording: string; alerts: string } {
  return { recording: `veltrix-${pipeline}-recording`, alerts: `veltrix-${pipeline}-alerts` };
}

export function printRules(pipeline: string, rules: RuleSet, header: string): string {
  const names = groupNames(pipeline);
  const groups = [
    { name: names.recording, rules: rules.recording.map((r) => ({ record: r.record, expr: r.expr, labels: r.labels })) },
    { name: names.alerts, rules: rules.alerts.map(alertEntry) },
  ];
  return header + stringify({ groups }, YAML_OPTIONS);
}

function alertEntry(a: AlertRule): Record<string, unknown> {
  return { alert: a.alert, expr: a.expr, ...(a.for ? { for: a.for } : {}), labels: a.labels, annotations: a.annotations };
}

export function printRuleTests(pipeline: string, rules: RuleSet, rulesFile: string, header: string): string {
  const names = groupNames(pipeline);
  const tests = rules.alerts.flatMap((a) =>
    a.cases.map((c) => ({
      name: c.name,
      interval: '1m',
      input_series: c.series,
      alert_rule_test: [
        {
          eval_time: `${c.evalMinutes}m`,
          alertname: a.alert,
          exp_alerts: c.firing.map((f) => ({ exp_labels: f.labels, exp_annotations: f.annotations })),
        },
      ],
    })),
  );
  return header + stringify({ rule_files: [rulesFile], evaluation_interval: '1m', group_eval_order: [names.recording, names.alerts], tests }, YAML_OPTIONS);
}

// The generated rules as a reviewer reads them: which alerts exist for which
// pipeline (spec 12.2), their labels, annotations and clean thresholds, every
// expression parsed by Prometheus' own grammar, byte-identical output.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parse } from 'yaml';
import { analyzePipeline } from '../../core/src/index';
import { generateMonitoring } from '../../core/src/monitoring/index';
import { memoryHost } from '../helpers/host';
import { corpus, generateFor } from './corpus';
import { parsePromql } from './promql-parse';

const URI = 'file:///w/full.veltrix.yaml';
const FULL = `veltrix: 1
pipeline:
  name: payments
  delivery: at-least-once
  slo:
    latency_p99: 500ms
    throughput: 2k/s
    window: 28d
runtime:
  memory: 1GiB
monitoring:
  prometheus:
    enabled: true
  alerts:
    min_rate: 5/s
    absent: true
    labels:
      team: payments
    runbook_url: https://runbooks.example.com/veltrix/
sources:
  payments_in:
    type: kafka
    brokers: [k:9092]
    topic: payments
    group: veltrix
    rate: 1k/s
  webhooks:
    type: http
    listen: 0.0.0.0:8080
    rate: 100/s
processors:
  scored:
    type: map
    inputs: [payments_in, webhooks]
    buffer:
      max_events: 2000
      when_full: drop_newest
    set:
      ok: amount > 0
sinks:
  ledger:
    type: postgres
    inputs: [scored]
    dsn: postgres://db/ledger
    table: ledger
    dead_letter: ledger_dlq
  ledger_dlq:
    type: s3
    bucket: acme-dlq
`;

function generate(text: string) {
  const a = analyzePipeline(URI, text, { host: memoryHost({ [URI]: text }) });
  return generateMonitoring(a, 'pipelines/full.veltrix.yaml');
}

const names = (m: ReturnType<typeof generate>) => m.ruleSet.alerts.map((a) => `${a.alert}/${a.severity}${a.labels.component ? `/${a.labels.component}` : ''}`);

test('every alert of spec 12.2 exists where its condition holds, and only there', () => {
  const m = generate(FULL);
  assert.deepEqual(names(m).sort(), [
    'VeltrixBufferDropping/page/scored', // drop_newest while delivery is at-least-once: page
    'VeltrixConsumerLag/ticket/payments_in', // kafka source + latency SLO; not the http source
    'VeltrixDeadLetters/ticket/ledger',
    'VeltrixEventsLost/page/ledger_dlq', // the dead-letter sink has no dead_letter of its own
    'VeltrixIngestAboveModel/ticket',
    'VeltrixLatencyBudgetBurn/page',
    'VeltrixLatencyBudgetBurn/ticket',
    'VeltrixMemoryNearBudget/ticket',
    'VeltrixMetricsAbsent/ticket',
    ...['ledger', 'ledger_dlq', 'payments_in', 'scored', 'webhooks'].flatMap((c) => [`VeltrixStageSaturated/page/${c}`, `VeltrixStageSaturated/ticket/${c}`]),
  ].sort());

  // Without the optional settings: no latency, lag, memory, absent alerts; at-most-once buffer drops are a ticket.
  const bare = FULL.replace(/ {2}slo:\n( {4}.*\n)+/, '').replace(/runtime:\n {2}memory: 1GiB\n/, '').replace('    absent: true\n', '').replace('at-least-once', 'at-most-once');
  const b = names(generate(bare));
  for (const gone of ['VeltrixLatencyBudgetBurn', 'VeltrixConsumerLag', 'VeltrixMemoryNearBudget', 'VeltrixMetricsAbsent']) assert.ok(!b.some((n) => n.startsWith(gone)), `${gone} in ${b}`);
  assert.ok(b.includes('VeltrixBufferDropping/ticket/scored'));
  assert.ok(b.includes('VeltrixIngestAboveModel/ticket'));

  // No rates: no model, so no saturation or ingest alerts; the loss alerts stay.
  const noModel = names(generate(FULL.replace(/ {4}rate: .*\n/g, '')));
  assert.ok(!noModel.some((n) => n.startsWith('VeltrixStageSaturated') || n.startsWith('VeltrixIngestAboveModel')), String(noModel));
  assert.ok(noModel.includes('VeltrixEventsLost/page/ledger_dlq'));
});

test('labels and annotations: severity, pipeline, component, alerts.labels, summary, description with numbers and path, runbook_url', () => {
  const m = generate(FULL);
  for (const a of m.ruleSet.alerts) {
    assert.equal(a.labels.severity, a.severity);
    assert.equal(a.labels.pipeline, 'payments');
    assert.equal(a.labels.team, 'payments');
    assert.equal(a.annotations.runbook_url, `https://runbooks.example.com/veltrix/${a.alert}`);
    assert.ok(a.annotations.summary.length > 10);
    assert.match(a.annotations.description, /Pipeline file: pipelines\/full\.veltrix\.yaml\.$/);
    assert.match(a.annotations.description, /\d/, 'a description carries numbers');
    assert.ok(a.cases.length >= 2 && a.cases.some((c) => c.firing.includes(a)) && a.cases.some((c) => !c.firing.includes(a)), `${a.alert}: a firing and a quiet case`);
  }
  const lag = m.ruleSet.alerts.find((a) => a.alert === 'VeltrixConsumerLag')!;
  assert.equal(lag.labels.component, 'payments_in');
  assert.match(lag.expr, /> 0\.5$/);
  const memory = m.ruleSet.alerts.find((a) => a.alert === 'VeltrixMemoryNearBudget')!;
  assert.match(memory.expr, /> 966367641\.6$/); // 0.9 x 1 GiB
});

test('thresholds: clean burn rates, the model\'s maximum ingest, min_rate, the SLO bucket', () => {
  const m = generate(FULL);
  const page = m.ruleSet.alerts.find((a) => a.alert === 'VeltrixLatencyBudgetBurn' && a.severity === 'page')!;
  const ticket = m.ruleSet.alerts.find((a) => a.alert === 'VeltrixLatencyBudgetBurn' && a.severity === 'ticket')!;
  assert.deepEqual([...page.expr.matchAll(/ratio\{pipeline="payments",window="(\w+)"\} > ([\d.]+)/g)].map((x) => `${x[1]}>${x[2]}`), ['1h>0.144', '5m>0.144', '6h>0.06', '30m>0.06']);
  assert.deepEqual([...ticket.expr.matchAll(/ratio\{pipeline="payments",window="(\w+)"\} > ([\d.]+)/g)].map((x) => `${x[1]}>${x[2]}`), ['1d>0.03', '2h>0.03', '3d>0.01', '6h>0.01']);
  assert.match(page.expr, /window="5m"\} > 5$/, 'min_rate 5/s guards the burn rate');
  assert.match(m.rules, /le="0\.5"/);
  assert.match(m.rules, /window: 28d/);
  assert.doesNotMatch(m.rules + m.tests, /\d\.\d*0000000\d|\d\.\d*9999999\d/, 'no float noise');
  // The model's maximum ingest, read from the analysis.
  const a = analyzePipeline(URI, FULL, { host: memoryHost({ [URI]: FULL }) });
  const ingest = m.ruleSet.alerts.find((x) => x.alert === 'VeltrixIngestAboveModel')!;
  assert.equal(Number(/> ([\d.]+)$/.exec(ingest.expr)![1]), Math.round(a.capacity!.maxIngest! * 100) / 100);
  assert.match(ingest.annotations.description, new RegExp(`'${a.capacity!.breaksFirst}' saturates first`));
  // Off-bucket SLO: the nearest lower bucket.
  assert.match(generate(FULL.replace('latency_p99: 500ms', 'latency_p99: 300ms')).rules, /le="0\.25"/);
});

test('every generated PromQL expression parses with Prometheus\' grammar (lezer-promql)', () => {
  let count = 0;
  for (const g of corpus()) {
    const doc = parse(g.monitoring.rules) as { groups: Array<{ rules: Array<{ expr: string }> }> };
    for (const group of doc.groups)
      for (const r of group.rules) {
        const { errors } = parsePromql(r.expr);
        assert.deepEqual(errors, [], `${g.file}: ${r.expr}`);
        count++;
      }
    const dash = JSON.parse(g.monitoring.dashboard) as { panels: Array<{ targets?: Array<{ expr: string }> }> };
    for (const p of dash.panels)
      for (const t of p.targets ?? []) {
        assert.deepEqual(parsePromql(t.expr.replace(/\$__rate_interval/g, '5m')).errors, [], `${g.file}: ${t.expr}`);
        count++;
      }
  }
  assert.ok(count > 500, String(count));
  // The parser does reject broken PromQL.
  assert.notDeepEqual(parsePromql('sum(rate(x[5m]) >').errors, []);
});

test('output is byte-identical for the same pipeline; no duplicate or unnamed rule', () => {
  const first = generateFor('examples/orders.veltrix.yaml');
  const second = generateFor('examples/orders.veltrix.yaml');
  assert.equal(first.rules, second.rules);
  assert.equal(first.tests, second.tests);
  assert.equal(first.dashboard, second.dashboard);
  const keys = first.ruleSet.alerts.map((a) => `${a.alert} ${JSON.stringify(a.labels)}`);
  assert.equal(new Set(keys).size, keys.length);
  const rec = first.ruleSet.recording.map((r) => `${r.record} ${JSON.stringify(r.labels)}`);
  assert.equal(new Set(rec).size, rec.length);
  for (const a of first.ruleSet.alerts) assert.match(a.alert, /^Veltrix[A-Z]\w+$/);
});

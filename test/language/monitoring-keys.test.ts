// The keys of spec 12.1 come to the editor from the schema: completion offers
// them where they belong, hover shows their documentation, and the schema
// rejects what the format forbids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../core/src/index';
import * as lang from '../../core/src/language/index';
import { memoryHost } from '../helpers/host';

const URI = 'file:///w/k.veltrix.yaml';
const scopeOf = (text: string) => ({ uri: URI, analyses: analyzeDocument(URI, text, { host: memoryHost({ [URI]: text }) }).analyses });
const TAIL = 'sources:\n  a:\n    type: generator\n    rate: 1/s\nsinks:\n  b:\n    type: s3\n    inputs: [a]\n    bucket: x\n    dead_letter: c\n  c:\n    type: s3\n    bucket: y\n';

function at(textWithMarker: string) {
  const i = textWithMarker.indexOf('|');
  const lines = textWithMarker.slice(0, i).split('\n');
  return { text: textWithMarker.slice(0, i) + textWithMarker.slice(i + 1), pos: { line: lines.length - 1, character: lines[lines.length - 1].length } };
}
const labels = (t: string) => {
  const { text, pos } = at(t);
  return lang.complete(scopeOf(text), pos).map((c) => c.label);
};

test('completion offers alerts, latency_buckets and window', () => {
  assert.ok(labels(`veltrix: 1\npipeline:\n  name: k\nmonitoring:\n  |\n${TAIL}`).includes('alerts'));
  assert.ok(labels(`veltrix: 1\npipeline:\n  name: k\nmonitoring:\n  prometheus:\n    enabled: true\n    |\n${TAIL}`).includes('latency_buckets'));
  const alertKeys = labels(`veltrix: 1\npipeline:\n  name: k\nmonitoring:\n  alerts:\n    |\n${TAIL}`);
  for (const k of ['min_rate', 'absent', 'labels', 'runbook_url']) assert.ok(alertKeys.includes(k), `${k} in ${alertKeys}`);
  assert.ok(labels(`veltrix: 1\npipeline:\n  name: k\n  slo:\n    |\n${TAIL}`).includes('window'));
});

test('hover documents the new keys', () => {
  const text = `veltrix: 1\npipeline:\n  name: k\n  slo:\n    window: 28d\nmonitoring:\n  alerts:\n    min_rate: 5/s\n${TAIL}`;
  const scope = scopeOf(text);
  const h = lang.hover(scope, { line: 7, character: 6 });
  assert.match(h!.markdown, /min_rate[\s\S]*burn-rate|quiet/);
  assert.match(lang.hover(scope, { line: 4, character: 6 })!.markdown, /Error-budget period/);
});

test('the schema accepts the keys and rejects what the format forbids', () => {
  const codes = (monitoring: string, window = '30d') =>
    analyzeDocument(URI, `veltrix: 1\npipeline:\n  name: k\n  slo:\n    latency_p99: 1s\n    window: ${window}\nmonitoring:\n  prometheus:\n    enabled: true\n${monitoring}${TAIL}`, { host: memoryHost({}) })
      .analyses.flatMap((a) => a.findings)
      .map((f) => f.code);
  assert.deepEqual(codes('    latency_buckets: [100ms, 1s]\n  alerts:\n    min_rate: 2/s\n    absent: true\n    labels:\n      team: payments\n    runbook_url: https://runbooks.example.com/\n'), []);
  assert.ok(codes('', '30 days').some((c) => c.startsWith('VX01')), 'a malformed window');
  assert.ok(codes('  alerts:\n    labels:\n      severity: low\n').some((c) => c.startsWith('VX01')), 'alerts.labels cannot set severity');
  assert.ok(codes('  alerts:\n    min_rate: fast\n').includes('VX013'), 'min_rate is a rate');
  assert.ok(codes('    latency_buckets: [1 second]\n').includes('VX013'), 'buckets are durations');
});

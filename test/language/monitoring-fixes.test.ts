// Quick fixes of VX306 (add the SLO to latency_buckets) and VX307 (set
// monitoring.prometheus.enabled: true): the fixed text no longer has the
// finding, whatever part of the monitoring block had to be created.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../core/src/index';
import * as lang from '../../core/src/language/index';
import { memoryHost } from '../helpers/host';
import { applyEdits } from '../lsp/lsp-client';

const URI = 'file:///w/m.veltrix.yaml';
const BODY = `sources:
  orders:
    type: generator
    rate: 100/s
sinks:
  archive:
    type: s3
    inputs: [orders]
    bucket: acme
    dead_letter: dlq
  dlq:
    type: s3
    bucket: acme-dlq
`;
const pipeline = (slo: string, monitoring = '') => `veltrix: 1\npipeline:\n  name: m\n  slo:\n${slo}${monitoring}${BODY}`;

function fix(text: string, code: string): { fixed: string; title: string } {
  const { analyses, findings } = analyzeDocument(URI, text, { host: memoryHost({ [URI]: text }) });
  const f = findings.find((x) => x.code === code);
  assert.ok(f, `${code} in ${findings.map((x) => x.code)}`);
  const actions = lang.codeActions({ uri: URI, analyses }, [{ code: f.code, range: f.range, data: f.data }], ['quickfix']);
  const a = actions.find((x) => x.isPreferred && x.edits);
  assert.ok(a, `a preferred fix for ${code}`);
  return { fixed: applyEdits(text, a.edits![URI]), title: a.title };
}

function codes(text: string): string[] {
  return analyzeDocument(URI, text, { host: memoryHost({ [URI]: text }) }).findings.map((f) => f.code);
}

test('VX307: sets enabled: true, creating monitoring: and prometheus: when needed', () => {
  const cases = [
    '',
    'monitoring:\n  log_level: info\n',
    'monitoring:\n  prometheus:\n    port: 9464\n',
    'monitoring:\n  prometheus:\n    enabled: false\n    port: 9464\n',
  ];
  for (const monitoring of cases) {
    const text = pipeline('    throughput: 1k/s\n', monitoring);
    const { fixed, title } = fix(text, 'VX307');
    assert.equal(title, 'Set monitoring.prometheus.enabled: true');
    assert.deepEqual(codes(fixed).filter((c) => c !== 'VX308'), [], `${monitoring}\n---\n${fixed}`);
    assert.match(fixed, /prometheus:\n\s+(\w+: \S+\n\s+)*enabled: true/);
  }
});

test('VX306: adds the SLO to the written buckets in order, or writes the defaults plus the SLO', () => {
  const on = 'monitoring:\n  prometheus:\n    enabled: true\n';
  // Default buckets: latency_buckets is written with the SLO among them.
  let r = fix(pipeline('    latency_p99: 300ms\n', on), 'VX306');
  assert.equal(r.title, 'Add 300ms to latency_buckets');
  assert.match(r.fixed, /latency_buckets: \[5ms, 10ms, 25ms, 50ms, 100ms, 250ms, 300ms, 500ms, 1s, 2\.5s, 5s, 10s, 30s, 60s, 120s\]/);
  assert.deepEqual(codes(r.fixed), []);
  // Written buckets, flow or block: the SLO is inserted in order.
  r = fix(pipeline('    latency_p99: 2s\n', `${on}    latency_buckets: [100ms, 1s, 5s]\n`), 'VX306');
  assert.match(r.fixed, /latency_buckets: \[100ms, 1s, 2s, 5s\]/);
  assert.deepEqual(codes(r.fixed), []);
  r = fix(pipeline('    latency_p99: 2s\n', `${on}    latency_buckets:\n      - 100ms\n      - 1s\n`), 'VX306');
  assert.deepEqual(codes(r.fixed), []);
  assert.match(r.fixed, /\[100ms, 1s, 2s\]/);
  // No monitoring block at all: both fixes apply.
  r = fix(pipeline('    latency_p99: 300ms\n'), 'VX306');
  assert.deepEqual(codes(r.fixed), ['VX307']);
});

// Expectations (spec 11.1): exact lists by default, count, contains (each
// partial matches a different event), all (and at least one), `[]`, `lost`;
// what a failure reports: the first differing event and field, the count,
// where the events went instead, the trace of the event concerned. And a
// property: on random pipelines and events the runner never throws and
// always ends (at the latest at the event limit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { only, runSuite, TEST_URI } from '../helpers/pipeline-tests';
import { analyzeTestFile } from '../../core/src/index';
import { memoryHost } from '../helpers/host';

const p = `sources:\n  in:\n    type: http\n    listen: 0.0.0.0:80\nprocessors:\n  keep:\n    type: filter\n    inputs: [in]\n    condition: keep\nsinks:\n  out:\n    type: s3\n    inputs: [keep]\n    bucket: b\n`;
const run = (expect: string, events = '[{id: 1, keep: true}, {id: 2, keep: true}, {id: 3, keep: false}]') =>
  only(runSuite(p, `tests:\n  - name: t\n    input:\n      in: ${events}\n    expect:\n      out: ${expect}\n`));

test('a list is exact: every field of every event, in order', () => {
  assert.equal(run('[{id: 1, keep: true}, {id: 2, keep: true}]').status, 'passed');
  const wrongOrder = run('[{id: 2, keep: true}, {id: 1, keep: true}]');
  assert.equal(wrongOrder.failures[0].message, "event 1 at out differs: field 'id' is 1, expected 2");
  assert.deepEqual([wrongOrder.failures[0].index, wrongOrder.failures[0].field, wrongOrder.failures[0].trace], [0, 'id', 0]);
  const missingField = run('[{id: 1}, {id: 2, keep: true}]');
  assert.equal(missingField.failures[0].message, "event 1 at out differs: field 'keep' is true, expected absent");
  const extraField = run('[{id: 1, keep: true, x: null}, {id: 2, keep: true}]');
  assert.equal(extraField.failures[0].message, "event 1 at out differs: field 'x' is absent, expected null");
  const fewer = run('[{id: 1, keep: true}]');
  assert.match(fewer.failures[0].message, /expected 1 event at out, got 2; the first extra one is \{"id":2,"keep":true\}/);
});

test('`[]` means none; a missing event says where it went instead (related information)', () => {
  const none = run('[]', '[{id: 3, keep: false}]');
  assert.equal(none.status, 'passed');
  const a = runSuite(p, `tests:\n  - name: t\n    input:\n      in: [{id: 3, keep: false}]\n    expect:\n      out: [{id: 3, keep: false}]\n`);
  const t = only(a);
  assert.equal(t.failures[0].message, 'expected 1 event at out, got 0');
  assert.deepEqual(t.failures[0].elsewhere.map((e) => [e.component, e.outcome]), [['keep', 'dropped']]);
  assert.equal(t.failures[0].trace, 0);
  const finding = a.findings.find((f) => f.code === 'VX402')!;
  assert.equal(finding.range.start.line, 7, 'at the expectation (line 8)');
  assert.equal(finding.related?.[0].location.uri, 'file:///w/p.veltrix.yaml');
  assert.match(finding.related![0].message, /keep: condition keep is false: dropped/);
});

test('count', () => {
  assert.equal(run('{count: 2}').status, 'passed');
  assert.equal(run('{count: 3}').failures[0].message, 'expected 3 events at out, got 2');
});

test('contains: each partial event matches a different actual event, in any order', () => {
  assert.equal(run('{contains: [{id: 2}, {id: 1}]}').status, 'passed');
  assert.equal(run('{contains: [{keep: true}, {keep: true}]}').status, 'passed');
  const three = run('{contains: [{keep: true}, {keep: true}, {keep: true}]}');
  assert.match(three.failures[0].message, /no other event at out matches \{"keep":true\} \(contains item 3; 2 events arrived\)/);
  // A greedy matcher would give {keep: true} the first event and leave {id: 1} without one.
  assert.equal(run('{contains: [{keep: true}, {id: 1}]}').status, 'passed');
  assert.equal(run('{contains: [{id: 1, other: null}]}').status, 'failed', 'a field of the partial must be present');
});

test('all: every event satisfies the expression, and there is at least one', () => {
  assert.equal(run('{all: "keep && id < 3"}').status, 'passed');
  assert.match(run('{all: "id == 1"}').failures[0].message, /event 2 at out does not satisfy id == 1/);
  assert.match(run('{all: "true"}', '[{id: 3, keep: false}]').failures[0].message, /expected at least one event at out/);
  const bad = only(runSuite(p, `tests:\n  - name: t\n    input:\n      in: [{id: 1, keep: true}]\n    expect:\n      out: {all: "id >"}\n`));
  assert.deepEqual(bad.codes, ['8:VX014']);
});

test('hostile names and events are data: nothing from the file is run', () => {
  const t = only(runSuite(p, `tests:\n  - name: "</testcase><script>alert(1)</script> \${x} %0A"\n    input:\n      in: [{__proto__: {keep: true}, constructor: 1, keep: "1"}]\n    expect:\n      out: {count: 1}\n`));
  assert.equal(t.name, '</testcase><script>alert(1)</script> ${x} %0A');
  assert.equal(t.status, 'passed');
  assert.equal(({} as Record<string, unknown>).keep, undefined);
});

test('property: the runner never throws and always ends, on random pipelines and events', () => {
  const id = fc.constantFrom('a', 'b', 'c', 'd', 'e');
  const expr = fc.constantFrom('x > 1', 'y', "s == 'q'", 'x + y', 'len(s)', 'now()', 'x.y.z', '[1, 2]', 'null', '!x', 'x / 0', "s + 'z'", ')(', '');
  const processor = fc.oneof(
    fc.record({ type: fc.constant('filter'), condition: expr }),
    fc.record({ type: fc.constant('map'), set: fc.dictionary(fc.constantFrom('x', 'y', 's'), expr, { maxKeys: 3 }) }),
    fc.record({ type: fc.constant('route'), routes: fc.dictionary(fc.constantFrom('r1', 'r2'), expr, { minKeys: 1, maxKeys: 2 }) }),
    fc.record({ type: fc.constant('dedupe'), key: fc.constant(['x']), within: fc.constantFrom('1s', '1m', 'bad') }),
    fc.record({ type: fc.constant('window'), kind: fc.constantFrom('tumbling', 'sliding', 'session'), size: fc.constantFrom('1s', '1m', '0s'), slide: fc.constantFrom('1ms', '1s'), key_by: fc.constantFrom('x', 's'), aggregate: fc.constant({ n: 'count()', t: 'sum(x)', m: 'max(y)' }) }),
    fc.record({ type: fc.constant('enrich'), key: fc.constant('s'), into: fc.constant('e'), lookup: fc.constant({ kind: 'redis', url: 'r', timeout: '1ms' }) }),
  );
  const value = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), fc.constant({ y: { z: 1 } }));
  const event = fc.dictionary(fc.constantFrom('x', 'y', 's', 'q'), value, { maxKeys: 4 });
  fc.assert(
    fc.property(fc.array(fc.tuple(id, processor, fc.array(fc.constantFrom('in', 'a', 'b', 'c', 'd', 'e', 'a.r1', 'c._unmatched', 'b*'), { minLength: 1, maxLength: 2 })), { maxLength: 5 }), fc.array(event, { maxLength: 6 }), fc.constantFrom('0s', '1s', '30s'), (procs, events, every) => {
      const processors: Record<string, unknown> = {};
      for (const [pid, proc, inputs] of procs) processors[pid] = { ...proc, inputs };
      const pipeline = JSON.stringify({ veltrix: 1, pipeline: { name: 'p' }, sources: { in: { type: 'http', listen: '0.0.0.0:1' } }, processors, sinks: { out: { type: 's3', bucket: 'b', inputs: ['in', ...Object.keys(processors)], dead_letter: 'dlq' }, dlq: { type: 's3', bucket: 'd' } } });
      const testFile = JSON.stringify({ 'veltrix-test': 1, pipeline: 'p.veltrix.yaml', tests: [{ name: 't', fail: ['out'], input: { in: { every, events } }, expect: { dlq: { count: 1 }, lost: [] } }] });
      const a = analyzeTestFile(TEST_URI, testFile, { host: memoryHost({ 'file:///w/p.veltrix.yaml': pipeline }), limits: { maxEvents: 5000 } });
      assert.equal(a.tests.length, 1);
      assert.ok(a.tests[0].eventsProduced <= 5001);
    }),
    { numRuns: 300 },
  );
});

test('property: any test-file text gives findings and results, never an exception', () => {
  const piece = fc.constantFrom('veltrix-test: 1\n', 'pipeline: p.veltrix.yaml\n', 'pipeline: [x]\n', 'start: nope\n', 'start: 2026-01-01T00:00:00Z\n', 'mocks: {keep: 1}\n', 'tests:\n', '  - name: t\n', '  - {}\n', '    input:\n', '      in: [{keep: true}, 1, null]\n', '      in: {events: 3, every: 1x}\n', '      out: [{}]\n', '    expect:\n', '      out: {count: -1, all: 3}\n', '      lost: {contains: [1]}\n', '      keep: [[1]]\n', '    fail: [out, in, out]\n', '    fail: out\n', '    exhaustive: yes\n', '&a [*a]\n', '{{{\n', '- - -\n', ':\n');
  fc.assert(
    fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 12 }), (parts) => {
      const a = analyzeTestFile(TEST_URI, parts.join(''), { host: memoryHost({ 'file:///w/p.veltrix.yaml': `veltrix: 1\npipeline:\n  name: p\n${p}` }) });
      assert.ok(Array.isArray(a.findings) && Array.isArray(a.tests));
      assert.ok(!a.findings.some((f) => f.code === 'VX099'), JSON.stringify(a.findings.filter((f) => f.code === 'VX099')));
    }),
    { numRuns: 400 },
  );
});

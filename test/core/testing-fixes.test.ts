// The quick fixes of the test-file diagnostics, applied the way the editor
// applies them (core/src/language/code-actions.ts reads the finding's data):
// VX401 offers the closest ids, VX404 inserts a `mocks` entry; after the
// edit the diagnostic is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex, type Finding } from '../../core/src/index';
import { runSuite } from '../helpers/pipeline-tests';

const p = `sources:\n  orders_in:\n    type: http\n    listen: 0.0.0.0:80\nprocessors:\n  with_customer:\n    type: enrich\n    inputs: [orders_in]\n    lookup: {kind: redis, url: redis://x, timeout: 1ms}\n    key: id\n    into: customer\n  with_geo:\n    type: enrich\n    inputs: [with_customer]\n    lookup: {kind: redis, url: redis://x, timeout: 1ms}\n    key: ip\n    into: geo\n  by_region:\n    type: route\n    inputs: [with_geo]\n    routes:\n      eu: region == 'eu'\nsinks:\n  orders_eu:\n    type: s3\n    inputs: [by_region.eu]\n    bucket: b\n`;
const header = 'veltrix-test: 1\npipeline: p.veltrix.yaml\n';

function apply(text: string, f: Finding): string {
  const lines = new LineIndex(text);
  const data = f.data!;
  if (data.kind === 'replace') return text.slice(0, lines.offset(f.range.start)) + data.candidates[0] + text.slice(lines.offset(f.range.end));
  if (data.kind === 'insert-text') {
    const at = lines.offset(data.position);
    return text.slice(0, at) + data.text + text.slice(at);
  }
  throw new Error(`unexpected fix ${data.kind}`);
}

test('VX401: the closest component id or route output replaces the unknown one', () => {
  const tests = `tests:\n  - name: t\n    mocks:\n      with_customer: {}\n      with_geo: {}\n    input:\n      order_in: [{id: 1, region: eu}]\n    expect:\n      by_region.ue: {count: 1}\n      orders_e: {count: 1}\n`;
  let text = header + tests;
  let a = runSuite(p, tests, { header });
  const fixes = a.findings.filter((f) => f.code === 'VX401');
  assert.deepEqual(fixes.map((f) => f.data), [
    { kind: 'replace', candidates: ['orders_in'] },
    { kind: 'replace', candidates: ['by_region.eu'] },
    { kind: 'replace', candidates: ['orders_eu', 'orders_in'] },
  ]);
  for (const f of [...fixes].reverse()) text = apply(text, f);
  a = runSuite(p, text.slice(header.length), { header });
  assert.deepEqual(a.findings, []);
  assert.equal(a.tests[0].status, 'passed');
});

test('VX404: a mocks entry is inserted in the test (a new block, or under its mocks)', () => {
  for (const tests of [
    `tests:\n  - name: no mocks at all\n    input:\n      orders_in: [{id: 1, region: eu}]\n    expect:\n      orders_eu: {count: 1}\n`,
    `tests:\n  - name: mocks for the other enrich\n    mocks:\n      with_geo: {}\n    input:\n      orders_in: [{id: 1, region: eu}]\n    expect:\n      orders_eu: {count: 1}\n`,
  ]) {
    const a = runSuite(p, tests, { header });
    const f = a.findings.find((x) => x.code === 'VX404' && x.message.includes("'with_customer'"))!;
    assert.equal(f.data?.kind, 'insert-text');
    const fixed = apply(header + tests, f);
    assert.match(fixed, /\n {4}mocks:\n( {6}with_customer: \{\}\n {6}with_geo: \{\}\n| {6}with_customer: \{\}\n {4}input:)/);
    const b = runSuite(p, fixed.slice(header.length), { header });
    assert.equal(b.findings.filter((x) => x.message.includes("'with_customer'")).length, 0, fixed);
  }
});

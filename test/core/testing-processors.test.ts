// The runner against spec 10.4 (what each processor does) and 11.1 (inputs,
// failing sinks, mocks), one small pipeline per rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { only, runSuite } from '../helpers/pipeline-tests';
import { summarizeTraces } from '../../core/src/index';

const src = `sources:\n  in:\n    type: http\n    listen: 0.0.0.0:80\n`;
const sink = (id: string, input: string, extra = '') => `  ${id}:\n    type: s3\n    inputs: [${input}]\n    bucket: b\n${extra}`;

test('filter: a truthy condition passes, a falsy or null one drops (condition on a missing field)', () => {
  const p = `${src}processors:\n  f:\n    type: filter\n    inputs: [in]\n    condition: amount > 10\nsinks:\n${sink('out', 'f')}`;
  const t = only(runSuite(p, `tests:\n  - name: t\n    input:\n      in: [{amount: 20}, {amount: 5}, {other: 1}, {amount: '50'}]\n    expect:\n      out: [{amount: 20}]\n`));
  assert.equal(t.status, 'passed', JSON.stringify(t.failures));
  const dropped = t.traces[2].root.next[0];
  assert.equal(dropped.outcome, 'dropped');
  assert.equal(dropped.condition, 'amount > 10');
  assert.equal(dropped.value, false);
  assert.deepEqual(t.branches, ['filter:f:drop', 'filter:f:pass']);
});

test('map: every set value reads the input event, a null result writes a null field, then drop removes fields', () => {
  const p = `${src}processors:\n  m:\n    type: map\n    inputs: [in]\n    set:\n      a: b\n      b: a\n      c: missing.field\n      d: a + 1\n    drop: [x, nothere]\nsinks:\n${sink('out', 'm')}`;
  const t = only(runSuite(p, `tests:\n  - name: t\n    input:\n      in: [{a: 1, b: 2, x: 9}]\n    expect:\n      out: [{a: 2, b: 1, c: null, d: 2}]\n`));
  assert.equal(t.status, 'passed', JSON.stringify(t.failures));
  const step = t.traces[0].root.next[0];
  assert.deepEqual([step.outcome, step.set, step.removed], ['transformed', ['a', 'b', 'c', 'd'], ['x']]);
});

test('route: a copy to every matching route in written order, _unmatched when none; consumers in file order', () => {
  const p = `${src}processors:\n  r:\n    type: route\n    inputs: [in]\n    routes:\n      big: n > 10\n      even: n % 2 == 0\nsinks:\n${sink('all', 'r.even, r.big, r._unmatched')}${sink('big', 'r.big')}`;
  const t = only(
    runSuite(
      p,
      `tests:\n  - name: t\n    input:\n      in: [{n: 12}, {n: 3}, {n: 11}]\n    expect:\n      all: [{n: 12}, {n: 12}, {n: 3}, {n: 11}]\n      r.big: [{n: 12}, {n: 11}]\n      r.even: [{n: 12}]\n      r._unmatched: [{n: 3}]\n      big: {count: 2}\n`,
    ),
  );
  assert.equal(t.status, 'passed', JSON.stringify(t.failures));
  const routed = t.traces[0].root.next[0];
  assert.deepEqual(routed.routes, ['big', 'even']);
  // Route order first (big, then even); per route, consumers in file order (all before big).
  assert.deepEqual(routed.next.map((s) => `${s.via}>${s.component}`), ['big>all', 'big>big', 'even>all']);
  assert.equal(t.traces[1].root.next[0].outcome, 'unmatched');
});

test('enrich: the test mocks win over the file mocks, key by string(key value), a miss writes null', () => {
  const p = `${src}processors:\n  e:\n    type: enrich\n    inputs: [in]\n    lookup: {kind: redis, url: redis://x, timeout: 1ms}\n    key: id\n    into: info\nsinks:\n${sink('out', 'e')}`;
  const a = runSuite(
    p,
    `mocks:\n  e:\n    c1: file\n    "2": two\ntests:\n  - name: t\n    mocks:\n      e:\n        c1: test\n    input:\n      in: [{id: c1}, {id: 2}, {id: c3}]\n    expect:\n      out: [{id: c1, info: test}, {id: 2, info: two}, {id: c3, info: null}]\n`,
  );
  const t = only(a);
  assert.equal(t.status, 'passed', JSON.stringify(t.failures));
  assert.deepEqual(t.codes, [], 'a miss in a mock table is not VX404');
  assert.deepEqual(t.traces.map((x) => x.root.next[0].hit), [true, true, false]);
});

test('enrich without any mocks: VX404 on the test, every lookup null; not when no event reaches it', () => {
  const p = `${src}processors:\n  f:\n    type: filter\n    inputs: [in]\n    condition: ok\n  e:\n    type: enrich\n    inputs: [f]\n    lookup: {kind: redis, url: redis://x, timeout: 1ms}\n    key: id\n    into: info\nsinks:\n${sink('out', 'e')}`;
  const reached = only(runSuite(p, `tests:\n  - name: t\n    input:\n      in: [{id: a, ok: true}]\n    expect:\n      out: [{id: a, ok: true, info: null}]\n`));
  assert.deepEqual(reached.codes, ['4:VX404']);
  assert.equal(reached.status, 'passed');
  const notReached = only(runSuite(p, `tests:\n  - name: t\n    input:\n      in: [{id: a, ok: false}]\n    expect:\n      out: []\n`));
  assert.deepEqual(notReached.codes, []);
});

test('dedupe: repeats within `within` of the first are dropped; a dropped repeat does not extend the period', () => {
  const p = `${src}processors:\n  d:\n    type: dedupe\n    inputs: [in]\n    key: [id]\n    within: 30m\nsinks:\n${sink('out', 'd')}`;
  // 0m first, 20m duplicate (not extending), 30m passes (the period is [first, first + 30m)), 45m duplicate of the 30m one.
  const t = only(runSuite(p, `tests:\n  - name: t\n    input:\n      in:\n        every: 5m\n        events: [{id: a, n: 0}, {id: b, n: 1}, {id: b, n: 2}, {id: b, n: 3}, {id: a, n: 4}, {id: b, n: 5}, {id: a, n: 6}, {id: b, n: 7}, {id: b, n: 8}, {id: a, n: 9}]\n    expect:\n      out: [{id: a, n: 0}, {id: b, n: 1}, {id: a, n: 6}, {id: b, n: 7}]\n`));
  assert.equal(t.status, 'passed', JSON.stringify(t.failures));
  const dup = t.traces[4].root.next[0];
  assert.deepEqual([dup.outcome, dup.firstAt], ['duplicate', 0]);
});

test('failing sinks: retry.max_attempts attempts, then dead_letter, or lost without one', () => {
  const p = `${src}sinks:\n${sink('a', 'in', '    retry: {max_attempts: 3}\n    dead_letter: dlq\n')}${sink('b', 'in')}  dlq:\n    type: s3\n    bucket: d\n`;
  const t = only(runSuite(p, `tests:\n  - name: t\n    fail: [a, b]\n    input:\n      in: [{n: 1}]\n    expect:\n      a: []\n      b: []\n      dlq: [{n: 1}]\n      lost: [{n: 1}]\n`));
  assert.equal(t.status, 'passed', JSON.stringify(t.failures));
  const [toA, toB] = t.traces[0].root.next;
  assert.deepEqual([toA.outcome, toA.attempts, toA.next[0].component, toA.next[0].outcome], ['dead-lettered', 3, 'dlq', 'delivered']);
  assert.deepEqual([toB.outcome, toB.attempts], ['lost', 1]);
  assert.ok(t.branches.includes('dead-letter:a'));
});

test('a failing dead-letter sink fails too: its own dead_letter, else lost', () => {
  const p = `${src}sinks:\n${sink('a', 'in', '    dead_letter: dlq\n')}  dlq:\n    type: s3\n    bucket: d\n`;
  const t = only(runSuite(p, `tests:\n  - name: t\n    fail: [a, dlq]\n    input:\n      in: [{n: 1}]\n    expect:\n      dlq: []\n      lost: {count: 1}\n`));
  assert.equal(t.status, 'passed', JSON.stringify(t.failures));
});

test('events inserted at a processor leave as its output; at a route output, as that output', () => {
  const p = `${src}processors:\n  f:\n    type: filter\n    inputs: [in]\n    condition: 'false'\n  r:\n    type: route\n    inputs: [f]\n    routes:\n      x: 'false'\nsinks:\n${sink('out', 'f')}${sink('rx', 'r.x')}`;
  const t = only(runSuite(p, `tests:\n  - name: t\n    input:\n      f: [{n: 1}]\n      r.x: [{n: 2}]\n    expect:\n      out: [{n: 1}]\n      rx: [{n: 2}]\n      r._unmatched: [{n: 1}]\n`));
  assert.equal(t.status, 'passed', JSON.stringify(t.failures));
  assert.equal(t.traces[0].root.outcome, 'inserted');
});

test('wildcard inputs and fragments come from the pipeline graph', () => {
  const fragment = `veltrix: 1\nprocessors:\n  parse_b:\n    type: map\n    inputs: [in]\n    set:\n      from: "'b'"\n`;
  const p = `imports: [frag.veltrix.yaml]\n${src}processors:\n  parse_a:\n    type: map\n    inputs: [in]\n    set:\n      from: "'a'"\nsinks:\n${sink('out', 'parse_*')}`;
  const t = only(runSuite(p, `tests:\n  - name: t\n    input:\n      in: [{n: 1}]\n    expect:\n      out: [{n: 1, from: a}, {n: 1, from: b}]\n`, { files: { 'file:///w/frag.veltrix.yaml': fragment } }));
  assert.equal(t.status, 'passed', JSON.stringify(t.failures));
});

test('exhaustive: a sink the test does not name must receive nothing', () => {
  const p = `${src}sinks:\n${sink('a', 'in')}${sink('b', 'in')}`;
  const failing = only(runSuite(p, `tests:\n  - name: t\n    exhaustive: true\n    input:\n      in: [{n: 1}]\n    expect:\n      a: {count: 1}\n`));
  assert.equal(failing.status, 'failed');
  assert.deepEqual(failing.codes, ['5:VX402'], 'at exhaustive: true');
  assert.match(failing.failures[0].message, /sink b received 1 event/);
  const passing = only(runSuite(p, `tests:\n  - name: t\n    input:\n      in: [{n: 1}]\n    expect:\n      a: {count: 1}\n`));
  assert.equal(passing.status, 'passed', 'not exhaustive by default');
});

test('trace summary for the graph: events per edge (route outputs, dead-letter hand-overs) and outcomes per component', () => {
  const p = `${src}processors:\n  r:\n    type: route\n    inputs: [in]\n    routes:\n      a: n > 0\n      b: n > 1\nsinks:\n${sink('sa', 'r.a', '    dead_letter: dlq\n')}${sink('sb', 'r.b')}  dlq:\n    type: s3\n    bucket: d\n`;
  const t = only(runSuite(p, `tests:\n  - name: t\n    fail: [sa]\n    input:\n      in: [{n: 1}, {n: 2}, {n: 0}]\n    expect:\n      dlq: {count: 2}\n`));
  const s = summarizeTraces(t.traces);
  const edges = s.edges.map((e) => `${e.from}${e.port ? `.${e.port}` : ''}>${e.to}${e.deadLetter ? ' (dead letter)' : ''} x${e.count}`).sort();
  assert.deepEqual(edges, ['in>r x3', 'r.a>sa x2', 'r.b>sb x1', 'sa>dlq (dead letter) x2']);
  assert.deepEqual(s.components.r, { reached: 3, routed: 2, unmatched: 1 });
  assert.deepEqual(s.components.sa, { reached: 2, 'dead-lettered': 2 });
});

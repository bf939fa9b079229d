// Time in pipeline tests (spec 10.4 windows, 11.1 time): epoch-aligned
// tumbling, sliding and session windows, closing before the events at or
// after their end and all at the end, emission order, aggregates, `every` /
// `start` and ties, `now()` from the test clock, and the event limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, only, runSuite } from '../helpers/pipeline-tests';
import { tracePaths } from '../../core/src/index';
import { MAX_TRACE_DEPTH } from '../../core/src/testing/runner';
import { ClosingOrder, openWindow } from '../../core/src/testing/windows';
import fc from 'fast-check';

const src = `sources:\n  in:\n    type: http\n    listen: 0.0.0.0:80\n`;
const window = (kind: string, extra: string) => `  w:\n    type: window\n    inputs: [in]\n    kind: ${kind}\n${extra}`;
const sinks = (inputs: string) => `sinks:\n  out:\n    type: s3\n    inputs: [${inputs}]\n    bucket: b\n`;
const iso = (s: string) => `"2026-01-01T${s}.000Z"`;

test('tumbling: epoch-aligned windows close before the first event at or after their end, the rest at the end', () => {
  const p = `${src}processors:\n${window('tumbling', '    size: 1m\n    aggregate:\n      n: count()\n')}${sinks('w, in')}`;
  // Events at 0s, 30s, 60s: the 60s event starts a new window; the first window closes (at 1m) before it arrives.
  const t = only(
    runSuite(
      p,
      `tests:\n  - name: t\n    input:\n      in:\n        every: 30s\n        events: [{e: 0}, {e: 1}, {e: 2}]\n    expect:\n      out:\n        - {e: 0}\n        - {e: 1}\n        - {n: 2, window_start: ${iso('00:00:00')}, window_end: ${iso('00:01:00')}}\n        - {e: 2}\n        - {n: 1, window_start: ${iso('00:01:00')}, window_end: ${iso('00:02:00')}}\n`,
    ),
  );
  assert.equal(t.status, 'passed', JSON.stringify(t.failures, null, 1));
  const emitted = t.traces.find((x) => x.origin === 'window')!;
  assert.deepEqual([emitted.root.outcome, emitted.at, emitted.members], ['emitted', 60_000, [0, 1]]);
});

test('tumbling windows align to the epoch, not to the test start', () => {
  const p = `${src}processors:\n${window('tumbling', '    size: 1h\n    aggregate:\n      n: count()\n')}${sinks('w')}`;
  const t = only(runSuite(p, `start: 2026-01-01T00:59:00Z\ntests:\n  - name: t\n    input:\n      in:\n        every: 2m\n        events: [{}, {}]\n    expect:\n      out: [{n: 1, window_start: ${iso('00:00:00')}, window_end: ${iso('01:00:00')}}, {n: 1, window_start: ${iso('01:00:00')}, window_end: ${iso('02:00:00')}}]\n`));
  assert.equal(t.status, 'passed', JSON.stringify(t.failures, null, 1));
});

test('sliding: windows of size starting at every multiple of slide; same end time: by start, then first arrival', () => {
  const p = `${src}processors:\n${window('sliding', '    size: 2m\n    slide: 1m\n    key_by: k\n    aggregate:\n      n: count()\n')}${sinks('w')}`;
  // b at 90s, then a at 90s: b falls into [0,2m) and [1m,3m); so does a.
  const t = only(
    runSuite(
      p,
      `tests:\n  - name: t\n    input:\n      in:\n        start: 90s\n        events: [{k: b}, {k: a}]\n    expect:\n      out:\n        - {k: b, n: 1, window_start: ${iso('00:00:00')}, window_end: ${iso('00:02:00')}}\n        - {k: a, n: 1, window_start: ${iso('00:00:00')}, window_end: ${iso('00:02:00')}}\n        - {k: b, n: 1, window_start: ${iso('00:01:00')}, window_end: ${iso('00:03:00')}}\n        - {k: a, n: 1, window_start: ${iso('00:01:00')}, window_end: ${iso('00:03:00')}}\n`,
    ),
  );
  assert.equal(t.status, 'passed', JSON.stringify(t.failures, null, 1));
});

test('session: per key, a window closes after a gap of size without events', () => {
  const p = `${src}processors:\n${window('session', '    size: 5m\n    key_by: user\n    aggregate:\n      n: count()\n')}${sinks('w')}`;
  // u1 at 0m, 3m (extends to 8m), 9m (new session); u2 at 6m.
  const t = only(
    runSuite(
      p,
      `tests:\n  - name: t\n    input:\n      in:\n        every: 3m\n        events: [{user: u1}, {user: u1}, {user: u2}, {user: u1}]\n    expect:\n      out:\n        - {user: u1, n: 2, window_start: ${iso('00:00:00')}, window_end: ${iso('00:08:00')}}\n        - {user: u2, n: 1, window_start: ${iso('00:06:00')}, window_end: ${iso('00:11:00')}}\n        - {user: u1, n: 1, window_start: ${iso('00:09:00')}, window_end: ${iso('00:14:00')}}\n`,
    ),
  );
  assert.equal(t.status, 'passed', JSON.stringify(t.failures, null, 1));
});

test('aggregates: count, and sum/avg/min/max over the numbers only (sum of none is 0, the others null)', () => {
  const p = `${src}processors:\n${window('tumbling', '    size: 1m\n    key_by: k\n    aggregate:\n      c: count()\n      s: sum(v)\n      a: avg(v)\n      lo: min(v)\n      hi: max(v)\n')}${sinks('w')}`;
  const t = only(
    runSuite(
      p,
      `tests:\n  - name: t\n    input:\n      in: [{k: x, v: 4}, {k: x, v: '9'}, {k: x, v: -2}, {k: x}, {k: y, v: text}]\n    expect:\n      out:\n        - {k: x, c: 4, s: 2, a: 1, lo: -2, hi: 4, window_start: ${iso('00:00:00')}, window_end: ${iso('00:01:00')}}\n        - {k: y, c: 1, s: 0, a: null, lo: null, hi: null, window_start: ${iso('00:00:00')}, window_end: ${iso('00:01:00')}}\n`,
    ),
  );
  assert.equal(t.status, 'passed', JSON.stringify(t.failures, null, 1));
});

test('inputs interleave by arrival time, ties in written order; now() reads the test clock', () => {
  const p = `${src}  in2:\n    type: http\n    listen: 0.0.0.0:81\nprocessors:\n  m:\n    type: map\n    inputs: [in, in2]\n    set:\n      t: now()\n${sinks('m')}`;
  const t = only(
    runSuite(
      p,
      `start: 2026-03-01T00:00:00Z\ntests:\n  - name: t\n    input:\n      in:\n        every: 2s\n        events: [{x: a0}, {x: a2}, {x: a4}]\n      in2:\n        start: 2s\n        every: 1s\n        events: [{x: b2}, {x: b3}]\n    expect:\n      out: {contains: [{x: a0}]}\n`,
    ),
  );
  const base = Date.parse('2026-03-01T00:00:00Z');
  assert.deepEqual(at(t, 'out'), [
    { x: 'a0', t: base },
    { x: 'a2', t: base + 2000 },
    { x: 'b2', t: base + 2000 },
    { x: 'b3', t: base + 3000 },
    { x: 'a4', t: base + 4000 },
  ]);
});

test('the default start is 2026-01-01T00:00:00Z', () => {
  const p = `${src}processors:\n  m:\n    type: map\n    inputs: [in]\n    set:\n      t: now()\n${sinks('m')}`;
  const t = only(runSuite(p, `tests:\n  - name: t\n    input:\n      in: [{}]\n    expect:\n      out: [{t: ${Date.parse('2026-01-01T00:00:00Z')}}]\n`));
  assert.equal(t.status, 'passed', JSON.stringify(t.failures));
});

test('a test that produces events without end stops with VX406 (a tiny limit stands in for 100,000)', () => {
  const p = `${src}processors:\n${window('sliding', '    size: 1h\n    slide: 1ms\n    aggregate:\n      n: count()\n')}${sinks('w')}`;
  const a = runSuite(p, `tests:\n  - name: flood\n    input:\n      in: [{}]\n    expect:\n      out: {count: 1}\n`, { limits: { maxEvents: 50 } });
  const t = only(a);
  assert.deepEqual([t.status, t.codes], ['error', ['4:VX406']]);
  assert.match(t.limit!, /more than 50 events/);
});

test('the time limit is read from the clock every few thousand steps', () => {
  const p = `${src}processors:\n${window('sliding', '    size: 1h\n    slide: 1ms\n    aggregate:\n      n: count()\n')}${sinks('w')}`;
  let now = 0;
  const clock = () => (now += 1000); // each reading: a second later
  const t = only(runSuite(p, `tests:\n  - name: slow\n    input:\n      in: [{}]\n    expect:\n      out: {count: 1}\n`, { limits: { maxMillis: 2000, clock } }));
  assert.deepEqual([t.status, t.codes], ['error', ['4:VX406']]);
  assert.match(t.limit!, /2 s of evaluation/);
});

test('a cycle stops at the limit; traces stay at most MAX_TRACE_DEPTH deep, so readers need no deep recursion', () => {
  const p = `${src}processors:\n  a:\n    type: map\n    inputs: [in, b]\n    set:\n      n: n + 1\n  b:\n    type: filter\n    inputs: [a]\n    condition: 'true'\n${sinks('a')}`;
  const t = only(runSuite(p, `tests:\n  - name: loop\n    input:\n      in: [{n: 0}]\n    expect:\n      out: {count: 1}\n`, { limits: { maxEvents: 5000 } }));
  assert.deepEqual([t.status, t.codes], ['error', ['4:VX406']]);
  let depth = 0;
  for (let s = t.traces[0].root; s.next.length; s = s.next.find((x) => x.component === 'a') ?? s.next[0]) depth++;
  assert.equal(depth, MAX_TRACE_DEPTH);
  assert.doesNotThrow(() => JSON.stringify(t.traces));
  const lines = tracePaths(t.traces[0].root);
  assert.ok(lines.length <= 21 && lines.every((l) => l.length < 5000), `${lines.length} lines`);
});

test('property: windows close in order of end, then start, then first arrival, also when a session end moves', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined })), { maxLength: 40 }), fc.integer({ min: 0, max: 60 }), (specs, t) => {
      const order = new ClosingOrder();
      const wins = specs.map(([start, len, moved], seq) => {
        const w = openWindow(0, start, start + len, null, seq, [], `w${seq}`);
        order.add(w);
        if (moved !== undefined && moved > w.end) {
          w.end = moved; // a session window extended: queued again, the old entry goes stale
          order.add(w);
        }
        return w;
      });
      const got: number[] = [];
      for (let w = order.next(t); w; w = order.next(t)) {
        w.closed = true;
        got.push(w.seq);
      }
      const expected = wins.filter((w) => w.end <= t).sort((a, b) => a.end - b.end || a.start - b.start || a.seq - b.seq).map((w) => w.seq);
      assert.deepEqual(got, expected);
    }),
    { numRuns: 500 },
  );
});

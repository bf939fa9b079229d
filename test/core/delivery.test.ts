// Delivery rules (VX200-VX207) (VX304, a model finding, is in model-findings.test.ts): fix data, related info, figures,
// and values known only at deploy time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../core/src/index';
import { FRAG, only, run } from '../helpers/rules';


function textAt(text: string, f: { range: Finding['range'] }): string {
  const lines = text.split('\n');
  assert.equal(f.range.start.line, f.range.end.line);
  return lines[f.range.start.line].slice(f.range.start.character, f.range.end.character);
}

const exactly = `veltrix: 1
pipeline:
  name: t
  delivery: exactly-once
runtime:
  workers: 8
  checkpoint: {interval: 10s, storage: "s3://b/c"}
`;

test('VX203: present-but-wrong keys are replaced; absent keys are inserted into the sink', () => {
  const text = `${exactly}sources:
  src: {type: kafka, brokers: ["k:1"], topic: t, group: g}
sinks:
  k1:
    type: kafka
    brokers: ["k:1"]
    topic: a
    transactional: false
    inputs: [src]
    dead_letter: ok
  k2:
    type: kafka
    brokers: ["k:1"]
    topic: b
    inputs: [src]
    dead_letter: ok
  ok:
    type: kafka
    brokers: ["k:1"]
    topic: c
    transactional: true
`;
  const [a, b] = only(run(text), 'VX203');
  assert.equal(textAt(text, a), 'false');
  assert.deepEqual(a.data && a.data.kind === 'set-value' ? [a.data.key, a.data.value, !!a.data.keyRange] : undefined, ['transactional', 'true', true]);
  assert.equal(textAt(text, b), 'kafka');
  assert.ok(b.data && b.data.kind === 'set-value' && !b.data.keyRange && b.data.indent === 4 && b.data.parentRange);
  assert.match(b.related![0].message, /delivery is exactly-once/);
});

test('VX203: an interpolated mode is not judged', () => {
  const text = `${exactly}sources:
  src: {type: file, path: /x}
sinks:
  pg: {type: postgres, dsn: "d", table: t, mode: "\${MODE}", key: [id], inputs: [src], dead_letter: ok}
  ok: {type: postgres, dsn: "d", table: t, mode: upsert, key: [id]}
`;
  assert.deepEqual(only(run(text), 'VX203'), []);
});

test('VX202/VX204 only under exactly-once; VX204 sits on the delivery value', () => {
  const base = (delivery: string, runtime = '') => `veltrix: 1
pipeline:
  name: t
  delivery: ${delivery}
${runtime}sources:
  hook: {type: http, listen: "0.0.0.0:80"}
sinks:
  out: {type: kafka, brokers: ["k:1"], topic: a, transactional: true, inputs: [hook], dead_letter: dlq}
  dlq: {type: kafka, brokers: ["k:1"], topic: d, transactional: true}
`;
  const eo = run(base('exactly-once'));
  assert.equal(only(eo, 'VX202').length, 1);
  const [cp] = only(eo, 'VX204');
  assert.equal(textAt(base('exactly-once'), cp), 'exactly-once');
  assert.deepEqual(cp.data, { kind: 'insert-checkpoint' });
  const withCheckpoint = run(base('exactly-once', 'runtime:\n  checkpoint: {interval: 1s, storage: "s3://x"}\n'));
  assert.equal(only(withCheckpoint, 'VX204').length, 0);
  const alo = run(base('at-least-once'));
  assert.equal(only(alo, 'VX202').length + only(alo, 'VX204').length, 0);
});

test('VX201: stub id avoids taken ids; delivery at-most-once turns it off', () => {
  const text = (d: string) => `veltrix: 1
pipeline: {name: t, delivery: ${d}}
sources:
  src: {type: generator}
processors:
  out_dlq: {type: map, inputs: [src]}
sinks:
  out: {type: s3, bucket: b, inputs: [out_dlq]}
`;
  const [f] = only(run(text('at-least-once')), 'VX201');
  assert.deepEqual(f.data, { kind: 'add-dead-letter', sinkId: 'out', stubId: 'out_dlq_2' });
  assert.equal(only(run(text('at-most-once')), 'VX201').length, 0);
});

test('VX201 and VX205 land in the fragment that defines the sink', () => {
  const main = `veltrix: 1\npipeline: {name: t}\nimports: [./frag.veltrix.yaml]\nsources:\n  src: {type: generator}\n`;
  const frag = `veltrix: 1\nsinks:\n  out:\n    type: kafka\n    brokers: ["k:1"]\n    topic: a\n    acks: 0\n    inputs: [src]\n`;
  const fs = run(main, { [FRAG]: frag }).filter((f) => f.code === 'VX201' || f.code === 'VX205');
  assert.deepEqual(fs.map((f) => [f.code, f.uri, f.range.start.line]), [
    ['VX201', FRAG, 2],
    ['VX205', FRAG, 6],
  ]);
  assert.deepEqual(fs[1].data && fs[1].data.kind === 'set-value' && [fs[1].data.key, fs[1].data.value], ['acks', 'all']);
});

test('VX200: one finding at an anchor shared by several buffers, naming them all', () => {
  const text = `veltrix: 1
pipeline: {name: t}
x-buf: &buf
  when_full: drop_newest
sources:
  src: {type: generator, buffer: *buf}
processors:
  m: {type: map, inputs: [src], buffer: *buf}
sinks:
  out: {type: s3, bucket: b, inputs: [m], dead_letter: dlq}
  dlq: {type: s3, bucket: d}
`;
  const fs = only(run(text), 'VX200');
  assert.equal(fs.length, 1);
  assert.equal(textAt(text, fs[0]), 'drop_newest');
  assert.match(fs[0].message, /'src', 'm' drop events/);
});

test('VX206: data sets parallelism to the partitions; interpolated values are skipped', () => {
  const text = (par: string) => `veltrix: 1
pipeline: {name: t, delivery: at-most-once}
runtime: {workers: 32}
sources:
  src: {type: kafka, brokers: ["k:1"], topic: t, group: g, partitions: 3, parallelism: ${par}}
sinks:
  out: {type: s3, bucket: b, inputs: [src]}
`;
  const [f] = only(run(text('12')), 'VX206');
  assert.equal(textAt(text('12'), f), '12');
  assert.ok(f.data && f.data.kind === 'set-value' && f.data.key === 'parallelism' && f.data.value === '3');
  assert.equal(textAt(text('12'), f.related![0].location), '3');
  assert.equal(only(run(text('"${P}"')), 'VX206').length, 0);
  assert.equal(only(run(text('3')), 'VX206').length, 0);
});

test('VX207: compares durations across units, related to the SLO', () => {
  const text = (timeout: string) => `veltrix: 1
pipeline: {name: t, delivery: at-most-once, slo: {latency_p99: 1.5s}}
sources:
  src: {type: generator}
processors:
  e: {type: enrich, inputs: [src], lookup: {kind: http, url: "http://x", timeout: ${timeout}}, key: id, into: info}
sinks:
  out: {type: s3, bucket: b, inputs: [e]}
`;
  const [f] = only(run(text('1600ms')), 'VX207');
  assert.equal(textAt(text('1600ms'), f), '1600ms');
  assert.equal(textAt(text('1600ms'), f.related![0].location), '1.5s');
  assert.match(f.message, /1\.6 s of 'e' exceeds the p99 latency SLO of 1\.5 s/);
  assert.equal(only(run(text('1500ms')), 'VX207').length, 0);
  assert.equal(only(run(text('"${T}"')), 'VX207').length, 0);
});

// Schema flow (spec section 4): which fields reach each component.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePipeline, type FieldSet } from '../../core/src/index';

const host = { readFile: () => undefined };

function flowOf(body: string) {
  const text = `veltrix: 1
pipeline: {name: p}
schemas:
  Order: {id: string, amount: float, region: string, coupon: string?}
  Click: {id: string, url: string, region: int}
${body}`;
  return analyzePipeline('file:///f.veltrix.yaml', text, { host, settings: { model: false } }).flow;
}
const names = (s: FieldSet | undefined) => (s ? [...s.keys()] : undefined);

test('a source carries its schema, optional fields included; no schema or an unknown one is unknown', () => {
  const flow = flowOf(`sources:
  a: {type: generator, schema: Order}
  b: {type: generator}
  c: {type: generator, schema: Nope}
`);
  assert.deepEqual(names(flow.output.get('a')), ['id', 'amount', 'region', 'coupon']);
  assert.equal(flow.output.get('a')!.get('amount'), 'float');
  assert.equal(flow.output.get('b'), undefined);
  assert.equal(flow.output.get('c'), undefined);
  assert.equal(flow.input.get('a'), undefined);
});

test('filter, route (every port) and dedupe pass through; map sets and drops; enrich adds into', () => {
  const flow = flowOf(`sources:
  a: {type: generator, schema: Order}
processors:
  f: {type: filter, inputs: [a], condition: amount > 1}
  r: {type: route, inputs: [f], routes: {eu: "region == 'eu'", us: "region == 'us'"}}
  d: {type: dedupe, inputs: [r.eu], key: [id], within: 1m}
  u: {type: filter, inputs: [r._unmatched], condition: 'true'}
  m: {type: map, inputs: [d], set: {total: amount * 2}, drop: [coupon, region]}
  e: {type: enrich, inputs: [m], key: id, into: customer, lookup: {kind: http, url: u, timeout: 1s}}
sinks:
  o: {type: s3, bucket: b, inputs: [e, u]}
`);
  const order = ['id', 'amount', 'region', 'coupon'];
  assert.deepEqual(names(flow.input.get('f')), order);
  assert.deepEqual(names(flow.output.get('f')), order);
  assert.deepEqual(names(flow.input.get('d')), order);
  assert.deepEqual(names(flow.input.get('u')), order);
  assert.deepEqual(names(flow.output.get('d')), order);
  assert.deepEqual(names(flow.output.get('m')), ['id', 'amount', 'total']);
  assert.deepEqual(names(flow.output.get('e')), ['id', 'amount', 'total', 'customer']);
  // Fan-in at the sink: only the common fields.
  assert.deepEqual(names(flow.input.get('o')), ['id', 'amount']);
  assert.equal(flow.output.get('o'), undefined);
});

test('a window emits key_by, one field per aggregate and the window bounds, even from an unknown input', () => {
  const body = (schema: string) => `sources:
  a: {type: generator${schema}}
processors:
  w: {type: window, inputs: [a], kind: tumbling, size: 1m, key_by: region, aggregate: {n: count(), total: sum(amount), mean: avg(amount)}}
`;
  const known = flowOf(body(', schema: Order')).output.get('w')!;
  assert.deepEqual([...known.entries()], [
    ['region', 'string'],
    ['n', 'int'],
    ['total', 'float'],
    ['mean', 'float'],
    ['window_start', 'timestamp'],
    ['window_end', 'timestamp'],
  ]);
  const unknownInput = flowOf(body('')).output.get('w');
  assert.deepEqual(names(unknownInput), ['region', 'n', 'total', 'mean', 'window_start', 'window_end']);
});

test('fan-in keeps the common fields; a disagreement on type is kept as a union', () => {
  const flow = flowOf(`sources:
  a: {type: generator, schema: Order}
  c: {type: generator, schema: Click}
processors:
  f: {type: filter, inputs: [a, c], condition: 'true'}
`);
  assert.deepEqual([...flow.input.get('f')!.entries()], [
    ['id', 'string'],
    ['region', 'string|int'],
  ]);
});

test('any unknown input, a dangling reference or a cycle makes the input unknown', () => {
  const flow = flowOf(`sources:
  a: {type: generator, schema: Order}
  b: {type: generator}
processors:
  f: {type: filter, inputs: [a, b], condition: 'true'}
  g: {type: filter, inputs: [a, missing], condition: 'true'}
  x: {type: filter, inputs: [a, y], condition: 'true'}
  y: {type: filter, inputs: [x], condition: 'true'}
  ok: {type: filter, inputs: [a], condition: 'true'}
`);
  assert.equal(flow.input.get('f'), undefined);
  assert.equal(flow.input.get('g'), undefined);
  assert.equal(flow.input.get('x'), undefined);
  assert.equal(flow.output.get('y'), undefined);
  assert.deepEqual(names(flow.input.get('ok')), ['id', 'amount', 'region', 'coupon']);
});

test('wildcard inputs bring every matching component', () => {
  const flow = flowOf(`sources:
  in_a: {type: generator, schema: Order}
  in_c: {type: generator, schema: Click}
processors:
  f: {type: filter, inputs: ['in_*'], condition: 'true'}
`);
  assert.deepEqual(names(flow.input.get('f')), ['id', 'region']);
});

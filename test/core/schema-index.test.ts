// The schema index used by completion, hover and quick fixes. Expectations
// are read from the spec's tables, not from the index itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  componentTypeAt, componentTypes, enumAt, extractFile, isExpressionAt, isFieldAt, keyAt, keysAt, placeholderFor, referenceAt, schemaAt, unitAt,
} from '../../core/src/index';

test('componentTypes lists each section\'s types with docs and required keys', () => {
  assert.deepEqual(componentTypes('sources').map((t) => t.type), ['kafka', 'http', 'file', 'generator']);
  assert.deepEqual(componentTypes('processors').map((t) => t.type), ['filter', 'map', 'enrich', 'route', 'window', 'dedupe']);
  assert.deepEqual(componentTypes('sinks').map((t) => t.type), ['kafka', 'postgres', 's3', 'elasticsearch', 'http']);
  const kafka = componentTypes('sources').find((t) => t.type === 'kafka')!;
  assert.deepEqual([...kafka.required].sort(), ['brokers', 'group', 'topic']);
  assert.ok(kafka.description);
});

test('keysAt resolves the per-type definition of a component', () => {
  const filter = keysAt(['processors', 'f'], 'filter');
  const names = filter.map((k) => k.key);
  for (const k of ['type', 'inputs', 'condition', 'selectivity', 'parallelism', 'buffer', 'cost']) assert.ok(names.includes(k), k);
  assert.ok(!names.includes('routes'));
  assert.equal(filter.find((k) => k.key === 'condition')!.required, true);
  assert.equal(filter.find((k) => k.key === 'condition')!.expression, true);
  assert.equal(filter.find((k) => k.key === 'selectivity')!.required, false);
  assert.equal(filter.find((k) => k.key === 'selectivity')!.default, 1);
  assert.ok(filter.every((k) => typeof k.description === 'string'), 'every key has a description');
  // Sinks of different types differ.
  assert.ok(keysAt(['sinks', 'o'], 'kafka').some((k) => k.key === 'acks'));
  assert.ok(!keysAt(['sinks', 'o'], 's3').some((k) => k.key === 'acks'));
});

test('keysAt without a known type offers type and the keys every type has', () => {
  const keys = keysAt(['processors', 'p']).map((k) => k.key);
  assert.equal(keys[0], 'type');
  assert.ok(keys.includes('inputs') && keys.includes('parallelism'));
  assert.ok(!keys.includes('condition'));
  assert.deepEqual(keysAt(['processors', 'p'], 'nonsense').map((k) => k.key), keys);
  assert.deepEqual(enumAt(['processors', 'p', 'type']), ['filter', 'map', 'enrich', 'route', 'window', 'dedupe']);
});

test('nested paths: lookup, cache, buffer, batch, runtime, pipeline', () => {
  assert.deepEqual(keysAt(['processors', 'e', 'lookup'], 'enrich').filter((k) => k.required).map((k) => k.key).sort(), ['kind', 'timeout', 'url']);
  assert.deepEqual(keysAt(['processors', 'e', 'lookup', 'cache'], 'enrich').map((k) => k.key).sort(), ['hit_ratio', 'size', 'ttl']);
  assert.deepEqual(enumAt(['processors', 'e', 'lookup', 'kind'], 'enrich'), ['http', 'postgres', 'redis']);
  assert.deepEqual(enumAt(['sinks', 'o', 'buffer', 'when_full'], 's3'), ['block', 'drop_newest', 'drop_oldest']);
  assert.equal(unitAt(['sinks', 'o', 'batch', 'timeout'], 'http'), 'duration');
  assert.equal(unitAt(['runtime', 'memory']), 'size');
  assert.equal(unitAt(['pipeline', 'slo', 'throughput']), 'rate');
  assert.equal(unitAt(['sources', 's', 'rate'], 'kafka'), 'rate');
  assert.equal(keyAt(['runtime', 'workers'])?.default, 4);
  assert.equal(keyAt(['pipeline', 'name'])?.required, true);
  assert.deepEqual(enumAt(['pipeline', 'delivery']), ['at-most-once', 'at-least-once', 'exactly-once']);
  assert.deepEqual(enumAt(['monitoring', 'prometheus', 'enabled']), [true, false]);
});

test('markers: expressions, fields and references', () => {
  assert.equal(isExpressionAt(['processors', 'm', 'set', 'total'], 'map'), true);
  assert.equal(isExpressionAt(['processors', 'r', 'routes', 'big'], 'route'), true);
  assert.equal(isExpressionAt(['processors', 'r', 'share', 'big'], 'route'), false);
  assert.equal(isFieldAt(['processors', 'w', 'key_by'], 'window'), true);
  assert.equal(isFieldAt(['processors', 'd', 'key', 0], 'dedupe'), true);
  assert.equal(isFieldAt(['processors', 'e', 'key'], 'enrich'), true);
  assert.equal(referenceAt(['processors', 'f', 'inputs', '0'], 'filter'), 'component');
  assert.equal(referenceAt(['sinks', 'o', 'dead_letter'], 's3'), 'component');
  assert.equal(referenceAt(['sources', 's', 'schema'], 'generator'), 'schema');
  assert.equal(referenceAt(['sources', 's', 'topic'], 'kafka'), undefined);
});

test('free maps and x- keys: schemas, set, top-level extensions', () => {
  assert.deepEqual(keysAt(['schemas']), []);
  assert.ok(schemaAt(['x-anything']));
  assert.equal(schemaAt(['not-a-key']), undefined);
  assert.ok(keysAt([]).some((k) => k.key === 'sources' && typeof k.markdownDescription === 'string'));
});

test('componentTypeAt reads the type from the tree; placeholders are valid YAML scalars', () => {
  const file = extractFile('file:///x.veltrix.yaml', 'veltrix: 1\nprocessors:\n  p:\n    type: window\n');
  assert.equal(componentTypeAt(file.root, ['processors', 'p', 'size']), 'window');
  assert.equal(componentTypeAt(file.root, ['runtime']), undefined);
  assert.equal(placeholderFor(schemaAt(['processors', 'p', 'size'], 'window')), '1s');
  assert.equal(placeholderFor(schemaAt(['processors', 'p', 'kind'], 'window')), 'tumbling');
  assert.equal(placeholderFor(schemaAt(['processors', 'p', 'aggregate'], 'window')), '{}');
  assert.equal(placeholderFor(schemaAt(['runtime', 'memory'])), '2GiB');
});

/**
 * Tests of schemas/veltrix-v1.schema.json (JSON Schema draft-07).
 *
 * The schema file is plain draft-07 and compiles under ajv's default strict
 * mode (test/schema-strict.test.ts). The editor annotations (`markdownDescription`
 * and our markers `x-unit`, `x-expression`, `x-field`, `x-reference`) live in
 * schemas/veltrix-v1.annotations.json; the tests of those read the schema as
 * the core loads it (`annotated`).
 *
 * Run: node --import tsx --test test/schema-file.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { SCHEMA } from '../core/src/schema/load';

const SCHEMA_PATH = fileURLToPath(new URL('../schemas/veltrix-v1.schema.json', import.meta.url));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const schema: Json = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));

/** The schema with its editor annotations, as the core loads it. */
const annotated: Json = SCHEMA;

const ajv = new Ajv({ allErrors: true });
const validate: ValidateFunction = ajv.compile(schema);

function check(source: string): { valid: boolean; errors: ErrorObject[] } {
  const data = parse(source, { merge: true });
  const valid = validate(data) as boolean;
  return { valid, errors: validate.errors ? [...validate.errors] : [] };
}

function describeErrors(errors: ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)} ${e.message}`).join('\n');
}

/** Asserts that validation fails with an error of `keyword` at `instancePath` (and matching params). */
function assertError(
  source: string,
  keyword: string,
  instancePath: string,
  params: Record<string, unknown> = {},
): void {
  const { valid, errors } = check(source);
  assert.equal(valid, false, 'expected the document to be invalid');
  const hit = errors.find(
    (e) =>
      e.keyword === keyword &&
      e.instancePath === instancePath &&
      Object.entries(params).every(([k, v]) => (e.params as Record<string, unknown>)[k] === v),
  );
  assert.ok(hit, `expected ${keyword} at "${instancePath}" ${JSON.stringify(params)}, got:\n${describeErrors(errors)}`);
}

function assertValid(source: string): void {
  const { valid, errors } = check(source);
  assert.equal(valid, true, describeErrors(errors));
}

const VALID_PIPELINE = `
veltrix: 1
pipeline:
  name: orders-enrichment
  description: Paid orders, enriched with the customer, to the warehouse and the search index.
  delivery: at-least-once
  slo:
    latency_p99: 500ms
    throughput: 40k/s

runtime:
  workers: 8
  memory: 4GiB
  checkpoint:
    interval: 30s
    storage: s3://veltrix-state/orders

monitoring:
  prometheus:
    enabled: true
    port: 9464
    path: /metrics
  log_level: info

imports:
  - ./shared/alerts.veltrix.yaml

x-kafka: &kafka
  brokers: ["kafka-1:9092", "kafka-2:9092"]

x-sink-defaults: &sink_defaults
  batch: { size: 500, timeout: 200ms }
  retry: { max_attempts: 5, backoff: 500ms }
  dead_letter: failed

schemas:
  Order:
    order_id: string
    customer_id: string
    amount: float
    region: string
    status: string
    coupon: string?
    created_at: timestamp
  Click:
    url: string
    payload: json
    raw: bytes?
    n: int
    ok: bool

sources:
  orders:
    <<: *kafka
    type: kafka
    description: Orders from the shop.
    topic: orders
    group: veltrix-orders
    partitions: 12
    start_from: committed
    format: json
    schema: Order
    parallelism: 6
    rate: 40k/s
    event_size: 2KiB
    cost: 5us
    buffer: { max_events: 5000, when_full: block }
  clicks:
    type: http
    listen: 0.0.0.0:8080
    path: /clicks
    format: json
    schema: Click
    rate: 2.5M/h
  replay:
    type: file
    path: /data/orders.jsonl
    format: raw
  synthetic:
    type: generator
    count: 1000
    schema: Order

processors:
  paid:
    type: filter
    inputs: [orders, replay]
    condition: "status == 'paid' && amount > 0"
    selectivity: 0.7
  cleaned:
    type: map
    inputs: [paid]
    set:
      amount_cents: amount * 100
      is_big: amount > 1000
    drop: [coupon]
  with_customer:
    type: enrich
    inputs: [cleaned]
    parallelism: 4
    lookup:
      kind: redis
      url: redis://cache:6379/0
      timeout: 20ms
      latency: 1ms
      cache: { size: 10000, ttl: 5m, hit_ratio: 0.9 }
    key: customer_id
    into: customer
  by_region:
    type: route
    inputs: [with_customer]
    routes:
      eu: region == 'eu'
      us: region == 'us'
    share: { eu: 0.6, us: 0.3 }
  unique:
    type: dedupe
    inputs: [by_region.eu, by_region.us]
    key: [order_id]
    within: 10m
    cache_size: 1000000
    duplicate_ratio: 0.01
  revenue:
    type: window
    inputs: [unique]
    kind: sliding
    size: \${WINDOW:-10m}
    slide: 1m
    key_by: region
    aggregate:
      orders: count()
      revenue: sum(amount)
      biggest: max(amount)
    allowed_lateness: 30s
    key_cardinality: 3
  sessions:
    type: window
    inputs: [synthetic]
    kind: session
    size: 30m
    aggregate: { n: count() }

sinks:
  warehouse:
    <<: *sink_defaults
    type: postgres
    inputs: [unique]
    dsn: postgres://veltrix:\${PG_PASSWORD}@db:5432/shop
    table: public.orders
    mode: upsert
    key: [order_id]
  search:
    <<: *sink_defaults
    type: elasticsearch
    inputs: [unique]
    url: https://es:9200
    index: orders
    id_field: order_id
  stats:
    type: kafka
    inputs: [revenue, sessions]
    brokers: ["kafka-1:9092"]
    topic: revenue
    acks: all
    transactional: true
    dead_letter: failed
  rest:
    type: s3
    inputs: [by_region._unmatched, clicks]
    bucket: orders-archive
    prefix: unmatched/
    format: parquet
    dead_letter: failed
  hook:
    type: http
    inputs: [pai*]
    url: https://hooks.example.com/orders
    method: POST
    timeout: 5s
    dead_letter: failed
  failed:
    type: s3
    bucket: orders-dead-letter
`;

/** A small valid document to derive invalid variants from. */
function doc(body: string): string {
  return `veltrix: 1
pipeline:
  name: p
sources:
  src:
    type: generator
${body}`;
}

// ------------------------------------------------------------------ compiling

test('the schema is draft-07 and compiles with new Ajv({allErrors: true})', () => {
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.equal(typeof schema.title, 'string');
  assert.equal(typeof schema.description, 'string');
  assert.equal(typeof validate, 'function');
});

// ------------------------------------------------------------------ valid documents

test('a realistic pipeline (anchors, merge keys, x- keys, interpolation) validates', () => {
  assertValid(VALID_PIPELINE);
});

test('a fragment without pipeline validates; veltrix alone is required', () => {
  assertValid(`veltrix: 1
sinks:
  shared_archive:
    type: s3
    inputs: [paid]
    bucket: archive
`);
  assertError('sources: {}\n', 'required', '', { missingProperty: 'veltrix' });
});

test('interpolated values are accepted by pattern-bearing strings', () => {
  assertValid(
    doc(`processors:
  w:
    type: window
    inputs: [src]
    kind: tumbling
    size: \${WINDOW:-5m}
    aggregate: { n: "\${AGG}" }
sinks:
  k:
    type: kafka
    inputs: [w]
    brokers: ["\${BROKER}", "kafka-\${N:-1}.internal:9092"]
    topic: t
`),
  );
  assertValid(`veltrix: 1
pipeline:
  name: \${PIPELINE_NAME}
  slo: { latency_p99: "\${P99}", throughput: "\${TPUT:-10k/s}" }
runtime:
  memory: \${MEMORY:-2GiB}
  checkpoint: { interval: 1m, storage: "\${CKPT_URI}" }
`);
});

test('kafka sink acks accepts all, 1, 0 as YAML integers or strings', () => {
  for (const acks of ['all', '1', '0', '"1"', '"0"']) {
    assertValid(
      doc(`sinks:
  k:
    type: kafka
    inputs: [src]
    brokers: ["k:9092"]
    topic: t
    acks: ${acks}
`),
    );
  }
  assertError(
    doc(`sinks:
  k:
    type: kafka
    inputs: [src]
    brokers: ["k:9092"]
    topic: t
    acks: 2
`),
    'enum',
    '/sinks/k/acks',
  );
});

// ------------------------------------------------------------------ invalid documents

test('unknown key in a filter: additionalProperties on the component', () => {
  assertError(
    doc(`processors:
  f:
    type: filter
    inputs: [src]
    condition: a > 1
    conditon: a > 2
`),
    'additionalProperties',
    '/processors/f',
    { additionalProperty: 'conditon' },
  );
});

test('missing condition on a filter: required', () => {
  assertError(
    doc(`processors:
  f:
    type: filter
    inputs: [src]
`),
    'required',
    '/processors/f',
    { missingProperty: 'condition' },
  );
});

test('missing inputs on a processor is an error, on a sink it is not', () => {
  assertError(
    doc(`processors:
  f:
    type: filter
    condition: a > 1
`),
    'required',
    '/processors/f',
    { missingProperty: 'inputs' },
  );
  assertError(
    doc(`processors:
  f:
    type: filter
    inputs: []
    condition: a > 1
`),
    'minItems',
    '/processors/f/inputs',
  );
  assertValid(doc(`sinks:\n  dl:\n    type: s3\n    bucket: b\n`));
});

test('bad duration "5 sec": pattern', () => {
  assertError(
    doc(`processors:
  d:
    type: dedupe
    inputs: [src]
    key: [id]
    within: 5 sec
`),
    'pattern',
    '/processors/d/within',
  );
  assertError(doc(`runtime:\n  memory: 2G\n`), 'pattern', '/runtime/memory');
  assertError(doc(`    rate: 40k per second\n`), 'pattern', '/sources/src/rate');
});

test('bad delivery enum', () => {
  assertError(
    `veltrix: 1
pipeline:
  name: p
  delivery: exactly_once
`,
    'enum',
    '/pipeline/delivery',
  );
});

test('sliding window without slide: required; slide on a tumbling window is rejected', () => {
  const win = (kind: string, extra = '') =>
    doc(`processors:
  w:
    type: window
    inputs: [src]
    kind: ${kind}
    size: 5m
${extra}    aggregate: { n: count() }
`);
  assertError(win('sliding'), 'required', '/processors/w', { missingProperty: 'slide' });
  assertValid(win('sliding', '    slide: 1m\n'));
  assertValid(win('tumbling'));
  assertError(win('tumbling', '    slide: 1m\n'), 'false schema', '/processors/w/slide');
});

test('window aggregate must be a known function', () => {
  assertError(
    doc(`processors:
  w:
    type: window
    inputs: [src]
    kind: tumbling
    size: 5m
    aggregate: { n: median(x) }
`),
    'pattern',
    '/processors/w/aggregate/n',
  );
});

test('postgres upsert without key: required', () => {
  const pg = (extra: string) =>
    doc(`sinks:
  pg:
    type: postgres
    inputs: [src]
    dsn: postgres://db/x
    table: t
${extra}`);
  assertError(pg('    mode: upsert\n'), 'required', '/sinks/pg', { missingProperty: 'key' });
  assertValid(pg('    mode: upsert\n    key: [id]\n'));
  assertValid(pg('    mode: insert\n'));
});

test('sources must not have inputs', () => {
  assertError(doc(`    inputs: [x]\n`), 'additionalProperties', '/sources/src', { additionalProperty: 'inputs' });
});

test('unknown component type: enum on type', () => {
  assertError(
    `veltrix: 1
sources:
  s:
    type: kafak
`,
    'enum',
    '/sources/s/type',
  );
});

test('component ids, top-level keys, version, broker addresses', () => {
  assertError(`veltrix: 1\nsources:\n  Bad-Id:\n    type: generator\n`, 'propertyNames', '/sources', { propertyName: 'Bad-Id' });
  assertError(`veltrix: 1\nsourcez: {}\n`, 'additionalProperties', '', { additionalProperty: 'sourcez' });
  assertValid(`veltrix: 1\nx-anything: { a: [1, 2] }\n`);
  assertError(`veltrix: 2\n`, 'const', '/veltrix');
  assertError(
    `veltrix: 1
sources:
  k:
    type: kafka
    brokers: ["localhost"]
    topic: t
    group: g
`,
    'pattern',
    '/sources/k/brokers/0',
  );
  assertError(`veltrix: 1\npipeline:\n  name: Orders\n`, 'pattern', '/pipeline/name');
  assertError(`veltrix: 1\nmonitoring:\n  prometheus: { port: 70000 }\n`, 'maximum', '/monitoring/prometheus/port');
  assertError(`veltrix: 1\nschemas:\n  S: { a: integer }\n`, 'pattern', '/schemas/S/a');
});

test('enrich lookup requires kind, url and timeout', () => {
  assertError(
    doc(`processors:
  e:
    type: enrich
    inputs: [src]
    lookup: { kind: redis, url: "redis://c" }
    key: id
    into: c
`),
    'required',
    '/processors/e/lookup',
    { missingProperty: 'timeout' },
  );
});

// ------------------------------------------------------------------ documentation and markers

/** Visits every subschema, calling `visit` with a JSON pointer-ish path. */
function walk(node: Json, path: string, visit: (node: Json, path: string) => void): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((child, i) => walk(child, `${path}/${i}`, visit));
    return;
  }
  visit(node, path);
  for (const [key, child] of Object.entries(node)) {
    if (key === 'examples' || key === 'enum' || key === 'const' || key === 'default') continue;
    walk(child, `${path}/${key}`, visit);
  }
}

test('every property of every definition (and of the top level) has a description and a markdownDescription', () => {
  const missing: string[] = [];
  walk(annotated, '#', (node, path) => {
    // Skip the type-switch subschemas (if: {properties: {type: {const}}}, then: {properties: {slide: false}}).
    if (/\/(if|then|else)(\/|$)/.test(path)) return;
    for (const [name, prop] of Object.entries((node.properties ?? {}) as Record<string, Json>)) {
      if (typeof prop !== 'object') continue;
      if (typeof prop.description !== 'string' || prop.description.length === 0) missing.push(`${path}/properties/${name} description`);
      if (typeof prop.markdownDescription !== 'string' || prop.markdownDescription.length === 0)
        missing.push(`${path}/properties/${name} markdownDescription`);
    }
  });
  assert.deepEqual(missing, []);
  for (const [name, def] of Object.entries(annotated.definitions as Record<string, Json>)) {
    assert.equal(typeof def.description, 'string', `definition ${name} has a description`);
    assert.equal(typeof def.markdownDescription, 'string', `definition ${name} has a markdownDescription`);
  }
});

test('the expected definitions exist, with per-type closed component definitions', () => {
  const defs = schema.definitions as Record<string, Json>;
  const expected = {
    source: ['kafka', 'http', 'file', 'generator'],
    processor: ['filter', 'map', 'enrich', 'route', 'window', 'dedupe'],
    sink: ['kafka', 'postgres', 's3', 'elasticsearch', 'http'],
  };
  for (const [kind, types] of Object.entries(expected)) {
    assert.deepEqual(defs[kind].properties.type.enum, types);
    assert.deepEqual(defs[kind].required, ['type']);
    assert.equal(defs[kind].oneOf, undefined);
    assert.equal(defs[kind].anyOf, undefined);
    assert.deepEqual(
      defs[kind].allOf.map((b: Json) => [b.if.properties.type.const, b.then.$ref]),
      types.map((t) => [t, `#/definitions/${kind}-${t}`]),
    );
    for (const t of types) {
      const def = defs[`${kind}-${t}`];
      assert.equal(def.additionalProperties, false, `${kind}-${t} is closed`);
      assert.equal(def.properties.type.const, t);
      for (const common of ['type', 'description', 'parallelism', 'buffer', 'cost']) assert.ok(def.properties[common], `${kind}-${t}.${common}`);
      assert.equal('inputs' in def.properties, kind !== 'source', `${kind}-${t} inputs`);
      assert.equal(def.required.includes('inputs'), kind === 'processor', `${kind}-${t} inputs required`);
      assert.equal('selectivity' in def.properties, kind === 'processor' && t === 'filter');
      for (const k of ['rate', 'event_size']) assert.equal(k in def.properties, kind === 'source');
      for (const k of ['batch', 'retry', 'dead_letter']) assert.equal(k in def.properties, kind === 'sink');
    }
  }
  for (const name of ['duration', 'size', 'rate', 'buffer', 'batch', 'retry', 'lookup', 'cache', 'inputs', 'host-port']) {
    assert.ok(defs[name], `definition ${name}`);
  }
});

test('unit definitions carry x-unit and accept interpolation; all patterns compile as unicode regexes', () => {
  const defs = annotated.definitions as Record<string, Json>;
  const units = { duration: ['250ms', '1.5s', '5m', '10us', '2h'], size: ['512B', '1KiB', '2GiB', '1.5MB'], rate: ['40k/s', '2.5M/h', '10/m'] };
  const bad = { duration: ['5 sec', '5', '1d', 'ms'], size: ['2G', '1 KiB', '1kb'], rate: ['40k', '40K/s', '1/d'] };
  for (const [unit, good] of Object.entries(units)) {
    const def = defs[unit];
    assert.equal(def['x-unit'], unit);
    const re = new RegExp(def.pattern, 'u');
    for (const v of good) assert.ok(re.test(v), `${unit} ${v}`);
    for (const v of bad[unit as keyof typeof bad]) assert.ok(!re.test(v), `${unit} rejects ${v}`);
    for (const v of ['${X}', '${X:-5m}', '${X_1:-}', 'prefix-${X}-suffix']) assert.ok(re.test(v), `${unit} interpolation ${v}`);
    assert.ok(!re.test('${}'), `${unit} rejects an empty interpolation`);
  }
  walk(schema, '#', (node, path) => {
    if (typeof node.pattern === 'string') assert.doesNotThrow(() => new RegExp(node.pattern, 'u'), path);
  });
});

test('x- markers on expressions, fields and references', () => {
  const defs = annotated.definitions as Record<string, Json>;
  const p = (def: string) => defs[def].properties;
  assert.equal(p('processor-filter').condition['x-expression'], true);
  assert.equal(p('processor-map').set.additionalProperties['x-expression'], true);
  assert.equal(p('processor-route').routes.additionalProperties['x-expression'], true);
  assert.equal(p('processor-enrich').key['x-field'], true);
  assert.equal(p('processor-enrich').into['x-field'], true);
  assert.equal(p('processor-window').key_by['x-field'], true);
  assert.equal(p('processor-dedupe').key.items['x-field'], true);
  assert.equal(p('sink-postgres').key.items['x-field'], true);
  assert.equal(p('sink-elasticsearch').id_field['x-field'], true);
  assert.equal(defs.inputs.items['x-reference'], 'component');
  assert.equal(p('sink-s3').dead_letter['x-reference'], 'component');
  assert.equal(p('source-kafka').schema['x-reference'], 'schema');
  assert.equal(p('processor-window').slide['x-unit'], 'duration');
  assert.equal(p('source-kafka').event_size['x-unit'], 'size');
  assert.equal(p('source-kafka').rate['x-unit'], 'rate');
  // Every x-unit property refers to the matching unit definition.
  walk(annotated, '#', (node, path) => {
    if (node['x-unit'] && node.$ref) assert.equal(node.$ref, `#/definitions/${node['x-unit']}`, path);
  });
});

test('every $ref resolves to a definition', () => {
  const defs = schema.definitions as Record<string, Json>;
  walk(schema, '#', (node, path) => {
    if (typeof node.$ref === 'string') {
      const m = /^#\/definitions\/(.+)$/.exec(node.$ref);
      assert.ok(m && defs[m[1]], `${path}: ${node.$ref}`);
    }
  });
});

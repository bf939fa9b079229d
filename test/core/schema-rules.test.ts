// VX010-VX013 from the JSON Schema: exact ranges, one finding per problem,
// fix data, interpolation, anchors, fragments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePipeline, closest, editDistance, type Finding } from '../../core/src/index';

const host = { readFile: () => undefined };
const SCHEMA_CODES = new Set(['VX010', 'VX011', 'VX012', 'VX013']);

function schemaFindings(text: string, uri = 'file:///t/p.veltrix.yaml'): Finding[] {
  return analyzePipeline(uri, text, { host, settings: { model: false } }).findings.filter((f) => SCHEMA_CODES.has(f.code));
}
/** "code line:col covered-text" (1-based). */
function show(text: string, f: Finding): string {
  const lines = text.split('\n');
  const covered = f.range.start.line === f.range.end.line ? lines[f.range.start.line].slice(f.range.start.character, f.range.end.character) : '<multi-line>';
  return `${f.code} ${f.range.start.line + 1}:${f.range.start.character + 1} ${covered}`;
}

const HEAD = `veltrix: 1
pipeline:
  name: p
  delivery: at-most-once
`;

test('a missing required key is reported on the component id, with insert-key data', () => {
  const text = `${HEAD}sources:
  s: {type: generator}
processors:
  paid:
    type: filter
    inputs: [s]
sinks:
  o: {type: s3, bucket: b, inputs: [paid]}
`;
  const [f, ...rest] = schemaFindings(text);
  assert.equal(rest.length, 0);
  assert.equal(show(text, f), 'VX010 8:3 paid');
  assert.equal(f.message, "Component 'paid' (filter) is missing required key 'condition'");
  assert.ok(f.data?.kind === 'insert-key');
  if (f.data?.kind !== 'insert-key') return;
  assert.equal(f.data.key, 'condition');
  assert.equal(f.data.indent, 4);
  assert.deepEqual(f.data.parentRange.start, { line: 8, character: 4 });
  assert.ok(f.data.placeholder.length > 0);
});

test('a missing key in a nested mapping is reported on that mapping key', () => {
  const text = `${HEAD}sources:
  s: {type: generator}
processors:
  e:
    type: enrich
    inputs: [s]
    key: id
    into: c
    lookup:
      kind: http
      timeout: 1s
sinks:
  o: {type: s3, bucket: b, inputs: [e]}
`;
  const found = schemaFindings(text);
  assert.deepEqual(found.map((f) => show(text, f)), ['VX010 13:5 lookup']);
  assert.match(found[0].message, /'lookup' of processor 'e' \(enrich\) is missing required key 'url'/);
  assert.ok(found[0].data?.kind === 'insert-key' && found[0].data.indent === 6);
});

test('an unknown type is the only finding for its component, with a suggestion', () => {
  const text = `${HEAD}sources:
  s: {type: generator}
processors:
  f:
    type: filtr
    inputs: [s]
    bogus: 1
sinks:
  o: {type: s3, bucket: b, inputs: [f]}
`;
  const found = schemaFindings(text);
  assert.deepEqual(found.map((f) => show(text, f)), ['VX012 9:11 filtr']);
  assert.equal(found[0].message, "Unknown processor type 'filtr'; did you mean 'filter'?");
  assert.deepEqual(found[0].data, { kind: 'replace', candidates: ['filter'] });
});

test('unknown keys are reported on the key with rename-key data; x- keys are free', () => {
  const text = `${HEAD}x-anything: {free: [1, 2]}
sources:
  s:
    type: kafka
    brokers: ["k:9092"]
    topic: t
    grup: g
    group: g
sinks:
  o: {type: s3, bucket: b, inputs: [s]}
`;
  const found = schemaFindings(text);
  assert.deepEqual(found.map((f) => show(text, f)), ['VX011 11:5 grup']);
  assert.deepEqual(found[0].data, { kind: 'rename-key', candidates: ['group'] });
});

test('one finding per value even when several keywords fail (type and enum)', () => {
  const text = `${HEAD}sources:
  s: {type: generator, buffer: {when_full: 3}}
sinks:
  o: {type: s3, bucket: b, inputs: [s], format: 7}
`;
  const found = schemaFindings(text).map((f) => show(text, f));
  assert.deepEqual(found, ['VX012 6:44 3', 'VX012 8:49 7']);
});

test('a component that is not a mapping gets one finding, not one per type branch', () => {
  const text = `${HEAD}sources:
  s:
sinks:
  o: {type: s3, bucket: b, inputs: [s]}
`;
  const found = schemaFindings(text);
  assert.deepEqual(found.map((f) => show(text, f)), ['VX012 6:3 s']);
});

test('units: VX013 with the expected format; interpolated values are never reported', () => {
  const text = `${HEAD}runtime:
  memory: "\${MEM:-4GiB}"
  workers: "\${WORKERS}"
  checkpoint: {interval: "\${X:-5m}", storage: "\${STORE}"}
sources:
  s: {type: generator, rate: 40k/sec, parallelism: "\${P:-2}"}
sinks:
  o: {type: s3, bucket: b, inputs: [s], format: "\${FMT}", batch: {timeout: 5 sec}}
`;
  const found = schemaFindings(text);
  assert.deepEqual(found.map((f) => show(text, f)), ['VX013 10:30 40k/sec', 'VX013 12:76 5 sec']);
  assert.match(found[1].message, /^Invalid duration '5 sec' for 'batch.timeout' of sink 'o' \(s3\): use a number followed by us, ms, s, m or h, e.g. 250ms$/);
});

test('problems inside a merged anchor are reported where it is used, with related info at the anchor', () => {
  const text = `${HEAD}x-base: &base
  type: generator
  count: many
sources:
  s:
    <<: *base
sinks:
  o: {type: s3, bucket: b, inputs: [s]}
`;
  const found = schemaFindings(text);
  assert.deepEqual(found.map((f) => show(text, f)), ['VX012 9:3 s']);
  assert.equal(found[0].related?.[0].location.range.start.line, 6);
  assert.equal(found[0].data, undefined);
});

test('an aliased mapping is validated at each use, reported at the local key', () => {
  const text = `${HEAD}x-buf: &buf {max_events: 0}
sources:
  s: {type: generator, buffer: *buf}
sinks:
  o: {type: s3, bucket: b, inputs: [s]}
`;
  const found = schemaFindings(text);
  assert.deepEqual(found.map((f) => show(text, f)), ['VX012 7:24 buffer']);
});

test('a fragment (no pipeline key) is not asked for a pipeline; veltrix problems are left to VX003', () => {
  assert.deepEqual(schemaFindings(`veltrix: 1\nsinks:\n  o: {type: s3, bucket: b, inputs: [x]}\n`, 'file:///t/frag.veltrix.yaml'), []);
  const ends = `sources: {s: {type: generator}}\nsinks: {o: {type: s3, bucket: b, inputs: [s]}}\n`;
  assert.deepEqual(schemaFindings(`veltrix: 2\npipeline: {name: p}\n${ends}`), []);
  assert.deepEqual(schemaFindings(`pipeline: {name: p}\n${ends}`), []);
});

test('files that are not mappings, or with syntax errors, do not produce noise', () => {
  assert.deepEqual(schemaFindings(`- a\n- b\n`), []);
  assert.deepEqual(schemaFindings(``), []);
  // A syntax error: missing keys would be noise, so VX010 is not reported.
  const broken = `${HEAD}sources:\n  s: {type: kafka, brokers: ["k:1"], topic: t\n`;
  assert.deepEqual(schemaFindings(broken).filter((f) => f.code === 'VX010' && /missing required key/.test(f.message)), []);
});

test('closest: edit distance with transpositions, case, and a tolerance', () => {
  assert.equal(editDistance('grup', 'group'), 1);
  assert.equal(editDistance('fitler', 'filter'), 1);
  assert.deepEqual(closest('fitler', ['map', 'filter', 'enrich']), ['filter']);
  assert.deepEqual(closest('Filter', ['filter']), ['filter']);
  assert.deepEqual(closest('xyz', ['filter']), []);
  assert.deepEqual(closest('filter', ['filter', 'filters']), ['filters']);
});

test('never an internal error on mangled input (property-based)', async () => {
  const fc = await import('fast-check');
  const base = `${HEAD}x-k: &k {type: kafka, brokers: ["k:1"], group: g}
schemas:
  O: {id: string, amount: float}
sources:
  s: {<<: *k, topic: t, schema: O}
processors:
  f: {type: filter, inputs: [s], condition: "amount > 1 && id != 'x'"}
  w: {type: window, inputs: [f], kind: sliding, size: 1m, slide: 10s, key_by: id, aggregate: {n: count(), t: sum(amount)}}
  m:
    type: map
    inputs: [w]
    set:
      a: n * 2
sinks:
  o: {type: postgres, inputs: [m], dsn: x, table: t, mode: upsert, key: [id]}
`;
  const edit = fc.tuple(fc.nat(base.length), fc.nat(6), fc.constantFrom('', ' ', '\n', ':', '{', '}', '[', '&', '*', '"', "'", '>', '|', '${X}', '- ', '#', '<<: *k'));
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
      let text = base;
      for (const [at, del, ins] of edits) {
        const i = Math.min(at, text.length);
        text = text.slice(0, i) + ins + text.slice(i + del);
      }
      const internal = analyzePipeline('file:///t/p.veltrix.yaml', text, { host, settings: { model: false } }).findings.filter((f) => f.code === 'VX099');
      assert.deepEqual(internal, [], text);
    }),
    { numRuns: 300, seed: 42 },
  );
});

// Expression parsing (core/src/expr) and the VX014 / VX113 rules through the
// public analysis API, with exact columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePipeline, fieldRefs, parseExpression, scalarOffsetMap, type Finding } from '../../core/src/index';
import { parseYaml } from '../../core/src/parse/yaml';
import { getPair, isMap, type YScalar } from '../../core/src/parse/tree';

const host = { readFile: () => undefined };
const URI = 'file:///t/p.veltrix.yaml';

function analyse(text: string): Finding[] {
  return analyzePipeline(URI, text, { host, settings: { model: false } }).findings;
}
function only(findings: Finding[], code: string): Finding[] {
  return findings.filter((f) => f.code === code);
}
/** 1-based "line:col" of a finding's start, and the text it covers. */
function where(text: string, f: Finding): string {
  const lines = text.split('\n');
  const covered = f.range.start.line === f.range.end.line ? lines[f.range.start.line].slice(f.range.start.character, f.range.end.character) : '<multi-line>';
  return `${f.range.start.line + 1}:${f.range.start.character + 1} ${covered}`;
}

function fields(expr: string): string[] {
  const r = parseExpression(expr);
  assert.ok(r.ok, `expected ${expr} to parse`);
  return fieldRefs(r.ast).map((f) => `${f.name}@${f.start}`);
}

test('accepts the JavaScript-like operators of the format', () => {
  for (const e of [
    "amount > 0 && region == 'eu'",
    '!(a || b) && c != 1',
    'a >= 1 && b <= 2 && c < 3 && d > 4',
    'a + b * c - d / e % f',
    '-a',
    "region in ['eu', 'us']",
    'len(name) > 3',
    'user.address.city == "Paris"',
    'flag ? 1 : 2',
    'a === b',
    'x ?? 0',
    'true && false || null == nothing',
  ])
    assert.ok(parseExpression(e).ok, e);
});

test('collects root identifiers of member chains, not callees, properties or literals', () => {
  assert.deepEqual(fields("amount > 0 && region == 'eu'"), ['amount@0', 'region@14']);
  assert.deepEqual(fields('a.b.c > len(x) && y[z] && s.lower() == "q"'), ['a@0', 'x@12', 'y@18', 'z@20', 's@26']);
  assert.deepEqual(fields("true && name == 'true'"), ['name@8']);
  assert.deepEqual(fields("region in ['eu', other]"), ['region@0', 'other@17']);
});

test('reports syntax errors with the index of the offending character', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['amount > > 3', 9, /after '>' but found '>'/],
    ['amount > && b', 9, /expected an operand after '>' but found '&&'/],
    ['a = 1', 2, /unexpected '='; use '==' to compare/],
    ['a & b', 2, /unexpected '&'; use '&&'/],
    ['a | b', 2, /unexpected '\|'/],
    ['a b', 2, /unexpected 'b'/],
    ['(a', 2, /missing '\)'/],
    ["'abc", 0, /unclosed string literal/],
    ['a;b', 1, /unexpected ';'/],
    ['amount >', 8, /expected an operand after '>'/],
    ['', 0, /expected an expression/],
  ];
  for (const [e, index, message] of cases) {
    const r = parseExpression(e);
    assert.ok(!r.ok, `expected '${e}' to fail`);
    if (!r.ok) {
      assert.equal(r.error.index, index, e);
      assert.match(r.error.message, message, e);
    }
  }
});

function scalarOf(text: string, key: string): YScalar {
  const root = parseYaml(text).root;
  assert.ok(isMap(root));
  return getPair(root, key)!.value as YScalar;
}

test('maps expression indices to file offsets in plain, quoted and block scalars', () => {
  const cases: Array<[string, string]> = [
    ['c: amount > 1 && zz\n', 'zz'],
    ["c: 'name == ''x'' && zz'\n", 'zz'],
    ['c: "name == \\"x\\" && zz"\n', 'zz'],
    ['c: "tab\\t == x && zz"\n', 'zz'],
    ['c: |\n  amount > 1 &&\n    zz == 2\n', 'zz'],
    ['c: >-\n  amount > 1\n  && zz == 2\n', 'zz'],
    ['c: amount > 1\n  && zz\n', 'zz'],
  ];
  for (const [text, needle] of cases) {
    const node = scalarOf(text, 'c');
    const value = String(node.value);
    const at = scalarOffsetMap(text, node);
    assert.equal(text.slice(at(value.indexOf(needle)), at(value.indexOf(needle)) + needle.length), needle, JSON.stringify(text));
  }
});

const PIPE = (processors: string) => `veltrix: 1
pipeline:
  name: p
  delivery: at-most-once
schemas:
  Order:
    id: string
    amount: float
    region: string
    coupon: string?
sources:
  orders:
    type: generator
    schema: Order
processors:
${processors}
sinks:
  out:
    type: s3
    bucket: b
    inputs: [last]
`;

test('VX014 points at the offending character inside the YAML scalar', () => {
  const text = PIPE(`  last:
    type: filter
    inputs: [orders]
    condition: "amount > > 1"`);
  const found = only(analyse(text), 'VX014');
  assert.equal(found.length, 1);
  assert.equal(where(text, found[0]), '19:26 >');
  // The message names the token, not a column (the editor's column counts from the line start).
  assert.equal(found[0].message, "Invalid expression: expected an operand after '>' but found '>'");
  assert.doesNotMatch(found[0].message, /column/);
});

test('VX014 covers map set values and route conditions; interpolated expressions are not parsed', () => {
  const text = PIPE(`  m:
    type: map
    inputs: [orders]
    set:
      a: amount *
      b: "\${EXPR}"
  last:
    type: route
    inputs: [m]
    routes:
      big: amount >> 2`);
  const found = only(analyse(text), 'VX014').map((f) => where(text, f));
  assert.deepEqual(found, ['20:17 *', '26:20 >']);
});

test('VX113 reports unknown fields at the identifier, with a suggestion', () => {
  const text = PIPE(`  last:
    type: filter
    inputs: [orders]
    condition: amout > 0 && region == 'eu' && len(coupon) > 0 && id.x == 1`);
  const found = only(analyse(text), 'VX113');
  assert.equal(found.length, 1);
  assert.equal(where(text, found[0]), '19:16 amout');
  assert.equal(found[0].message, "Field 'amout' is not in the input schema of 'last' (fields: id, amount, region, coupon); did you mean 'amount'?");
  assert.deepEqual(found[0].data, { kind: 'replace', candidates: ['amount'] });
  assert.equal(found[0].severity, 'warning');
});

test('VX113: map set expressions see only the input event; later components see the set fields', () => {
  const text = PIPE(`  m:
    type: map
    inputs: [orders]
    set:
      total: amount * 2
      twice: total * 2
    drop: [coupon]
  last:
    type: filter
    inputs: [m]
    condition: total > 1 && twice > 1 && coupon == 'x'`);
  const found = only(analyse(text), 'VX113').map((f) => `${where(text, f)} ${f.message.includes('is set by this map') ? 'own' : ''}`.trim());
  assert.deepEqual(found, ['21:14 total own', '26:42 coupon']);
});

test('VX113 checks key_by, aggregate arguments, enrich and dedupe keys and postgres keys', () => {
  const text = `veltrix: 1
pipeline: {name: p, delivery: at-most-once}
schemas:
  Order: {id: string, amount: float, region: string}
sources:
  orders: {type: generator, schema: Order}
processors:
  w:
    type: window
    inputs: [orders]
    kind: tumbling
    size: 1m
    key_by: regoin
    aggregate: {n: count(), s: sum(amont), a: avg(amount)}
  d:
    type: dedupe
    inputs: [w]
    key: [n, nn]
    within: 1m
  e:
    type: enrich
    inputs: [orders]
    key: idd
    into: customer
    lookup: {kind: http, url: "http://x", timeout: 1s}
sinks:
  out:
    type: postgres
    inputs: [d]
    dsn: x
    table: t
    mode: upsert
    key: [s, window_start, zz]
  out2: {type: s3, bucket: b, inputs: [e]}
`;
  const found = only(analyse(text), 'VX113').map((f) => where(text, f));
  assert.deepEqual(found, ['13:13 regoin', '14:36 amont', '18:14 nn', '23:10 idd', '33:28 zz']);
});

test('VX113 is skipped where the input schema is unknown (no schema, fan-in with an unknown input)', () => {
  const text = `veltrix: 1
pipeline: {name: p, delivery: at-most-once}
schemas:
  Order: {id: string}
sources:
  a: {type: generator, schema: Order}
  b: {type: generator}
processors:
  f: {type: filter, inputs: [a, b], condition: whatever > 1}
  g: {type: filter, inputs: [b], condition: whatever > 1}
sinks:
  out: {type: s3, bucket: b, inputs: [f, g]}
`;
  assert.deepEqual(only(analyse(text), 'VX113'), []);
});

test('an expression under an anchor is reported once, at the anchor', () => {
  const text = `veltrix: 1
pipeline: {name: p, delivery: at-most-once}
x-cond: &cond "a > > 1"
sources:
  s: {type: generator}
processors:
  f1: {type: filter, inputs: [s], condition: *cond}
  f2: {type: filter, inputs: [s], condition: *cond}
sinks:
  out: {type: s3, bucket: b, inputs: [f1, f2]}
`;
  const found = only(analyse(text), 'VX014').map((f) => where(text, f));
  assert.deepEqual(found, ['3:20 >']);
});

test('an empty condition is one finding (VX012 from the schema), not also VX014', () => {
  const text = PIPE(`  last:
    type: filter
    inputs: [orders]
    condition: ""`);
  const codes = analyse(text).filter((f) => f.code === 'VX012' || f.code === 'VX014').map((f) => f.code);
  assert.deepEqual(codes, ['VX012']);
});

// Expression result types (core/src/expr/types.ts): the inference that VX016
// and the schema flow read, the schema type of a map `set` field, and that
// an edit changing a `set` field's type is not served from the previous flow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisCache, analyzePipeline, FileCache, loadWorkspace, type Analysis } from '../../core/src/index';
import { tryReuse } from '../../core/src/incremental';
import { parseExpression } from '../../core/src/expr/parse';
import { inferType, schemaTypeOf, typeMismatches, type ExprType } from '../../core/src/expr/types';
import fc from 'fast-check';
import { compile, evaluate, type Value } from '../../core/src/expr/evaluate';

const SCHEMA: Record<string, string> = { amount: 'float', qty: 'int', name: 'string', paid: 'bool', at: 'timestamp', blob: 'bytes', extra: 'json', mixed: 'int|string' };
const exprTypes: Record<string, ExprType> = { float: 'number', int: 'number', string: 'string', timestamp: 'string', bytes: 'string', bool: 'bool' };
const fieldType = (name: string): ExprType => exprTypes[SCHEMA[name]] ?? 'unknown';

function ast(text: string) {
  const r = parseExpression(text);
  assert.ok(r.ok, text);
  return r.ast;
}

test('result types of section 10: literals, fields, operators and functions', () => {
  const rows: Array<[string, ExprType]> = [
    ['1', 'number'], ["'a'", 'string'], ['true', 'bool'], ['null', 'null'], ['[1]', 'list'],
    ['amount', 'number'], ['qty', 'number'], ['name', 'string'], ['at', 'string'], ['blob', 'string'], ['paid', 'bool'],
    ['extra', 'unknown'], ['mixed', 'unknown'], ['nope', 'unknown'], ['extra.a', 'unknown'],
    ['amount * 2', 'number'], ['-qty', 'number'], ['!name', 'bool'], ["name + '!'", 'string'], ['amount + 1', 'number'],
    ['extra + 1', 'number'], ['extra + extra', 'unknown'], ['a < b', 'bool'], ['a == b', 'bool'], ["'x' in name", 'bool'],
    ['a && b', 'bool'], ['a || b', 'bool'], ['name ?? name', 'string'], ['name ?? 1', 'unknown'],
    ["paid ? 'y' : 'n'", 'string'], ["paid ? 1 : 'n'", 'unknown'],
    ['len(name)', 'number'], ['lower(name)', 'string'], ['contains(name, "a")', 'bool'], ['exists(name)', 'bool'],
    ['coalesce(name, "x")', 'string'], ['coalesce(name, 1)', 'unknown'], ['round(amount)', 'number'], ['max(1, 2)', 'number'],
    ['string(amount)', 'string'], ['number(name)', 'number'], ['time(at)', 'number'], ['now()', 'number'], ['hash(name, 4)', 'number'],
    ['nope(1)', 'unknown'],
  ];
  for (const [text, type] of rows) assert.equal(inferType(ast(text), fieldType), type, text);
});

test('inferred types agree with what the evaluator returns', () => {
  const event: Record<string, Value> = { amount: 2.5, qty: 3, name: 'Bo', paid: true, at: '2026-01-01T00:00:00Z', blob: 'AA==' };
  const typeOfValue = (v: Value): ExprType =>
    v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : (typeof v as ExprType);
  for (const text of ['amount * qty', "name + '!'", 'len(name)', 'upper(name)', 'paid && qty > 1', 'time(at)', 'string(qty)', 'hash(name, 7)', "coalesce(name, 'x')", '[qty]', 'round(amount)']) {
    const c = compile(text);
    assert.ok(c.ok);
    assert.equal(typeOfValue(evaluate(c.ast, event, { now: 0 })), inferType(c.ast, fieldType), text);
  }
});

test('schema type of a map set field: copies keep theirs; whole numbers are int, others float', () => {
  const rows: Array<[string, string]> = [
    ['at', 'timestamp'], ['qty', 'int'], ['extra', 'json'], ['mixed', 'int|string'], ['nope', 'any'],
    ['amount * qty', 'float'], ['qty * 2', 'int'], ['qty / 2', 'float'], ['qty + 1', 'int'], ['-qty', 'int'], ['len(name)', 'int'],
    ['round(amount)', 'int'], ['now() - time(at)', 'int'], ['max(qty, 1)', 'int'], ['max(qty, 1.5)', 'float'], ['coalesce(qty, 0)', 'int'],
    ["name + '!'", 'string'], ['paid && qty > 1', 'bool'], ['[qty]', 'json'], ['extra.a', 'any'], ["paid ? 1 : 'x'", 'any'],
  ];
  for (const [text, type] of rows) assert.equal(schemaTypeOf(ast(text), (n) => SCHEMA[n]), type, text);
});

test('VX016 findings: only where both operand types are known', () => {
  const flagged = (text: string) => typeMismatches(ast(text), fieldType).length;
  for (const text of ["amount > '10'", 'name == 1', 'name * 2', '-name', "paid == 'yes'", 'name + qty', "'a' in qty", 'lower(qty)', 'null < 1', "[1] < 'a'", "name != 1"])
    assert.equal(flagged(text), 1, text);
  for (const text of ["extra > '10'", 'mixed == 1', 'nope * 2', '-extra', 'name == null', 'null == amount', "name in 'abc'", 'qty in [1, 2]', "'a' in extra", 'amount > 10', "name < 'b'", 'lower(extra)', 'extra.a * 2', "coalesce(name, 1) > 'a'"])
    assert.equal(flagged(text), 0, text);
});

const PIPELINE = (setTotal: string, condition: string) => `veltrix: 1
pipeline:
  name: t
  delivery: at-most-once
schemas:
  Order:
    amount: float
    qty: int
    name: string
sources:
  orders:
    type: kafka
    brokers: ["k:9092"]
    topic: o
    group: g
    schema: Order
processors:
  priced:
    type: map
    inputs: [orders]
    set:
      total: ${setTotal}
  big:
    type: filter
    inputs: [priced]
    condition: ${condition}
sinks:
  out:
    type: s3
    inputs: [big]
    bucket: b
`;

const uri = 'file:///w/types.veltrix.yaml';
const host = { readFile: () => undefined };
const codes = (a: Analysis) => a.findings.filter((f) => f.code === 'VX016').map((f) => `${f.range.start.line + 1}:${f.message}`);

test('the schema flow types a map set field by its expression, and VX016 reads it downstream', () => {
  const a = analyzePipeline(uri, PIPELINE('amount * qty', "total > '5'"), { host });
  assert.equal(a.flow.output.get('priced')?.get('total'), 'float');
  assert.equal(a.flow.input.get('big')?.get('total'), 'float');
  assert.equal(codes(a).length, 1);
  const b = analyzePipeline(uri, PIPELINE("name + '!'", "total > '5'"), { host });
  assert.equal(b.flow.output.get('priced')?.get('total'), 'string');
  assert.deepEqual(codes(b), []);
});

test('an edit that changes a set field type computes the flow again; one that keeps it reuses the flow', () => {
  for (const [from, to, flowReused] of [
    ['amount * qty', "name + '!'", false],
    ['amount * qty', 'amount * 2', true],
  ] as const) {
    const before = PIPELINE(from, "total > '5'");
    const after = PIPELINE(to, "total > '5'");
    const cache = new AnalysisCache();
    analyzePipeline(uri, before, { host, cache });
    const reuse = tryReuse(cache.snapshot(uri, 'true|1'), loadWorkspace(uri, after, host, cache), 'true|1');
    assert.ok(reuse, `${from} -> ${to}: incremental`);
    assert.equal(Boolean(reuse.flow), flowReused, `${from} -> ${to}`);
    const incremental = analyzePipeline(uri, after, { host, cache });
    const fresh = analyzePipeline(uri, after, { host, cache: new FileCache() });
    assert.deepEqual(incremental.findings, fresh.findings);
    assert.deepEqual([...incremental.flow.output.get('priced')!], [...fresh.flow.output.get('priced')!]);
  }
});

// Soundness: whatever the event (fields of their schema type, or missing), a
// value that is not null has the type the inference gave (when it gave one),
// and an operation VX016 flags at the root gives only false or null.
const typedEvent = fc.record(
  {
    amount: fc.double({ noNaN: true, noDefaultInfinity: true }),
    qty: fc.integer(),
    name: fc.string({ maxLength: 6 }),
    paid: fc.boolean(),
    at: fc.constantFrom('2026-01-01T00:00:00Z', 'not a time'),
    extra: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Value>,
  },
  { requiredKeys: [] },
);
const typedExpr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('amount', 'qty', 'name', 'paid', 'at', 'extra', 'extra.a', '1', '2.5', "'x'", "'10'", 'true', 'null', '[1]'),
    tie('e').map((x) => `-(${x})`),
    tie('e').map((x) => `!(${x})`),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '%', '<', '>=', '==', '!=', 'in', '&&', '||', '??'), tie('e')).map(([a, op, b]) => `(${a}) ${op} (${b})`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => `(${c}) ? (${a}) : (${b})`),
    fc.tuple(fc.constantFrom('len', 'lower', 'abs', 'round', 'string', 'number', 'time', 'coalesce', 'contains', 'starts_with'), tie('e'), tie('e')).map(([f, a, b]) =>
      ['contains', 'starts_with', 'coalesce'].includes(f) ? `${f}(${a}, ${b})` : `${f}(${a})`,
    ),
  ),
})).e as fc.Arbitrary<string>;

test('property: inferred types hold for every event, and root VX016 findings only give false or null', () => {
  let flaggedRoots = 0;
  const valueType = (v: Value): ExprType => (Array.isArray(v) ? 'list' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : (typeof v as ExprType));
  fc.assert(
    fc.property(typedExpr, typedEvent, (text, event) => {
      const c = compile(text);
      assert.ok(c.ok, text);
      const v = evaluate(c.ast, event as Record<string, Value>, { now: 0 });
      const t = inferType(c.ast, fieldType);
      if (v !== null && t !== 'unknown') assert.equal(valueType(v), t, `${text} = ${JSON.stringify(v)}`);
      const whole = typeMismatches(c.ast, fieldType, { text }).some((m) => m.start === 0 && m.end === text.length);
      if (whole) flaggedRoots++;
      if (whole) assert.ok(v === null || v === false || (v === true && /!=/.test(text)), `${text} = ${JSON.stringify(v)} was flagged`);
    }),
    { numRuns: 3000 },
  );
  assert.ok(flaggedRoots > 30, `only ${flaggedRoots} flagged expressions were tried`);
});

test('an edited condition gets its VX015/VX016 through the incremental path, as a fresh analysis gives them', () => {
  const before = PIPELINE('amount * qty', 'total > 5');
  const after = PIPELINE('amount * qty', "total > '5' && name.lower() == 'x'");
  const cache = new AnalysisCache();
  analyzePipeline(uri, before, { host, cache });
  assert.ok(tryReuse(cache.snapshot(uri, 'true|1'), loadWorkspace(uri, after, host, new FileCache()), 'true|1'), 'the edit is handled incrementally');
  const incremental = analyzePipeline(uri, after, { host, cache });
  const fresh = analyzePipeline(uri, after, { host, cache: new FileCache() });
  assert.deepEqual(incremental.findings, fresh.findings);
  assert.deepEqual(incremental.findings.filter((f) => f.code === 'VX015' || f.code === 'VX016').map((f) => f.code).sort(), ['VX015', 'VX016']);
});

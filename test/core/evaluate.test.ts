// The expression evaluator against spec section 10 (expressions.md), row by
// row: values, operators, truthiness and the closed function set. Expected
// values come from the spec's text; `hash` is checked against an FNV-1a
// written independently (BigInt over TextEncoder bytes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compile, evaluate, fnv1a32, stringOf, truthy, valuesEqual, type Value } from '../../core/src/expr/evaluate';

const NOW = 1_700_000_000_000;

function ev(text: string, event: Record<string, Value> = {}): Value {
  const c = compile(text);
  assert.ok(c.ok, `${text} should parse: ${c.ok ? '' : c.error.message}`);
  return evaluate(c.ast, event, { now: NOW });
}

type Row = [expr: string, expected: Value, event?: Record<string, Value>];

function table(name: string, rows: Row[]): void {
  test(name, () => {
    for (const [expr, expected, event] of rows) assert.deepEqual(ev(expr, event), expected, `${expr} with ${JSON.stringify(event ?? {})}`);
  });
}

const E: Record<string, Value> = { n: 5, s: 'abc', o: { k: 1, inner: { x: 'y' } }, l: [10, 20, 30], t: true, z: null, e: '' };

table('10.1 reading: a missing field, a bad member, an index out of range read as null', [
  ['missing', null, E],
  ['o.k', 1, E],
  ['o.inner.x', 'y', E],
  ['o.nope', null, E],
  ['n.k', null, E],
  ['s.length', null, E],
  ['missing.deeper.still', null, E],
  ['l[0]', 10, E],
  ['l[2]', 30, E],
  ['l[3]', null, E],
  ['l[-1]', null, E],
  ['l[0.5]', null, E],
  ["l['0']", null, E],
  ['s[0]', null, E],
  ["o['k']", 1, E],
  ["o['inner']['x']", 'y', E],
  ['o[1]', null, E],
  ["n['k']", null, E],
  ['z.k', null, E],
  ['constructor', null, E],
  ['o.constructor', null, E],
  ["o['__proto__']", null, E],
  ['o.toString', null, E],
  ['this', 7, { this: 7 }],
]);

table('10.1 literals: numbers, strings with JSON escapes, true/false/null, lists', [
  ['10', 10],
  ['2.5', 2.5],
  ['1e3', 1000],
  ['1E-2', 0.01],
  ["'single'", 'single'],
  ['"double"', 'double'],
  ["'a\\nb'", 'a\nb'],
  ["'tab\\there'", 'tab\there'],
  ["'\\u00e9'", 'é'],
  ["'\\ud83d\\ude00'", '😀'],
  ["'q\\\"'", 'q"'],
  ["'it\\'s'", "it's"],
  ["'back\\\\slash'", 'back\\slash'],
  ["'\\/'", '/'],
  ["'\\b\\f\\r'", '\b\f\r'],
  ['true', true],
  ['false', false],
  ['null', null],
  ["[1, 'a']", [1, 'a']],
  ['[]', []],
  ['[n, [s]]', [5, ['abc']], E],
]);

test('string literals take JSON escapes only', () => {
  for (const bad of ["'\\x41'", "'\\q'", "'\\v'", "'\\u12'", "'\\0'"]) assert.equal(compile(bad).ok, false, bad);
});

table('10.2 not and negation', [
  ['!t', false, E],
  ['!z', true, E],
  ['!missing', true, E],
  ['!0', true],
  ['!1', false],
  ["!''", true],
  ["!'x'", false],
  ['![]', true],
  ['![0]', false],
  ['!o', false, E],
  ['-n', -5, E],
  ['-s', null, E],
  ['-z', null, E],
  ['-missing', null, E],
  ['-t', null, E],
  ['--n', 5, E],
]);

table('10.2 * / %: numbers only; by 0 gives null', [
  ['6 * 7', 42],
  ['7 / 2', 3.5],
  ['7 % 3', 1],
  ['-7 % 3', -1],
  ['1 / 0', null],
  ['0 / 0', null],
  ['5 % 0', null],
  ['n / (n - 5)', null, E],
  ['1 / -0', null],
  ["s * 2", null, E],
  ["'3' * 2", null],
  ['z * 2', null, E],
  ['t * 1', null, E],
  ['l * 2', null, E],
  ['1e308 * 10', null],
]);

table('10.2 + -: numbers, and + joins two strings; anything else null', [
  ['1 + 2', 3],
  ['0.1 + 0.2', 0.1 + 0.2],
  ['5 - 7', -2],
  ["'a' + 'b'", 'ab'],
  ["s + '!'", 'abc!', E],
  ["'a' + 1", null],
  ["1 + 'a'", null],
  ['null + 1', null],
  ["null + 'a'", null],
  ['missing + 1', null, E],
  ['true + 1', null],
  ['[1] + [2]', null],
  ["'a' - 'b'", null],
  ['o + o', null, E],
]);

table('10.2 comparisons: both numbers or both strings (code-point order), else false both ways', [
  ['1 < 2', true],
  ['2 <= 2', true],
  ['3 > 2', true],
  ['2 >= 3', false],
  ["'a' < 'b'", true],
  ["'B' < 'a'", true],
  ["'abc' < 'abd'", true],
  ["'ab' < 'abc'", true],
  ["'10' < '9'", true],
  ["'\\uffff' < '\\ud83d\\ude00'", true], // U+FFFF < U+1F600 by code point (UTF-16 units say otherwise)
  ["'\\ud83d\\ude00' > '\\ue000'", true],
  ['null < 1', false],
  ['null > 1', false],
  ['null >= null', false],
  ["'1' < 2", false],
  ["'1' >= 2", false],
  ["2 > '1'", false],
  ["2 <= '1'", false],
  ['missing < 1', false, E],
  ['missing >= 1', false, E],
  ['true > false', false],
  ['[1] < [2]', false],
  ['-0 < 0', false],
  ['-0 >= 0', true],
]);

table('10.2 == !=: deep strict equality', [
  ['1 == 1.0', true],
  ["'1' == 1", false],
  ['null == null', true],
  ['missing == null', true, E],
  ['z == null', true, E],
  ['0 == null', false],
  ["'' == null", false],
  ['false == 0', false],
  ['true == 1', false],
  ['[1, 2] == [1, 2]', true],
  ['[1, 2] == [2, 1]', false],
  ['[1, [2]] == [1, [2]]', true],
  ["[1] == ['1']", false],
  ['o == o', true, E],
  ['a == b', true, { a: { x: 1, y: [1] }, b: { y: [1], x: 1 } }],
  ['a == b', false, { a: { x: 1 }, b: { x: 1, y: null } }],
  ['a == b', false, { a: [], b: {} }],
  ['-0 == 0', true],
  ['1 != 2', true],
  ["'1' != 1", true],
  ['null != null', false],
  ['1 === 1', true], // `===`/`!==` are the same operators (docs/expressions.md)
  ["'1' !== 1", true],
]);

table('10.2 in: list membership by ==, substring for two strings, else false', [
  ["'eu' in ['eu', 'us']", true],
  ["'fr' in ['eu', 'us']", false],
  ["1 in ['1']", false],
  ['[1] in [[1], [2]]', true],
  ['null in [null]', true],
  ['null in []', false],
  ["'bc' in 'abc'", true],
  ["'' in 'abc'", true],
  ["'x' in 'abc'", false],
  ['1 in 123', false],
  ["'k' in o", false, E],
  ["'a' in null", false],
  ['missing in l', false, E],
  ['20 in l', true, E],
]);

table('10.2 && ||: bools by truthiness, short-circuit', [
  ['1 && 2', true],
  ["1 && ''", false],
  ["'x' || 0", true],
  ['0 || 0', false],
  ['null || []', false],
  ['[0] && o', true, E],
  ['t && s', true, E],
  ['missing || n', true, E],
  ['0 && (1 / 0)', false],
  ['1 || missing.x', true, E],
]);

table('10.2 ??: the left value unless null', [
  ['missing ?? 7', 7, E],
  ['z ?? s', 'abc', E],
  ['0 ?? 7', 0],
  ["'' ?? 7", ''],
  ['false ?? 7', false],
  ['[] ?? 7', []],
  ['null ?? null', null],
  ['missing ?? z ?? 3', 3, E],
  ['0 || 0 ?? 9', false], // `??` binds looser than `||`
  ['null ?? 0 || 5', true], // null ?? (0 || 5)
]);

table('10.2 c ? a : b: by truthiness', [
  ["t ? 'y' : 'n'", 'y', E],
  ["z ? 'y' : 'n'", 'n', E],
  ["[] ? 'y' : 'n'", 'n'],
  ["o ? 'y' : 'n'", 'y', E],
  ["0 ? 1 / 0 : 'n'", 'n'],
]);

table('10.2 precedence as in the spec table', [
  ['1 + 2 * 3', 7],
  ['(1 + 2) * 3', 9],
  ['10 - 4 - 3', 3],
  ['2 * 3 % 4', 2],
  ['-n + 1', -4, E],
  ['!0 == true', true],
  ['1 < 2 == true', true],
  ["'a' in ['a'] && n > 4", true, E],
  ['1 == 1 in [true]', true], // `in` is below `==`
  ['t || false && false', true, E],
  ['0 ? 1 : 2 ? 3 : 4', 3],
  ['missing ?? 1 ? 2 : 3', 2, E],
]);

test('truthiness: null, false, 0, "" and [] are falsy; every other value is truthy', () => {
  for (const v of [null, false, 0, -0, '', []] as Value[]) assert.equal(truthy(v), false, JSON.stringify(v));
  for (const v of [true, 1, -1, 0.5, 'x', '0', 'false', ' ', [0], [null], {}, { a: null }] as Value[]) assert.equal(truthy(v), true, JSON.stringify(v));
});

table('10.3 len, lower, upper, trim', [
  ["len('abc')", 3],
  ["len('é😀')", 2],
  ["len('')", 0],
  ['len(l)', 3, E],
  ['len(o)', 2, E],
  ['len(n)', null, E],
  ['len(missing)', null, E],
  ["lower('AbC')", 'abc'],
  ["upper('straße')", 'STRASSE'],
  ["trim('  x y \\n')", 'x y'],
  ['lower(1)', null],
  ['upper(null)', null],
  ['trim(l)', null, E],
]);

table('10.3 contains, starts_with, ends_with', [
  ["contains('abc', 'b')", true],
  ["contains('abc', 'x')", false],
  ['contains(l, 20)', true, E],
  ["contains(l, '20')", false, E],
  ['contains([[1]], [1])', true],
  ['contains(o, 1)', false, E],
  ["contains('abc', 1)", false],
  ['contains(null, null)', false],
  ["starts_with('abc', 'ab')", true],
  ["starts_with('abc', 'bc')", false],
  ["starts_with(1, '1')", false],
  ["ends_with('abc', 'bc')", true],
  ["ends_with('abc', null)", false],
]);

table('10.3 exists: a field path present and not null', [
  ['exists(n)', true, E],
  ['exists(z)', false, E],
  ['exists(missing)', false, E],
  ['exists(o.k)', true, E],
  ['exists(o.inner.x)', true, E],
  ['exists(o.nope)', false, E],
  ['exists(e)', true, E],
  ['exists(l[0])', null, E], // not a field path: VX015, and null when run
  ['exists(1)', null],
]);

table('10.3 coalesce', [
  ['coalesce(missing, z, 3, 4)', 3, E],
  ['coalesce(0, 1)', 0],
  ['coalesce(null)', null],
  ['coalesce(missing, s)', 'abc', E],
]);

table('10.3 abs, floor, ceil, round (halves away from zero)', [
  ['abs(-3.5)', 3.5],
  ['abs(s)', null, E],
  ['floor(2.7)', 2],
  ['floor(-2.1)', -3],
  ['ceil(2.1)', 3],
  ['ceil(-2.7)', -2],
  ['round(2.5)', 3],
  ['round(-2.5)', -3],
  ['round(0.5)', 1],
  ['round(-0.5)', -1],
  ['round(1.4)', 1],
  ['round(-1.6)', -2],
  ['round(0.49999999999999994)', 0],
  ["round('2.5')", null],
  ['floor(null)', null],
]);

table('10.3 min, max: numbers only, at least two', [
  ['min(3, 1, 2)', 1],
  ['max(3, 1, 2)', 3],
  ['min(-1, -1.5)', -1.5],
  ["min(1, '0')", null],
  ['max(1, null)', null],
  ['max(1, missing)', null, E],
  ['min(1)', null], // one argument: VX015, null when run
]);

table('10.3 string', [
  ["string('x')", 'x'],
  ['string(2.5)', '2.5'],
  ['string(100)', '100'],
  ['string(1e3)', '1000'],
  ['string(0.1 + 0.2)', '0.30000000000000004'],
  ['string(1e21)', '1e+21'],
  ['string(-0)', '0'],
  ['string(true)', 'true'],
  ['string(false)', 'false'],
  ['string(null)', 'null'],
  ['string(missing)', 'null', E],
  ["string([1, 'a', null, [true]])", '[1,"a",null,[true]]'],
  ['string(o)', '{"k":1,"inner":{"x":"y"}}', E],
  ["string(['q\"'])", '["q\\""]'],
]);

table('10.3 number: JSON number syntax only', [
  ['number(5)', 5],
  ["number('42')", 42],
  ["number('-1.5e2')", -150],
  ["number('0')", 0],
  ["number(' 42')", null],
  ["number('42 ')", null],
  ["number('+1')", null],
  ["number('.5')", null],
  ["number('5.')", null],
  ["number('01')", null],
  ["number('0x10')", null],
  ["number('NaN')", null],
  ["number('Infinity')", null],
  ["number('1e400')", null],
  ["number('')", null],
  ['number(true)', null],
  ['number(null)', null],
  ['number(l)', null, E],
]);

table('10.3 time: RFC 3339 to epoch milliseconds', [
  ["time('1970-01-01T00:00:00Z')", 0],
  ["time('2024-02-29T12:00:00.5+01:00')", Date.UTC(2024, 1, 29, 11, 0, 0, 500)],
  ["time('2026-12-07T09:00:00.123456Z')", Date.UTC(2026, 11, 7, 9, 0, 0, 123)],
  ["time('2026-12-07t09:00:00z')", Date.UTC(2026, 11, 7, 9)],
  ["time('2026-12-07 09:00:00-05:30')", Date.UTC(2026, 11, 7, 14, 30)],
  ["time('1969-12-31T23:59:59Z')", -1000],
  ["time('2023-02-29T00:00:00Z')", null],
  ["time('2026-13-01T00:00:00Z')", null],
  ["time('2026-12-07T24:00:00Z')", null],
  ["time('2026-12-07T09:00:00')", null],
  ["time('2026-12-07')", null],
  ["time('2026-12-07T09:00Z')", null],
  ["time('yesterday')", null],
  ['time(0)', null],
]);

table('10.3 now: the clock of the evaluation', [['now()', NOW], ['now() - 1000', NOW - 1000]]);

/** FNV-1a 32 written differently from the core's: BigInt arithmetic over TextEncoder's bytes. */
function referenceFnv(s: string): number {
  let h = 0x811c9dc5n;
  for (const b of new TextEncoder().encode(s)) h = ((h ^ BigInt(b)) * 0x01000193n) % 0x100000000n;
  return Number(h);
}

test('10.3 hash: FNV-1a 32-bit of string(x) modulo n', () => {
  // Published FNV-1a 32 test vectors.
  assert.equal(fnv1a32(''), 0x811c9dc5);
  assert.equal(fnv1a32('a'), 0xe40c292c);
  assert.equal(fnv1a32('foobar'), 0xbf9cf968);
  for (const [x, n] of [['a', 10], ['user-42', 100], ['é😀', 7], [42, 16], [2.5, 3], [true, 2], [null, 5], [[1, 'a'], 9], [{ k: 'v' }, 1000]] as Array<[Value, number]>)
    assert.equal(ev('hash(x, n)', { x, n }), referenceFnv(stringOf(x)) % n, JSON.stringify(x));
  assert.equal(ev("hash('a', 10)"), referenceFnv('a') % 10);
  assert.equal(ev("hash('a', 1)"), 0);
  for (const n of ['0', '-1', '2.5', "'10'", 'null']) assert.equal(ev(`hash('a', ${n})`), null, n);
});

test('fnv1a32 agrees with the reference on random strings, lone surrogates included', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => fnv1a32(s) === referenceFnv(s)));
});

table('calls VX015 reports evaluate to null', [
  ['nope(1)', null],
  ["s.lower()", null, E],
  ['len()', null],
  ['len(1, 2)', null],
  ['now(1)', null],
  ['hash(1)', null],
  ['coalesce()', null],
]);

test('valuesEqual and stringOf walk without recursion: 100,000 levels deep', () => {
  let a: Value = 1;
  let b: Value = 1;
  for (let i = 0; i < 100_000; i++) {
    a = { k: [a] };
    b = { k: [b] };
  }
  assert.equal(valuesEqual(a, b), true);
  const s = stringOf(a);
  assert.equal(s.length, 100_000 * '{"k":[]}'.length + 1);
  assert.ok(s.startsWith('{"k":[{"k":[') && s.endsWith(']}]}'));
});

test('expressions deeper than the limit do not parse (VX014) instead of overflowing the stack', () => {
  for (const text of ['('.repeat(5000) + '1' + ')'.repeat(5000), '!'.repeat(50_000) + 'a', Array(20_000).fill('a').join(' + '), '['.repeat(3000) + ']'.repeat(3000)]) {
    const c = compile(text);
    assert.equal(c.ok, false);
    if (!c.ok) assert.match(c.error.message, /nested too deeply/);
  }
  assert.equal(ev(Array(500).fill('n').join(' + '), E), 2500); // long but allowed
});

test('+ does not build strings over the limit', () => {
  const big = 'x'.repeat(1 << 23);
  assert.equal((ev('a + a', { a: big }) as string).length, 1 << 24);
  assert.equal(ev('a + a + a', { a: big }), null);
});

test('compile returns the same parse for the same text', () => {
  const a = compile('n > 1');
  assert.equal(compile('n > 1'), a);
});

// Random expressions over the whole grammar and random events never throw.
const FIELDS = ['a', 'b', 'c', 'd'];
const valueArb: fc.Arbitrary<Value> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(0, -0, 1, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 5e-324),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom('NaN', 'Infinity', '-0', '1e400', '0x10', '\u0000', '\ud800', '😀'.repeat(3), ' 1 '),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...FIELDS, '__proto__', 'constructor', 'toString'), tie('value'), { maxKeys: 4 }),
  ),
})).value as fc.Arbitrary<Value>;

const exprArb: fc.Arbitrary<string> = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...FIELDS, 'a.b', 'a[0]', "a['b']", 'b.c.d', 'c[1][0]', 'missing'),
    fc.constantFrom('0', '-0', '1', '2.5', '1e3', '1e308', "''", "'x'", "'1'", "'😀'", 'true', 'false', 'null', '[]', "[1, 'a']"),
    tie('expr').map((e) => `!${e}`),
    tie('expr').map((e) => `-(${e})`),
    fc.tuple(tie('expr'), fc.constantFrom('*', '/', '%', '+', '-', '<', '<=', '>', '>=', '==', '!=', 'in', '&&', '||', '??'), tie('expr')).map(([l, op, r]) => `(${l}) ${op} (${r})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => `(${c}) ? (${a}) : (${b})`),
    fc.tuple(tie('expr'), tie('expr')).map(([o, i]) => `(${o})[${i}]`),
    fc.tuple(fc.constantFrom('len', 'lower', 'upper', 'trim', 'contains', 'starts_with', 'ends_with', 'exists', 'coalesce', 'abs', 'floor', 'ceil', 'round', 'min', 'max', 'string', 'number', 'time', 'now', 'hash', 'nope'), fc.array(tie('expr'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.array(tie('expr'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
  ),
})).expr as fc.Arbitrary<string>;

test('property: random expressions on random events never throw and give Values', () => {
  fc.assert(
    fc.property(exprArb, fc.dictionary(fc.constantFrom(...FIELDS), valueArb), (text, event) => {
      const c = compile(text);
      assert.ok(c.ok, text);
      const v = evaluate(c.ast, event, { now: NOW });
      assert.ok(isValue(v), text);
      stringOf(v); // printable
      assert.equal(valuesEqual(v, v), true);
    }),
    { numRuns: 2000 },
  );
});

test('property: huge strings and deep values as events never throw', () => {
  let deep: Value = 'end';
  for (let i = 0; i < 50_000; i++) deep = i % 2 ? [deep] : { a: deep };
  const event = { a: deep, b: 'y'.repeat(1_000_000), c: '\ud800'.repeat(1000), d: -0 };
  for (const text of ['string(a)', 'len(b)', 'hash(a, 97)', 'a == a', 'b + b', 'contains(b, c)', 'upper(c)', 'a.a[0].a', 'b in [a, b]', 'lower(b) == b', 'number(d) == 0', 'string(d)'])
    assert.doesNotThrow(() => ev(text, event), text);
});

function isValue(v: unknown): boolean {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isValue);
  return typeof v === 'object' && Object.values(v as object).every(isValue);
}

// VX015's checks inside one expression (core/src/expr/calls.ts): which calls
// are reported, with which suggestion or rewrite, at which range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callProblems } from '../../core/src/expr/calls';
import { parseExpression } from '../../core/src/expr/parse';

function problems(text: string) {
  const r = parseExpression(text);
  assert.ok(r.ok, text);
  return callProblems(text, r.ast).map((p) => ({ at: text.slice(p.start, p.end), candidates: p.candidates, rewrite: p.rewrite, message: p.message }));
}

test('every function of the table, with its arity, is accepted', () => {
  const ok = "len(a) + abs(b) + floor(c) + ceil(d) + round(e) + min(1, 2) + max(1, 2, 3) + number('1') + time(t) + now() + hash(a, 2) > 0 && lower(s) == upper(s) && trim(s) != string(1) && contains(l, 1) && starts_with(s, 'a') && ends_with(s, 'b') && exists(a.b.c) && coalesce(a) != null && coalesce(a, b, c) != null";
  assert.deepEqual(problems(ok), []);
});

test('unknown functions: the closest name, JavaScript names, window aggregates', () => {
  const cases: Array<[string, string, string[] | undefined, RegExp]> = [
    ['lenght(x) > 1', 'lenght', ['len'], /did you mean 'len'/],
    ['uper(x)', 'uper', ['upper'], /did you mean 'upper'/],
    ['Len(x)', 'Len', ['len'], /did you mean 'len'/],
    ["startsWith(s, 'a')", 'startsWith', ['starts_with'], /starts_with/],
    ['includes(l, 1)', 'includes', ['contains'], /did you mean 'contains'/],
    ['sum(x) > 1', 'sum', undefined, /window aggregate/],
    ['count() > 1', 'count', undefined, /window aggregate/],
    ['sha256(x)', 'sha256', undefined, /functions: len, lower/],
  ];
  for (const [text, at, candidates, message] of cases) {
    const [p, ...rest] = problems(text);
    assert.equal(rest.length, 0, text);
    assert.equal(p.at, at, text);
    assert.deepEqual(p.candidates, candidates, text);
    assert.match(p.message, message, text);
  }
});

test('method calls: the whole call, rewritten as a function call when it fits', () => {
  const rows: Array<[string, string, string | undefined]> = [
    ["name.lower() == 'a'", 'name.lower()', 'lower(name)'],
    ["a.b.starts_with('x')", "a.b.starts_with('x')", "starts_with(a.b, 'x')"],
    ["s.startsWith('x')", "s.startsWith('x')", "starts_with(s, 'x')"],
    ['s.toUpperCase()', 's.toUpperCase()', 'upper(s)'],
    ['(a + b).abs()', '(a + b).abs()', 'abs(a + b)'],
    ['x.lower(1)', 'x.lower(1)', undefined], // lower takes one argument
    ['x.frobnicate()', 'x.frobnicate()', undefined],
  ];
  for (const [text, at, rewrite] of rows) {
    const [p, ...rest] = problems(text);
    assert.equal(rest.length, 0, text);
    assert.equal(p.at, at, text);
    assert.equal(p.rewrite, rewrite, text);
  }
});

test('wrong numbers of arguments and exists of a non-field', () => {
  assert.deepEqual(problems('len(a, b)').map((p) => [p.at, p.message]), [['len(a, b)', 'len() takes 1 argument, not 2']]);
  assert.deepEqual(problems('max(a)').map((p) => p.message), ['max() takes at least 2 arguments, not 1']);
  assert.deepEqual(problems('now(1)').map((p) => p.message), ['now() takes no arguments, not 1']);
  assert.deepEqual(problems('coalesce()').map((p) => p.message), ['coalesce() takes at least 1 argument, not 0']);
  assert.deepEqual(problems('hash(a)').map((p) => p.message), ['hash() takes 2 arguments, not 1']);
  for (const arg of ['a[0]', "a['b']", 'len(a)', '1', 'a.b[0]'])
    assert.deepEqual(problems(`exists(${arg})`).map((p) => p.at), [arg], arg);
});

test('nested calls are each checked, in source order', () => {
  assert.deepEqual(problems('foo(bar(x), len())').map((p) => p.at), ['foo', 'bar', 'len()']);
});

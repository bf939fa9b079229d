// The quick fixes of VX015 and VX016 (spec 10.5) through the core's code
// actions: each fix applied to the file removes its finding. (The same fixes
// run through the real server in test/lsp/golden/vx015-*, vx016-*.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument, type Finding } from '../../core/src/index';
import * as lang from '../../core/src/language/index';
import { memoryHost } from '../helpers/host';
import { applyEdits } from '../lsp/lsp-client';

const URI = 'file:///w/fix.veltrix.yaml';

function pipeline(condition: string): string {
  return `veltrix: 1
pipeline:
  name: t
  delivery: at-most-once
schemas:
  Click:
    page: string
    ms: int
    at: timestamp
sources:
  clicks:
    type: kafka
    brokers: ["k:9092"]
    topic: clicks
    group: g
    schema: Click
processors:
  keep:
    type: filter
    inputs: [clicks]
    condition: ${condition}
sinks:
  out:
    type: s3
    inputs: [keep]
    bucket: b
`;
}

function analyse(text: string): { scope: lang.DocScope; findings: Finding[] } {
  const { analyses, findings } = analyzeDocument(URI, text, { host: memoryHost({ [URI]: text }) });
  return { scope: { uri: URI, analyses }, findings: findings.filter((f) => f.code === 'VX015' || f.code === 'VX016') };
}

/** Applies the fix titled `title` to the only VX015/VX016 finding; returns the new condition line and the codes left. */
function fix(condition: string, code: string, title: string): { line: string; left: string[] } {
  const text = pipeline(condition);
  const { scope, findings } = analyse(text);
  assert.deepEqual(findings.map((f) => f.code), [code], findings.map((f) => f.message).join('\n'));
  const actions = lang.codeActions(scope, findings);
  const action = actions.find((a) => a.title === title);
  assert.ok(action?.edits, `no '${title}' among ${actions.map((a) => a.title).join(' | ')}`);
  const fixed = applyEdits(text, action.edits[URI]);
  return { line: fixed.split('\n').find((l) => l.includes('condition:'))!.trim(), left: analyse(fixed).findings.map((f) => f.code) };
}

test('VX015: an unknown function is changed to the closest one', () => {
  assert.deepEqual(fix("lenght(page) > 3", 'VX015', "Change to 'len'"), { line: 'condition: len(page) > 3', left: [] });
  assert.deepEqual(fix("uper(page) == 'A'", 'VX015', "Change to 'upper'"), { line: "condition: upper(page) == 'A'", left: [] });
});

test('VX015: a method call is rewritten as a function call, arguments kept', () => {
  assert.deepEqual(fix("page.lower() == 'home'", 'VX015', 'Rewrite as lower(page)'), { line: "condition: lower(page) == 'home'", left: [] });
  assert.deepEqual(fix("page.startsWith('/a') && ms > 1", 'VX015', "Rewrite as starts_with(page, '/a')"), { line: "condition: starts_with(page, '/a') && ms > 1", left: [] });
  assert.deepEqual(fix('(ms - 5).abs() < 2', 'VX015', 'Rewrite as abs(ms - 5)'), { line: 'condition: abs(ms - 5) < 2', left: [] });
});

test('VX015: no rewrite where the method takes the wrong number of operands, or where the text is escaped in the file', () => {
  const { scope, findings } = analyse(pipeline("page.len('x') > 1"));
  assert.equal(findings.length, 1);
  assert.ok(!lang.codeActions(scope, findings).some((a) => a.title.startsWith('Rewrite')));
  // In a double-quoted YAML string the file holds \" where the expression has ": the rewrite would need escaping, so none is offered.
  const quoted = analyse(pipeline('"page.startsWith(\\"/a\\")"'));
  assert.equal(quoted.findings.length, 1, quoted.findings.map((f) => f.message).join());
  assert.ok(!lang.codeActions(quoted.scope, quoted.findings).some((a) => a.title.startsWith('Rewrite')));
  const plain = analyse(pipeline('"page.lower() == \\"x\\""'));
  assert.ok(lang.codeActions(plain.scope, plain.findings).some((a) => a.title === 'Rewrite as lower(page)'), 'the call itself holds no escape');
});

test('VX016: a number compared with a numeric string literal loses the quotes', () => {
  assert.deepEqual(fix("ms >= '250'", 'VX016', 'Compare with the number 250'), { line: 'condition: ms >= 250', left: [] });
  assert.deepEqual(fix("0 < ms && '1.5e3' > ms", 'VX016', 'Compare with the number 1.5e3'), { line: 'condition: 0 < ms && 1.5e3 > ms', left: [] });
  assert.deepEqual(fix("ms == '7'", 'VX016', 'Compare with the number 7'), { line: 'condition: ms == 7', left: [] });
});

test('VX016: a timestamp field compared with a number goes through time()', () => {
  assert.deepEqual(fix('at > now() - 60000', 'VX016', 'Compare time(at)'), { line: 'condition: time(at) > now() - 60000', left: [] });
  const { findings } = analyse(pipeline('at > now() - 60000'));
  assert.match(findings[0].message, /'at' is a timestamp: compare time\(at\)/);
  assert.deepEqual(analyse(pipeline("at > '2026-01-01T00:00:00Z'")).findings, [], 'two strings compare (RFC 3339 in UTC sorts as text)');
});

test('VX016: no unquote fix when the string is not a number', () => {
  const { scope, findings } = analyse(pipeline("ms > 'abc'"));
  assert.equal(findings.length, 1);
  assert.ok(!lang.codeActions(scope, findings).some((a) => a.title.startsWith('Compare with')));
});

test('VX015 and VX016 fixes are part of "fix all"', () => {
  const text = pipeline("page.lower() == 'x' && ms > '5' && lenght(page) > 1");
  const { scope, findings } = analyse(text);
  const all = lang.fixAll(scope, findings);
  assert.ok(all?.edits);
  const fixed = applyEdits(text, all.edits[URI]);
  assert.match(fixed, /condition: lower\(page\) == 'x' && ms > 5 && len\(page\) > 1/);
  assert.deepEqual(analyse(fixed).findings, []);
});

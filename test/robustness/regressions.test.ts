// Reproducers of the bugs the robustness suites found, one test each, so
// that they stay fixed. Each names the file that was fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkChunked, checkText } from './properties';
import { analyzePipeline, editDistance, LineIndex } from '../../core/src/index';
import { noFiles } from './helpers';

const U = 'file:///r/main.veltrix.yaml';

test('a mapping where an enum value belongs does not crash the schema rules (core/src/schema/errors.ts)', () => {
  // String() of a null-prototype object threw "Cannot convert object to primitive value": VX099.
  const text = 'veltrix: 1\npipeline:\n  name: p\n  delivery:\n    a: 1\nmonitoring:\n  log_level: {x: 1}\n';
  const a = analyzePipeline(U, text, { host: noFiles });
  assert.ok(!a.findings.some((f) => f.code === 'VX099'), a.findings.map((f) => f.message).join('\n'));
  assert.ok(a.findings.some((f) => f.code === 'VX012'));
  checkText(U, text, {}, [0, 17, 40]);
});

test('removing an unused schema on the last line (no final newline) stays inside the document (core/src/language/code-actions.ts)', () => {
  checkText(U, 'veltrix: 1\npipeline: {name: p}\nschemas:\n  P:\n    a: string', {}, [0, 5, 30]);
});

test('an indented line after a leading comment is not a chunk of its own (core/src/parse/chunked.ts)', () => {
  // `# c\n  workers: 12\nveltrix: 1` is invalid YAML; the chunked parser used to accept it.
  const text = '# comment\n  workers: 12\n# more\nveltrix: 1\npipeline: {name: p}\n';
  checkChunked(text);
  const a = analyzePipeline(U, text, { host: noFiles });
  assert.ok(a.findings.some((f) => f.code === 'VX001'));
});

test('syntax problems come in document order, in the whole parse as in the chunked one (core/src/parse/yaml.ts)', () => {
  // The fuzzer's counterexample: an alias without a name (found while converting) before a duplicate key (found by
  // the parser) came after it in the whole parse, before it in the chunked parse.
  const text = 'veltrix: 1\npipeline:\n  name: "p"\n  delivery: at-most-once\nsources:\n  a:\n    type: kafka\n    inputs: [*]\nsinks:\n  a:\n    type: kafka\n    inputs: []\n    type: ""\n';
  checkChunked(text);
  const codes = analyzePipeline(U, text, { host: noFiles }).findings.filter((f) => f.code === 'VX001' || f.code === 'VX002');
  assert.deepEqual(codes.map((f) => f.code), ['VX001', 'VX002']);
});

test('did-you-mean on 100,000-character ids neither runs out of memory (core/src/util/suggest.ts) nor takes minutes (core/src/rules/rule-helpers.ts, banded distance)', () => {
  const big = 'a'.repeat(100_000);
  assert.equal(editDistance(big, `${big}x`), 100_001); // the bound, not a 10^10-cell table
  assert.equal(editDistance('parse_jsn', 'parse_json'), 1);
  const text = `veltrix: 1\npipeline: {name: p}\nsources:\n  ${big}:\n    type: file\n    path: x\nsinks:\n  s: {type: stdout, inputs: [${big}x]}\n`;
  const t0 = performance.now();
  const a = analyzePipeline(U, text, { host: noFiles });
  assert.ok(a.findings.some((f) => f.code === 'VX100'));
  // Was 209 s (an O(n^2) distance over 10^10 cells); now milliseconds. A loose bound, for a busy machine.
  assert.ok(performance.now() - t0 < 20_000, `took ${Math.round(performance.now() - t0)} ms`);
});

test('an offset between the CR and LF of a line break maps to the end of the line (core/src/text.ts)', () => {
  const lines = new LineIndex('a\r\nb');
  assert.deepEqual(lines.position(2), { line: 0, character: 1 });
  assert.deepEqual(lines.position(1), { line: 0, character: 1 });
  assert.deepEqual(lines.position(3), { line: 1, character: 0 });
  // VX003 on a file that is only a CRLF used to end at character 1 of an empty line.
  checkText(U, '\r\n', {}, [0]);
  checkText(U, 'veltrix: 2\r\npipeline: {name: p}\r\n', {}, [0, 9]);
});

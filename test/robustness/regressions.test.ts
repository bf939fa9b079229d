// Reproducers of the bugs the robustness suites found, one test each, so
// that they stay fixed. Each names the file that was fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from './properties';
import { analyzePipeline } from '../../core/src/index';
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

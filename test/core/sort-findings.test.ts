// sortFindings (core/src/analyze.ts): by file, position and code, and the
// findings of one file sorted without localeCompare, whose first call loads
// ICU's collation data in a fresh server (docs/performance.md, Start-up).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortFindings } from '../../core/src/analyze';
import type { Finding } from '../../core/src/types';

const at = (uri: string, line: number, character: number, code: string): Finding => ({
  uri,
  code,
  severity: 'warning',
  message: code,
  range: { start: { line, character }, end: { line, character: character + 1 } },
});
const key = (f: Finding) => `${f.uri.slice(-6)}:${f.range.start.line}:${f.range.start.character}:${f.code}`;

test('one file: by line, character, then code, without calling localeCompare', (t) => {
  t.mock.method(String.prototype, 'localeCompare', () => {
    throw new Error('localeCompare called');
  });
  const sorted = sortFindings([at('file:///a.yaml', 3, 2, 'VX210'), at('file:///a.yaml', 1, 9, 'VX001'), at('file:///a.yaml', 3, 2, 'VX013'), at('file:///a.yaml', 3, 0, 'VX301')]);
  assert.deepEqual(sorted.map(key), ['a.yaml:1:9:VX001', 'a.yaml:3:0:VX301', 'a.yaml:3:2:VX013', 'a.yaml:3:2:VX210']);
});

test('several files: in the order localeCompare gives their URIs', () => {
  const uris = ['file:///w/b-c.yaml', 'file:///w/B.yaml', 'file:///w/a_b.yaml', 'file:///w/a.yaml'];
  const sorted = sortFindings(uris.map((u) => at(u, 0, 0, 'VX100')));
  assert.deepEqual(
    sorted.map((f) => f.uri),
    [...uris].sort((a, b) => a.localeCompare(b)),
  );
});

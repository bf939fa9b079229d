// The diff text of a pipeline-test failure (server/src/test-files.ts): the
// core's key-sorted JSON, indented for VS Code's diff editor. It must read
// back as the same value with keys in sorted order, whatever the strings hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sortedJson } from '../../core/src/index';
import { prettySorted } from '../../server/src/test-files';

const json = fc.jsonValue({ maxDepth: 4 });

test('prettySorted reads back as the same value, as the core sorts it', () => {
  fc.assert(
    fc.property(json, (v) => {
      const text = prettySorted(v as never);
      assert.equal(JSON.stringify(JSON.parse(text)), JSON.stringify(JSON.parse(sortedJson(v as never))));
      // Only whitespace differs from the compact form.
      assert.equal(text.replace(/\s+(?=(?:[^"\\]|\\.|"(?:[^"\\]|\\.)*")*$)/g, ''), sortedJson(v as never));
    }),
    { numRuns: 300 },
  );
});

test('prettySorted: keys sorted, two spaces per level, strings with brackets and quotes untouched', () => {
  assert.equal(prettySorted({ b: 1, a: ['x', { d: '{,:}"', c: [] }], e: {} } as never), '{\n  "a": [\n    "x",\n    {\n      "c": [],\n      "d": "{,:}\\""\n    }\n  ],\n  "b": 1,\n  "e": {}\n}');
});

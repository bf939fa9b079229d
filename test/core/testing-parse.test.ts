// Test files parsed item by item while typing (core/src/testing/parse-tests.ts)
// must give exactly the tree and the problems of the whole-text parse: on the
// example and fixture test files, on generated ones, and after random edits
// of a file whose items are already in the memo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseYaml } from '../../core/src/parse/yaml';
import type { YNode } from '../../core/src/parse/tree';
import { parseTestText, type ItemMemo } from '../../core/src/testing/parse-tests';
import { testFixtureFiles } from '../helpers/fixtures';

function dump(n: YNode | undefined): unknown {
  if (!n) return null;
  if (n.kind === 'scalar') return ['S', n.start, n.end, n.value, n.source, n.quoted, !!n.shared];
  if (n.kind === 'seq') return ['Q', n.start, n.end, n.flow, !!n.shared, n.items.map(dump)];
  return ['M', n.start, n.end, n.flow, !!n.shared, n.pairs.map((p) => [p.start, p.end, !!p.merged, dump(p.key), dump(p.value)])];
}

function same(text: string, memo: ItemMemo): void {
  const whole = parseYaml(text);
  const items = parseTestText(text, memo, 0); // every length through the item path
  assert.deepEqual(dump(items.root), dump(whole.root), text);
  assert.deepEqual(items.problems, whole.problems, text);
}

const repo = path.resolve(__dirname, '..', '..');
const examples = ['examples/orders.veltrix-test.yaml', 'examples/clickstream/clickstream.veltrix-test.yaml', 'examples/mistakes.veltrix-test.yaml'].map((f) => fs.readFileSync(path.join(repo, f), 'utf8'));

function generated(tests: number, events: number): string {
  const body = Array.from({ length: tests }, (_, t) => {
    const list = Array.from({ length: events }, (_, k) => `        - {id: e${t}_${k}, amount: ${k}, region: ${k % 2 ? 'eu' : 'us'}}`).join('\n');
    return `  - name: test ${t}\n    # what it checks\n    input:\n      in:\n        every: 1s\n${list.replace(/^ {8}/gm, '          ').replace(/^/, '        events:\n')}\n    expect:\n      out: {count: ${events}}\n      lost: []\n`;
  });
  return `veltrix-test: 1\npipeline: p.veltrix.yaml\nmocks:\n  e: {a: 1}\ntests:\n${body.join('\n')}x-after: 1\n`;
}

test('examples, fixtures and generated files: the same tree as the whole-text parse', () => {
  for (const text of [...examples, ...testFixtureFiles().map((f) => fs.readFileSync(f, 'utf8')), generated(5, 20), generated(1, 120)]) same(text, new Map());
});

test('the item path is taken for a large plain file, and an edit re-parses only its item', () => {
  const text = generated(10, 10);
  const memo: ItemMemo = new Map();
  same(text, memo);
  assert.equal(memo.size, 10, 'one memo entry per test');
  const edited = text.replace('out: {count: 10}', 'out: {count: 11}');
  const kept = new Set(memo.values());
  same(edited, memo);
  assert.equal([...memo.values()].filter((v) => kept.has(v)).length, 9, 'nine items reused');
});

test('property: after random edits (with the memo of the previous version) the tree is the whole-text parse', () => {
  const fixtures = testFixtureFiles().map((f) => fs.readFileSync(f, 'utf8'));
  const base = [generated(4, 6), examples[1], examples[0], ...fixtures];
  const snippet = fc.constantFrom('', ' ', '\n', '- ', '  - name: x\n', '#', ': ', '{', '}', '[', ']', ',', '&a ', '*a', '"', "'", '\t', '---\n', 'tests:\n', 'x', '\n  ', '    input:\n');
  fc.assert(
    fc.property(fc.integer({ min: 0, max: base.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), snippet), { minLength: 1, maxLength: 4 }), (which, edits) => {
      const memo: ItemMemo = new Map();
      let text = base[which];
      parseTestText(text, memo);
      for (const [at, del, insert] of edits) {
        const i = at % (text.length + 1);
        text = text.slice(0, i) + insert + text.slice(i + del);
        same(text, memo);
      }
    }),
    { numRuns: Number(process.env.VELTRIX_PARSE_RUNS ?? 300) },
  );
});

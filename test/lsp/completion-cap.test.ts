// Completion lists past MAX_COMPLETION_ITEMS: cut to what the typed word can
// match and marked incomplete; the real server sends them that way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { capCompletions, MAX_COMPLETION_ITEMS, typedWord } from '../../server/src/completion-cap';
import type { CompletionEntry } from '../../core/src/language/index';
import { cursor, fixtures, startServer, uriOf } from './lsp-client';

const entry = (label: string, sortText?: string): CompletionEntry => ({ label, kind: 'reference', sortText });

test('short lists are sent whole and complete', () => {
  const entries = ['a', 'b', 'c'].map((l) => entry(l));
  assert.deepEqual(capCompletions(entries, 'zz', 3), { entries, isIncomplete: false });
});

test('long lists keep what the typed word matches as a subsequence, words beginning with it first, then in sort order', () => {
  const entries = [entry('orders_raw', '2'), entry('raw_orders', '1'), entry('payments', '0'), entry('ord', '3'), entry('xyz', '4')];
  const capped = capCompletions(entries, 'Ord', 4);
  assert.equal(capped.isIncomplete, true); // deleting a character needs the entries left out
  assert.deepEqual(
    capped.entries.map((e) => e.label),
    ['orders_raw', 'raw_orders', 'ord'],
  );
  assert.deepEqual(
    capCompletions(entries, 'ord', 2).entries.map((e) => e.label),
    ['orders_raw', 'ord'],
  );
  const top = capCompletions(entries, '', 2);
  assert.deepEqual(
    top.entries.map((e) => e.label),
    ['payments', 'raw_orders'],
  );
  assert.equal(top.isIncomplete, true);
});

test('the typed word is the identifier-like text before the cursor', () => {
  assert.equal(typedWord('    inputs: [g12_a'), 'g12_a');
  assert.equal(typedWord('    inputs: [router.e'), 'router.e');
  assert.equal(typedWord('    inputs: ['), '');
  // Linear on a hostile line (a backtracking pattern would take minutes here).
  assert.equal(typedWord(`${'a'.repeat(200_000)} `), '');
  assert.equal(typedWord(`x ${'a'.repeat(200_000)}`).length, 200_000);
});

test('the server cuts a 1,500-id completion list and marks it incomplete; typing narrows it to the matching ids', async () => {
  const ids = Array.from({ length: 1500 }, (_, i) => `src${i}`);
  const body = `veltrix: 1\npipeline: {name: big}\nsources:\n${ids.map((id) => `  ${id}: {type: kafka, brokers: [k], topic: t}\n`).join('')}sinks:\n  out:\n    type: kafka\n    brokers: [k]\n    topic: o\n    inputs: [`;
  const server = await startServer();
  try {
    const complete = async (typed: string) => {
      const { text, position } = cursor(`${body}${typed}|]\n`);
      const uri = uriOf(path.join(fixtures, `big-${typed || 'empty'}.veltrix.yaml`));
      server.open(uri, text, 1);
      const res = await server.request<{ isIncomplete: boolean; items: Array<{ label: string }> } | Array<{ label: string }>>('textDocument/completion', { textDocument: { uri }, position });
      server.close(uri);
      return res;
    };
    const all = await complete('');
    assert.ok(!Array.isArray(all) && all.isIncomplete, 'a list past the limit is marked incomplete');
    assert.equal(all.items.length, MAX_COMPLETION_ITEMS);
    const narrowed = await complete('src149');
    assert.ok(!Array.isArray(narrowed));
    const labels = narrowed.items.map((i) => i.label);
    assert.ok(labels.includes('src149') && labels.includes('src1499'), labels.slice(0, 20).join(', '));
    assert.ok(labels.every((l) => /s.*r.*c.*1.*4.*9/.test(l)), 'every item matches what was typed');
    assert.ok(labels.length < 100);
  } finally {
    await server.stop();
  }
});

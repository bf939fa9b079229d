// The Test Explorer's texts for pipeline tests: hostile names stay text, coverage labels read as the branch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { branchLabel, inertLabel } from '../../client/src/test-labels';

test('a test name cannot carry an icon or break the row', () => {
  assert.equal(inertLabel('$(error) fake <b>x</b>\nline'), '$\u200b(error) fake <b>x</b> line');
  assert.equal(inertLabel('plain $ name (1)'), 'plain $ name (1)');
});

test('coverage labels name the branch', () => {
  assert.deepEqual(['filter:valid_orders:pass', 'filter:valid_orders:drop', 'route:by_region:_unmatched', 'dead-letter:orders_eu_pg'].map(branchLabel), [
    'valid_orders passes',
    'valid_orders drops',
    'by_region._unmatched',
    'orders_eu_pg fails to its dead_letter',
  ]);
});

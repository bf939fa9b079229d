// A node of the graph preview with a baseline (Compare Model with HEAD):
// `HEAD% → now%` in its box, with or without the figures line, `new` for a
// component the baseline lacks, and the baseline in its tooltip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeLines, nodeTitle } from '../../core/src/graph-view/labels';
import type { ViewNode } from '../../core/src/graph-view/types';

const node = (extra: Partial<ViewNode>): ViewNode => ({
  id: 'customer_risk', kind: 'processor', type: 'enrich', line: 0, character: 0, endLine: 3,
  badges: { errors: 0, warnings: 0, infos: 0, messages: [] }, onCriticalPath: false, isBottleneck: false,
  utilization: 0.686, inputRate: 18000, p99Ms: 0.9, ...extra,
} as ViewNode);

test('the figures line starts with the baseline utilisation', () => {
  assert.match(nodeLines(node({ baselineUtilization: 0.911 }))[2], /^91% → 69% · in /);
  assert.match(nodeLines(node({}))[2], /^69% · in /, 'no baseline: the figure alone');
});

test('compact boxes keep the change (only while a baseline is shown)', () => {
  assert.deepEqual(nodeLines(node({ baselineUtilization: 0.911 }), false).slice(2), ['91% → 69%']);
  assert.deepEqual(nodeLines(node({}), false).slice(2), []);
});

test('a component the baseline lacks is new; the tooltip names the baseline', () => {
  assert.deepEqual(nodeLines(node({ baselineUtilization: null }), false).slice(2), ['new → 69%']);
  assert.match(nodeTitle(node({ baselineUtilization: 0.911 })), /utilisation 69%, baseline 91%/);
  assert.match(nodeTitle(node({ baselineUtilization: null })), /not in the baseline/);
});

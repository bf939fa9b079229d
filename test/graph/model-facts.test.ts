// The graph view reads the model's facts; it never re-derives them (issue 13,
// item 1). Each case here disagreed before: the graph re-parsed route shares,
// runtime.memory, the SLOs and picked its own "bottleneck".
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildGraphView } from '../../core/src/graph-view/model';
import { summaryLines } from '../../core/src/graph-view/svg';
import * as S from './samples';

const orders = fs.readFileSync(path.join(S.EXAMPLES, 'orders.veltrix.yaml'), 'utf8');

test('route without a share: graph edge rates are the model port rates', () => {
  const text = orders.replace(/\n {6}na: 0\.40\n/, '\n');
  assert.notEqual(text, orders);
  const a = S.analyzeText(text);
  const router = a.capacity!.components.find((f) => f.id === 'by_region')!;
  // Section 7: `na` takes what `eu` leaves; `_unmatched` gets nothing because not every route has a share.
  assert.ok(Math.abs(router.portRates!.na - router.inputRate * 0.45) < 1e-6);
  assert.equal(router.portRates!._unmatched, 0);
  const view = buildGraphView(a);
  const routeEdges = view.edges.filter((e) => e.from === 'by_region' && e.port !== undefined);
  assert.ok(routeEdges.length >= 3);
  for (const e of routeEdges) assert.equal(e.rate, router.portRates![e.port!], `edge ${e.id}`);
  // Every non-ghost, non-dead-letter edge carries the model's own edge rate.
  const modelEdges = a.capacity!.edges;
  for (const e of view.edges.filter((x) => !x.ghost && !x.deadLetter)) {
    const m = modelEdges.find((x) => x.from === e.from && x.to === e.to && x.port === e.port);
    assert.equal(e.rate, m?.rate, `edge ${e.id}`);
  }
});

test('interpolated runtime.memory: the graph says the budget is unknown, like the model', () => {
  const text = orders.replace('memory: 1GiB', 'memory: ${WORKER_MEMORY}');
  const a = S.analyzeText(text);
  assert.equal(a.capacity!.memoryBudgetBytes, null);
  const view = buildGraphView(a);
  assert.equal(view.model!.memoryBudgetBytes, null);
  const memoryLine = summaryLines(view).find((l) => l.text.startsWith('Memory'))!;
  assert.match(memoryLine.text, /budget unknown/);
  assert.doesNotMatch(memoryLine.text, /GiB budget|of 2/);
});

test('SLO verdicts and the stage that saturates first come from the model', () => {
  // Interpolated SLO: the model compares nothing, and neither does the graph.
  const a = S.analyzeText(orders.replace('latency_p99: 2m', 'latency_p99: ${P99}'));
  const view = buildGraphView(a);
  assert.equal(a.capacity!.slo.latencyOk, null);
  assert.equal(view.model!.slo?.latencyOk, undefined);
  assert.equal(view.model!.slo?.throughputOk, a.capacity!.slo.throughputOk);
  assert.equal(view.model!.saturatesFirst, a.capacity!.breaksFirst);
  // The panel names it for what it is, not a "bottleneck" at 39% busy.
  const text = summaryLines(view).map((l) => l.text).join('\n');
  assert.doesNotMatch(text, /Bottleneck/);
  assert.match(text, new RegExp(`Saturates first: ${a.capacity!.breaksFirst}`));
});

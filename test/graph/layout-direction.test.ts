// The layout's two options for the webview: top to bottom (laid out left to
// right on swapped sizes, then transposed) and compact boxes without the
// figures line. Boxes keep their sizes, never overlap, and edges run down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraphView } from '../../core/src/graph-view/model';
import { layoutGraph, type Layout } from '../../core/src/graph-view/layout';
import { nodeLines } from '../../core/src/graph-view/labels';
import * as S from './samples';

const view = buildGraphView(S.analyzeExample('orders.veltrix.yaml'));

function assertNoOverlap(l: Layout): void {
  for (let i = 0; i < l.nodes.length; i++)
    for (let j = i + 1; j < l.nodes.length; j++) {
      const a = l.nodes[i];
      const b = l.nodes[j];
      const apart = Math.abs(a.x - b.x) >= (a.width + b.width) / 2 || Math.abs(a.y - b.y) >= (a.height + b.height) / 2;
      assert.ok(apart, `${view.nodes[i].id} and ${view.nodes[j].id} overlap`);
    }
}

test('top to bottom: same box sizes as left to right, no overlap, inside the picture, edges run down', () => {
  const lr = layoutGraph(view);
  const tb = layoutGraph(view, { direction: 'TB' });
  assert.deepEqual(tb.nodes.map((n) => [n.width, n.height]), lr.nodes.map((n) => [n.width, n.height]));
  assertNoOverlap(tb);
  for (const n of tb.nodes) assert.ok(n.x - n.width / 2 >= 0 && n.x + n.width / 2 <= tb.width && n.y - n.height / 2 >= 0 && n.y + n.height / 2 <= tb.height);
  const at = new Map(view.nodes.map((n, i) => [n.id, tb.nodes[i]]));
  for (const e of view.edges) if (!e.inCycle) assert.ok(at.get(e.from)!.y < at.get(e.to)!.y, `${e.id} runs down`);
  // The same graph reads across in LR and down in TB.
  assert.ok(tb.height / tb.width > 2 * (lr.height / lr.width), `${lr.width}x${lr.height} vs ${tb.width}x${tb.height}`);
});

test('compact boxes: no figures line, so lower and no wider; the default keeps the figures', () => {
  const full = layoutGraph(view);
  const compact = layoutGraph(view, { figures: false });
  view.nodes.forEach((n, i) => {
    assert.equal(nodeLines(n, false).length, 2);
    if (n.utilization !== undefined) assert.equal(nodeLines(n).length, 3);
    assert.ok(compact.nodes[i].height <= full.nodes[i].height && compact.nodes[i].width <= full.nodes[i].width);
  });
  assert.ok(compact.width < full.width);
  assertNoOverlap(compact);
});

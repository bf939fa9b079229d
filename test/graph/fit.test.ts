// The fitted layout (the webview's answer to a picture too big for its panel):
// boundRanks wraps a wide rank onto the ranks after it, placeRank keeps each
// rank inside the band, labels ride beside the box they feed, and
// layoutGraph's `fit` keeps every bundled example within the panel's width.
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { boundRanks, type RankEdge } from '../../core/src/graph-view/bound-ranks';
import { layered, LAYERED, placeRank, type LNode } from '../../core/src/graph-view/layered';
import { layoutGraph, FIT_SPACING, NODE, type Layout } from '../../core/src/graph-view/layout';
import { edgeText, nodeLines } from '../../core/src/graph-view/labels';
import { foldColumns } from '../../core/src/graph-view/fold';
import { buildGraphView } from '../../core/src/graph-view/model';
import * as S from './samples';

const sp = { nodesep: 10, edgesep: 6 };
const fan = (children: number): RankEdge[] => Array.from({ length: children }, (_, i) => ({ tail: 0, head: i + 1, label: 0, atHead: true }));

describe('boundRanks', () => {
  test('a five-way fan-out in room for three: two children move on a rank, edges still run forward', () => {
    const cross = [100, 100, 100, 100, 100, 100];
    const edges = fan(5);
    const rank = Int32Array.from([0, 1, 1, 1, 1, 1]);
    const r = boundRanks(cross, edges, rank, 3 * 100 + 2 * 10 + 5 * 6, sp);
    assert.deepEqual([...r].slice(1).filter((x) => x === 1).length, 3);
    assert.deepEqual([...r].slice(1).filter((x) => x === 2).length, 2);
    for (const e of edges) assert.ok(r[e.tail] < r[e.head]);
    // Enough room: nothing moves.
    assert.deepEqual([...boundRanks(cross, edges, rank, 10_000, sp)], [...rank]);
  });

  test('leaves move first; a moved box pushes its successors along', () => {
    // 0 -> 1 -> 4, 0 -> 2, 0 -> 3: room for two boxes in rank 1; the leaves 2 and 3 are cheaper than 1.
    const edges: RankEdge[] = [...fan(3), { tail: 1, head: 4, label: 0 }];
    const r = boundRanks([50, 100, 100, 100, 100], edges, Int32Array.from([0, 1, 1, 1, 2]), 210 + 6, sp);
    assert.equal(r[1], 1, 'the box with a successor stays');
    assert.deepEqual([r[2], r[3]].sort(), [1, 2], 'one leaf moved on');
    assert.equal(r[4], 2);
    // Room for one box only: 1 must move too (2 and 3 go first), and 4 is pushed after it.
    const tight = boundRanks([50, 100, 100, 100, 100], edges, Int32Array.from([0, 1, 1, 1, 2]), 100, sp);
    for (const e of edges) assert.ok(tight[e.tail] < tight[e.head], `${e.tail} -> ${e.head} runs forward`);
    for (let k = 1; k <= Math.max(...tight); k++) assert.ok([...tight].filter((x) => x === k).length <= 1, `rank ${k} holds one box`);
  });

  test('the labels drawn before a rank count: three wide labels into one rank wrap it', () => {
    const edges = fan(3).map((e) => ({ ...e, label: 200 }));
    const r = boundRanks([40, 40, 40, 40], edges, Int32Array.from([0, 1, 1, 1]), 450, sp);
    assert.ok(new Set([r[1], r[2], r[3]]).size > 1, `labels 3 x 200 do not fit 450: ${[...r]}`);
    assert.deepEqual([...boundRanks([40, 40, 40, 40], fan(3), Int32Array.from([0, 1, 1, 1]), 450, sp)], [0, 1, 1, 1], 'without labels they fit');
  });
});

test('placeRank with a band: the rank stays within 0..band, as close as it can be', () => {
  const L: LNode[] = [0, 1].map(() => ({ width: 40, height: 20, rank: 0, dummy: false, up: [], down: [] }));
  const y = new Float64Array(2);
  placeRank(L, [0, 1], new Float64Array([-100, -100]), y, LAYERED, 200);
  assert.deepEqual([...y], [10, 10 + 20 + LAYERED.nodesep]);
  placeRank(L, [0, 1], new Float64Array([500, 500]), y, LAYERED, 200);
  assert.deepEqual([...y], [200 - 10 - 20 - LAYERED.nodesep, 190]);
});

test('layered with maxCross: a fan-out of eight fits the room across, no box overlaps another', () => {
  const nodes = Array.from({ length: 9 }, () => ({ width: 60, height: 100 }));
  const edges = Array.from({ length: 8 }, (_, i) => ({ from: 0, to: i + 1 }));
  const wide = layered({ nodes, edges });
  const fitted = layered({ nodes, edges }, { maxCross: 400, spacing: FIT_SPACING.TB });
  assert.ok(wide.height > 800, `unbounded: all eight side by side (${wide.height})`);
  assert.ok(fitted.height <= 400 + 2 * FIT_SPACING.TB.marginY, `bounded: ${fitted.height}`);
  for (let a = 0; a < 9; a++)
    for (let b = a + 1; b < 9; b++) {
      const [p, q] = [fitted.nodes[a], fitted.nodes[b]];
      assert.ok(Math.abs(p.x - q.x) >= 60 || Math.abs(p.y - q.y) >= 100, `${a} and ${b} overlap`);
    }
  for (const e of fitted.edges) assert.ok(e.points[0].x < e.points[e.points.length - 1].x, 'edges run forward');
});

function assertNoOverlap(l: Layout, what: string): void {
  for (let i = 0; i < l.nodes.length; i++)
    for (let j = i + 1; j < l.nodes.length; j++) {
      const a = l.nodes[i];
      const b = l.nodes[j];
      assert.ok(Math.abs(a.x - b.x) >= (a.width + b.width) / 2 || Math.abs(a.y - b.y) >= (a.height + b.height) / 2, `${what}: boxes ${i} and ${j} overlap`);
    }
}

describe('layoutGraph with fit', () => {
  // The default panel beside the editor (626 x 875 canvas) at the editor's 14 px: 566 layout units across.
  const cross = (626 - 16) / (14 / (NODE.font + 1));

  test('every bundled example, top to bottom, fits the width; boxes apart; edges run down; labels beside the box they feed', () => {
    for (const example of S.exampleFiles())
      for (const load of [1, 3]) {
        const view = buildGraphView(S.analyzeExample(example, load));
        for (const boxes of ['compact', 'id'] as const) {
          const what = `${example} ${load}x ${boxes}`;
          const l = layoutGraph(view, { direction: 'TB', boxes, fit: { cross } });
          assert.ok(l.width <= cross, `${what}: ${l.width} wide`);
          assertNoOverlap(l, what);
          const at = new Map(view.nodes.map((n, i) => [n.id, l.nodes[i]]));
          view.edges.forEach((e, i) => {
            if (e.inCycle || e.from === e.to) return;
            const [from, to] = [at.get(e.from)!, at.get(e.to)!];
            assert.ok(from.y < to.y, `${what}: ${e.id} runs down`);
            const label = l.edges[i].label;
            if (!label) return;
            // Just above the box it feeds, unless several labelled edges come into that box: then just below the tail.
            const fanIn = view.edges.filter((x) => x.to === e.to && edgeText(x, boxes) !== undefined).length > 1;
            if (fanIn) assert.ok(label.y > from.y + from.height / 2 && label.y < from.y + from.height / 2 + 40, `${what}: ${e.id}'s label sits just below ${e.from}`);
            else assert.ok(label.y > to.y - to.height / 2 - 40 && label.y < to.y - to.height / 2, `${what}: ${e.id}'s label sits just above ${e.to}`);
          });
          for (const n of l.nodes) assert.ok(n.x - n.width / 2 >= 0 && n.x + n.width / 2 <= l.width && n.y - n.height / 2 >= 0 && n.y + n.height / 2 <= l.height, `${what}: inside`);
        }
      }
  });

  test('mistakes: its five-way fan-out is wrapped (wider than the panel in the default layout, not fitted)', () => {
    const view = buildGraphView(S.analyzeExample('mistakes.veltrix.yaml'));
    assert.ok(layoutGraph(view, { direction: 'TB', figures: false }).width > cross);
    const l = layoutGraph(view, { direction: 'TB', boxes: 'compact', fit: { cross } });
    const rows = new Set(['card_only', 'big_refunds', 'debug_sample', 'payments_archive'].map((id) => l.nodes[view.nodes.findIndex((n) => n.id === id)].y));
    assert.ok(rows.size > 1, 'parse_json\'s children sit on more than one row');
  });

  test('fitted boxes: less padding, the same text; id boxes hold the id alone, their edges name route ports only', () => {
    const view = buildGraphView(S.analyzeExample('clickstream/clickstream.veltrix.yaml'));
    const plain = layoutGraph(view, { direction: 'TB', boxes: 'compact' });
    const fitted = layoutGraph(view, { direction: 'TB', boxes: 'compact', fit: { cross } });
    const ids = layoutGraph(view, { direction: 'TB', boxes: 'id', fit: { cross } });
    view.nodes.forEach((n, i) => {
      assert.equal(plain.nodes[i].height - fitted.nodes[i].height, 2 * (NODE.padY - NODE.fitPadY));
      assert.deepEqual(nodeLines(n, 'id'), nodeLines(n, 'compact').slice(0, 1));
      assert.equal(ids.nodes[i].height, NODE.lineHeight + 2 * NODE.fitPadY);
    });
    const route = view.edges.find((e) => e.port === 'page_view')!;
    assert.equal(edgeText(route, 'id'), 'page_view');
    assert.match(edgeText(route)!, /^page_view · /);
    assert.equal(edgeText(route, 'compact'), edgeText(route));
    assert.equal(edgeText(view.edges.find((e) => e.deadLetter)!, 'id'), undefined);
    assert.equal(edgeText(view.edges.find((e) => e.port === undefined && !e.deadLetter)!, 'id'), undefined);
  });

  test('tight: rows closer together, the same room across', () => {
    const view = buildGraphView(S.analyzeText(S.typicalPipeline(2, 12, 4, 2)));
    const normal = layoutGraph(view, { direction: 'TB', boxes: 'id', fit: { cross } });
    const tight = layoutGraph(view, { direction: 'TB', boxes: 'id', fit: { cross, tight: true } });
    assert.ok(tight.height < normal.height - 100, `${normal.height} -> ${tight.height}`);
    assert.ok(tight.width <= cross);
    assertNoOverlap(tight, 'tight');
  });

  test('along: a chain too tall for the panel folds into columns; edges still join their boxes', () => {
    const view = buildGraphView(S.analyzeText(S.typicalPipeline(2, 20, 1, 1)));
    const along = 797;
    const tall = layoutGraph(view, { direction: 'TB', boxes: 'compact', fit: { cross } });
    const folded = layoutGraph(view, { direction: 'TB', boxes: 'compact', fit: { cross, along } });
    assert.ok(tall.height > 2 * along, `${tall.height}`);
    assert.ok(folded.height <= along && folded.width <= cross, `${folded.width}x${folded.height}`);
    assert.ok(new Set(folded.nodes.map((n) => Math.round(n.x / 100))).size >= 3, 'boxes in several columns');
    assertNoOverlap(folded, 'folded');
    const inside = (p: { x: number; y: number }, n: { x: number; y: number; width: number; height: number }) => Math.abs(p.x - n.x) <= n.width / 2 + 0.5 && Math.abs(p.y - n.y) <= n.height / 2 + 0.5;
    const at = new Map(view.nodes.map((n, i) => [n.id, folded.nodes[i]]));
    view.edges.forEach((e, i) => {
      const pts = folded.edges[i].points;
      assert.ok(inside(pts[0], at.get(e.from)!) && inside(pts[pts.length - 1], at.get(e.to)!), `${e.id} starts and ends on its boxes`);
      for (const p of pts) assert.ok(p.x >= 0 && p.x <= folded.width && p.y >= 0 && p.y <= folded.height, `${e.id} stays inside`);
    });
    // Nothing to fold: the same layout; too wide to fold: the same layout.
    assert.equal(foldColumns(tall, tall.height, cross), tall);
    assert.equal(foldColumns(tall, along, tall.width + 10), tall);
  });

  test('deterministic, and cached by the room across', () => {
    const view = buildGraphView(S.analyzeExample('mistakes.veltrix.yaml'));
    const a = layoutGraph(view, { direction: 'TB', boxes: 'compact', fit: { cross } });
    assert.deepEqual(layoutGraph(view, { direction: 'TB', boxes: 'compact', fit: { cross } }), a);
    assert.notDeepEqual(layoutGraph(view, { direction: 'TB', boxes: 'compact', fit: { cross: 300 } }), a);
  });
});

// The named phases of the layered layout and of buildGraphView, each tested
// on its own (issue 13, item 4: the two functions nobody could change safely).
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { assignRanks, breakCycles, countCrossings, layered, layeredGraph, orderLayers, placeRank, placeX, placeY, LAYERED, type LNode } from '../../core/src/graph-view/layered';
import { assignBadges, componentNodes, danglingReferences, deadLetterEdges, EdgeList, inputEdges, modelSummary } from '../../core/src/graph-view/model';
import * as S from './samples';

const box = { width: 40, height: 20 };
const boxes = (n: number) => Array.from({ length: n }, () => ({ ...box }));

describe('layered layout phases', () => {
  test('breakCycles reverses exactly the back edge of a cycle, never a self-loop', () => {
    const edges = [
      { from: 0, to: 1 },
      { from: 1, to: 2 },
      { from: 2, to: 0 },
      { from: 2, to: 2 },
    ];
    assert.deepEqual([...breakCycles(3, edges)], [0, 0, 1, 0]);
    assert.deepEqual([...breakCycles(3, edges.slice(0, 2))], [0, 0]);
  });

  test('assignRanks: longest path; a source sits just before its nearest successor', () => {
    // 0 -> 1 -> 2 -> 3, and a second source 4 -> 3: 4 moves to rank 2.
    const edges = [
      { from: 0, to: 1 },
      { from: 1, to: 2 },
      { from: 2, to: 3 },
      { from: 4, to: 3 },
      { from: 0, to: 3 },
    ];
    assert.deepEqual([...assignRanks(5, edges, breakCycles(5, edges))], [0, 1, 2, 3, 2]);
  });

  test('layeredGraph: ranks doubled, a dummy per crossed rank, the first carries the label', () => {
    const input = { nodes: boxes(3), edges: [{ from: 0, to: 1 }, { from: 1, to: 2 }, { from: 0, to: 2, label: { width: 30, height: 14 } }] };
    const reversed = breakCycles(3, input.edges);
    const g = layeredGraph(input, assignRanks(3, input.edges, reversed), reversed);
    assert.deepEqual(g.nodes.slice(0, 3).map((n) => n.rank), [0, 2, 4]);
    assert.equal(g.maxRank, 4);
    assert.equal(g.chains[2].length, 5); // 0, three dummies, 2
    const firstDummy = g.nodes[g.chains[2][1]];
    assert.deepEqual([firstDummy.dummy, firstDummy.width, firstDummy.height], [true, 30, 14]);
    assert.equal(g.nodes[g.chains[2][2]].width, 0);
  });

  const lnode = (rank: number, down: number[] = [], up: number[] = []): LNode => ({ width: 40, height: 20, rank, dummy: false, up, down });

  test('countCrossings counts the crossing of a swapped pair, and none when untangled', () => {
    // a0 -> b1, a1 -> b0 cross once.
    const L = [lnode(0, [3]), lnode(0, [2]), lnode(1, [], [1]), lnode(1, [], [0])];
    const pos = new Float64Array([0, 1, 0, 1]);
    assert.equal(countCrossings(L, [[0, 1], [2, 3]], pos), 1);
    assert.equal(countCrossings(L, [[0, 1], [3, 2]], new Float64Array([0, 1, 1, 0])), 0);
  });

  test('orderLayers untangles the swapped pair', () => {
    const input = { nodes: boxes(4), edges: [{ from: 0, to: 3 }, { from: 1, to: 2 }, { from: 0, to: 2 }] };
    const reversed = breakCycles(4, input.edges);
    const g = layeredGraph(input, assignRanks(4, input.edges, reversed), reversed);
    const layers = orderLayers(g, 4);
    const pos = new Float64Array(g.nodes.length);
    layers.forEach((l) => l.forEach((v, i) => (pos[v] = i)));
    assert.equal(countCrossings(g.nodes, layers, pos), 0);
  });

  test('placeRank keeps order and spacing and is as close as it can be to the wanted positions', () => {
    const L = [lnode(0), lnode(0), lnode(0)];
    const y = new Float64Array(3);
    placeRank(L, [0, 1, 2], new Float64Array([0, 0, 100]), y);
    const gap = 20 + LAYERED.nodesep;
    // The first two want the same place: they share it around 0, the third is free.
    assert.deepEqual([...y], [-gap / 2, gap / 2, 100]);
  });

  test('placeY: a chain comes out straight; placeX: columns as wide as their widest box', () => {
    const L = [lnode(0, [1]), lnode(1, [2], [0]), lnode(2, [], [1])];
    const y = placeY(L, [[0], [1], [2]]);
    assert.equal(y[0], y[1]);
    assert.equal(y[1], y[2]);
    L[1].width = 100;
    const { colX, width } = placeX(L, 2);
    assert.equal(colX[1] - colX[0], 20 + LAYERED.ranksep + 50);
    assert.equal(width, LAYERED.marginX * 2 + 40 + 100 + 40 + 2 * LAYERED.ranksep);
  });

  test('layered: no two boxes overlap, edges start and end on their boxes', () => {
    const input = { nodes: boxes(6), edges: [{ from: 0, to: 1 }, { from: 0, to: 2 }, { from: 1, to: 3 }, { from: 2, to: 3 }, { from: 3, to: 0 }, { from: 4, to: 5 }, { from: 5, to: 5 }] };
    const out = layered(input);
    for (let a = 0; a < 6; a++)
      for (let b = a + 1; b < 6; b++) {
        const [p, q] = [out.nodes[a], out.nodes[b]];
        assert.ok(Math.abs(p.x - q.x) >= box.width || Math.abs(p.y - q.y) >= box.height, `${a} and ${b} overlap`);
      }
    const e = out.edges[0];
    assert.equal(e.points[0].x, out.nodes[0].x + box.width / 2);
    assert.equal(e.points[e.points.length - 1].x, out.nodes[1].x - box.width / 2);
  });
});

describe('buildGraphView phases', () => {
  const a = S.analyzeText(S.DANGLING);
  const files = new Map(a.ws.files.map((f) => [f.uri, f]));

  test('componentNodes: one node per component with its position, in topological order', () => {
    const { nodes, byId, spans } = componentNodes(a, files);
    assert.deepEqual(nodes.map((n) => n.id), a.graph.order);
    assert.equal(byId.get('src')!.kind, 'source');
    assert.equal(byId.get('src')!.line, 4);
    assert.equal(spans.length, nodes.length);
    assert.equal(byId.get('src')!.inputRate, a.capacity!.components.find((f) => f.id === 'src')!.inputRate);
  });

  test('inputEdges carry the model edge rates; danglingReferences one ghost per unknown name', () => {
    const edges = new EdgeList();
    inputEdges(a.graph, a.capacity, edges);
    assert.equal(edges.list.length, a.graph.edges.length);
    edges.list.forEach((e, k) => assert.equal(e.rate, a.capacity!.edges[k].rate));
    const { byId } = componentNodes(a, files);
    const ghosts = danglingReferences(a.graph, byId, files, a.ws.main.uri, edges);
    assert.deepEqual(ghosts.map((g) => g.id).sort(), ['?nothing_*', '?srcc']);
    const routeGhost = edges.list.find((e) => e.ghost && e.from === 'router');
    assert.equal(routeGhost?.port, 'zzz');
    assert.equal(routeGhost?.dangling?.reason, 'unknown-route');
  });

  test('EdgeList gives repeated edges distinct ids; deadLetterEdges draws only valid sink targets', () => {
    const list = new EdgeList();
    const base = { from: 'a', to: 'b', wildcard: false, inCycle: false, ghost: false, onCriticalPath: false };
    assert.equal(list.add(base, 'a>b').id, 'a>b');
    assert.equal(list.add(base, 'a>b').id, 'a>b~2');
    const dl = S.analyzeText(`veltrix: 1\npipeline: {name: d}\nsources:\n  s: {type: generator}\nsinks:\n  o: {type: s3, bucket: b, inputs: [s], dead_letter: q}\n  q: {type: s3, bucket: q}\n  bad: {type: s3, bucket: x, inputs: [s], dead_letter: s}\n`);
    const edges = new EdgeList();
    deadLetterEdges(dl.graph, edges);
    assert.deepEqual(edges.list.map((e) => `${e.from}>${e.to}`), ['o>q']);
  });

  test('assignBadges: a finding goes to the innermost definition containing it, the rest are general', () => {
    const { nodes, spans } = componentNodes(a, files);
    const { totals, general } = assignBadges(a.findings, nodes, spans, files);
    const keep = nodes.find((n) => n.id === 'keep')!;
    assert.ok(keep.badges.errors >= 2, JSON.stringify(keep.badges));
    assert.equal(totals.errors + totals.warnings + totals.infos, a.findings.length);
    const onNodes = nodes.reduce((s, n) => s + n.badges.errors + n.badges.warnings + n.badges.infos, 0);
    assert.equal(onNodes + general.length, a.findings.length);
  });

  test('modelSummary copies the model: saturates first, budget, SLO verdicts', () => {
    const m = modelSummary(a.capacity!);
    assert.equal(m.saturatesFirst, a.capacity!.breaksFirst);
    assert.equal(m.memoryBudgetBytes, a.capacity!.memoryBudgetBytes);
    assert.equal(m.slo, undefined);
  });
});

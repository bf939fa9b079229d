// Layout: the per-part cache, and the layered layout used for big parts.
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { GraphView, ViewEdge, ViewNode } from '../../core/src/graph-view/model';
import { clearLayoutCache, engineFor, layoutCacheStats, layoutGraph, type Layout } from '../../core/src/graph-view/layout';
import { layered } from '../../core/src/graph-view/layered';
import { edgeText, textWidth } from '../../core/src/graph-view/labels';
import { EDGE_LABEL } from '../../core/src/graph-view/layout';

function node(id: string, kind: ViewNode['kind'] = 'processor', type = 'filter'): ViewNode {
  return { id, kind, type, line: 0, character: 0, endLine: 0, badges: { errors: 0, warnings: 0, infos: 0, messages: [] }, onCriticalPath: false, isBottleneck: false };
}

function edge(from: string, to: string, port?: string): ViewEdge {
  const e: ViewEdge = { id: `${from}>${to}${port ? `#${port}` : ''}`, from, to, wildcard: false, inCycle: false, ghost: false, onCriticalPath: false };
  if (port) {
    e.port = port;
    e.label = port;
  }
  return e;
}

function view(nodes: ViewNode[], edges: ViewEdge[]): GraphView {
  return { version: 1, uri: 'file:///t.veltrix.yaml', load: 1, nodes, edges, cycles: [], totals: { errors: 0, warnings: 0, infos: 0 }, general: [] };
}

/** A small pipeline `p`: source -> n processors in a row -> sink. */
function group(p: string, n: number): { nodes: ViewNode[]; edges: ViewEdge[] } {
  const nodes = [node(`${p}_in`, 'source', 'kafka')];
  const edges: ViewEdge[] = [];
  for (let i = 0; i < n; i++) {
    nodes.push(node(`${p}_${i}`));
    edges.push(edge(nodes[nodes.length - 2].id, nodes[nodes.length - 1].id));
  }
  nodes.push(node(`${p}_out`, 'sink', 's3'));
  edges.push(edge(nodes[nodes.length - 2].id, nodes[nodes.length - 1].id));
  return { nodes, edges };
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return Math.abs(a.x - b.x) < (a.width + b.width) / 2 && Math.abs(a.y - b.y) < (a.height + b.height) / 2;
}

function assertNoOverlaps(laid: Layout): void {
  const order = laid.nodes.map((_, i) => i).sort((a, b) => laid.nodes[a].x - laid.nodes[b].x);
  // Sweep by x: only boxes whose x ranges meet are compared.
  for (let k = 0; k < order.length; k++) {
    const a = laid.nodes[order[k]];
    for (let j = k + 1; j < order.length && laid.nodes[order[j]].x - laid.nodes[order[j]].width / 2 < a.x + a.width / 2; j++)
      assert.ok(!overlaps(a, laid.nodes[order[j]]), `nodes ${order[k]} and ${order[j]} overlap`);
  }
}

describe('layout cache per connected part', () => {
  test('only the part whose structure changed is laid out again; parts that look alike share a layout', () => {
    clearLayoutCache();
    const a = group('a', 3);
    const b = group('b', 5);
    const c = group('c', 7);
    const v1 = view([...a.nodes, ...b.nodes, ...c.nodes], [...a.edges, ...b.edges, ...c.edges]);
    const first = layoutGraph(v1, { engine: 'dagre' });
    assert.deepEqual(layoutCacheStats().misses, 3);
    assert.deepEqual(layoutCacheStats().hits, 0);

    // Same structure, new figures that keep the box sizes: everything from the cache, same picture.
    const v2 = structuredClone(v1);
    v2.nodes[1].description = 'changed';
    assert.deepEqual(layoutGraph(v2, { engine: 'dagre' }), first);
    assert.deepEqual(layoutCacheStats(), { hits: 3, misses: 3, size: 3 });

    // A wider box in part b: b is laid out again, a and c come from the cache.
    const v3 = structuredClone(v1);
    const bi = v3.nodes.findIndex((n) => n.id === 'b_2');
    v3.nodes[bi].type = 'a_much_longer_type_name_here';
    const third = layoutGraph(v3, { engine: 'dagre' });
    assert.equal(layoutCacheStats().misses, 4);
    assert.equal(layoutCacheStats().hits, 5);
    assert.ok(third.nodes[bi].width > first.nodes[bi].width);
    // Part a is packed first: it does not move at all.
    for (let i = 0; i < a.nodes.length; i++) assert.deepEqual(third.nodes[i], first.nodes[i]);

    // Two parts of the same shape with other ids: one layout, reused.
    clearLayoutCache();
    const x = group('x', 4);
    const y = group('y', 4);
    const same = layoutGraph(view([...x.nodes, ...y.nodes], [...x.edges, ...y.edges]), { engine: 'dagre' });
    assert.deepEqual(layoutCacheStats(), { hits: 1, misses: 1, size: 1 });
    // The copies are independent objects (changing one never changes the cache).
    same.nodes[0].x = -999;
    const again = layoutGraph(view([...x.nodes, ...y.nodes], [...x.edges, ...y.edges]), { engine: 'dagre' });
    assert.notEqual(again.nodes[0].x, -999);
  });
});

describe('layered layout (big parts)', () => {
  /** One connected part: a chain with route fan-outs, plain fan-outs, dead letters and long edges. */
  function bigPart(n: number): GraphView {
    const nodes = [node('src', 'source', 'kafka')];
    const edges: ViewEdge[] = [];
    let prev = 'src';
    let port: string | undefined;
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 1; nodes.length < n; i++) {
      const id = `p${i}`;
      nodes.push(node(id, 'processor', i % 10 === 0 ? 'route' : 'filter'));
      edges.push(edge(prev, id, port));
      port = undefined;
      if (i % 10 === 0) {
        nodes.push(node(`${id}_out`, 'sink', 's3'));
        edges.push(edge(id, `${id}_out`, 'side'));
        edges.push(edge(id, `${id}_out`, '_unmatched'));
        port = 'main';
      } else if (i % 7 === 0) {
        nodes.push(node(`${id}_copy`, 'sink', 's3'));
        edges.push(edge(id, `${id}_copy`));
        if (nodes.some((x) => x.id === `p${i - 7}_copy`)) edges.push({ ...edge(`${id}_copy`, `p${i - 7}_copy`), deadLetter: true, label: 'dead letter' });
      }
      // Now and then a long edge forward (a join of an earlier stage).
      if (i > 12 && rand() < 0.1) edges.push(edge(`p${i - 1 - Math.floor(rand() * 10)}`, id));
      prev = id;
    }
    return view(nodes, edges);
  }

  test('is chosen for big parts and big views', () => {
    assert.equal(engineFor(10, 100), 'dagre');
    assert.equal(engineFor(400, 400), 'layered');
    assert.equal(engineFor(10, 1000), 'layered');
  });

  test('no overlapping nodes, edges go left to right from border to border, labels beside the boxes', () => {
    const v = bigPart(400);
    const laid = layoutGraph(v);
    assert.equal(laid.nodes.length, v.nodes.length);
    assertNoOverlaps(laid);
    const index = new Map(v.nodes.map((n, i) => [n.id, i]));
    let labelled = 0;
    v.edges.forEach((e, i) => {
      const pts = laid.edges[i].points;
      const from = laid.nodes[index.get(e.from)!];
      const to = laid.nodes[index.get(e.to)!];
      assert.ok(pts.length >= 2, `edge ${e.id} has a path`);
      for (let k = 1; k < pts.length; k++) assert.ok(pts[k].x >= pts[k - 1].x, `edge ${e.id} goes left to right`);
      if (e.deadLetter) return; // between sinks, may go either way vertically; still left to right (checked above)
      assert.equal(pts[0].x, from.x + from.width / 2);
      assert.equal(pts[0].y, from.y);
      assert.equal(pts[pts.length - 1].x, to.x - to.width / 2);
      assert.ok(to.x > from.x);
      const text = edgeText(e);
      if (text === undefined) return;
      labelled++;
      const l = laid.edges[i].label;
      assert.ok(l, `edge ${e.id} has a label position`);
      const box = { x: l.x, y: l.y, width: textWidth(text, EDGE_LABEL.font) + EDGE_LABEL.pad, height: EDGE_LABEL.height };
      for (const nb of laid.nodes) assert.ok(!overlaps(box, nb), `label of ${e.id} is clear of the boxes`);
    });
    assert.ok(labelled > 50);
    // Parallel route outputs between the same two nodes get separate labels.
    const side = laid.edges[v.edges.findIndex((e) => e.id === 'p10>p10_out#side')].label!;
    const unmatched = laid.edges[v.edges.findIndex((e) => e.id === 'p10>p10_out#_unmatched')].label!;
    assert.ok(Math.abs(side.y - unmatched.y) >= EDGE_LABEL.height, 'parallel labels do not overlap');
    // Deterministic.
    clearLayoutCache();
    assert.deepEqual(layoutGraph(v), laid);
  });

  test('cycles and self-loops: laid out, no overlaps, cycle edges drawn back', () => {
    const r = layered({
      nodes: Array.from({ length: 6 }, () => ({ width: 120, height: 48 })),
      edges: [
        { from: 0, to: 1 },
        { from: 1, to: 2, label: { width: 40, height: 16 } },
        { from: 2, to: 0 },
        { from: 3, to: 3 },
        { from: 2, to: 4 },
        { from: 4, to: 5 },
        { from: 5, to: 4 },
      ],
    });
    const boxes = r.nodes.map((p) => ({ ...p, width: 120, height: 48 }));
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) assert.ok(!overlaps(boxes[i], boxes[j]), `${i} and ${j}`);
    // 2 -> 0 closes a cycle: it ends at 0 (on its right border), drawn right to left.
    const back = r.edges[2].points;
    assert.equal(back[back.length - 1].x, boxes[0].x + 60);
    assert.ok(back[0].x >= back[back.length - 1].x);
    assert.ok(r.edges[3].points.length >= 2, 'self-loop drawn');
    assert.ok(r.edges[1].label);
  });
});

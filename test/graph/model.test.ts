// The graph view model (spec section 8): from clean examples and broken files.
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { buildGraphView, type GraphView } from '../../core/src/graph-view/model';
import * as S from './samples';

const node = (v: GraphView, id: string) => {
  const n = v.nodes.find((x) => x.id === id);
  assert.ok(n, `node ${id} in ${v.nodes.map((x) => x.id).join(', ')}`);
  return n;
};
const edge = (v: GraphView, from: string, to: string, port?: string) => {
  const e = v.edges.find((x) => x.from === from && x.to === to && x.port === port);
  assert.ok(e, `edge ${from} -> ${to}${port ? `.${port}` : ''}`);
  return e;
};

describe('graph view model', () => {
  test('orders example: every component, input edges, route ports, rates, model summary', () => {
    const a = S.analyzeExample('orders.veltrix.yaml');
    const v = buildGraphView(a);
    assert.equal(v.version, 1);
    assert.equal(v.name, 'orders');
    assert.equal(v.nodes.length, 12);
    assert.ok(v.nodes.every((n) => n.kind !== 'ghost'));
    const inputEdges = v.edges.filter((e) => !e.deadLetter);
    assert.equal(inputEdges.length, 10);
    assert.equal(v.edges.filter((e) => e.deadLetter).length, 4);
    assert.ok(v.edges.every((e) => !e.ghost && !e.inCycle));
    assert.equal(node(v, 'orders_in').kind, 'source');
    assert.equal(node(v, 'by_region').kind, 'processor');
    assert.equal(node(v, 'orders_dlq').kind, 'sink');
    assert.equal(node(v, 'orders_in').line, 54);
    // Route outputs are labelled edges with the modelled share of the rate.
    const eu = edge(v, 'by_region', 'orders_eu_pg', 'eu');
    assert.match(eu.label!, /^eu · 2\.0k\/s$/);
    assert.match(edge(v, 'by_region', 'orders_unrouted_s3', '_unmatched').label!, /^_unmatched · 186\/s$/);
    assert.equal(edge(v, 'orders_in', 'valid_orders').label, '4k/s');
    // Model figures and the summary (the file's comments work them out by hand).
    const wc = node(v, 'with_customer');
    assert.ok(Math.abs(wc.utilization! - 0.391) < 0.001);
    assert.equal(wc.isBottleneck, false, 'a 39% stage is not drawn as a bottleneck');
    assert.equal(v.model?.saturatesFirst, 'with_customer');
    assert.deepEqual(v.model?.criticalPath, ['orders_in', 'valid_orders', 'dedupe_orders', 'normalise', 'revenue_per_minute', 'revenue_es']);
    assert.ok(node(v, 'revenue_es').onCriticalPath);
    assert.ok(!node(v, 'with_customer').onCriticalPath);
    assert.ok(edge(v, 'normalise', 'revenue_per_minute').onCriticalPath);
    assert.equal(v.model?.slo?.latencyOk, true);
    assert.equal(v.model?.slo?.throughputOk, true);
    assert.equal(v.model?.memoryBudgetBytes, 1024 ** 3);
    assert.deepEqual(v.totals, { errors: 0, warnings: 0, infos: 0 });
    // Plain data: survives JSON.
    assert.deepEqual(JSON.parse(JSON.stringify(v)), v);
  });

  test('load factor scales the modelled rates on edges', () => {
    const v = buildGraphView(S.analyzeExample('orders.veltrix.yaml', 2), { load: 2 });
    assert.equal(v.load, 2);
    assert.equal(edge(v, 'orders_in', 'valid_orders').label, '8k/s');
  });

  test('every example builds a view; imported components name their file', () => {
    for (const rel of S.exampleFiles()) {
      const v = buildGraphView(S.analyzeExample(rel));
      assert.ok(v.nodes.length > 0, rel);
      for (const e of v.edges) {
        assert.ok(v.nodes.some((n) => n.id === e.from), `${rel}: edge from ${e.from}`);
        assert.ok(v.nodes.some((n) => n.id === e.to), `${rel}: edge to ${e.to}`);
      }
    }
    const v = buildGraphView(S.analyzeHostile());
    assert.equal(node(v, 'frag_proc').file, S.FRAG_NAME);
    assert.equal(node(v, 'src').file, undefined);
  });

  test('dangling references become ghost nodes and ghost edges, with badges on the consumer', () => {
    const v = buildGraphView(S.analyzeText(S.DANGLING));
    const ghosts = v.nodes.filter((n) => n.kind === 'ghost').map((n) => n.id).sort();
    assert.deepEqual(ghosts, ['?nothing_*', '?srcc']);
    assert.equal(node(v, '?srcc').ghostReason, 'unknown id');
    assert.equal(node(v, '?nothing_*').ghostReason, 'wildcard matches nothing');
    assert.equal(node(v, '?srcc').line, 16, 'a ghost points at the reference');
    assert.ok(edge(v, '?srcc', 'keep').ghost);
    // An unknown route of an existing router: a flagged edge from the router, no ghost node.
    const zzz = edge(v, 'router', 'keep', 'zzz');
    assert.ok(zzz.ghost);
    assert.equal(zzz.label, 'zzz');
    const keep = node(v, 'keep');
    assert.equal(keep.badges.errors, 2); // VX100, VX105
    assert.equal(keep.badges.warnings, 1); // VX108
    assert.deepEqual(keep.badges.messages.map((m) => m.code).sort(), ['VX100', 'VX105', 'VX108']);
    assert.equal(keep.badges.messages[keep.badges.messages.length - 1].severity, 'warning', 'most severe first');
    assert.equal(v.nodes.length, 6);
    assert.equal(v.edges.length, 8);
  });

  test('cycle edges are flagged, self-loops included; others are not', () => {
    const v = buildGraphView(S.analyzeText(S.CYCLE));
    const inCycle = v.edges.filter((e) => e.inCycle).map((e) => `${e.from}>${e.to}`).sort();
    assert.deepEqual(inCycle, ['a>b', 'b>c', 'c>a', 'self>self']);
    assert.equal(edge(v, 'src', 'a').inCycle, false);
    assert.equal(edge(v, 'c', 'out').inCycle, false);
    assert.ok(node(v, 'a').badges.errors >= 1 || node(v, 'c').badges.errors >= 1, 'VX102 is a badge on a cycle member');
    assert.equal(v.model, undefined, 'no rates, no model');
  });

  test('overloaded stage: bottleneck, utilisation >= 1, SLO comparison fails', () => {
    const v = buildGraphView(S.analyzeText(S.OVERLOADED));
    const slow = node(v, 'slow');
    assert.ok(slow.utilization! >= 1);
    assert.ok(slow.isBottleneck);
    assert.ok(slow.badges.errors >= 1, 'VX300 badge');
    assert.ok(slow.badges.messages.some((m) => m.code === 'VX300'));
    assert.equal(node(v, 'warm').isBottleneck, false);
    assert.equal(v.model?.saturatesFirst, 'slow');
    assert.equal(v.model?.slo?.throughputOk, false);
    assert.equal(v.model?.slo?.latencyOk, false);
    assert.ok(v.general.some((m) => m.code === 'VX305'), 'pipeline-level findings are listed apart');
  });

  test('a file that does not parse still gives a (partial) view without throwing', () => {
    const a = S.analyzeText(S.SYNTAX_ERROR);
    assert.ok(a.findings.some((f) => f.code === 'VX001'));
    const v = buildGraphView(a);
    assert.ok(v.totals.errors > 0);
    assert.deepEqual(JSON.parse(JSON.stringify(v)), v);
  });

  test('an empty or non-pipeline text gives an empty view', () => {
    for (const text of ['', 'foo: bar\n', 'veltrix: 1\n', '- 1\n- 2\n']) {
      const v = buildGraphView(S.analyzeText(text));
      assert.equal(v.nodes.length, 0, JSON.stringify(text));
      assert.equal(v.edges.length, 0);
    }
  });
});

test('nodeAtLine maps a cursor line to the component defined there', async () => {
  const { nodeAtLine } = await import('../../core/src/graph-view/model');
  const v = buildGraphView(S.analyzeExample('orders.veltrix.yaml'));
  assert.equal(nodeAtLine(v, v.uri, 93)?.id, 'with_customer');
  assert.equal(nodeAtLine(v, v.uri, 100)?.id, 'with_customer');
  assert.equal(nodeAtLine(v, v.uri, 2), undefined);
  assert.equal(nodeAtLine(v, 'file:///elsewhere', 93), undefined);
});

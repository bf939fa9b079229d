// Every kind of edit through the incremental paths (core/src/incremental.ts):
// random sequences of edits to random deep DAGs (bench/generate-dag.ts) —
// inputs rewired, ids renamed (duplicates included), types changed, values
// the model reads, expressions that change a map's output types, a syntax
// error left in one component — each analysed with the cache of the previous
// version and compared with a fresh analysis of the same text: findings,
// model, graph and flow must be the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AnalysisCache, analyzePipeline, loadWorkspace, type Analysis } from '../../core/src/index';
import { tryReuse, type Reuse } from '../../core/src/incremental';
import type { FileHost } from '../../core/src/types';
import { generateRandomDag } from '../../bench/generate-dag';
import { generatePipeline } from '../../bench/generate';
import { applyEdit, textOf, toDoc } from '../helpers/dag-edits';

const host: FileHost = { readFile: () => undefined };

function summary(a: Analysis) {
  const fields = (m: Map<string, Map<string, string> | undefined>) => [...m].map(([id, f]) => [id, f && [...f]]);
  return {
    findings: a.findings,
    capacity: a.capacity,
    edges: a.graph.edges.map((e) => [e.from, e.to, e.port, e.ref.node.start]),
    dangling: a.graph.dangling.map((d) => [d.consumer.id, d.ref.text, d.ref.node.start, d.reason]),
    order: a.graph.order,
    cycles: a.graph.cycles,
    input: fields(a.flow.input),
    output: fields(a.flow.output),
  };
}

const edit = fc.record({
  kind: fc.constantFrom('inputs', 'inputs', 'rename', 'type', 'value', 'value', 'expr', 'break', 'drop-line'),
  at: fc.nat(400),
  pick: fc.nat(400),
  value: fc.nat(50),
});

/** Which path tryReuse chose for `text` after the analysis in `cache`: none, text (all reused), values (model again), graph (graph again). */
function pathOf(cache: AnalysisCache, uri: string, text: string): 'none' | 'text' | 'values' | 'graph' {
  const reuse: Reuse | undefined = tryReuse(cache.snapshot(uri, 'true|1'), loadWorkspace(uri, text, host, cache), 'true|1', undefined);
  if (!reuse) return 'none';
  return !reuse.graph ? 'graph' : reuse.structural ? 'text' : 'values';
}

test('random edit sequences on random DAGs: the incremental analysis equals a fresh one after every edit', () => {
  const paths = { none: 0, text: 0, values: 0, graph: 0 };
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1000 }), fc.boolean(), fc.array(edit, { minLength: 1, maxLength: 8 }), (seed, errors, edits) => {
      const uri = `file:///dag/seq${seed}.veltrix.yaml`;
      const doc = toDoc(generateRandomDag(60, { seed, errors }).text);
      const cache = new AnalysisCache();
      analyzePipeline(uri, textOf(doc), { host, cache });
      for (const e of edits) {
        applyEdit(doc, e);
        const text = textOf(doc);
        paths[pathOf(cache, uri, text)]++;
        const incremental = analyzePipeline(uri, text, { host, cache });
        const fresh = analyzePipeline(uri, text, { host, cache: new AnalysisCache() });
        assert.deepEqual(summary(incremental), summary(fresh), JSON.stringify(e));
      }
    }),
    { numRuns: 150, seed: 18 },
  );
  // The property exercises each path, the graph path above all.
  assert.ok(paths.graph > 150 && paths.values > 20 && paths.text > 50, JSON.stringify(paths));
});

test('an inputs edit and an id edit take the graph path; the flow and the model are recomputed downstream only, the delivery findings kept', () => {
  const g = generatePipeline(300, { errors: true });
  const uri = 'file:///bench/graph-path.veltrix.yaml';
  const lines = g.text.split('\n');
  const edits: Array<[string, (l: string[]) => void]> = [
    ['inputs', (l) => (l[g.editLine - 1] = l[g.editLine - 1].replace(']', ', g0_in]'))],
    ['id', (l) => (l[g.editLine - 3] = l[g.editLine - 3].replace('_valid:', '_validx:'))],
  ];
  for (const [name, change] of edits) {
    const cache = new AnalysisCache();
    const before = analyzePipeline(uri, g.text, { host, cache });
    const copy = [...lines];
    change(copy);
    const after = copy.join('\n');
    assert.equal(pathOf(cache, uri, after), 'graph', name);
    // The delivery rules do not read the graph: the other components' delivery findings are kept.
    const reuse = tryReuse(cache.snapshot(uri, 'true|1'), loadWorkspace(uri, after, host, cache), 'true|1', undefined);
    assert.ok(reuse?.delivery, `${name}: delivery findings kept`);
    const incremental = analyzePipeline(uri, after, { host, cache });
    const fresh = analyzePipeline(uri, after, { host, cache: new AnalysisCache() });
    assert.deepEqual(summary(incremental), summary(fresh), name);
    // Far from the edit (group 0 of 30), the field sets and the figures are the previous objects.
    assert.equal(incremental.flow.output.get('g0_shape'), before.flow.output.get('g0_shape'), `${name}: flow reused upstream`);
    const figures = (a: Analysis, id: string) => a.capacity!.components.find((f) => f.id === id);
    assert.equal(figures(incremental, 'g0_shape'), figures(before, 'g0_shape'), `${name}: figures reused`);
  }
});

type LineEdit = [name: string, change: (lines: string[]) => void, codes: string[]];

/**
 * Each edit of the 30-component generated file on a cache of the original: it takes the topology path `kind`, its
 * analysis equals a fresh one, each of `codes` is found more often than before, and undoing it gives the original's.
 */
function topologyPathEdits(kind: 'inputs' | 'id', edits: (at: (re: RegExp) => number) => LineEdit[]): void {
  const g = generatePipeline(30, { errors: true });
  const uri = `file:///bench/${kind}-path.veltrix.yaml`;
  const lines = g.text.split('\n');
  const at = (re: RegExp) => {
    const i = lines.findIndex((l) => re.test(l));
    assert.ok(i > 0, `a line ${re}`);
    return i;
  };
  const count = (a: Analysis, code: string) => a.findings.filter((f) => f.code === code).length;
  for (const [name, change, codes] of edits(at)) {
    const cache = new AnalysisCache();
    const before = analyzePipeline(uri, g.text, { host, cache });
    const copy = [...lines];
    change(copy);
    const after = copy.join('\n');
    const reuse = tryReuse(cache.snapshot(uri, 'true|1'), loadWorkspace(uri, after, host, cache), 'true|1', undefined);
    assert.equal(reuse?.topologyAround?.kind, kind, `${name}: the ${kind} path`);
    const incremental = analyzePipeline(uri, after, { host, cache });
    assert.deepEqual(summary(incremental), summary(analyzePipeline(uri, after, { host, cache: new AnalysisCache() })), name);
    for (const code of codes) assert.ok(count(incremental, code) > count(before, code), `${name}: a new ${code}`);
    assert.deepEqual(summary(analyzePipeline(uri, g.text, { host, cache })), summary(before), `${name}, undone`);
  }
}

test("an edit of one component's inputs alone keeps the other topology findings and checks its references, the cycles and the components named again", () => {
  topologyPathEdits('inputs', (at) => {
    const sinkInputs = at(/^ {4}inputs: \[g1_dedup\]$/);
    const shapeInputs = at(/^ {4}inputs: \[g1_valid\]$/);
    return [
      // A sink loses its inputs: VX010 on it, and what fed it is consumed by nothing (VX106).
      ['sink without inputs', (l) => l.splice(sinkInputs, 1), ['VX010', 'VX106']],
      // A reference that names nothing (VX100), and the component it named is no longer consumed (VX106).
      ['dangling reference', (l) => (l[shapeInputs] = '    inputs: [g1_validd]'), ['VX100', 'VX106']],
      // The component lists itself: a cycle (VX102).
      ['self-loop', (l) => (l[shapeInputs] = '    inputs: [g1_valid, g1_shape]'), ['VX102']],
    ];
  });
});

test('the rename of one component alone keeps the other topology findings and checks references, cycles, dead letters and its own again', () => {
  topologyPathEdits('id', (at) => {
    const valid = at(/^ {2}g1_valid:$/);
    const dlq = at(/^ {2}g1_dlq:$/);
    return [
      // Its consumer's reference dangles (VX100) and nothing consumes it any more (VX106).
      ['a processor renamed', (l) => (l[valid] = '  g1_validx:'), ['VX100', 'VX106']],
      // The sinks naming it as their dead letter name nothing (VX109), and it is a sink without inputs (VX010).
      ['a dead-letter sink renamed', (l) => (l[dlq] = '  g1_dlqx:'), ['VX109', 'VX010']],
    ];
  });
});

test('an edit of a value the model reads recomputes the figures downstream of it and reuses the others', () => {
  const g = generatePipeline(300, { errors: true });
  const uri = 'file:///bench/values-down.veltrix.yaml';
  const cache = new AnalysisCache();
  const before = analyzePipeline(uri, g.text, { host, cache });
  const lines = g.text.split('\n');
  lines[g.editLine + 2] = '    parallelism: 1000';
  lines[g.editLine + 1] = '    selectivity: 0.5';
  const after = lines.join('\n');
  assert.equal(pathOf(cache, uri, after), 'values');
  const incremental = analyzePipeline(uri, after, { host, cache });
  const fresh = analyzePipeline(uri, after, { host, cache: new AnalysisCache() });
  assert.deepEqual(summary(incremental), summary(fresh));
  const figures = (a: Analysis, id: string) => a.capacity!.components.find((f) => f.id === id);
  const edited = /^ {2}(\w+)_valid:/.exec(lines[g.editLine - 3])![1];
  assert.notEqual(figures(incremental, `${edited}_shape`), figures(before, `${edited}_shape`), 'downstream: computed again');
  assert.equal(figures(incremental, 'g0_shape'), figures(before, 'g0_shape'), 'elsewhere: reused');
});

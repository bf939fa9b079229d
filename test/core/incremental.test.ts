// Re-analysis after an edit (core/src/incremental.ts) must give exactly what a
// fresh analysis gives: same findings (ranges, related information, fix data)
// and the same model figures, whether or not the previous results were reused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { AnalysisCache, analyzePipeline, FileCache, loadWorkspace, type Analysis } from '../../core/src/index';
import { tryReuse } from '../../core/src/incremental';
import type { FileHost } from '../../core/src/types';
import { generatePipeline } from '../../bench/generate';
import { diskHost, uriOf } from '../helpers/host';

const host: FileHost = { readFile: () => undefined };

function summary(a: Analysis) {
  return {
    findings: a.findings,
    capacity: a.capacity,
    edges: a.graph.edges.map((e) => [e.from, e.to, e.port, e.ref.node.start]),
    dangling: a.graph.dangling.map((d) => [d.consumer.id, d.ref.text, d.ref.node.start, d.reason]),
  };
}

function assertSameAsFresh(uri: string, before: string, after: string, h: FileHost = host): void {
  const cache = new FileCache();
  analyzePipeline(uri, before, { host: h, cache });
  const incremental = analyzePipeline(uri, after, { host: h, cache });
  const fresh = analyzePipeline(uri, after, { host: h, cache: new FileCache() });
  assert.deepEqual(summary(incremental), summary(fresh));
}

test('editing an expression reuses the previous analysis and matches a fresh one', () => {
  const g = generatePipeline(200, { errors: true });
  const uri = 'file:///bench/inc.veltrix.yaml';
  const cache = new FileCache();
  analyzePipeline(uri, g.text, { host, cache });
  const lines = g.text.split('\n');
  lines[g.editLine] = lines[g.editLine].replace('amount > 0', 'amout > 0 &&'); // a typo and a syntax error in one edit
  const after = lines.join('\n');
  // The reuse path is taken: tryReuse accepts the edit.
  const probe = new AnalysisCache();
  analyzePipeline(uri, g.text, { host, cache: probe });
  assert.ok(tryReuse(probe.snapshot(uri, 'true|1'), loadWorkspace(uri, after, host, probe), 'true|1'), 'the edit should be handled incrementally');
  const incremental = analyzePipeline(uri, after, { host, cache });
  const fresh = analyzePipeline(uri, after, { host, cache: new FileCache() });
  assert.deepEqual(summary(incremental), summary(fresh));
  assert.ok(incremental.findings.some((f) => f.code === 'VX014'));
});

test('structural edits (inputs, parallelism, added lines) fall back or still match a fresh analysis', () => {
  const g = generatePipeline(100, { errors: true });
  const uri = 'file:///bench/inc2.veltrix.yaml';
  const lines = g.text.split('\n');
  const edits: Array<(l: string[]) => void> = [
    (l) => (l[g.editLine] = l[g.editLine] + '\n    description: added line'),
    (l) => (l[g.editLine - 1] = l[g.editLine - 1].replace(/\[.*\]/, '[g0_in, nowhere]')),
    (l) => (l[g.editLine + 2] = '    parallelism: 40'),
    (l) => l.splice(g.editLine, 1),
  ];
  for (const edit of edits) {
    const copy = [...lines];
    edit(copy);
    assertSameAsFresh(uri, g.text, copy.join('\n'));
  }
});

test('random single-line edits anywhere agree with a fresh analysis', () => {
  const base = generatePipeline(30, { errors: true }).text;
  const baseLines = base.split('\n');
  const uri = 'file:///bench/inc3.veltrix.yaml';
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: baseLines.length - 1 }),
      fc.constantFrom('    condition: "amount > 5"', '    condition: "amount >"', '    description: x', '    parallelism: 9', "    inputs: [g1_in]", '', '    cost: 1s', '      eu: "region == 1"', '    condition: "ammount > 1"'),
      (line, text) => {
        const copy = [...baseLines];
        copy[line] = text;
        assertSameAsFresh(uri, base, copy.join('\n'));
      },
    ),
    { numRuns: 60, seed: 7 },
  );
});

test('edits to the examples agree with a fresh analysis (imports, anchors)', () => {
  const dir = path.join(__dirname, '..', '..', 'examples');
  for (const rel of ['orders.veltrix.yaml', 'mistakes.veltrix.yaml', path.join('clickstream', 'clickstream.veltrix.yaml')]) {
    const file = path.join(dir, rel);
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i += Math.max(1, Math.floor(lines.length / 25))) {
      const copy = [...lines];
      copy[i] = copy[i].replace(/(\d+)/, '$1' + '1');
      assertSameAsFresh(uriOf(file), text, copy.join('\n'), diskHost);
    }
  }
});

test('an edit of values the model reads (parallelism, rate, cost, share, selectivity, buffer) keeps the graph and flow, computes the model again and matches a fresh analysis', () => {
  const g = generatePipeline(300, { errors: true });
  const uri = 'file:///bench/values.veltrix.yaml';
  const edits: Array<[RegExp, string]> = [
    [/parallelism: 1\n(?= {4}buffer:)/, 'parallelism: 7\n'],
    [/rate: 1k\/s/, 'rate: 90k/s'],
    [/cost: 5us/, 'cost: 900us'],
    [/share: \{eu: 0\.5, us: 0\.5\}/, 'share: {eu: 0.9, us: 0.1}'],
    [/selectivity: 0\.9/, 'selectivity: 0.2'],
    [/max_events: 1000\n {6}when_full: block/, 'max_events: 5\n      when_full: drop_newest'],
  ];
  for (const [pattern, replacement] of edits) {
    const cache = new AnalysisCache();
    const before = analyzePipeline(uri, g.text, { host, cache });
    // The edit in the middle of the file, not the first match: the components after it move.
    const at = g.text.indexOf('g15_');
    const after = g.text.slice(0, at) + g.text.slice(at).replace(pattern, replacement);
    assert.notEqual(after, g.text, String(pattern));
    const incremental = analyzePipeline(uri, after, { host, cache });
    assert.equal(incremental.flow, before.flow, `${pattern}: the flow is reused`);
    assert.notEqual(incremental.capacity, before.capacity, `${pattern}: the model is computed again`);
    const fresh = analyzePipeline(uri, after, { host, cache: new AnalysisCache() });
    assert.deepEqual(summary(incremental), summary(fresh), String(pattern));
  }
});

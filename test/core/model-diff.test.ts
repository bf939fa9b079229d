// compareModels on any pair of versions: it never throws, each side carries
// exactly its own model's figures (rounded as in JSON), every component of
// either version appears once, changes are after - before, and the text and
// markdown reports never print NaN, Infinity or undefined. Pairs: generated
// pipelines, and mutations of the examples against the originals (the
// typical "small edit" a pull request makes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzePipeline, FileCache, type Analysis } from '../../core/src/index';
import { compareModels, type FigureChange, type ModelComparison } from '../../core/src/compare/model-diff';
import { comparisonMarkdown, comparisonText } from '../../core/src/compare/report';
import { memoryHost } from '../helpers/host';
import { applyMutation, generatedPipeline, generatedWorkspace, loadExamples, mutations } from '../robustness/properties';

const SEED = 20261207;
const URI = 'file:///gen/p.veltrix.yaml';
const host = memoryHost(Object.fromEntries(Object.entries(generatedWorkspace).filter((e): e is [string, string] => e[1] !== undefined)));
const round = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(12)) : null);
const analyze = (text: string, uri = URI, load = 1): Analysis => analyzePipeline(uri, text, { host, cache: new FileCache(), settings: { model: true, load } });

function assertChange(f: FigureChange, what: string) {
  for (const v of [f.before, f.after, f.change]) assert.ok(v === null || Number.isFinite(v), `${what}: ${v}`);
  if (f.before !== null && f.after !== null) assert.ok(Math.abs(f.change! - (f.after - f.before)) <= 1e-9 * Math.max(1, Math.abs(f.after), Math.abs(f.before)), `${what}: change`);
  else assert.equal(f.change, null, `${what}: change without both sides`);
}

function check(before: Analysis, after: Analysis): ModelComparison {
  const c = compareModels(before, after);
  for (const [side, a] of [['before', before], ['after', after]] as const) {
    const r = a.capacity;
    assert.equal(c.modelled[side], !!r);
    assert.equal(c.pipeline.maxIngest[side], round(r?.maxIngest));
    assert.equal(c.pipeline.endToEndP99Ms[side], round(r?.endToEndP99Ms));
    assert.equal(c.pipeline.memoryBytes[side], round(r?.memoryBytes));
    assert.equal(c.pipeline.busyWorkers[side], round(r?.busyWorkers));
    assert.equal(c.pipeline.slo.latencyP99Ms[side], r?.slo.latencyOk ?? null);
    for (const f of r?.components ?? []) {
      const row = c.components.find((x) => x.id === f.id)!;
      assert.ok(row, `${side}: ${f.id} listed`);
      assert.equal(row.utilization[side], f.inCycle ? null : round(f.utilization));
      assert.equal(row.p99Ms[side], round(f.p99Ms));
      assert.equal(row.memoryBytes[side], round(f.memoryBytes));
    }
  }
  const ids = c.components.map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length, 'each component once');
  const union = new Set([...(before.capacity?.components ?? []), ...(after.capacity?.components ?? [])].map((f) => f.id));
  assert.deepEqual(new Set(ids), union);
  for (const row of c.components) for (const k of ['utilization', 'p99Ms', 'memoryBytes'] as const) assertChange(row[k], `${row.id}.${k}`);
  for (const k of ['maxIngest', 'endToEndP99Ms', 'memoryBytes', 'busyWorkers'] as const) assertChange(c.pipeline[k], k);
  assert.equal(c.findings.appeared.length + c.findings.unchanged, after.findings.length);
  assert.equal(c.findings.disappeared.length + c.findings.unchanged, before.findings.length);
  const labels = { file: 'p.veltrix.yaml', before: 'HEAD', after: 'working copy' };
  for (const out of [comparisonText(c, labels), comparisonMarkdown(c, labels), JSON.stringify(c)]) assert.doesNotMatch(out, /NaN|Infinity|undefined/);
  return c;
}

test('generated pairs: each side is its own model, nothing non-finite, reports render', () => {
  fc.assert(
    fc.property(generatedPipeline, generatedPipeline, (a, b) => {
      check(analyze(a), analyze(b));
    }),
    { seed: SEED, numRuns: 60, includeErrorInReport: true },
  );
});

test('an example against its mutation: findings left alone by the edit stay matched', () => {
  const examples = loadExamples().filter((e) => !e.name.includes('veltrix-test'));
  fc.assert(
    fc.property(fc.nat(), mutations, (i, ms) => {
      const ex = examples[i % examples.length];
      const mutated = ms.reduce((t, m) => applyMutation(t, m), ex.text);
      check(analyze(ex.text, ex.uri), analyze(mutated, ex.uri));
    }),
    { seed: SEED, numRuns: 40, includeErrorInReport: true },
  );
});

test('the same text on both sides: nothing changes, every finding is unchanged', () => {
  for (const ex of loadExamples()) {
    const c = check(analyze(ex.text, ex.uri), analyze(ex.text, ex.uri));
    assert.ok(c.components.every((x) => x.status === 'unchanged'), ex.name);
    assert.deepEqual([c.findings.appeared.length, c.findings.disappeared.length], [0, 0], ex.name);
  }
});

test('a line inserted on top moves every finding but matches them all', () => {
  const ex = loadExamples().find((e) => e.name === 'mistakes.veltrix.yaml')!;
  const c = check(analyze(ex.text, ex.uri), analyze(`# a comment\n${ex.text}`, ex.uri));
  assert.ok(c.findings.unchanged >= 10);
  assert.deepEqual([c.findings.appeared, c.findings.disappeared], [[], []]);
});

/** A chain of `n` map processors; `slowAt` gets a cost of its own. */
function chain(n: number, slowAt = -1, extra = ''): string {
  const procs = Array.from({ length: n }, (_, i) => `  p${i}:\n    type: map\n    inputs: [${i ? `p${i - 1}` : 'src'}]\n${i === slowAt ? '    cost: 50us\n' : ''}${extra}`);
  return `veltrix: 1\npipeline:\n  name: big\n  delivery: at-most-once\nsources:\n  src:\n    type: file\n    path: /x\n    rate: 1k/s\nprocessors:\n${procs.join('')}sinks:\n  out:\n    type: s3\n    bucket: b\n    inputs: [p${n - 1}]\n`;
}

test('markdown of a big pipeline: only what changed, with a count of the rest; the text lists everything', () => {
  const c = check(analyze(chain(80)), analyze(chain(80, 7)));
  const labels = { file: 'big.veltrix.yaml', before: 'HEAD', after: 'working copy' };
  const md = comparisonMarkdown(c, labels);
  const rows = md.split('\n').filter((l) => l.startsWith('| `'));
  assert.deepEqual(rows.map((r) => r.split('|')[1].trim()), ['`p7`']);
  assert.match(md, /81 unchanged components are not listed/);
  assert.equal(comparisonText(c, labels).split('\n').filter((l) => /^p\d+ /.test(l)).length, 80);
});

test('markdown stays under a pull-request comment\'s limit when everything changes', () => {
  const c = check(analyze(chain(400)), analyze(chain(400, -1, '    cost: 20us\n')));
  const md = comparisonMarkdown(c, { file: 'big.veltrix.yaml', before: 'HEAD', after: 'working copy' });
  assert.ok(md.length < 65_536, `${md.length} characters`);
  assert.match(md, /250 more changed components are not listed/);
});

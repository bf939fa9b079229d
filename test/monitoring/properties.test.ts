// The generator on any pipeline text (generated pipelines and mutated
// examples, fixed seed): it never throws, gives the same bytes twice, and
// everything it writes parses (YAML, JSON, every PromQL expression through
// Prometheus' grammar), with no NaN, Infinity or float noise in its numbers
// and promtool's notation in every series.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { analyzePipeline, FileCache } from '../../core/src/index';
import { generateMonitoring } from '../../core/src/monitoring/index';
import { applyMutation, generatedPipeline, generatedWorkspace, mutations } from '../robustness/properties';
import { memHost, repoRoot } from '../robustness/helpers';
import { parsePromql } from './promql-parse';

function check(uri: string, text: string, files: Record<string, string | undefined>): void {
  const host = memHost({ ...files, [uri]: text });
  const analysis = analyzePipeline(uri, text, { host, cache: new FileCache() });
  const m = generateMonitoring(analysis, 'p.veltrix.yaml');
  const again = generateMonitoring(analyzePipeline(uri, text, { host, cache: new FileCache() }), 'p.veltrix.yaml');
  assert.equal(again.rules + again.tests + again.dashboard, m.rules + m.tests + m.dashboard, 'byte-identical');
  // Numbers, not names: quoted label values may hold anything a user wrote.
  const numbersOk = (expr: string) => assert.doesNotMatch(expr.replace(/"(?:[^"\\]|\\.)*"/g, '""'), /NaN|Inf|undefined|\d\.\d*0000000\d|\d\.\d*9999999\d/, expr);
  const rules = parse(m.rules) as { groups: Array<{ rules: Array<{ expr: string }> }> };
  for (const g of rules.groups)
    for (const r of g.rules) {
      assert.deepEqual(parsePromql(r.expr).errors, [], r.expr);
      numbersOk(r.expr);
    }
  const tests = parse(m.tests) as { tests: Array<{ input_series: Array<{ values: string }> }> };
  for (const t of tests.tests) for (const series of t.input_series) assert.match(series.values, /^(-?\d+(\.\d+)?(e[+-]?\d+)?(\+\d+(\.\d+)?(e[+-]?\d+)?)?x\d+ ?)+$/, series.values);
  const dash = JSON.parse(m.dashboard) as { panels: Array<{ targets?: Array<{ expr: string }> }> };
  for (const p of dash.panels)
    for (const t of p.targets ?? []) {
      assert.deepEqual(parsePromql(t.expr.replace(/\$__rate_interval/g, '5m')).errors, [], t.expr);
      numbersOk(t.expr);
    }
}

test('generated pipelines: the generator never throws and writes parseable, deterministic output', () => {
  fc.assert(fc.property(generatedPipeline, (text) => check('file:///gen/p.veltrix.yaml', text, generatedWorkspace)), { seed: 1215, numRuns: 150 });
});

test('mutated orders example: the same', () => {
  const text = fs.readFileSync(path.join(repoRoot, 'examples', 'orders.veltrix.yaml'), 'utf8');
  fc.assert(fc.property(mutations, (ms) => check('file:///examples/orders.veltrix.yaml', ms.reduce(applyMutation, text), {})), { seed: 1215, numRuns: 100 });
});

// The analysis cache (core/src/analysis-cache.ts): one snapshot per entry file
// and setting, so a what-if analysis (another load) does not replace the
// editor's; a complete analysis handed back while nothing it read changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisCache, analyzePipeline, emptyConfig } from '../../core/src/index';
import { generatePipeline } from '../../bench/generate';

const host = { readFile: () => undefined };
const uri = 'file:///cache.veltrix.yaml';

test('an analysis at another load keeps the snapshot of the first setting', () => {
  const cache = new AnalysisCache();
  const text = generatePipeline(50).text;
  const first = analyzePipeline(uri, text, { host, cache });
  analyzePipeline(uri, text, { host, cache, settings: { load: 2 } });
  assert.equal(cache.snapshot(uri, 'true|1')?.flow, first.flow);
  assert.ok(cache.snapshot(uri, 'true|2'));
  // A third setting drops the oldest: two are kept.
  analyzePipeline(uri, text, { host, cache, settings: { load: 3 } });
  assert.equal(cache.snapshot(uri, 'true|1'), undefined);
  assert.ok(cache.snapshot(uri, 'true|2') && cache.snapshot(uri, 'true|3'));
});

test('the same parses, settings and config give back the last analysis; another config does not', () => {
  const cache = new AnalysisCache();
  const text = generatePipeline(100, { errors: true }).text;
  const config = emptyConfig();
  const a = analyzePipeline(uri, text, { host, cache, config });
  assert.equal(analyzePipeline(uri, text, { host, cache, config }), a);
  const other = analyzePipeline(uri, text, { host, cache, config: emptyConfig() });
  assert.notEqual(other, a);
  assert.deepEqual(other.findings, a.findings);
  assert.notEqual(analyzePipeline(uri, text, { host, cache, config, overrides: { VX100: 'off' } }).findings.length, a.findings.length);
});

test('the same parses and settings with a new config object (the server looks it up per analysis) reuse the last analysis before config', () => {
  const cache = new AnalysisCache();
  const text = generatePipeline(100, { errors: true }).text;
  const a = analyzePipeline(uri, text, { host, cache, config: emptyConfig() });
  // An edit undone: the text is the cached parse's again, the config a new, equal object.
  const b = analyzePipeline(uri, text, { host, cache, config: emptyConfig() });
  assert.notEqual(b, a);
  assert.equal(b.graph, a.graph);
  assert.equal(b.flow, a.flow);
  assert.equal(b.capacity, a.capacity);
  assert.deepEqual(b.findings, a.findings);
  // Another config is applied to the kept findings: the same as a fresh analysis under it.
  const config = { ...emptyConfig(), rules: { VX100: 'off' as const, VX106: 'error' as const } };
  const c = analyzePipeline(uri, text, { host, cache, config });
  assert.equal(c.graph, a.graph);
  assert.deepEqual(c.findings, analyzePipeline(uri, text, { host, cache: new AnalysisCache(), config }).findings);
  assert.ok(c.findings.length < a.findings.length && c.findings.some((f) => f.code === 'VX106' && f.severity === 'error'));
});

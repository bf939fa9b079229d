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

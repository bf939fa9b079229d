// The `model` command's report (cli/src/model-report.ts): text labelled as
// estimates, and the stable JSON form of docs/model.md with null, never NaN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePipeline } from '../../core/src/index';
import { formatModelText, modelJson } from '../../cli/src/model-report';
import { diskHost, repoRoot, uriOf } from '../helpers/host';

const orders = path.join(repoRoot, 'examples', 'orders.veltrix.yaml');

function analyse(load: number) {
  return analyzePipeline(uriOf(orders), fs.readFileSync(orders, 'utf8'), { host: diskHost, settings: { load } });
}

test('text report: table, critical path, SLOs, saturates first, estimates', () => {
  const a = analyse(1);
  const text = formatModelText(a.capacity, a, { file: 'orders.veltrix.yaml' });
  assert.match(text, /estimates/);
  assert.match(text, /^with_customer\s+enrich\s+3\.7k\/s\s+9\.5k\/s\s+39%\s+743 µs\s+107 MiB\s+2\.56x$/m);
  assert.match(text, /Critical path \(end-to-end p99 75\.0 s\)/);
  assert.match(text, /max sustainable ingest\s+10\.2k\/s\s+\(slo\.throughput 8k\/s: ok\)/);
  assert.match(text, /memory\s+207 MiB\s+\(runtime\.memory 1 GiB: 20%, ok\)/);
  assert.match(text, /saturates first: with_customer at 2\.56x load/);
  const over = analyse(3);
  const t3 = formatModelText(over.capacity, over);
  assert.match(t3, /with_customer\s+enrich\s+\S+\s+\S+\s+117%!\s+unbounded/);
  assert.match(t3, /end-to-end p99\s+unbounded\s+\(slo\.latency_p99 2 min: NOT MET\)/);
  assert.match(t3, /VX300 +'with_customer' is overloaded/);
  assert.doesNotMatch(t3, /NaN|Infinity|undefined/);
  assert.match(formatModelText(undefined, a, { file: 'x.yaml' }), /no capacity model: no source declares a 'rate'/);
});

test('JSON form: stable keys, null when unbounded', () => {
  const j = modelJson(analyse(1).capacity, 'orders.veltrix.yaml');
  assert.deepEqual(Object.keys(j), ['version', 'estimates', 'file', 'load', 'pipeline', 'components', 'edges']);
  assert.equal(j.pipeline!.memoryBytes, 217_155_584);
  assert.equal(j.pipeline!.maxIngest, 10229.6557721);
  assert.deepEqual(j.pipeline!.slo, { latencyP99Ms: 120000, latencyOk: true, throughput: 8000, throughputOk: true });
  const c = j.components.find((x) => x.id === 'with_customer')!;
  for (const k of ['id', 'inputRate', 'capacity', 'utilization', 'p99Ms', 'memoryBytes', 'saturatesAtLoad']) assert.ok(k in c, k);
  assert.equal(c.serviceTimeMs, 0.21);
  const j3 = modelJson(analyse(3).capacity);
  assert.equal(j3.components.find((x) => x.id === 'with_customer')!.p99Ms, null);
  assert.equal(j3.pipeline!.endToEndP99Ms, null);
  assert.equal(j3.pipeline!.unboundedAt, 'with_customer');
  assert.doesNotMatch(JSON.stringify(j3), /NaN|Infinity/);
  assert.deepEqual(modelJson(undefined, 'x.yaml', 1.3), { version: 1, estimates: true, file: 'x.yaml', load: 1.3, pipeline: null, components: [], edges: [] });
});

// Capacity model (spec section 7): every formula checked against numbers
// worked by hand, with the arithmetic in the comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePipeline, buildGraph, loadWorkspace, runModel, erlangC, mmcP99Wait, describeComponent, type Analysis, type CapacityResult, type ComponentFigures } from '../../core/src/index';
import { memoryHost } from '../helpers/host';

const URI = 'file:///work/calc.veltrix.yaml';

function analyse(text: string, load = 1, files: Record<string, string> = {}): Analysis {
  return analyzePipeline(URI, text, { host: memoryHost({ [URI]: text, ...files }), settings: { load } });
}

function fig(r: CapacityResult | undefined, id: string): ComponentFigures {
  const f = r?.components.find((c) => c.id === id);
  assert.ok(f, `no figures for ${id}`);
  return f;
}

/** Relative closeness. */
function near(actual: number | null | undefined, expected: number, rel = 1e-6, what = ''): void {
  assert.ok(typeof actual === 'number', `${what}: expected a number, got ${actual}`);
  const tol = Math.max(Math.abs(expected) * rel, 1e-12);
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} is not ${expected} (±${tol})`);
}

/** Erlang C by its textbook sum formula, for small c (independent of the recurrence). */
function erlangCSum(c: number, a: number): number {
  let fact = 1;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    if (k > 0) fact *= k;
    sum += a ** k / fact;
  }
  fact *= c;
  const top = (a ** c / fact) * (c / (c - a));
  return top / (sum + top);
}

/** Erlang C in log space (log-sum-exp over the terms), for large c. */
function erlangCLog(c: number, a: number): number {
  const logFact: number[] = [0];
  for (let k = 1; k <= c; k++) logFact[k] = logFact[k - 1] + Math.log(k);
  const terms: number[] = [];
  for (let k = 0; k < c; k++) terms.push(k * Math.log(a) - logFact[k]);
  const logTop = c * Math.log(a) - logFact[c] + Math.log(c / (c - a));
  terms.push(logTop);
  const m = Math.max(...terms);
  const logSum = m + Math.log(terms.reduce((s, t) => s + Math.exp(t - m), 0));
  return Math.exp(logTop - logSum);
}

const PIPELINE = `veltrix: 1
pipeline:
  name: calc
  slo:
    latency_p99: 20m
    throughput: 20k/s
runtime:
  memory: 1GiB
sources:
  clicks:
    type: kafka
    brokers: ['k:9092']
    topic: clicks
    group: calc
    partitions: 4
    parallelism: 2
    rate: 10k/s
    event_size: 2KiB
processors:
  valid:
    type: filter
    inputs: [clicks]
    condition: ok == true
    selectivity: 0.8
  uniq:
    type: dedupe
    inputs: [valid]
    key: [id]
    within: 10m
    cache_size: 100000
    duplicate_ratio: 0.25
  lookup:
    type: enrich
    inputs: [uniq]
    parallelism: 14
    buffer:
      max_events: 5000
    lookup:
      kind: redis
      url: redis://cache:6379
      timeout: 50ms
      latency: 4ms
      cache:
        size: 50000
        hit_ratio: 0.5
    key: id
    into: profile
  split:
    type: route
    inputs: [lookup]
    routes:
      web: channel == 'web'
      app: channel == 'app'
    share:
      web: 0.5
      app: 0.3
  per_min:
    type: window
    inputs: [split.web]
    kind: tumbling
    size: 1m
    allowed_lateness: 30s
    key_by: page
    key_cardinality: 600
    aggregate:
      views: count()
      users: count()
  trend:
    type: window
    inputs: [split.app]
    kind: sliding
    size: 10m
    slide: 1m
    key_by: page
    key_cardinality: 100
    aggregate:
      views: count()
sinks:
  pg:
    type: postgres
    inputs: [per_min]
    dsn: postgres://db/x
    table: t
    batch: {size: 100, timeout: 1s}
  lake:
    type: s3
    inputs: [trend]
    bucket: lake
    batch: {size: 1000, timeout: 5m}
  search:
    type: elasticsearch
    inputs: [split._unmatched]
    url: http://es:9200
    index: other
    parallelism: 2
    batch: {size: 500, timeout: 200ms}
`;

test('Erlang C matches published values', () => {
  // M/M/2 with a = 1 Erlang: C = (1/2!)(2/(2-1)) / (1 + 1 + 1) = 1/3.
  near(erlangC(2, 1), 1 / 3, 1e-12, 'c=2 a=1');
  // c = 10, a = 8 (rho = 0.8): tables give C ≈ 0.4092.
  near(erlangC(10, 8), 0.40918015, 1e-6, 'c=10 a=8');
  near(erlangC(10, 8), erlangCSum(10, 8), 1e-9, 'c=10 a=8 vs sum');
  // M/M/1: C = rho.
  near(erlangC(1, 0.3), 0.3, 1e-12, 'c=1');
  // Large c: the recurrence against an independent log-space computation.
  for (const [c, a] of [[1000, 950], [1000, 990], [500, 400], [200, 199.5]]) near(erlangC(c, a), erlangCLog(c, a), 1e-9, `c=${c} a=${a}`);
  // Edges: no load, overload, absurd inputs never give NaN.
  assert.equal(erlangC(4, 0), 0);
  assert.equal(erlangC(4, 4), 1);
  assert.equal(erlangC(4, 9), 1);
  for (const v of [erlangC(NaN, 1), erlangC(1, NaN), erlangC(Infinity, 3), erlangC(1e6, 999_999)]) assert.ok(Number.isFinite(v) && v >= 0 && v <= 1, String(v));
});

test('p99 queueing wait of M/M/c', () => {
  // c = 1, λ = 10,000/s, s = 5us: ρ = 0.05 = C; wait = ln(0.05/0.01) / (1/5us − 10,000) = ln 5 / 190,000 = 8.4707e-6 s.
  near(mmcP99Wait(1, 10_000, 5e-6).wait!, Math.log(5) / 190_000, 1e-9, 'M/M/1');
  // C <= 1% means the 99th percentile does not wait: c = 2, a = 0.05 -> C = 0.00122.
  assert.equal(mmcP99Wait(2, 10_000, 5e-6).wait, 0);
  // Overloaded: unbounded.
  assert.equal(mmcP99Wait(2, 1000, 2e-3).wait, undefined);
  assert.equal(mmcP99Wait(2, 0, 2e-3).wait, 0);
});

test('rates, service times, capacity and utilisation', () => {
  const r = analyse(PIPELINE).capacity;
  assert.ok(r);
  // Source: 10k/s x load 1; s = 5us; capacity = 2 / 5us = 400,000/s; utilisation = 10,000 / 400,000 = 0.025.
  let f = fig(r, 'clicks');
  near(f.inputRate, 10_000);
  near(f.serviceTimeMs, 0.005);
  near(f.capacity, 400_000);
  near(f.utilization, 0.025);
  // Filter: in 10,000, out 10,000 x 0.8 = 8,000; s = 5us, capacity 200,000, u = 0.05.
  f = fig(r, 'valid');
  near(f.outputRate, 8_000);
  near(f.utilization, 0.05);
  // Dedupe: in 8,000, out 8,000 x (1 - 0.25) = 6,000; s = 15us, capacity 66,666.7, u = 8,000 x 15us = 0.12.
  f = fig(r, 'uniq');
  near(f.inputRate, 8_000);
  near(f.outputRate, 6_000);
  near(f.capacity, 1 / 15e-6);
  near(f.utilization, 0.12);
  // Enrich: s = 4ms x (1 - 0.5) + 10us = 2.01ms; capacity = 14 / 2.01ms = 6,965.17/s; u = 6,000 / 6,965.17 = 0.861429.
  f = fig(r, 'lookup');
  near(f.serviceTimeMs, 2.01);
  near(f.capacity, 14 / 0.00201);
  near(f.utilization, (6000 * 0.00201) / 14);
  // Route: shares web 0.5, app 0.3, _unmatched 1 - 0.8 = 0.2 of 6,000.
  f = fig(r, 'split');
  assert.deepEqual(Object.keys(f.portRates!), ['web', 'app', '_unmatched']);
  near(f.portRates!.web, 3000);
  near(f.portRates!.app, 1800);
  near(f.portRates!._unmatched, 1200);
  // Tumbling window: emits key_cardinality / size = 600 / 60s = 10/s, whatever its input (3,000/s).
  f = fig(r, 'per_min');
  near(f.inputRate, 3000);
  near(f.outputRate, 10);
  // Sliding window: 100 / slide 60s = 1.6667/s.
  near(fig(r, 'trend').outputRate, 100 / 60);
  // Sinks: pg gets 10/s at s = 100us; lake 1.667/s at 50us; search 1,200/s, parallelism 2: capacity 2 / 100us = 20,000, u = 0.06.
  near(fig(r, 'pg').inputRate, 10);
  near(fig(r, 'pg').capacity, 10_000);
  near(fig(r, 'lake').capacity, 20_000);
  near(fig(r, 'search').inputRate, 1200);
  near(fig(r, 'search').utilization, 0.06);
  // Edge rates carry the route ports.
  const edge = r.edges.find((e) => e.from === 'split' && e.port === '_unmatched');
  near(edge?.rate, 1200);
  assert.deepEqual(r.sourcesWithoutRate, []);
});

test('maximum sustainable ingest and saturation load', () => {
  const r = analyse(PIPELINE).capacity!;
  // capacity / input: clicks 40, valid 20, uniq 8.33, lookup 6,965.17 / 6,000 = 1.160862, split 33.3,
  // per_min 16.7, trend 27.8, pg 1,000, lake 12,000, search 16.7 -> min is lookup.
  const ratio = 14 / 0.00201 / 6000;
  near(ratio, 1.1608623, 1e-6);
  assert.equal(r.breaksFirst, 'lookup');
  near(r.maxIngest, 10_000 * ratio, 1e-9, 'maxIngest'); // 11,608.6/s
  near(r.breaksFirstAtLoad, ratio);
  near(fig(r, 'lookup').saturatesAtLoad, ratio);
  // valid saturates at 1 x 200,000 / 10,000 = 20.
  near(fig(r, 'valid').saturatesAtLoad, 20);
  // slo.throughput 20k/s > 11,608.6/s.
  assert.equal(r.slo.throughput, 20_000);
  assert.equal(r.slo.throughputOk, false);
});

test('stage p99: service + Erlang C wait + batch fill + window delay', () => {
  const r = analyse(PIPELINE).capacity!;
  // lookup: c = 14, λ = 6,000, s = 2.01ms, a = 12.06 Erlangs.
  //   Erlang C(14, 12.06) = 0.494109 (sum formula);
  //   wait = ln(0.494109 / 0.01) / (14 / 2.01ms − 6,000) = 3.9002 / 965.17 = 4.0409ms; p99 = 2.01 + 4.0409 = 6.0509 ms.
  const C = erlangCSum(14, 12.06);
  near(C, 0.4941088, 1e-6);
  const f = fig(r, 'lookup');
  near(f.erlangC, C, 1e-9);
  near(f.queueWaitMs, (Math.log(C / 0.01) / (14 / 0.00201 - 6000)) * 1e3, 1e-9);
  near(f.p99Ms, 6.0508984, 1e-6);
  // clicks: c = 2, a = 10,000 x 5us = 0.05, C = 0.00122 < 0.01 -> no wait, p99 = 5us.
  near(fig(r, 'clicks').p99Ms, 0.005);
  // valid: M/M/1, ρ = 0.05: wait = ln 5 / 190,000 = 8.4707us -> 13.4707us.
  near(fig(r, 'valid').p99Ms, 0.0134707, 1e-5);
  // pg batch: min(timeout 1s, 100 / 10/s = 10s) = 1s; ρ = 0.001 (no wait): p99 = 1,000.1 ms.
  near(fig(r, 'pg').batchWaitMs, 1000);
  near(fig(r, 'pg').p99Ms, 1000.1);
  // lake batch: min(5m = 300s, 1,000 / 1.6667 = 600s) = 300s; p99 = 300,000.05 ms.
  near(fig(r, 'lake').batchWaitMs, 300_000);
  // search batch: min(200ms, 500 / 1,200 = 416.7ms) = 200ms; C(2, 0.12) = 0.0068 < 1%: p99 = 200.1 ms.
  near(fig(r, 'search').p99Ms, 200.1);
  // Windows add size + allowed_lateness: per_min 60s + 30s; trend 10m + 0.
  near(fig(r, 'per_min').windowDelayMs, 90_000);
  near(fig(r, 'trend').windowDelayMs, 600_000);
  // per_min: M/M/1 ρ = 3,000 x 20us = 0.06: wait = ln 6 / (50,000 − 3,000) = 38.1225us; p99 = 90,000 + 0.02 + 0.0381225 ms.
  near(fig(r, 'per_min').p99Ms, 90_000.0581225, 1e-9);
});

test('path p99, end-to-end and critical path', () => {
  const r = analyse(PIPELINE).capacity!;
  // Longest path: clicks > valid > uniq > lookup > split > trend > lake.
  assert.deepEqual(r.criticalPath, ['clicks', 'valid', 'uniq', 'lookup', 'split', 'trend', 'lake']);
  // Sum of the stages' p99 (ms):
  //   clicks 0.005 + valid 0.0134707 + uniq (15us + ln 12 / (66,666.7 − 8,000) = 42.356us) 0.0573564
  //   + lookup 6.0508984 + split (5us + ln 3 / 194,000 = 5.663us) 0.0106629
  //   + trend (600,000 + 20us + ln 3.6 / 48,200 = 26.575us) 600,000.0465754 + lake 300,000.05
  //   = 900,006.2339638 ms
  const sum = r.criticalPath.reduce((s, id) => s + fig(r, id).p99Ms!, 0);
  near(r.endToEndP99Ms, sum, 1e-12);
  near(r.endToEndP99Ms, 900_006.2339638, 1e-9);
  // 900 s < slo 20m = 1,200 s.
  assert.equal(r.slo.latencyP99Ms, 1_200_000);
  assert.equal(r.slo.latencyOk, true);
});

test('memory per component and total', () => {
  const r = analyse(PIPELINE).capacity!;
  const K = 1024;
  // Event size 2 KiB from clicks, carried downstream.
  assert.equal(fig(r, 'lake').eventSizeBytes, 2 * K);
  // Default buffers 1,000 x 2 KiB = 2,048,000 B; lookup 5,000 x 2 KiB = 10,240,000 B.
  assert.equal(fig(r, 'clicks').memoryBytes, 2_048_000);
  // Dedupe: 100,000 x 64 B = 6,400,000 + buffer.
  assert.equal(fig(r, 'uniq').memory.state, 6_400_000);
  // Enrich: cache 50,000 x 1 KiB = 51,200,000 + buffer 10,240,000.
  assert.equal(fig(r, 'lookup').memoryBytes, 51_200_000 + 10_240_000);
  // Windows: per_min 600 keys x 256 B x 2 aggregates = 307,200; trend 100 x 256 x 1 x (10m / 1m = 10) = 256,000.
  assert.equal(fig(r, 'per_min').memory.state, 307_200);
  assert.equal(fig(r, 'trend').memory.state, 256_000);
  // Batches: pg 100 x 2 KiB x 1 = 204,800; lake 1,000 x 2 KiB = 2,048,000; search 500 x 2 KiB x 2 = 2,048,000.
  assert.equal(fig(r, 'pg').memory.batch, 204_800);
  assert.equal(fig(r, 'search').memory.batch, 2_048_000);
  // Total: 64 MiB (67,108,864) + buffers 9 x 2,048,000 + 10,240,000 (28,672,000)
  //   + state 6,400,000 + 51,200,000 + 307,200 + 256,000 (58,163,200) + batches 4,300,800 = 158,244,864.
  assert.equal(r.memoryBytes, 158_244_864);
  assert.equal(r.memoryBudgetBytes, 1024 ** 3);
  assert.equal(r.memoryOk, true);
});

test('load factor 1.3', () => {
  const a = analyse(PIPELINE, 1.3);
  const r = a.capacity!;
  assert.equal(r.load, 1.3);
  // clicks 13,000/s; lookup in 13,000 x 0.8 x 0.75 = 7,800/s, u = 7,800 x 2.01ms / 14 = 1.1199 -> overloaded.
  near(fig(r, 'clicks').inputRate, 13_000);
  const f = fig(r, 'lookup');
  near(f.inputRate, 7800);
  near(f.utilization, (7800 * 0.00201) / 14);
  assert.equal(f.overloaded, true);
  assert.equal(f.p99Ms, null);
  assert.equal(f.queueWaitMs, null);
  // saturatesAtLoad = 1.3 x 6,965.17 / 7,800 = 1.1609: independent of the what-if load.
  near(f.saturatesAtLoad, 14 / 0.00201 / 6000);
  // Windows still emit 10/s: their output does not scale.
  near(fig(r, 'per_min').outputRate, 10);
  // The critical path is unbounded, reported as null, and the stage named.
  assert.equal(r.endToEndP99Ms, null);
  assert.equal(r.unboundedAt, 'lookup');
  assert.equal(r.slo.latencyOk, false);
  // Findings: VX300 on lookup with the fix: ceil(7,800 x 2.01ms / 0.7) = ceil(22.397) = 23 -> 68%.
  const vx300 = a.findings.filter((x) => x.code === 'VX300');
  assert.equal(vx300.length, 1);
  assert.deepEqual(vx300[0].data, { kind: 'set-parallelism', componentId: 'lookup', value: 23 });
  assert.match(vx300[0].message, /'lookup' is overloaded: 7\.8k\/s offered vs 7\.0k\/s capacity \(112% busy\) at 1\.3x load; set parallelism to 23 to bring it to 68%/);
  const vx302 = a.findings.find((x) => x.code === 'VX302');
  assert.match(vx302!.message, /unbounded: 'lookup' is overloaded/);
  for (const x of a.findings) assert.doesNotMatch(x.message, /NaN|Infinity/);
});

test('findings at load 1: hot stage, throughput SLO', () => {
  const a = analyse(PIPELINE);
  const mine = new Set(['VX300', 'VX301', 'VX302', 'VX303', 'VX305', 'VX308']);
  const codes = a.findings.filter((f) => mine.has(f.code)).map((f) => `${f.code}@${f.range.start.line + 1}`);
  // lookup at 86% -> VX301 (line of 'lookup:'); max ingest 11.6k/s < 20k/s -> VX305 on the throughput value.
  assert.deepEqual(codes.sort(), ['VX301@32', 'VX305@6']);
  const hot = a.findings.find((f) => f.code === 'VX301')!;
  // ceil(6,000 x 2.01ms / 0.7) = ceil(17.23) = 18 -> 12.06 / 18 = 67%.
  assert.deepEqual(hot.data, { kind: 'set-parallelism', componentId: 'lookup', value: 18 });
  assert.match(hot.message, /86% busy/);
  const tp = a.findings.find((f) => f.code === 'VX305')!;
  assert.match(tp.message, /11\.6k\/s, below slo\.throughput 20k\/s: 'lookup' saturates first/);
});

test('describeComponent gives a short line and markdown', () => {
  const r = analyse(PIPELINE).capacity!;
  const d = describeComponent(r, 'lookup')!;
  assert.equal(d.line, '6k/s in · 86% busy · p99 6.1 ms · 58.6 MiB');
  assert.match(d.markdown, /estimate/);
  assert.match(d.markdown, /Erlang|queue/);
  assert.equal(describeComponent(r, 'nope'), undefined);
  assert.equal(describeComponent(undefined, 'lookup'), undefined);
  assert.match(describeComponent(analyse(PIPELINE, 1.3).capacity, 'lookup')!.line, /p99 unbounded/);
});

const SMALL = (extra: string, sources = `  a:\n    type: generator\n    rate: 1k/s\n`) => `veltrix: 1
pipeline:
  name: small
sources:
${sources}${extra}`;

test('model does not run without a rate; VX308 when some sources lack one', () => {
  const none = analyse(SMALL(`sinks:\n  out:\n    type: kafka\n    brokers: ['k:1']\n    topic: t\n    inputs: [a]\n`, `  a:\n    type: generator\n`));
  assert.equal(none.capacity, undefined);
  const some = analyse(
    SMALL(`sinks:\n  out:\n    type: kafka\n    brokers: ['k:1']\n    topic: t\n    inputs: [a, b, c]\n`, `  a:\n    type: generator\n    rate: 1k/s\n  b:\n    type: generator\n  c:\n    type: generator\n    rate: \${RATE}\n`),
  );
  assert.ok(some.capacity);
  // b has no rate -> VX308; c's rate is interpolated: unknown, counted as 0, not reported.
  assert.deepEqual(some.findings.filter((f) => f.code === 'VX308').map((f) => f.message.split("'")[1]), ['b']);
  assert.deepEqual(some.capacity.sourcesWithoutRate, ['b', 'c']);
  near(fig(some.capacity, 'out').inputRate, 1000);
});

test('route defaults: equal split, _unmatched 0, clamped when shares exceed 1', () => {
  const routes = (share: string) =>
    SMALL(`processors:\n  r:\n    type: route\n    inputs: [a]\n    routes:\n      x: v == 1\n      y: v == 2\n      z: v == 3\n${share}sinks:\n  s1:\n    type: kafka\n    brokers: ['k:1']\n    topic: t\n    inputs: [r.x, r._unmatched]\n`);
  let p = fig(analyse(routes('')).capacity, 'r').portRates!;
  near(p.x, 1000 / 3);
  assert.equal(p._unmatched, 0);
  // Partial shares: undeclared routes split what is left (1 - 0.5) / 2 = 0.25 each.
  p = fig(analyse(routes('    share:\n      x: 0.5\n')).capacity, 'r').portRates!;
  near(p.y, 250);
  assert.equal(p._unmatched, 0);
  // Over 1: _unmatched clamps at 0.
  p = fig(analyse(routes('    share:\n      x: 0.7\n      y: 0.6\n      z: 0.1\n')).capacity, 'r').portRates!;
  assert.equal(p._unmatched, 0);
  near(p.y, 600);
  // Every route has a share: _unmatched gets 1 - sum (section 7, clarified).
  p = fig(analyse(routes('    share:\n      x: 0.5\n      y: 0.2\n      z: 0.1\n')).capacity, 'r').portRates!;
  near(p._unmatched, 200);
  near(p.z, 100);
});

test('window with no input emits nothing; batch with no input waits its timeout', () => {
  const text = SMALL(
    `processors:\n  f:\n    type: filter\n    inputs: [a]\n    condition: x\n    selectivity: 0\n  w:\n    type: window\n    inputs: [f]\n    kind: session\n    size: 5m\n    aggregate: {n: count()}\n    key_cardinality: 10\nsinks:\n  s:\n    type: s3\n    bucket: b\n    inputs: [w]\n    batch: {size: 10, timeout: 2s}\n`,
  );
  const r = analyse(text).capacity!;
  assert.equal(fig(r, 'w').inputRate, 0);
  assert.equal(fig(r, 'w').outputRate, 0);
  assert.equal(fig(r, 's').batchWaitMs, 2000);
  assert.equal(fig(r, 's').saturatesAtLoad, null);
  // p99 of the path still counts the window delay (5m) and the timeout.
  near(r.endToEndP99Ms, 0.005 + 0.005 + (300_000 + 0.02) + (2000 + 0.05));
});

test('cycles are excluded from the model', () => {
  const text = SMALL(
    `processors:\n  p:\n    type: map\n    inputs: [a, q]\n  q:\n    type: map\n    inputs: [p]\n  ok:\n    type: map\n    inputs: [a]\nsinks:\n  s:\n    type: kafka\n    brokers: ['k:1']\n    topic: t\n    inputs: [ok, q]\n`,
  );
  const r = analyse(text).capacity!;
  assert.deepEqual(r.excluded.sort(), ['p', 'q']);
  assert.equal(fig(r, 'p').inCycle, true);
  assert.equal(fig(r, 'p').p99Ms, null);
  assert.equal(fig(r, 'p').inputRate, 0);
  near(fig(r, 's').inputRate, 1000); // only through ok
  assert.deepEqual(r.criticalPath, ['a', 'ok', 's']);
  assert.equal(describeComponent(r, 'p')!.line, 'not modelled: part of a cycle');
});

test('memory budget: default 2GiB, interpolated budget is unknown', () => {
  const big = SMALL(`processors:\n  e:\n    type: enrich\n    inputs: [a]\n    lookup: {kind: redis, url: 'r://x', timeout: 1s, cache: {size: 2000000}}\n    key: k\n    into: p\nsinks:\n  s:\n    type: kafka\n    brokers: ['k:1']\n    topic: t\n    inputs: [e]\n`);
  let a = analyse(big);
  // 64 MiB + 3 x 1,000 x 1 KiB + 2,000,000 x 1 KiB = 2,118,180,864 B vs 2 GiB = 2,147,483,648 -> 98.6%: warning on 'pipeline'.
  assert.equal(a.capacity!.memoryBytes, 67_108_864 + 3_072_000 + 2_048_000_000);
  const m = a.findings.filter((f) => f.code === 'VX303');
  assert.equal(m.length, 1);
  assert.equal(m[0].severity, 'warning');
  assert.equal(m[0].range.start.line, 1);
  assert.equal(m[0].related?.[0].message.startsWith("'e'"), true);
  a = analyse(big.replace('pipeline:\n', 'runtime:\n  memory: ${MEM}\npipeline:\n'));
  assert.equal(a.capacity!.memoryBudgetBytes, null);
  assert.equal(a.capacity!.memoryOk, null);
  assert.equal(a.findings.filter((f) => f.code === 'VX303').length, 0);
});

test('interpolated and absurd values never give NaN or Infinity', () => {
  const text = SMALL(
    `processors:\n  f:\n    type: filter\n    inputs: [a, b]\n    condition: x\n    selectivity: \${SEL}\n    parallelism: 1e400\n    cost: 0us\n  w:\n    type: window\n    inputs: [f]\n    kind: sliding\n    size: \${W}\n    slide: 0s\n    key_cardinality: -5\n    aggregate: {}\n  d:\n    type: dedupe\n    inputs: [w]\n    key: [k]\n    within: 99999999999999999999h\n    duplicate_ratio: 7\nsinks:\n  s:\n    type: http\n    url: x\n    inputs: [d, nope, a.x]\n    batch: {size: 0, timeout: \${T}}\n    parallelism: 0\n`,
    `  a:\n    type: generator\n    rate: ${'9'.repeat(400)}M/s\n    event_size: 1e9GiB\n  b:\n    type: http\n    listen: ':1'\n    rate: 0/s\n`,
  );
  for (const load of [1, 0, -1, NaN, Infinity, 1e300]) {
    const a = analyse(text, load);
    const json = JSON.stringify(a.capacity);
    assert.ok(a.capacity, 'model ran');
    assert.doesNotMatch(json, /NaN|Infinity/);
    const check = (v: unknown, path: string): void => {
      if (typeof v === 'number') assert.ok(Number.isFinite(v), `${path} = ${v}`);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) check(x, `${path}.${k}`);
    };
    check(a.capacity, 'result');
    for (const f of a.findings) assert.doesNotMatch(f.message, /NaN|Infinity|undefined/, f.message);
    for (const id of ['a', 'f', 'w', 'd', 's']) assert.doesNotMatch(JSON.stringify(describeComponent(a.capacity, id)), /NaN|Infinity|undefined/);
  }
});

test('scales to 10,000 components (long chain and wide fan-in) in linear time', () => {
  // A 5,000-stage chain and 4,998 parallel maps fanning into one sink: paths are
  // found by DP over the DAG, never enumerated.
  const N = 5000;
  const lines = ['veltrix: 1', 'pipeline:', '  name: big', 'sources:', '  src:', '    type: generator', '    rate: 1k/s', '  wide:', '    type: generator', '    rate: 1/s', 'processors:'];
  for (let i = 0; i < N; i++) lines.push(`  c${i}:`, '    type: map', `    inputs: [${i === 0 ? 'src' : `c${i - 1}`}]`);
  for (let i = 0; i < N - 2; i++) lines.push(`  f${i}:`, '    type: filter', '    condition: x > 1', '    inputs: [wide]');
  lines.push('sinks:', '  out:', '    type: kafka', "    brokers: ['k:1']", '    topic: t', `    inputs: [c${N - 1}]`, '  fan:', '    type: kafka', "    brokers: ['k:1']", '    topic: t', '    inputs: [f*]');
  const text = lines.join('\n') + '\n';
  const ws = loadWorkspace(URI, text, memoryHost({ [URI]: text }));
  const graph = buildGraph(ws);
  // Linear by construction (one pass in topological order, one DP); timing lives in the benchmarks, not here.
  const r = runModel(ws, graph, { load: 1 });
  assert.ok(r);
  assert.equal(r.components.length, 2 * N + 2);
  // The chain: 5,000 maps at 10us + M/M/1 wait at ρ = 0.01 (C = 1%: no wait) + source 5us + sink 20us (C = 0.02: wait ln 2 / 49,000).
  assert.equal(r.criticalPath.length, N + 2);
  near(r.endToEndP99Ms, 0.005 + N * 0.01 + 0.02 + (Math.log(2) / 49_000) * 1e3, 1e-9);
  // The fan-in sink receives 4,998 x 1/s.
  near(fig(r, 'fan').inputRate, N - 2);
});

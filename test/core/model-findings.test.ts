// Model findings say what they rest on (issue 17, item 4): a figure computed
// from a default the user never wrote (cost, event size, share) is a warning
// that names the default and how to set the real figure; 100% is "at
// capacity"; VX304 compares the modelled busy workers with runtime.workers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePipeline, describeComponent, type Analysis, type Finding } from '../../core/src/index';
import { formatModelText, modelJson } from '../../cli/src/model-report';
import { memoryHost } from '../helpers/host';

const URI = 'file:///work/fresh.veltrix.yaml';

function analyse(text: string): Analysis {
  return analyzePipeline(URI, text, { host: memoryHost({ [URI]: text }) });
}

function only(a: Analysis, code: string): Finding[] {
  return a.findings.filter((f) => f.code === code);
}

/** The fresh pipeline of the issue: 20k/s into an s3 sink at its default 50 µs per event. */
const fresh = (sinkExtra = '', rate = '20k/s') => `veltrix: 1
pipeline:
  name: fresh
  delivery: at-most-once
sources:
  clicks:
    type: kafka
    brokers: [k:9092]
    topic: clicks
    group: g
    rate: ${rate}
processors:
  clean:
    type: filter
    inputs: [clicks]
    condition: "true"
    cost: 1us
sinks:
  archive:
    type: s3
    inputs: [clean]
    bucket: b
${sinkExtra}`;

test('exactly at capacity on a default cost: a warning that says so and names the default', () => {
  const [f] = only(analyse(fresh()), 'VX300');
  assert.ok(f, 'VX300 expected');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /'archive' is at capacity: 20k\/s offered vs 20k\/s capacity \(100% busy\)/);
  assert.match(f.message, /default cost of an s3 sink \(50 µs per event\)/);
  assert.match(f.message, /set 'cost:'/);
});

test('the same figures from a written cost are an error, still explained as at capacity', () => {
  const [f] = only(analyse(fresh('    cost: 50us\n')), 'VX300');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /is at capacity/);
  assert.doesNotMatch(f.message, /default/);
  const [over] = only(analyse(fresh('    cost: 100us\n')), 'VX300');
  assert.equal(over.severity, 'error');
  assert.match(over.message, /'archive' is overloaded: 20k\/s offered vs 10k\/s capacity \(200% busy\)/);
});

test('a rate that rests on an unwritten route share: warning naming the router', () => {
  const text = `veltrix: 1
pipeline:
  name: split
  delivery: at-most-once
sources:
  in:
    type: kafka
    brokers: [k:9092]
    topic: t
    group: g
    rate: 40k/s
processors:
  r:
    type: route
    inputs: [in]
    cost: 1us
    parallelism: 4
    routes:
      a: x == 1
      b: x == 2
sinks:
  sa:
    type: s3
    inputs: [r.a]
    bucket: a
    cost: 100us
  sb:
    type: s3
    inputs: [r.b, r._unmatched]
    bucket: b
    cost: 1us
`;
  const [f] = only(analyse(text), 'VX300');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /'sa' is overloaded/);
  assert.match(f.message, /share of 'r'/);
  assert.match(f.message, /set 'share:'/);
});

test('memory over budget from the default event size: a warning naming it', () => {
  const extra = `    parallelism: 40
    batch: {size: 10000, timeout: 1s}
runtime:
  memory: 256MiB
`;
  const a = analyse(fresh(extra, '1k/s'));
  const [f] = only(a, 'VX303');
  assert.ok(f, 'VX303 expected');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /default event size of 1 KiB/);
  assert.match(f.message, /set 'event_size:'/);
  const written = analyse(fresh(extra, '1k/s').replace('    rate: 1k/s\n', '    rate: 1k/s\n    event_size: 1KiB\n'));
  assert.equal(only(written, 'VX303')[0].severity, 'error');
});

/** n components in a row, each with `par` tasks at `cost`, under `rate`. */
function chain(n: number, rate: string | undefined, workers: number | undefined, par = 1, cost = '10us'): string {
  const lines = ['veltrix: 1', 'pipeline:', '  name: chain', '  delivery: at-most-once'];
  if (workers !== undefined) lines.push('runtime:', `  workers: ${workers}`);
  lines.push('sources:', '  s0:', '    type: kafka', '    brokers: [k:9092]', '    topic: t', '    group: g', `    parallelism: ${par}`, `    cost: ${cost}`);
  if (rate) lines.push(`    rate: ${rate}`);
  lines.push('processors:');
  for (let i = 1; i < n - 1; i++) lines.push(`  p${i}:`, '    type: map', `    inputs: [${i === 1 ? 's0' : `p${i - 1}`}]`, '    set: {x: "1"}', `    parallelism: ${par}`, `    cost: ${cost}`);
  lines.push('sinks:', '  out:', '    type: s3', '    bucket: b', `    inputs: [p${n - 2}]`, `    parallelism: ${par}`, `    cost: ${cost}`);
  return lines.join('\n') + '\n';
}

test('VX304: no rates, no finding however many components (it no longer counts tasks)', () => {
  assert.deepEqual(only(analyse(chain(12, undefined, undefined)), 'VX304'), []);
  assert.deepEqual(only(analyse(chain(12, '1/s', 2, 4)), 'VX304'), []);
});

test('VX304: busy workers = sum of min(utilisation, 1) x parallelism, against runtime.workers', () => {
  // 12 stages x 2 tasks at 10 µs, 150k/s: utilisation 150k x 10 µs / 2 = 0.75, busy 1.5 each, 18 in all > 8.
  const a = analyse(chain(12, '150k/s', 8, 2));
  assert.ok(Math.abs(a.capacity!.busyWorkers - 18) < 1e-9, String(a.capacity!.busyWorkers));
  assert.equal(a.capacity!.workers, 8);
  const [f] = only(a, 'VX304');
  assert.ok(f, 'VX304 expected');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /busy workers 18 exceed/);
  assert.match(f.message, /runtime\.workers 8/);
  assert.ok(f.related && f.related.length >= 3 && f.related.length <= 5);
  assert.match(f.related[0].message, /keeps 1\.5 workers busy/);
  // Overloaded stages count their parallelism, not more: 12 x 2 x min(3.75, 1) = 24.
  assert.ok(Math.abs(analyse(chain(12, '750k/s', 8, 2)).capacity!.busyWorkers - 24) < 1e-9);
  // Enough workers: nothing.
  assert.deepEqual(only(analyse(chain(12, '150k/s', 18, 2)), 'VX304'), []);
  // Default workers: 4.
  assert.equal(analyse(chain(3, '1k/s', undefined)).capacity!.workers, 4);
});

test('the model report shows busy workers (text and JSON) and says "saturates first"', () => {
  const a = analyse(chain(12, '150k/s', 8, 2));
  const text = formatModelText(a.capacity, a);
  assert.match(text, /busy workers\s+18\s+\(runtime\.workers 8: NOT MET\)/);
  assert.match(text, /saturates first: /);
  assert.doesNotMatch(text, /breaks first/);
  const json = modelJson(a.capacity);
  assert.equal(json.pipeline!.busyWorkers, 18);
  assert.equal(json.pipeline!.workers, 8);
});

test('the hover explains capacity in words, and names a default cost', () => {
  const a = analyse(fresh());
  const md = describeComponent(a.capacity, 'archive')!.markdown;
  assert.match(md, /\| Capacity \| 20k\/s: 1 task at 50 µs per event \(the default cost of an s3 sink; set `cost` to the measured figure\) \|/);
  const written = describeComponent(analyse(fresh('    cost: 50us\n    parallelism: 2\n')).capacity, 'archive')!.markdown;
  assert.match(written, /\| Capacity \| 40k\/s: 2 tasks at 50 µs per event \|/);
});

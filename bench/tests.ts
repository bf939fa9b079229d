// `npm run bench:tests`: pipeline tests in process (spec section 11).
//  1. a test file of 10,000 events through a 1,000-component pipeline: the
//     first run (parse, validate, run) and the re-run after an edit of the
//     test file (the pipeline's graph is reused);
//  2. the evaluator's throughput: events per second through a 20-stage
//     pipeline of filters and maps;
//  3. a typical file (10 tests of 10 events, 50 components): the re-run
//     after a keystroke in one test, which the editor adds to its diagnostics
//     (the other tests' YAML is not parsed again).
// Prints figures (median of --runs, default 5); asserts nothing.
import { analyzeTestFile, buildGraph, FileCache, loadWorkspace, runTest, type FileHost } from '../core/src/index';
import { programOf } from '../core/src/testing/program';
import { readSuite } from '../core/src/testing/test-file';
import { arg } from './args';

const runs = Number(arg('runs', '5'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x.toFixed(0)} ms`;

/** `branches` parallel branches of 10 components: source, filter, map, enrich, dedupe, route, window and three sinks. */
function branchedPipeline(branches: number): string {
  const src: string[] = [];
  const proc: string[] = [];
  const sinks: string[] = [];
  for (let i = 0; i < branches; i++) {
    src.push(`  src_${i}:\n    type: http\n    listen: 0.0.0.0:${8000 + (i % 1000)}`);
    proc.push(
      `  keep_${i}:\n    type: filter\n    inputs: [src_${i}]\n    condition: amount > 0 && kind != 'test'`,
      `  price_${i}:\n    type: map\n    inputs: [keep_${i}]\n    set:\n      amount_eur: amount * 0.9\n      big: amount > 50`,
      `  who_${i}:\n    type: enrich\n    inputs: [price_${i}]\n    lookup: {kind: redis, url: redis://cache, timeout: 5ms}\n    key: user\n    into: profile`,
      `  once_${i}:\n    type: dedupe\n    inputs: [who_${i}]\n    key: [id]\n    within: 1m`,
      `  split_${i}:\n    type: route\n    inputs: [once_${i}]\n    routes:\n      big: big\n      small: '!big'`,
      `  per_min_${i}:\n    type: window\n    inputs: [once_${i}]\n    kind: tumbling\n    size: 1m\n    key_by: user\n    aggregate:\n      n: count()\n      total: sum(amount_eur)`,
    );
    sinks.push(
      `  big_${i}:\n    type: s3\n    inputs: [split_${i}.big, per_min_${i}]\n    bucket: b\n    dead_letter: dlq_${i}`,
      `  small_${i}:\n    type: s3\n    inputs: [split_${i}.small]\n    bucket: s`,
      `  dlq_${i}:\n    type: s3\n    bucket: d`,
    );
  }
  return `veltrix: 1\npipeline:\n  name: bench\nsources:\n${src.join('\n')}\nprocessors:\n${proc.join('\n')}\nsinks:\n${sinks.join('\n')}\n`;
}

function branchedTests(branches: number, perSource: number, expectCount: number): string {
  const inputs: string[] = [];
  for (let i = 0; i < branches; i++) {
    const events = Array.from({ length: perSource }, (_, k) => `{id: e${i}_${k}, user: u${k % 7}, amount: ${(k * 13) % 100}, kind: order}`);
    inputs.push(`      src_${i}:\n        every: 100ms\n        events: [${events.join(', ')}]`);
  }
  return `veltrix-test: 1\npipeline: bench.veltrix.yaml\nmocks:\n${Array.from({ length: branches }, (_, i) => `  who_${i}: {u1: {tier: gold}}`).join('\n')}\ntests:\n  - name: load\n    input:\n${inputs.join('\n')}\n    expect:\n      big_0: {count: ${expectCount}}\n      small_0: {all: "amount <= 50"}\n`;
}

function chainPipeline(stages: number): string {
  const proc: string[] = [];
  for (let i = 0; i < stages; i++) {
    const input = i === 0 ? 'src' : `s${i - 1}`;
    proc.push(i % 2 ? `  s${i}:\n    type: filter\n    inputs: [${input}]\n    condition: amount >= 0 && len(name) > 0` : `  s${i}:\n    type: map\n    inputs: [${input}]\n    set:\n      amount: amount + 1\n      name: lower(name)`);
  }
  return `veltrix: 1\npipeline:\n  name: chain\nsources:\n  src:\n    type: http\n    listen: 0.0.0.0:80\nprocessors:\n${proc.join('\n')}\nsinks:\n  out:\n    type: s3\n    inputs: [s${stages - 1}]\n    bucket: b\n`;
}

/** Wall-clock ms; on a busy machine the process's CPU time (printed beside the run) is the steadier figure. */
function time<T>(f: () => T): { value: T; ms: number; cpu: number } {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = f();
  const u = process.cpuUsage(c);
  return { value, ms: performance.now() - t, cpu: (u.user + u.system) / 1000 };
}

function scenario(label: string, pipeline: string, testText: (n: number) => string) {
  const host: FileHost = { readFile: (uri) => (uri === 'file:///b/bench.veltrix.yaml' ? pipeline : undefined) };
  const uri = 'file:///b/bench.veltrix-test.yaml';
  const cold: number[] = [];
  const warm: number[] = [];
  let produced = 0;
  let status = '';
  for (let r = 0; r < runs; r++) {
    const cache = new FileCache();
    const first = time(() => analyzeTestFile(uri, testText(1), { host, cache }));
    cold.push(first.ms);
    const again = time(() => analyzeTestFile(uri, testText(2 + r), { host, cache })); // an edit of the test file
    warm.push(again.ms);
    produced = again.value.tests.reduce((n, t) => n + t.eventsProduced, 0);
    const t0 = again.value.tests[0];
    status = `${again.value.tests.length > 1 ? `${again.value.tests.length} tests, the first ` : ''}${t0.status}${t0.limit ? ` (${t0.limit})` : ''}`;
  }
  // The run alone (no parsing, no checks): the events through the compiled pipeline, traces included.
  const cache = new FileCache();
  const ws = loadWorkspace('file:///b/bench.veltrix.yaml', pipeline, host, cache);
  const program = programOf(buildGraph(ws));
  const suite = readSuite(cache.get(uri, testText(1)));
  const specs = suite.tests.map((test) => ({
    start: suite.start!,
    inputs: test.inputs.map((i) => ({ node: program.at.get(i.target)!, port: '', events: i.events.map((e, index) => ({ value: e.value, index, at: i.start + index * i.every })) })),
    failing: new Set<number>(),
    mocks: [suite.mocks],
    record: new Set<string>(),
  }));
  const only: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = time(() => specs.map((spec) => runTest(program, spec)));
    only.push(t.ms);
    cpu.push(t.cpu);
  }
  console.log(`${label}: first run ${ms(median(cold))}, re-run after an edit of the test file ${ms(median(warm))}, of which the run itself ${ms(median(only))} (CPU ${ms(median(cpu))}; ${produced.toLocaleString('en-US')} events produced, test ${status})`);
  return median(cpu);
}

console.log(`\n## Pipeline tests\n\nIn process, median of ${runs} runs:\n`);
scenario('10,000 events, 1,000 components', branchedPipeline(100), (n) => branchedTests(100, 100, n));

// Throughput: the chain's events through 20 stages, timed on the re-run (parsing excluded as far as possible: the run dominates).
const N = 4000;
const chain = chainPipeline(20);
const chainTests = (n: number) => `veltrix-test: 1\npipeline: bench.veltrix.yaml\ntests:\n  - name: chain\n    input:\n      src: [${Array.from({ length: N }, (_, k) => `{amount: ${k}, name: N${k % 10}}`).join(', ')}]\n    expect:\n      out: {count: ${n}}\n`;
const chainMs = scenario(`evaluator: ${N.toLocaleString('en-US')} events through a 20-stage pipeline`, chain, chainTests);
console.log(`  evaluator throughput: ${Math.round((N / chainMs) * 1000).toLocaleString('en-US')} events/s through 20 stages (${Math.round(((N * 20) / chainMs) * 1000).toLocaleString('en-US')} component steps/s, traces recorded; from CPU time)`);

/** A typical file: 10 tests of 10 events each (100 events) against 50 components; the edit changes one test. */
function typicalTests(n: number): string {
  const tests = Array.from({ length: 10 }, (_, t) => {
    const events = Array.from({ length: 10 }, (_, k) => `{id: e${t}_${k}, user: u${k % 3}, amount: ${(k * 17) % 100}, kind: order}`);
    return `  - name: case ${t}\n    input:\n      src_${t % 5}:\n        every: 1s\n        events: [${events.join(', ')}]\n    expect:\n      big_${t % 5}: {count: ${t === 9 ? n : 4}}\n      small_${t % 5}: {all: "amount <= 50"}\n`;
  });
  return `veltrix-test: 1\npipeline: bench.veltrix.yaml\nmocks:\n${Array.from({ length: 5 }, (_, i) => `  who_${i}: {u1: {tier: gold}}`).join('\n')}\ntests:\n${tests.join('')}`;
}

scenario('typical: 10 tests of 10 events (100 events), 50 components', branchedPipeline(5), typicalTests);

// `veltrix-lint model <file> --baseline <file | git:<ref>>`, run for real:
// every figure of each side is the one `model --format json` reports for
// that version (read, never recomputed), components added and removed are
// marked, findings are matched without their line, git:<ref> reads the file
// and its imports at the revision, and bad baselines exit 2 with one line.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, runCliJson } from '../helpers/cli';

const BEFORE = `veltrix: 1
pipeline:
  name: baseline-demo
  delivery: at-most-once
  slo:
    latency_p99: 1s
    throughput: 5k/s
schemas:
  Unused:
    a: string
sources:
  events_in:
    type: file
    path: /data/e.jsonl
    rate: 4k/s
processors:
  slow:
    type: map
    inputs: [events_in]
    cost: 300us
  old_step:
    type: filter
    inputs: [slow]
    condition: "true"
    selectivity: 0.5
sinks:
  out:
    type: s3
    bucket: b
    inputs: [old_step]
    batch:
      size: 100
      timeout: 1s
`;

// The fix: a comment on top (every line moves), twice the parallelism on
// `slow`, `old_step` replaced by `new_step`.
const AFTER = `# slow runs on two tasks now
${BEFORE.replace('    cost: 300us\n', '    cost: 300us\n    parallelism: 2\n')
  .replace(/ {2}old_step:\n {4}type: filter\n {4}inputs: \[slow\]\n {4}condition: "true"\n {4}selectivity: 0.5\n/, '  new_step:\n    type: dedupe\n    inputs: [slow]\n    key: [a]\n    within: 1m\n    cache_size: 10000\n')
  .replace('inputs: [old_step]', 'inputs: [new_step]')}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read back from the CLI
type Json = any;

function tmpDir(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-baseline-')));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function byId(model: Json): Map<string, Json> {
  return new Map(model.components.map((c: Json) => [c.id, c]));
}

/** Each side of the comparison carries exactly the figures `model --format json` reports for that version. */
function assertSidesAreTheModels(cmp: Json, beforeModel: Json, afterModel: Json) {
  for (const [side, m] of [['before', beforeModel], ['after', afterModel]] as const) {
    assert.equal(cmp.pipeline.maxIngest[side], m.pipeline.maxIngest, `${side} maxIngest`);
    assert.equal(cmp.pipeline.endToEndP99Ms[side], m.pipeline.endToEndP99Ms, `${side} end-to-end p99`);
    assert.equal(cmp.pipeline.memoryBytes[side], m.pipeline.memoryBytes, `${side} memory`);
    assert.deepEqual(cmp.pipeline.criticalPath[side], m.pipeline.criticalPath, `${side} critical path`);
    assert.equal(cmp.pipeline.slo.latencyP99Ms[side], m.pipeline.slo.latencyOk, `${side} latency verdict`);
    assert.equal(cmp.pipeline.slo.throughput[side], m.pipeline.slo.throughputOk, `${side} throughput verdict`);
    assert.equal(cmp.pipeline.slo.memoryBudgetBytes[side], m.pipeline.memoryOk, `${side} memory verdict`);
    if ('busyWorkers' in m.pipeline) assert.equal(cmp.pipeline.busyWorkers[side], m.pipeline.busyWorkers, `${side} busy workers`);
    const figures = byId(m);
    for (const c of cmp.components) {
      const f = figures.get(c.id);
      if (!f) {
        assert.equal(c.status, side === 'before' ? 'added' : 'removed', `${c.id} is only in one version`);
        assert.equal(c.utilization[side], null);
        continue;
      }
      assert.equal(c.utilization[side], f.utilization, `${side} ${c.id} utilisation`);
      assert.equal(c.p99Ms[side], f.p99Ms, `${side} ${c.id} p99`);
      assert.equal(c.memoryBytes[side], f.memoryBytes, `${side} ${c.id} memory`);
    }
    assert.equal(cmp.components.filter((c: Json) => c.status !== (side === 'before' ? 'added' : 'removed')).length, figures.size, `${side}: every component of the version`);
  }
}

describe('model --baseline <file>', () => {
  let dir: string;
  before(() => {
    dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'before.veltrix.yaml'), BEFORE);
    fs.writeFileSync(path.join(dir, 'after.veltrix.yaml'), AFTER);
  });

  test('both sides are the models of the two files; changes are after - before', () => {
    const cmp = runCliJson<Json>(['model', 'after.veltrix.yaml', '--baseline', 'before.veltrix.yaml'], { cwd: dir });
    assert.equal(cmp.version, 1);
    assert.equal(cmp.file, 'after.veltrix.yaml');
    assert.equal(cmp.baseline, 'before.veltrix.yaml');
    assertSidesAreTheModels(cmp, runCliJson<Json>(['model', 'before.veltrix.yaml'], { cwd: dir }), runCliJson<Json>(['model', 'after.veltrix.yaml'], { cwd: dir }));
    const slow = cmp.components.find((c: Json) => c.id === 'slow');
    assert.equal(slow.status, 'changed');
    assert.equal(slow.utilization.change, Number((slow.utilization.after - slow.utilization.before).toPrecision(12)));
    assert.equal(slow.p99Ms.unbounded.before, true, 'overloaded before: p99 unbounded');
    assert.equal(slow.p99Ms.unbounded.after, false);
    assert.equal(slow.p99Ms.change, null, 'no change against an unbounded figure');
    assert.equal(cmp.components.find((c: Json) => c.id === 'old_step').status, 'removed');
    assert.equal(cmp.components.find((c: Json) => c.id === 'new_step').status, 'added');
    assert.equal(cmp.components.find((c: Json) => c.id === 'events_in').status, 'unchanged');
    assert.deepEqual(cmp.components.map((c: Json) => c.id).at(-1), 'old_step', 'removed components come last');
  });

  test('findings are matched by code, component and message, not by line', () => {
    const cmp = runCliJson<Json>(['model', 'after.veltrix.yaml', '--baseline', 'before.veltrix.yaml'], { cwd: dir });
    const gone = cmp.findings.disappeared.map((f: Json) => `${f.code} ${f.component}`);
    assert.ok(gone.includes('VX300 slow'), `the bottleneck is gone: ${gone}`);
    assert.ok(!cmp.findings.appeared.some((f: Json) => f.code === 'VX107'), 'the unused schema moved a line down but is the same finding');
    assert.ok(cmp.findings.unchanged >= 1);
    const vx300 = cmp.findings.disappeared.find((f: Json) => f.code === 'VX300');
    assert.equal(vx300.file, '');
    assert.equal(typeof vx300.line, 'number');
  });

  test('--load applies to both versions', () => {
    const cmp = runCliJson<Json>(['model', 'after.veltrix.yaml', '--baseline', 'before.veltrix.yaml', '--load', '1.5'], { cwd: dir });
    assert.equal(cmp.load, 1.5);
    assertSidesAreTheModels(cmp, runCliJson<Json>(['model', 'before.veltrix.yaml', '--load', '1.5'], { cwd: dir }), runCliJson<Json>(['model', 'after.veltrix.yaml', '--load', '1.5'], { cwd: dir }));
  });

  test('text: before, after and change columns, added and removed marked, findings listed', () => {
    const r = runCli(['model', 'after.veltrix.yaml', '--baseline', 'before.veltrix.yaml'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^pipeline\s+before\.veltrix\.yaml\s+after\.veltrix\.yaml\s+change$/m);
    assert.match(r.stdout, /^end-to-end p99\s+unbounded\s+\S.*now bounded$/m);
    assert.match(r.stdout, /^new_step\s+dedupe\s+added\s/m);
    assert.match(r.stdout, /^old_step\s+filter\s+removed\s/m);
    assert.match(r.stdout, /^ {2}- error VX300 \[slow\] /m);
  });

  test('markdown: a pull-request table whose rows all have the header\'s columns', () => {
    const r = runCli(['model', 'after.veltrix.yaml', '--baseline', 'before.veltrix.yaml', '--format', 'markdown'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const md = r.stdout;
    assert.match(md, /^### Capacity model of after\.veltrix\.yaml: before\.veltrix\.yaml → after\.veltrix\.yaml/m);
    assert.match(md, /^\| \*\*end-to-end p99\*\* \| unbounded \| [^|]+ \| now bounded \|$/m);
    assert.match(md, /^\| `new_step` \| dedupe \| \*\*added\*\* \|/m);
    assert.match(md, /^- ➖ ~~error VX300 \[slow\]/m);
    // Every table: each row has as many cells as its header (pipes inside cells are escaped).
    const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    const lines = md.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i].startsWith('|') || !lines[i + 1]?.startsWith('|---')) continue;
      const n = cells(lines[i]);
      for (let j = i + 1; j < lines.length && lines[j].startsWith('|'); j++) assert.equal(cells(lines[j]), n, `row ${j + 1}: ${lines[j]}`);
    }
  });

  test('markdown renders as GitHub-flavoured tables (markdown-it): the pipeline rows and every component', () => {
    const md = runCli(['model', 'after.veltrix.yaml', '--baseline', 'before.veltrix.yaml', '--format', 'markdown'], { cwd: dir }).stdout;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- markdown-it ships no types
    const MarkdownIt = require('markdown-it') as new (o: object) => { render(s: string): string };
    const html = new MarkdownIt({ html: true }).render(md);
    const tables = [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((m) => [...m[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1])));
    assert.equal(tables.length, 2, html);
    const [pipeline, components] = tables;
    assert.deepEqual(pipeline[0], ['', 'before.veltrix.yaml', 'after.veltrix.yaml', 'change']);
    assert.deepEqual(pipeline.slice(1).map((r) => r[0]), ['<strong>max sustainable ingest</strong>', '<strong>end-to-end p99</strong>', '<strong>memory</strong>', '<strong>busy workers</strong>', '<strong>slo.latency_p99</strong>', '<strong>slo.throughput</strong>', '<strong>runtime.memory</strong>']);
    assert.ok(pipeline.every((r) => r.length === 4));
    const ids = components.slice(1).map((r) => r[0].replace(/<\/?code>/g, ''));
    assert.deepEqual(new Set(ids), new Set(['events_in', 'slow', 'new_step', 'out', 'old_step']));
    assert.ok(components.every((r) => r.length === 6));
    assert.match(html, /<details open><summary>Components: /);
  });

  test('a pipeline without rates on one side: that side is null, the other is its model', () => {
    fs.writeFileSync(path.join(dir, 'norate.veltrix.yaml'), BEFORE.replace('    rate: 4k/s\n', ''));
    const cmp = runCliJson<Json>(['model', 'after.veltrix.yaml', '--baseline', 'norate.veltrix.yaml'], { cwd: dir });
    assert.deepEqual(cmp.modelled, { before: false, after: true });
    assert.equal(cmp.pipeline.maxIngest.before, null);
    assert.equal(cmp.pipeline.maxIngest.change, null);
    assert.ok(cmp.components.every((c: Json) => c.status === 'added'));
    const md = runCli(['model', 'after.veltrix.yaml', '--baseline', 'norate.veltrix.yaml', '--format', 'markdown'], { cwd: dir }).stdout;
    assert.match(md, /norate\.veltrix\.yaml: no capacity model/);
  });

  test('bad usage exits 2 with one line', () => {
    for (const args of [
      ['model', 'after.veltrix.yaml', '--baseline', 'missing.veltrix.yaml'],
      ['model', 'after.veltrix.yaml', '--format', 'markdown'],
      ['model', 'after.veltrix.yaml', '--baseline', 'git:HEAD'], // not a repository
    ]) {
      const r = runCli(args, { cwd: dir, env: { GIT_CEILING_DIRECTORIES: path.dirname(dir) } });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^veltrix-lint: /);
      assert.equal(r.stdout, '');
    }
  });
});

describe('model --baseline git:<ref>', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_SYSTEM: '/dev/null' } });
  const FRAGMENT = (size: number) => `veltrix: 1\nsinks:\n  out:\n    type: s3\n    bucket: b\n    inputs: [old_step]\n    batch:\n      size: ${size}\n      timeout: 1s\n`;
  const MAIN = BEFORE.replace(/sinks:[\s\S]*$/, '').replace('veltrix: 1\n', 'veltrix: 1\nimports: [./shared/sinks.veltrix.yaml]\n');

  before(() => {
    repo = tmpDir();
    fs.mkdirSync(path.join(repo, 'pipelines', 'shared'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'pipelines', 'p.veltrix.yaml'), MAIN);
    fs.writeFileSync(path.join(repo, 'pipelines', 'shared', 'sinks.veltrix.yaml'), FRAGMENT(100));
    git('init', '-q');
    git('-c', 'user.name=t', '-c', 'user.email=t@e', 'add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-q', '-m', 'v1');
    // Working tree: the main file and the fragment both change.
    fs.writeFileSync(path.join(repo, 'pipelines', 'p.veltrix.yaml'), MAIN.replace('    cost: 300us\n', '    cost: 300us\n    parallelism: 2\n'));
    fs.writeFileSync(path.join(repo, 'pipelines', 'shared', 'sinks.veltrix.yaml'), FRAGMENT(1000));
  });

  test('git:HEAD is the committed file with its committed imports; the working tree is the after side', () => {
    const cmp = runCliJson<Json>(['model', 'pipelines/p.veltrix.yaml', '--baseline', 'git:HEAD'], { cwd: repo });
    assert.equal(cmp.baseline, 'git:HEAD');
    // The committed version, checked out elsewhere, is the reference for the before side.
    const committed = tmpDir();
    fs.mkdirSync(path.join(committed, 'shared'));
    fs.writeFileSync(path.join(committed, 'p.veltrix.yaml'), MAIN);
    fs.writeFileSync(path.join(committed, 'shared', 'sinks.veltrix.yaml'), FRAGMENT(100));
    assertSidesAreTheModels(cmp, runCliJson<Json>(['model', path.join(committed, 'p.veltrix.yaml')]), runCliJson<Json>(['model', 'pipelines/p.veltrix.yaml'], { cwd: repo }));
    const out = cmp.components.find((c: Json) => c.id === 'out');
    assert.ok(out.memoryBytes.after > out.memoryBytes.before, 'the fragment\'s larger batch is the after side only');
  });

  test('from a subfolder, with a relative path', () => {
    const cmp = runCliJson<Json>(['model', 'p.veltrix.yaml', '--baseline', 'git:HEAD'], { cwd: path.join(repo, 'pipelines') });
    assert.equal(cmp.modelled.before, true);
    assert.equal(cmp.file, 'p.veltrix.yaml');
  });

  test('an unknown revision, a file not in it, an option-like ref: exit 2, one line naming git\'s complaint', () => {
    fs.writeFileSync(path.join(repo, 'pipelines', 'new.veltrix.yaml'), MAIN);
    const cases: Array<[string[], RegExp]> = [
      [['model', 'pipelines/p.veltrix.yaml', '--baseline', 'git:no-such-branch'], /cannot read 'pipelines\/p\.veltrix\.yaml' at git:no-such-branch: .*no-such-branch/],
      [['model', 'pipelines/new.veltrix.yaml', '--baseline', 'git:HEAD'], /cannot read 'pipelines\/new\.veltrix\.yaml' at git:HEAD: .*(does not exist|exists on disk)/],
      [['model', 'pipelines/p.veltrix.yaml', '--baseline', 'git:--output=/tmp/x'], /invalid git revision/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args, { cwd: repo });
      assert.equal(r.code, 2, r.stdout);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, message);
    }
  });
});

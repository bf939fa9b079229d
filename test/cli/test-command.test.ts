// `veltrix-lint test`, run for real as a child process: exit codes, the text
// report, JSON, JUnit XML (checked with a real XML parser, hostile names
// included), GitHub annotations, --filter, --trace, directory search.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const repo = path.resolve(__dirname, '..', '..');
const mainTs = path.join(repo, 'cli', 'src', 'main.ts');
const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-test-cli-'));
const bundle = path.join(bundleDir, 'cli.js');
buildSync({ entryPoints: [mainTs], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'error' });
process.on('exit', () => fs.rmSync(bundleDir, { recursive: true, force: true }));

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const e: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('GITHUB_ACTIONS' in env)) delete e.GITHUB_ACTIONS;
  const r = spawnSync(process.execPath, [bundle, ...args], { cwd, env: e, encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const PIPELINE = `veltrix: 1
pipeline:
  name: p
sources:
  in:
    type: http
    listen: 0.0.0.0:80
processors:
  paid:
    type: filter
    inputs: [in]
    condition: status == 'paid'
sinks:
  out:
    type: s3
    inputs: [paid]
    bucket: b
    dead_letter: dlq
  dlq:
    type: s3
    bucket: d
`;
const HOSTILE = `a "quoted" <b>&amp;</b> ]]> 'x' %0A:,\u0007 test`;
const PASSING = `veltrix-test: 1
pipeline: ../p.veltrix.yaml
tests:
  - name: paid orders are stored
    input:
      in: [{id: 1, status: paid}]
    expect:
      out: [{id: 1, status: paid}]
  - name: down
    fail: [out]
    input:
      in: [{id: 2, status: paid}]
    expect:
      dlq: {count: 1}
`;
const FAILING = `veltrix-test: 1
pipeline: ../p.veltrix.yaml
tests:
  - name: ${JSON.stringify(HOSTILE)}
    input:
      in: [{id: 1, status: pending}]
    expect:
      out: [{id: 1, status: pending}]
  - name: wrong field
    input:
      in: [{id: 2, status: paid}]
    expect:
      out: [{id: 2, status: paid, extra: 1}]
`;

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-tests-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const ws = workspace({ 'p.veltrix.yaml': PIPELINE, 'tests/ok.veltrix-test.yaml': PASSING, 'tests/bad.veltrix-test.yml': FAILING, 'tests/notes.yaml': 'x: 1\n' });
process.on('exit', () => fs.rmSync(ws, { recursive: true, force: true }));

test('all passing: exit 0, each test named with file:line', () => {
  const r = run(['test', 'tests/ok.veltrix-test.yaml'], ws);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /PASS {2}paid orders are stored {2}\(tests\/ok\.veltrix-test\.yaml:4\)/);
  assert.match(r.stdout, /PASS {2}down {2}\(tests\/ok\.veltrix-test\.yaml:9\)/);
  assert.match(r.stdout, /2 passed, 0 failed/);
});

test('a failure: exit 1, the expectation at file:line, a key-sorted diff and the event path', () => {
  const r = run(['test', 'tests/bad.veltrix-test.yml'], ws);
  assert.equal(r.code, 1);
  assert.ok(r.stdout.includes(`FAIL  a "quoted" <b>&amp;</b> ]]> 'x' %0A:,\uFFFD test`), 'control characters are not sent to the terminal');
  assert.match(r.stdout, /FAIL {2}wrong field {2}\(tests\/bad\.veltrix-test\.yml:9\)/);
  assert.match(r.stdout, /tests\/bad\.veltrix-test\.yml:13:7 out: event 1 at out differs: field 'extra' is absent, expected 1/);
  assert.match(r.stdout, /^ +- {5}"extra": 1,$/m);
  assert.match(r.stdout, /^ +path of the event:\n +in \(inserted\) > paid \(condition status == 'paid' is true\) > out \(delivered\)$/m);
  assert.match(r.stdout, /instead: paid: condition status == 'paid' is false: dropped \(p\.veltrix\.yaml:9:3\)/);
  assert.match(r.stdout, /0 passed, 2 failed/);
});

test('directories are searched for *.veltrix-test.yaml|yml (default: the current one); --filter picks tests by name', () => {
  const all = run(['test'], ws);
  assert.equal(all.code, 1);
  assert.match(all.stdout, /2 passed, 2 failed, 0 could not run, in 2 test files/);
  const some = run(['test', 'tests', '--filter', 'paid orders'], ws);
  assert.equal(some.code, 0, some.stdout);
  assert.match(some.stdout, /1 passed, 0 failed/);
});

test('no test found: exit 2 and one line on stderr, unless --pass-with-no-tests; unreadable: exit 2', () => {
  const none = run(['test', 'tests', '--filter', 'no such test'], ws);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^veltrix-lint: no tests found in 'tests' matching --filter 'no such test'/);
  assert.equal(run(['test', 'tests', '--filter', 'no such test', '--pass-with-no-tests'], ws).code, 0);
  const missing = run(['test', 'nope.veltrix-test.yaml'], ws);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read 'nope\.veltrix-test\.yaml': no such file/);
  assert.equal(run(['test', '--format', 'tap'], ws).code, 2);
});

test('JUnit: well-formed XML, a testsuite per file, classname = file path, name, file and line; hostile names escaped', () => {
  const r = run(['test', '--format', 'junit'], ws);
  assert.equal(r.code, 1);
  assert.equal(XMLValidator.validate(r.stdout), true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testsuite' || n === 'testcase', parseAttributeValue: false, trimValues: false, processEntities: true, htmlEntities: false }).parse(r.stdout);
  const suites = doc.testsuites.testsuite as Array<Record<string, unknown> & { testcase: Array<Record<string, unknown>> }>;
  assert.deepEqual(suites.map((s) => s.name), ['tests/bad.veltrix-test.yml', 'tests/ok.veltrix-test.yaml']);
  const bad = suites[0];
  assert.deepEqual([bad.tests, bad.failures, bad.errors], ['2', '2', '0']);
  const hostile = bad.testcase[0];
  assert.equal(hostile.name, HOSTILE.replace('\u0007', '\uFFFD'), 'the name reads back as written (a control character XML cannot carry replaced)');
  assert.deepEqual([hostile.classname, hostile.file, hostile.line], ['tests/bad.veltrix-test.yml', 'tests/bad.veltrix-test.yml', '4']);
  const failure = hostile.failure as Record<string, string>;
  assert.equal(failure.type, 'VX402');
  assert.match(failure['#text'], /tests\/bad\.veltrix-test\.yml:8:7 out: expected 1 event at out, got 0/);
  assert.match(failure['#text'], /path: in \(inserted\) > paid \(condition status == 'paid' is false: dropped\)/);
  assert.equal(suites[1].testcase.length, 2);
  assert.equal(suites[1].testcase[0].failure, undefined);
});

test('GITHUB_ACTIONS=true: ::error lines with file, line and escaped text (stdout beside text, stderr beside XML)', () => {
  const text = run(['test', 'tests/bad.veltrix-test.yml'], ws, { GITHUB_ACTIONS: 'true' });
  const lines = text.stdout.split('\n').filter((l) => l.startsWith('::error '));
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^::error file=tests\/bad\.veltrix-test\.yml,line=8,col=7,title=VX402::Test 'a "quoted" <b>&amp;<\/b> \]\]> 'x' %250A:,\u0007 test' failed: expected 1 event at out, got 0$/);
  const junit = run(['test', 'tests/bad.veltrix-test.yml', '--format', 'junit'], ws, { GITHUB_ACTIONS: 'true' });
  assert.equal(XMLValidator.validate(junit.stdout), true);
  assert.equal(junit.stderr.split('\n').filter((l) => l.startsWith('::error ')).length, 2);
  assert.equal(run(['test', 'tests/bad.veltrix-test.yml'], ws).stdout.includes('::error'), false, 'only under GitHub Actions');
});

test('JSON: summary, tests with status and line, failures with expected, actual, path and where events went', () => {
  const r = run(['test', 'tests', '--format', 'json'], ws);
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(doc.summary, { passed: 2, failed: 2, errors: 0, total: 4, files: 2 });
  const bad = doc.files[0];
  assert.equal(bad.pipeline, 'p.veltrix.yaml');
  const f = bad.tests[0].failures[0];
  assert.deepEqual([f.target, f.kind, f.line, f.expected, f.actual], ['out', 'list', 8, [{ id: 1, status: 'pending' }], []]);
  assert.deepEqual(f.elsewhere[0], { component: 'paid', outcome: 'dropped', detail: "paid: condition status == 'paid' is false: dropped", file: 'p.veltrix.yaml', line: 9 });
  assert.equal(bad.tests[0].traces, undefined, 'traces only with --trace');
  const traced = JSON.parse(run(['test', 'tests/ok.veltrix-test.yaml', '--format', 'json', '--trace'], ws).stdout);
  assert.equal(traced.files[0].tests[1].traces[0].root.next[0].next[0].outcome, 'dead-lettered');
  assert.deepEqual(doc.coverage.map((c: { code: string; line: number }) => `${c.code}:${c.line}`), [], 'every branch of this pipeline is taken');
});

test('--trace prints every event\'s path', () => {
  const r = run(['test', 'tests/ok.veltrix-test.yaml', '--trace'], ws);
  assert.match(r.stdout, /trace in\[0\] @0ms: in \(inserted\) > paid \(condition status == 'paid' is true\) > out \(delivered\)/);
  assert.match(r.stdout, /out \(1 attempt failed: sent to dead_letter dlq\) > dlq \(delivered\)/);
});

test('the examples: each example pipeline has a test file, run through the CLI', () => {
  const r = run(['test', 'examples', '--format', 'json'], repo);
  const doc = JSON.parse(r.stdout);
  const pipelines = new Set(doc.files.map((f: { pipeline: string }) => f.pipeline));
  const mains = (fs.readdirSync(path.join(repo, 'examples'), { recursive: true }) as string[])
    .filter((f) => /\.veltrix\.ya?ml$/.test(f) && /^pipeline:/m.test(fs.readFileSync(path.join(repo, 'examples', f), 'utf8')))
    .map((f) => `examples/${f.split(path.sep).join('/')}`);
  assert.ok(mains.length >= 5, mains.join(' '));
  for (const p of mains) assert.ok(pipelines.has(p), `${p} has no test file`);
  for (const f of doc.files) {
    const failed = f.tests.filter((t: { status: string }) => t.status !== 'passed').map((t: { name: string }) => t.name);
    // The mistakes example fails one test on purpose: its ledger is fed by a misspelt input.
    assert.deepEqual(failed, f.file === 'examples/mistakes.veltrix-test.yaml' ? ['settled payments reach the ledger'] : [], f.file);
  }
});

test('JUnit: a test file that cannot be read as tests is one errored case; the totals add up', () => {
  const dir = workspace({ 'p.veltrix.yaml': PIPELINE, 'broken.veltrix-test.yaml': 'veltrix-test: 1\npipeline: p.veltrix.yaml\ntests: [\n', 'ok.veltrix-test.yaml': PASSING.replace('../p.veltrix.yaml', 'p.veltrix.yaml') });
  try {
    const r = run(['test', '--format', 'junit'], dir);
    assert.equal(r.code, 1);
    assert.equal(XMLValidator.validate(r.stdout), true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testsuite' || n === 'testcase' }).parse(r.stdout);
    const suites = doc.testsuites.testsuite as Array<Record<string, string> & { testcase: Array<Record<string, unknown>> }>;
    const broken = suites.find((s) => s.name === 'broken.veltrix-test.yaml')!;
    assert.equal(broken.testcase[0].name, '(test file)');
    assert.match((broken.testcase[0].error as Record<string, string>).type, /^VX0/);
    for (const key of ['tests', 'failures', 'errors']) assert.equal(Number(doc.testsuites[key]), suites.reduce((n, s) => n + Number(s[key]), 0), key);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

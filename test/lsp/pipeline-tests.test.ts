// Pipeline tests in the language server (spec 11.3/11.4), on the real stdio
// server: a test document's tests run with its analysis (VX402 at the failing
// expectation), re-run when the pipeline or a fragment it imports changes,
// VX405 lands on a pipeline that has test files, completion/hover/definition
// in test files, the Run/Show-trace lenses, and the `veltrix/runTests`,
// `veltrix/testFile` and `veltrix/testTrace` reports the editor reads.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeTestFile, FileCache } from '../../core/src/index';
import { DiskHost } from '../../cli/src/files';
import { positionOf, startServer, uriOf, VSCODE_COMMANDS, type TestServer } from './lsp-client';
import type { TestFileReport, TestTraceResult } from '../../protocol/src/index';

// The VS Code client runs these two commands itself (client/src/extension.ts declares them).
const TEST_COMMANDS = ['veltrix.runTest', 'veltrix.showTestTrace'];
for (const c of TEST_COMMANDS) if (!VSCODE_COMMANDS.includes(c)) VSCODE_COMMANDS.push(c);

const pipeline = `veltrix: 1
pipeline:
  name: shop
imports:
  - parts.veltrix.yaml
schemas:
  Order:
    amount: float
sources:
  orders_in:
    type: http
    listen: 0.0.0.0:80
    schema: Order
processors:
  big:
    type: filter
    inputs: [orders_in]
    condition: amount > 10
sinks:
  archive:
    type: s3
    inputs: [tag]
    bucket: b
`;
const fragment = `veltrix: 1
processors:
  tag:
    type: map
    inputs: [big]
    set:
      size: "'large'"
`;
const tests = `veltrix-test: 1
pipeline: shop.veltrix.yaml
tests:
  - name: big orders are archived
    input:
      orders_in: [{amount: 20}, {amount: 5}]
    expect:
      archive: [{amount: 20, size: large}]
  - name: <img src=x onerror=alert(1)> small orders are dropped
    input:
      orders_in: [{amount: 1}]
    expect:
      archive: []
`;

let dir: string;
let server: TestServer;
const files = { pipeline: '', fragment: '', tests: '' };
const reports: TestFileReport[] = [];

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vx-lsp-tests-'));
  files.pipeline = path.join(dir, 'shop.veltrix.yaml');
  files.fragment = path.join(dir, 'parts.veltrix.yaml');
  files.tests = path.join(dir, 'shop.veltrix-test.yaml');
  fs.writeFileSync(files.pipeline, pipeline);
  fs.writeFileSync(files.fragment, fragment);
  fs.writeFileSync(files.tests, tests);
  server = await startServer({ rootDir: dir, debounceMs: 0 });
  server.conn.onNotification('veltrix/testFile', (r: TestFileReport) => reports.push(r));
});
after(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const uri = (p: string) => uriOf(p);

describe('test documents', () => {
  test('tests run with the analysis: the same results as the core, reported and published', async () => {
    server.open(uri(files.tests), tests, 1);
    const diags = await server.diagnostics(uri(files.tests), 1);
    assert.deepEqual(diags.map((d) => d.code), [], JSON.stringify(diags));
    const report = await server.request<TestFileReport>('veltrix/runTests', { uri: uri(files.tests) });
    const core = analyzeTestFile(uri(files.tests), tests, { host: new DiskHost(), cache: new FileCache() });
    assert.deepEqual(report.tests.map((t) => [t.name, t.status, t.range]), core.tests.map((t) => [t.name, t.status, t.range]));
    assert.equal(report.pipelineUri, uri(files.pipeline));
    // The notification after the analysis carries the same report, with the version it was made from.
    const pushed = reports.find((r) => r.uri === uri(files.tests) && r.version === 1);
    assert.ok(pushed, 'veltrix/testFile after the analysis');
    assert.deepEqual(pushed.tests, report.tests);
  });

  test('VX402 lands on the failing expectation with what differs; the report has a key-sorted diff and the path', async () => {
    const failing = tests.replace('archive: [{amount: 20, size: large}]', 'archive: [{size: small, amount: 20}]');
    server.change(uri(files.tests), failing, 2);
    const diags = await server.diagnostics(uri(files.tests), 2);
    const vx402 = diags.filter((d) => d.code === 'VX402');
    assert.equal(vx402.length, 1);
    assert.deepEqual(vx402[0].range.start, positionOf(failing, 'archive: [{size'));
    assert.match(vx402[0].message, /big orders are archived.*size/);
    const report = await server.request<TestFileReport>('veltrix/runTests', { uri: uri(files.tests) });
    const f = report.tests[0].failures[0];
    assert.equal(report.tests[0].status, 'failed');
    assert.deepEqual(f.range.start, positionOf(failing, 'archive: [{size'));
    assert.deepEqual(JSON.parse(f.expected), [{ amount: 20, size: 'small' }]);
    assert.deepEqual(JSON.parse(f.actual), [{ amount: 20, size: 'large' }]);
    // Key-sorted: amount before size, although the test wrote size first.
    assert.ok(f.expected.indexOf('"amount"') < f.expected.indexOf('"size"'), f.expected);
    // The event's path, each step at its component (the map lives in the fragment).
    assert.deepEqual(f.path.map((s) => s.label.split(':')[0]), ['orders_in', 'big', 'tag', 'archive']);
    const tag = f.path.find((s) => s.label.startsWith('tag'))!;
    assert.equal(tag.uri, uri(files.fragment));
    assert.equal(tag.line, 2);
    server.change(uri(files.tests), tests, 3);
    assert.deepEqual((await server.diagnostics(uri(files.tests), 3)).filter((d) => d.code === 'VX402'), []);
  });

  test('an edit of the pipeline or of a fragment it imports re-runs the tests', async () => {
    server.open(uri(files.pipeline), pipeline, 1);
    await server.diagnostics(uri(files.pipeline), 1);
    const before = (await server.diagnostics(uri(files.tests))).length;
    server.change(uri(files.pipeline), pipeline.replace('amount > 10', 'amount > 100'), 2);
    await server.diagnostics(uri(files.pipeline), 2);
    let diags = await waitFor(async () => {
      const d = await server.diagnostics(uri(files.tests));
      return d.some((x) => x.code === 'VX402') ? d : undefined;
    });
    assert.ok(diags.length > before);
    assert.match(diags.find((d) => d.code === 'VX402')!.message, /big orders are archived/);
    server.change(uri(files.pipeline), pipeline, 3);
    await waitFor(async () => ((await server.diagnostics(uri(files.tests))).some((x) => x.code === 'VX402') ? undefined : true));

    server.open(uri(files.fragment), fragment, 1);
    await server.diagnostics(uri(files.fragment), 1);
    server.change(uri(files.fragment), fragment.replace("'large'", "'huge'"), 2);
    diags = await waitFor(async () => {
      const d = await server.diagnostics(uri(files.tests));
      return d.some((x) => x.code === 'VX402' && /size/.test(x.message)) ? d : undefined;
    });
    server.change(uri(files.fragment), fragment, 3);
    await waitFor(async () => ((await server.diagnostics(uri(files.tests))).some((x) => x.code === 'VX402') ? undefined : true));
  });

  test('VX405 on the pipeline: the branches no test takes; gone once a test takes them', async () => {
    server.change(uri(files.pipeline), pipeline + '\n', 4);
    const diags = await server.diagnostics(uri(files.pipeline), 4);
    // Both tests together pass and drop at the filter: nothing untested in this pipeline.
    assert.deepEqual(diags.filter((d) => d.code === 'VX405'), []);
    const onlyBig = tests.slice(0, tests.indexOf('  - name: <img'));
    server.change(uri(files.tests), onlyBig, 4);
    await server.diagnostics(uri(files.tests), 4);
    // {amount: 20} passes and {amount: 5} is dropped in the first test alone: still nothing untested.
    assert.deepEqual((await server.diagnostics(uri(files.pipeline))).filter((x) => x.code === 'VX405'), []);
    const passOnly = onlyBig.replace('[{amount: 20}, {amount: 5}]', '[{amount: 20}]');
    server.change(uri(files.tests), passOnly, 5);
    const vx405 = await waitFor(async () => {
      const d = (await server.diagnostics(uri(files.pipeline))).filter((x) => x.code === 'VX405');
      return d.some((x) => /dropped by filter 'big'/.test(x.message)) ? d : undefined;
    });
    assert.deepEqual(vx405[0].range.start, positionOf(pipeline, 'amount > 10'));
    const report = await server.request<TestFileReport>('veltrix/runTests', { uri: uri(files.tests) });
    assert.deepEqual(
      report.coverage!.map((c) => [c.label, c.taken]),
      [
        ['filter:big:pass', true],
        ['filter:big:drop', false],
      ],
    );
    server.change(uri(files.tests), tests, 6);
    await server.diagnostics(uri(files.tests), 6);
  });
});

describe('editing a test file', () => {
  test('completion: input targets are components that are not sinks, expect targets add route outputs and lost; event fields', async () => {
    const text = `veltrix-test: 1\npipeline: shop.veltrix.yaml\ntests:\n  - name: t\n    input:\n      or\n    expect:\n      ar\n    fail: [a\n`;
    server.change(uri(files.tests), text, 10);
    const labels = async (needle: string) =>
      ((await server.request<Array<{ label: string }> | { items: Array<{ label: string }> }>('textDocument/completion', { textDocument: { uri: uri(files.tests) }, position: positionOf(text, needle, needle.length) })) as Array<{ label: string }>).map((i) => i.label);
    assert.deepEqual((await labels('      or')).sort(), ['big', 'orders_in', 'tag']);
    assert.deepEqual((await labels('      ar')).sort(), ['archive', 'big', 'lost', 'orders_in', 'tag']);
    assert.deepEqual(await labels('fail: [a'), ['archive']);
    const fieldsText = tests.replace('expect:\n      archive: [{', 'expect:\n      archive: [{');
    server.change(uri(files.tests), fieldsText, 11);
    const at = positionOf(fieldsText, 'archive: [{', 'archive: [{'.length);
    const fields = (await server.request<Array<{ label: string }>>('textDocument/completion', { textDocument: { uri: uri(files.tests) }, position: at })).map((i) => i.label);
    assert.deepEqual(fields.sort(), ['amount', 'size'], "the source's schema and the fragment's map");
  });

  test('hover and go to definition from a test into the pipeline and its fragment', async () => {
    server.change(uri(files.tests), tests, 12);
    await server.diagnostics(uri(files.tests), 12);
    const pos = positionOf(tests, 'orders_in', 2);
    const hover = await server.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: uri(files.tests) }, position: pos });
    assert.match(hover.contents.value, /orders_in.*source \(http\)/);
    const defs = await server.request<Array<{ uri: string; range: { start: { line: number } } }>>('textDocument/definition', { textDocument: { uri: uri(files.tests) }, position: pos });
    assert.deepEqual(defs.map((d) => [d.uri, d.range.start.line]), [[uri(files.pipeline), 9]]);
    // An event field: its type at that component, from the schema flow.
    const field = await server.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: uri(files.tests) }, position: positionOf(tests, 'size: large', 1) });
    assert.match(field.contents.value, /\*\*size\*\*: string .*archive/);
  });

  test('lenses: Run test and Show trace on graph above each test, for a client that runs them', async () => {
    const lenses = await server.request<Array<{ range: { start: { line: number } }; command: { title: string; command: string; arguments: unknown[] } }>>('textDocument/codeLens', { textDocument: { uri: uri(files.tests) } });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command.command, l.command.arguments]),
      [
        [3, 'veltrix.runTest', [uri(files.tests), 0]],
        [3, 'veltrix.showTestTrace', [uri(files.tests), 0]],
        [8, 'veltrix.runTest', [uri(files.tests), 1]],
        [8, 'veltrix.showTestTrace', [uri(files.tests), 1]],
      ],
    );
  });

  test('veltrix/testTrace: events per edge and what happened where, from the core trace', async () => {
    const t = await server.request<TestTraceResult>('veltrix/testTrace', { uri: uri(files.tests), index: 0 });
    assert.equal(t.pipelineUri, uri(files.pipeline));
    const edges = Object.fromEntries(t.edges.map((e) => [`${e.from}>${e.to}`, e.count]));
    assert.deepEqual(edges, { 'orders_in>big': 2, 'big>tag': 1, 'tag>archive': 1 });
    assert.equal(t.components.big.dropped, 1);
    assert.equal(t.components.archive.delivered, 1);
    assert.equal(await server.request('veltrix/testTrace', { uri: uri(files.pipeline), index: 0 }), null);
  });

  test('quick fix in a test file: VX401 offers the closest id', async () => {
    const typo = tests.replace('      orders_in: [{amount: 1}]', '      orders_inn: [{amount: 1}]');
    server.change(uri(files.tests), typo, 13);
    const diags = await server.diagnostics(uri(files.tests), 13);
    const vx401 = diags.find((d) => d.code === 'VX401');
    assert.ok(vx401, JSON.stringify(diags));
    const actions = await server.request<Array<{ title: string; edit?: { changes: Record<string, Array<{ newText: string }>> } }>>('textDocument/codeAction', {
      textDocument: { uri: uri(files.tests) },
      range: vx401.range,
      context: { diagnostics: [vx401] },
    });
    const fix = actions.find((a) => /orders_in/.test(a.title) && a.edit);
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.deepEqual(Object.values(fix.edit!.changes)[0].map((e) => e.newText), ['orders_in']);
    server.change(uri(files.tests), tests, 14);
    await server.diagnostics(uri(files.tests), 14);
  });

  test('a test file that is not open is run from disk', async () => {
    server.close(uri(files.tests));
    const r = await server.request<TestFileReport>('veltrix/runTests', { uri: uri(files.tests) });
    assert.deepEqual(r.tests.map((t) => t.status), ['passed', 'passed']);
    assert.equal(r.version, undefined);
    // The pipeline is edited while the test file is closed: the next report runs against the new text.
    server.change(uri(files.pipeline), pipeline.replace('amount > 10', 'amount > 100'), 20);
    await server.diagnostics(uri(files.pipeline), 20);
    const again = await server.request<TestFileReport>('veltrix/runTests', { uri: uri(files.tests) });
    assert.deepEqual(again.tests.map((t) => t.status), ['failed', 'passed']);
  });
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

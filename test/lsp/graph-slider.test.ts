// The graph preview's load slider goes through the server's analyzer (issue
// 13, item 3): the analysis at another load has the workspace's
// .veltrix-lint.yaml and the user's rule settings like every other, and it
// leaves the published analysis's snapshot alone, so the next keystroke is
// still analysed incrementally.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GraphResult } from '../../protocol/src/index';
import { standInAnalyzer } from '../helpers/analyzer';
import { generatePipeline } from '../../bench/generate';
import { startServer, uriOf, type TestServer } from './lsp-client';

const servers: TestServer[] = [];
after(async () => Promise.all(servers.map((s) => s.stop())));

/** Every finding code the view shows: node badges and the general list. */
function codesOf(r: GraphResult | null): string[] {
  const view = r?.view;
  assert.ok(view, 'a view');
  return [...view.nodes.flatMap((n) => n.badges.messages.map((m) => m.code)), ...view.general.map((m) => m.code)];
}

test('rules switched off (user settings and .veltrix-lint.yaml) do not reappear as badges when the slider moves', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-slider-'));
  fs.writeFileSync(path.join(dir, '.veltrix-lint.yaml'), 'rules:\n  VX105: off\n');
  const text = generatePipeline(100, { errors: true }).text.replace('inputs: [g0_split.eu, g0_split._unmatched]', 'inputs: [g0_split.eu, g0_split.asia]');
  const file = path.join(dir, 'p.veltrix.yaml');
  fs.writeFileSync(file, text);
  const server = await startServer({ rootDir: dir, settings: { rules: { VX100: 'off' } } });
  servers.push(server);
  const uri = uriOf(file);
  // Without the settings, both rules fire on this file (unknown id, unknown route port).
  const plain = await startServer({ rootDir: os.tmpdir() });
  servers.push(plain);
  plain.open('file:///elsewhere/p.veltrix.yaml', text, 1);
  const codes = (await plain.diagnostics('file:///elsewhere/p.veltrix.yaml', 1)).map((d) => d.code);
  assert.ok(codes.includes('VX100') && codes.includes('VX105'), codes.join(' '));

  server.open(uri, text, 1);
  const diags = await server.diagnostics(uri, 1);
  assert.ok(!diags.some((d) => d.code === 'VX100' || d.code === 'VX105'), diags.map((d) => d.code).join(' '));
  for (const load of [1, 1.5, 3]) {
    const shown = codesOf(await server.request<GraphResult>('veltrix/graph', { uri, load }));
    assert.ok(!shown.includes('VX100'), `VX100 (off in the settings) at load ${load}`);
    assert.ok(!shown.includes('VX105'), `VX105 (off in .veltrix-lint.yaml) at load ${load}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the next keystroke after a slider move stays incremental', async () => {
  const uri = 'file:///slider.veltrix.yaml';
  const lines = generatePipeline(100).text.split('\n');
  const { analyzer, doc } = standInAnalyzer(uri, lines.join('\n'));
  const before = (await analyzer.current(uri))!.scope.analyses[0];
  const loaded = await analyzer.atLoad(uri, 2.5);
  assert.ok(loaded && loaded !== before, 'an analysis of its own at load 2.5');
  assert.notDeepEqual(loaded.capacity?.components, before.capacity?.components, 'the model at another load');
  // A keystroke in a description: the published analysis's graph and flow are reused, not rebuilt.
  const line = lines.findIndex((l) => l.includes('description: drop empty events'));
  lines[line] += ' now';
  doc.text = lines.join('\n');
  doc.version = 2;
  const next = (await analyzer.current(uri))!;
  assert.equal(next.version, 2);
  assert.equal(next.scope.analyses[0].flow, before.flow, 'incremental: the flow of the analysis before the slider moved');
  assert.equal(next.scope.analyses[0].capacity, before.capacity, 'and its model (load 1)');
});

test("a test file's graph, at any load, is its pipeline's graph (the model included, the pipeline not open)", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-slider-tests-'));
  const examples = path.join(__dirname, '..', '..', 'examples');
  for (const name of ['orders.veltrix.yaml', 'orders.veltrix-test.yaml']) fs.copyFileSync(path.join(examples, name), path.join(dir, name));
  const pipelineUri = uriOf(path.join(dir, 'orders.veltrix.yaml'));
  const testUri = uriOf(path.join(dir, 'orders.veltrix-test.yaml'));
  // One server sees only the test file open, the other only the pipeline.
  const [withTest, withPipeline] = await Promise.all([startServer({ rootDir: dir }), startServer({ rootDir: dir })]);
  servers.push(withTest, withPipeline);
  withTest.open(testUri, fs.readFileSync(path.join(dir, 'orders.veltrix-test.yaml'), 'utf8'), 1);
  withPipeline.open(pipelineUri, fs.readFileSync(path.join(dir, 'orders.veltrix.yaml'), 'utf8'), 1);
  await Promise.all([withTest.diagnostics(testUri, 1), withPipeline.diagnostics(pipelineUri, 1)]);
  for (const load of [1, 2.5]) {
    const fromTest = (await withTest.request<GraphResult>('veltrix/graph', { uri: testUri, load }))?.view;
    const fromPipeline = (await withPipeline.request<GraphResult>('veltrix/graph', { uri: pipelineUri, load }))?.view;
    assert.ok(fromPipeline?.model, `the pipeline's view has its model at load ${load}`);
    assert.equal(fromTest?.uri, pipelineUri, `load ${load}: the view of the pipeline the test file tests`);
    assert.deepEqual(fromTest, fromPipeline, `load ${load}: the same view as the pipeline's own`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

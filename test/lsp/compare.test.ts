// `veltrix/compareModel` on the real server: the open document against a
// baseline text (what VS Code's Compare Model with HEAD sends) gives the
// core's before/after report of exactly those two texts, leaves the
// document's own diagnostics alone, and says so for a fragment.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzePipeline, FileCache, emptyConfig } from '../../core/src/index';
import { compareModels } from '../../core/src/compare/model-diff';
import { comparisonMarkdown } from '../../core/src/compare/report';
import { read, repoRoot, startServer, uriOf, type TestServer } from './lsp-client';
import { DiskHost } from '../../cli/src/files';

const afterPath = path.join(repoRoot, 'examples', 'post-mortem', 'after.veltrix.yaml');
const uri = uriOf(afterPath);
const afterText = read(afterPath);
const beforeText = read(path.join(repoRoot, 'examples', 'post-mortem', 'before.veltrix.yaml'));

interface Result {
  markdown: string | null;
  message?: string;
  baselineUtilization: Record<string, number | null>;
}

let server: TestServer;
before(async () => {
  server = await startServer();
  server.open(uri, afterText, 1);
  await server.diagnostics(uri, 1);
});
after(async () => server?.stop());

describe('veltrix/compareModel', () => {
  test('the report is the core comparison of the baseline text and the open text', async () => {
    const r = await server.request<Result>('veltrix/compareModel', { uri, baselineText: beforeText, baselineLabel: 'HEAD' });
    const analyze = (text: string) => analyzePipeline(uri, text, { host: new DiskHost(), cache: new FileCache(), config: emptyConfig(), settings: { model: true } });
    const expected = comparisonMarkdown(compareModels(analyze(beforeText), analyze(afterText)), { file: 'after.veltrix.yaml', before: 'HEAD', after: 'working copy' });
    assert.equal(r.markdown, expected);
    assert.match(r.markdown!, /\| HEAD \| working copy \| change \|/);
    const risk = analyze(beforeText).capacity!.components.find((c) => c.id === 'customer_risk')!;
    assert.equal(r.baselineUtilization.customer_risk, Number(risk.utilization.toPrecision(12)));
  });

  test("the baseline does not replace the document's analysis", async () => {
    await server.request('veltrix/compareModel', { uri, baselineText: beforeText });
    server.change(uri, afterText + '\n', 2);
    assert.deepEqual((await server.diagnostics(uri, 2)).map((d) => d.code), [], 'after.veltrix.yaml is clean; the baseline has four warnings');
  });

  test('a fragment gets a message, an unknown document null', async () => {
    const fragment = uriOf(path.join(repoRoot, 'examples', 'clickstream', 'enrichment.veltrix.yaml'));
    server.open(fragment, read(path.join(repoRoot, 'examples', 'clickstream', 'enrichment.veltrix.yaml')), 1);
    const r = await server.request<Result>('veltrix/compareModel', { uri: fragment, baselineText: 'veltrix: 1\n' });
    assert.equal(r.markdown, null);
    assert.match(r.message!, /fragment/);
    assert.equal(await server.request('veltrix/compareModel', { uri: uriOf(path.join(repoRoot, 'nowhere.veltrix.yaml')), baselineText: '' }), null);
  });
});

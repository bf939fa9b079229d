// Fixture-driven tests of the test-file diagnostics (VX401-VX406, and schema
// codes in test files): every `*.veltrix-test.yaml` under test/fixtures/rules
// is analysed and its findings must be exactly its `# expect:` markers. VX405
// lands on the pipeline: its markers are in the pipeline file (which says
// `# fixture-ignore: VX405` for test/fixtures.test.ts, where no test files
// take part), compared with the branches the test files beside it leave out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeTestFile, buildGraph, loadWorkspace, untestedBranches, type Finding, type TestFileAnalysis } from '../../core/src/index';
import { diskHost, uriOf } from '../helpers/host';
import { expectedMarkers, testFixtureFiles } from '../helpers/fixtures';

const root = path.join(__dirname, '..', 'fixtures', 'rules');
const lines = (findings: Finding[]) => findings.map((f) => `${f.range.start.line + 1}:${f.code}`).sort();
const detail = (findings: Finding[]) => findings.map((f) => `  ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.message}`).join('\n');

const analyses: TestFileAnalysis[] = [];
for (const file of testFixtureFiles()) {
  const text = fs.readFileSync(file, 'utf8');
  const analysis = analyzeTestFile(uriOf(file), text, { host: diskHost });
  analyses.push(analysis);
  test(`test fixture ${path.relative(root, file)}`, () => {
    const m = expectedMarkers(text);
    const actual = analysis.findings.filter((f) => !m.ignored.has(f.code));
    assert.deepEqual(lines(actual), m.expected.filter((e) => !m.ignored.has(e.split(':')[1])).sort(), `findings differ from the markers\n${detail(actual)}`);
  });
}

for (const pipelineUri of new Set(analyses.flatMap((a) => (a.pipelineUri ? [a.pipelineUri] : [])))) {
  const file = new URL(pipelineUri).pathname;
  const text = fs.readFileSync(file, 'utf8');
  const markers = expectedMarkers(text);
  if (!markers.ignored.has('VX405')) continue; // a pipeline that is not about VX405
  const expected = markers.expected.filter((e) => e.endsWith(':VX405'));
  test(`untested branches of ${path.relative(root, file)}`, () => {
    const ws = loadWorkspace(pipelineUri, text, diskHost);
    const found = untestedBranches(ws, buildGraph(ws), analyses);
    assert.deepEqual(lines(found), expected.sort(), detail(found));
  });
}

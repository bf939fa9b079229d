// Every docs/rules page's examples run (issue 13, item 5): the Bad example
// gives its code, the Good example does not, each analysed as one main file
// with nothing else on disk. VX099 (an internal error) has no example; the
// pipeline-test codes (VX401-VX406) run their Bad and Good test files against
// the page's shop.veltrix.yaml (below).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePipeline, analyzeTestFile, buildGraph, CATALOG, FileCache, loadWorkspace, untestedBranches, type Finding } from '../core/src/index';

const DOCS = path.join(__dirname, '..', 'docs', 'rules');
const MAIN = 'file:///docs/example.veltrix.yaml';

/** The first ```yaml block after the heading `### <which>`. */
export function example(md: string, which: 'Bad' | 'Good'): string | undefined {
  const m = new RegExp(`^### ${which}\\b[\\s\\S]*?\`\`\`ya?ml\\n([\\s\\S]*?)\`\`\``, 'm').exec(md);
  return m?.[1];
}

function pipelineFindings(yaml: string): Finding[] {
  return analyzePipeline(MAIN, yaml, { host: { readFile: (uri) => (uri === MAIN ? yaml : undefined) } }).findings;
}

/** Codes whose examples are not one pipeline file. */
const NOT_A_PIPELINE = /^VX(099|4\d\d)$/;

for (const code of [...CATALOG.keys()].sort()) {
  if (NOT_A_PIPELINE.test(code)) continue;
  test(`docs/rules/${code}.md: Bad gives ${code}, Good does not`, () => {
    const md = fs.readFileSync(path.join(DOCS, `${code}.md`), 'utf8');
    const bad = example(md, 'Bad');
    const good = example(md, 'Good');
    assert.ok(bad !== undefined && good !== undefined, `${code}: a Bad and a Good yaml example`);
    const badCodes = pipelineFindings(bad).map((f) => f.code);
    assert.ok(badCodes.includes(code), `${code}: the Bad example gives ${badCodes.join(', ') || 'nothing'}`);
    const goodFindings = pipelineFindings(good).filter((f) => f.code === code);
    assert.deepEqual(goodFindings.map((f) => f.message), [], `${code}: the Good example still gives it`);
  });
}

// ---- pipeline-test codes: the page's pipeline, then the Bad / Good test file against it ----

const SHOP = 'file:///docs/shop.veltrix.yaml';
const TEST = 'file:///docs/example.veltrix-test.yaml';

function testFindings(pipeline: string, testFile: string): Finding[] {
  const files: Record<string, string> = { [SHOP]: pipeline, [TEST]: testFile };
  const host = { readFile: (uri: string) => files[uri] };
  const analysis = analyzeTestFile(TEST, testFile, { host });
  const cache = new FileCache();
  const ws = loadWorkspace(SHOP, pipeline, host, cache);
  return [...analysis.findings, ...untestedBranches(ws, buildGraph(ws), [analysis])];
}

for (const code of [...CATALOG.keys()].sort().filter((c) => /^VX4\d\d$/.test(c))) {
  test(`docs/rules/${code}.md: the Bad test file gives ${code}, the Good one does not`, () => {
    const md = fs.readFileSync(path.join(DOCS, `${code}.md`), 'utf8');
    const pipeline = /```ya?ml\n(# shop\.veltrix\.yaml[\s\S]*?)```/.exec(md)?.[1];
    const bad = example(md, 'Bad');
    const good = example(md, 'Good');
    assert.ok(pipeline && bad && good, `${code}: the page shows shop.veltrix.yaml, a Bad and a Good test file`);
    const badCodes = testFindings(pipeline, bad).map((f) => f.code);
    assert.ok(badCodes.includes(code), `${code}: the Bad test file gives ${badCodes.join(', ') || 'nothing'}`);
    assert.deepEqual(testFindings(pipeline, good).filter((f) => f.code === code).map((f) => f.message), [], `${code}: the Good test file still gives it`);
  });
}

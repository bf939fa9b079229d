// `veltrix-lint test`: finds test files (*.veltrix-test.yaml|yml), runs each
// through the core (analyzeTestFile) and collects what the formats print.
// VX405 (untested branches) is computed per pipeline over all its test files.
import * as path from 'node:path';
import { FileCache, analyzeTestFile, buildGraph, isTestFile, loadWorkspace, sortFindings, untestedBranches, type Finding, type TestFileAnalysis } from '../../core/src/index';
import { DiskHost, discover, displayPath, uriOfPath } from './files';

export interface TestRunFile {
  /** As shown to the user (relative to the working directory). */
  shown: string;
  uri: string;
  analysis: TestFileAnalysis;
  /** Wall-clock seconds spent on this file (JUnit `time`). */
  seconds: number;
}

export interface TestRun {
  files: TestRunFile[];
  /** VX405 findings on the pipelines under test. */
  coverage: Finding[];
  /** Paths of the pipeline files, for display. */
  shownOf: (uri: string) => string;
}

export interface TestCounts {
  passed: number;
  failed: number;
  errors: number;
  total: number;
}

export function runTests(args: string[], options: { cwd: string; filter?: string }): TestRun {
  const host = new DiskHost();
  const { files } = discover(args.length ? args : ['.'], host, options.cwd, (p) => isTestFile(path.basename(p)));
  const cache = new FileCache();
  const out: TestRunFile[] = [];
  for (const p of files) {
    const uri = uriOfPath(p);
    const shown = displayPath(p, options.cwd);
    const text = host.readRequired(p, shown);
    const began = performance.now();
    const analysis = analyzeTestFile(uri, text, { host, cache, filter: options.filter });
    out.push({ shown, uri, analysis, seconds: (performance.now() - began) / 1000 });
  }
  const coverage: Finding[] = [];
  for (const pipelineUri of new Set(out.flatMap((f) => (f.analysis.pipelineUri ? [f.analysis.pipelineUri] : [])))) {
    const text = host.readFile(pipelineUri);
    if (text === undefined) continue;
    const ws = loadWorkspace(pipelineUri, text, host, cache);
    coverage.push(...untestedBranches(ws, buildGraph(ws), out.map((f) => f.analysis)));
  }
  return { files: out, coverage: sortFindings(coverage), shownOf: (uri) => displayPath(uri, options.cwd) };
}

export function countTests(run: TestRun): TestCounts {
  const c: TestCounts = { passed: 0, failed: 0, errors: 0, total: 0 };
  for (const f of run.files)
    for (const t of f.analysis.tests) {
      c.total++;
      if (t.status === 'passed') c.passed++;
      else if (t.status === 'failed') c.failed++;
      else c.errors++;
    }
  return c;
}

/** Exit code: 0 all passed, 1 a test failed or a test file has an error finding, 2 no test found (unless allowed). */
export function exitCode(run: TestRun, passWithNoTests: boolean): number {
  const c = countTests(run);
  const fileErrors = run.files.some((f) => f.analysis.findings.some((x) => x.severity === 'error'));
  if (c.failed || c.errors || fileErrors) return 1;
  if (c.total === 0 && !passWithNoTests) return 2;
  return 0;
}

// Runs a test file against a pipeline held in memory (for the runner's tests).
import { analyzeTestFile, type TestAnalyzeOptions, type TestFileAnalysis, type TestResult } from '../../core/src/index';
import { memoryHost } from './host';

export const PIPELINE_URI = 'file:///w/p.veltrix.yaml';
export const TEST_URI = 'file:///w/p.veltrix-test.yaml';

/** `veltrix: 1` and a pipeline name are added in front of `body`; the test file gets its header too. */
export function runSuite(body: string, tests: string, options: { files?: Record<string, string>; header?: string } & Partial<TestAnalyzeOptions> = {}): TestFileAnalysis {
  const pipeline = `veltrix: 1\npipeline:\n  name: p\n${body}`;
  const test = `${options.header ?? 'veltrix-test: 1\npipeline: p.veltrix.yaml\n'}${tests}`;
  const host = memoryHost({ [PIPELINE_URI]: pipeline, ...(options.files ?? {}) });
  return analyzeTestFile(TEST_URI, test, { host, ...options });
}

/** The only test's result, and the file's findings as `line:code` (1-based lines of the test file). */
export function only(a: TestFileAnalysis): TestResult & { codes: string[] } {
  if (a.tests.length !== 1) throw new Error(`expected one test, got ${a.tests.length}`);
  return { ...a.tests[0], codes: a.findings.map((f) => `${f.range.start.line + 1}:${f.code}`) };
}

/** The events that arrived at a target. */
export function at(t: TestResult, target: string): unknown[] {
  return (t.arrivals[target] ?? []).map((a) => a.event);
}

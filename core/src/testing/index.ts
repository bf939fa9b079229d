// Pipeline tests and event traces (spec section 11): the public API.
export { analyzeTestFile, type TestAnalyzeOptions } from './analyze-test';
export { untestedBranches, branchesOf } from './coverage';
export { isTestFile, DEFAULT_START } from './test-file';
export { runTest, clock, DEFAULT_LIMITS, type RunLimits, type RunSpec, type RunOutput } from './runner';
export { sortedJson, firstDifference, leaves, tracePaths } from './expect';
export { summarizeTraces, type TraceEdge, type TraceSummary } from './trace-summary';
export * from './types';

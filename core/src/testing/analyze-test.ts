// The entry point for a test file: validate it (its own JSON Schema: VX001,
// VX002, VX010-VX013), resolve its pipeline and every target (VX401, VX403),
// run each test, and turn the results into findings (VX402, VX404, VX406).
// The CLI and the language server both call analyzeTestFile; results and
// traces are plain data (types.ts).
import type { FileHost, Finding, FixData, Location, SeverityOverride } from '../types';
import { FileCache, loadWorkspace, resolveImport, type Workspace } from '../pipeline/workspace';
import { buildGraph, type Graph } from '../pipeline/graph';
import type { PipelineFile } from '../pipeline/file';
import { get, getPair, isMap, type YNode } from '../parse/tree';
import { report, type Span } from '../rules/context';
import { closest, didYouMean } from '../util/suggest';
import { applyConfig, emptyConfig, type LintConfig } from '../config';
import { sortFindings } from '../analyze';
import { hasRoute, programOf, type Program } from './program';
import { readSuite, type TestCase, type TestSuite } from './test-file';
import { validateTestFile } from './validate';
import { testFileIn } from './parse-tests';
import { DEFAULT_LIMITS, runTest, type RunInput, type RunLimits } from './runner';
import { check } from './expect';
import { compile } from './expr';
import type { ExpectationFailure, TestFileAnalysis, TestResult } from './types';

export interface TestAnalyzeOptions {
  host: FileHost;
  cache?: FileCache;
  /** Run only the tests whose name contains this text (the others are left out of the results). */
  filter?: string;
  /** The pipeline's workspace and graph when the caller has them (the server's analysis); else loaded here. */
  pipeline?: (uri: string, text: string) => { ws: Workspace; graph: Graph } | undefined;
  limits?: Partial<RunLimits>;
  config?: LintConfig;
  overrides?: Record<string, SeverityOverride>;
}

interface Target {
  program: Program;
  ws: Workspace;
}

export function analyzeTestFile(uri: string, text: string, options: TestAnalyzeOptions): TestFileAnalysis {
  const cache = options.cache ?? new FileCache();
  const file = testFileIn(cache, uri, text);
  const findings: Finding[] = [];
  for (const p of file.syntax) report({ findings }, p.code, file, p, p.message);
  validateTestFile(file, findings);
  const suite = readSuite(file);
  const target = resolvePipeline(suite, options, cache, findings);
  const limits: RunLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const tests: TestResult[] = [];
  if (target) checkMocks(suite.mocks.tables, target, file, findings);
  for (const test of suite.tests) {
    if (options.filter !== undefined && !test.name.includes(options.filter)) continue;
    try {
      tests.push(runOne(suite, test, target, limits, findings));
    } catch (e) {
      // A bug, not a property of the input: one finding, never a crash of the editor or the CLI.
      report({ findings }, 'VX099', file, test.nameNode, `Internal error while running test '${test.name}': ${(e as Error)?.message ?? e}; please report this test file`);
      tests.push({ ...emptyResult(file, test), status: 'error' });
    }
  }
  const linesOf = (u: string) => (u === uri ? file.lines : undefined);
  return {
    uri,
    ...(target ? { pipelineUri: target.ws.main.uri } : {}),
    findings: sortFindings(applyConfig(findings, options.config ?? emptyConfig(), linesOf, options.overrides)),
    tests,
  };
}

function resolvePipeline(suite: TestSuite, options: TestAnalyzeOptions, cache: FileCache, findings: Finding[]): Target | undefined {
  const file = suite.file;
  if (!suite.pipeline) {
    const pair = getPair(file.root, 'pipeline');
    if (isMap(file.root) || !file.syntax.length)
      report({ findings }, 'VX401', file, pair ? pair.key : { start: 0, end: 0 }, "The test file names no pipeline: add 'pipeline: <file>.veltrix.yaml', the main pipeline file under test");
    return undefined;
  }
  const { path, node } = suite.pipeline;
  const uri = resolveImport(file.uri, path);
  const text = /^([/\\]|[A-Za-z]:|[A-Za-z][A-Za-z0-9+.-]*:\/\/)/.test(path) ? undefined : options.host.readFile(uri);
  if (text === undefined) {
    report({ findings }, 'VX401', file, node, `Pipeline '${path}' cannot be read: name the main pipeline file relative to this test file`);
    return undefined;
  }
  const loaded = options.pipeline?.(uri, text) ?? load(uri, text, options.host, cache);
  if (!loaded.ws.main.root || !isMap(loaded.ws.main.root) || !getPair(loaded.ws.main.root, 'veltrix') || loaded.ws.main.isFragment) {
    const why = loaded.ws.main.isFragment ? "is a fragment (it has no 'pipeline' key); name the main file that imports it" : "is not a Veltrix pipeline file (no 'veltrix: 1')";
    report({ findings }, 'VX401', file, node, `Pipeline '${path}' ${why}`);
    return undefined;
  }
  return { program: programOf(loaded.graph), ws: loaded.ws };
}

/** The last graph per pipeline file: kept while the file and its imports are the very same (FileCache hands them out by text). */
const loaded = new WeakMap<PipelineFile, { ws: Workspace; graph: Graph }>();

function load(uri: string, text: string, host: FileHost, cache: FileCache): { ws: Workspace; graph: Graph } {
  const ws = loadWorkspace(uri, text, host, cache);
  const last = loaded.get(ws.main);
  if (last && last.ws.files.length === ws.files.length && last.ws.files.every((f, i) => f === ws.files[i])) return last;
  const fresh = { ws, graph: buildGraph(ws) };
  loaded.set(ws.main, fresh);
  return fresh;
}

/** VX401 with the closest ids as quick fix candidates. */
function unknownTarget(findings: Finding[], file: PipelineFile, span: Span, what: string, name: string, candidates: string[], extra = ''): void {
  const suggestions = closest(name, candidates);
  const data: FixData | undefined = suggestions.length ? { kind: 'replace', candidates: suggestions } : undefined;
  report({ findings }, 'VX401', file, span, `${what} '${name}' names no ${extra || 'component'} of the pipeline${didYouMean(suggestions)}`, data ? { data } : {});
}

function ids(target: Target, pred: (kind: string, section: string) => boolean = () => true): string[] {
  return target.program.nodes.filter((n) => pred(n.behaviour.kind, n.component.section)).map((n) => n.id);
}

/** Every route output of the pipeline, as `router.route` (for suggestions). */
function routeOutputs(target: Target): string[] {
  return target.program.nodes.flatMap((n) => (n.behaviour.kind === 'route' ? [...n.behaviour.routes.map((r) => `${n.id}.${r.name}`), `${n.id}._unmatched`] : []));
}

function checkMocks(tables: TestSuite['mocks']['tables'], target: Target, file: PipelineFile, findings: Finding[]): void {
  for (const [id, t] of tables) {
    const i = target.program.at.get(id);
    if (i === undefined) unknownTarget(findings, file, t.keyNode, 'Mocks for', id, ids(target, (k) => k === 'enrich'), 'enrich');
    else if (target.program.nodes[i].behaviour.kind !== 'enrich') report({ findings }, 'VX401', file, t.keyNode, `Mocks for '${id}': it is not an enrich processor, so nothing looks anything up there`);
  }
}

/** Resolves a component id or `router.route`; reports VX401 when it names nothing. */
function resolve(name: string, span: Span, what: string, target: Target, file: PipelineFile, findings: Finding[]): { node: number; port: string } | undefined {
  const direct = target.program.at.get(name);
  if (direct !== undefined) return { node: direct, port: '' };
  const dot = name.indexOf('.');
  if (dot > 0) {
    const router = target.program.at.get(name.slice(0, dot));
    const route = name.slice(dot + 1);
    if (router !== undefined && hasRoute(target.program.nodes[router], route)) return { node: router, port: route };
    if (router !== undefined) {
      unknownTarget(findings, file, span, what, name, routeOutputs(target), 'route output');
      return undefined;
    }
  }
  unknownTarget(findings, file, span, what, name, [...ids(target), ...(what === 'Expectation' ? [...routeOutputs(target), 'lost'] : [])]);
  return undefined;
}

function emptyResult(file: PipelineFile, test: TestCase): TestResult {
  return {
    name: test.name,
    index: test.index,
    range: file.lines.range(test.node.start, test.node.end),
    nameRange: file.lines.range(test.nameNode.start, test.nameNode.end),
    status: 'error',
    failures: [],
    traces: [],
    arrivals: {},
    branches: [],
    eventsProduced: 0,
  };
}

function runOne(suite: TestSuite, test: TestCase, target: Target | undefined, limits: RunLimits, findings: Finding[]): TestResult {
  const file = suite.file;
  const range = (n: YNode | Span) => file.lines.range(n.start, n.end);
  const result = emptyResult(file, test);
  if (!target || suite.start === undefined) return result;
  const before = findings.length;
  const inputs: RunInput[] = [];
  for (const input of test.inputs) {
    const r = resolve(input.target, input.keyNode, 'Input', target, file, findings);
    if (!r) continue;
    if (target.program.nodes[r.node].behaviour.kind === 'sink') {
      report({ findings }, 'VX403', file, input.keyNode, `Input '${input.target}' is a sink: events cannot be inserted there; insert them at a source or processor upstream of it`);
      continue;
    }
    inputs.push({ ...r, events: input.events.map((e, index) => ({ value: e.value, index, at: input.start + index * input.every, range: range(e.node) })) });
  }
  for (const e of test.expects) if (e.target !== 'lost') resolve(e.target, e.keyNode, 'Expectation', target, file, findings);
  const failing = new Set<number>();
  for (const f of test.fail) {
    const i = target.program.at.get(f.id);
    if (i === undefined) unknownTarget(findings, file, f.node, 'Failing sink', f.id, ids(target, (_k, s) => s === 'sinks'), 'sink');
    else if (target.program.nodes[i].behaviour.kind !== 'sink') report({ findings }, 'VX401', file, f.node, `'${f.id}' is not a sink: only sinks can fail`);
    else failing.add(i);
  }
  checkMocks(test.mocks.tables, target, file, findings);
  for (const e of test.expects) {
    const c = e.expression && compile(e.expression.text);
    if (c && !c.ok) report({ findings }, 'VX014', file, e.expression!.node, `Invalid expression: ${c.error.message}`);
  }
  if (findings.slice(before).some((f) => f.severity === 'error')) return result;

  const record = new Set(test.expects.map((e) => e.target));
  const run = runTest(target.program, { start: suite.start, inputs, failing, mocks: [test.mocks, suite.mocks], record }, limits);
  Object.assign(result, { traces: run.traces, arrivals: run.arrivals, branches: [...run.branches].sort(), eventsProduced: run.produced });
  if (run.limit) {
    report({ findings }, 'VX406', file, test.nameNode, `Test '${test.name}' was stopped: ${run.limit}; does a window or route feed events back, or are the inputs too many?`);
    result.limit = run.limit;
    return result;
  }
  for (const id of run.unmocked) {
    const fix = mockFix(file, test, id);
    report({ findings }, 'VX404', file, test.nameNode, `Events of test '${test.name}' reach enrich '${id}', which has no mocks: every lookup misses and writes null; add mocks for it`, fix ? { data: fix } : {});
  }
  const locate = (component: string): Location | undefined => {
    const c = target.program.nodes[target.program.at.get(component) ?? -1]?.component;
    const f = c && target.ws.files.find((x) => x.uri === c.uri);
    return c && f ? { uri: c.uri, range: f.lines.range(c.idNode.start, c.idNode.end) } : undefined;
  };
  const ctx = { traces: run.traces, start: suite.start, locate };
  for (const e of test.expects) {
    const failure = check(e, run.arrivals[e.target] ?? [], ctx);
    if (failure) result.failures.push({ ...failure, range: range(e.keyNode) });
  }
  if (test.exhaustive) {
    const named = new Set(test.expects.map((e) => e.target));
    for (const n of target.program.nodes) {
      const got = run.arrivals[n.id] ?? [];
      if (n.behaviour.kind !== 'sink' || named.has(n.id) || !got.length) continue;
      const span = test.exhaustivePair?.key ?? test.nameNode;
      result.failures.push({
        target: n.id,
        range: range(span),
        kind: 'exhaustive',
        message: `sink ${n.id} received ${got.length} event${got.length === 1 ? '' : 's'} but is not named under expect (the test is exhaustive)`,
        expected: [],
        actual: got.map((a) => a.event),
        elsewhere: [{ component: n.id, outcome: 'delivered', detail: `${n.id}: received ${got.length}`, location: locate(n.id) }],
      });
    }
  }
  for (const f of result.failures) reportFailure(findings, file, test, f);
  result.status = result.failures.length ? 'failed' : 'passed';
  return result;
}

function reportFailure(findings: Finding[], file: PipelineFile, test: TestCase, f: ExpectationFailure): void {
  const related = f.elsewhere.filter((e) => e.location).map((e) => ({ location: e.location!, message: `instead: ${e.detail}` }));
  findings.push({
    code: 'VX402',
    severity: 'error',
    message: `Test '${test.name}' failed: ${f.message}`,
    uri: file.uri,
    range: f.range,
    ...(related.length ? { related } : {}),
  });
}

/** VX404's quick fix: a `mocks` entry for the enrich in the test (under its `mocks`, or a new `mocks` block). */
function mockFix(file: PipelineFile, test: TestCase, enrich: string): FixData | undefined {
  if (!isMap(test.node) || test.node.flow) return undefined;
  const first = test.node.pairs[0];
  if (!first) return undefined;
  const indent = file.lines.position(first.key.start).character;
  const mocks = get(test.node, 'mocks');
  if (isMap(mocks) && !mocks.flow && mocks.pairs.length) {
    const at = file.lines.position(mocks.pairs[0].key.start);
    return { kind: 'insert-text', title: `Add mocks for '${enrich}'`, position: { line: at.line, character: 0 }, text: `${' '.repeat(at.character)}${enrich}: {}\n` };
  }
  if (mocks) return undefined;
  const after = file.lines.position(first.end);
  return { kind: 'insert-text', title: `Add mocks for '${enrich}'`, position: { line: after.line + 1, character: 0 }, text: `${' '.repeat(indent)}mocks:\n${' '.repeat(indent + 2)}${enrich}: {}\n` };
}

// Pipeline tests in the language server (spec section 11.3/11.4): a test
// file is analysed by the core's analyzeTestFile (its findings, VX401-VX406,
// and every test's results and traces, computed once per version), against
// the server's analysis of the pipeline when that is open and current. A
// pipeline's analysis gets VX405 from the last results of its test files.
// This module turns those results into the reports the editor's Test
// Explorer, code lenses and graph overlay read; it runs nothing itself.
import {
  analyzePipeline,
  analyzeTestFile,
  applyConfig,
  branchesOf,
  emptyConfig,
  isTestFile,
  sortedJson,
  sortFindings,
  summarizeTraces,
  untestedBranches,
  type Analysis,
  type FileCache,
  type FileHost,
  type Finding,
  type LintConfig,
  type PipelineFile,
  type SeverityOverride,
  type TestFileAnalysis,
  type TestResult,
  type TraceStep,
} from '../../core/src/index';
import type { DocScope } from '../../core/src/language/index';
import type { TestFileReport, TestReport, TestStepReport, TestTraceResult } from '../../protocol/src/index';
import type { WorkspaceIndex } from './workspace-index';

/** At most this many steps of an event's path become clickable frames. */
const MAX_FRAMES = 60;

interface Ran {
  text: string;
  /** The lint config and rule settings it ran with (their JSON). */
  settings: string;
  config: LintConfig;
  overrides?: Record<string, SeverityOverride>;
  analysis: TestFileAnalysis;
  /** The pipeline analysis the tests ran against (undefined: the pipeline could not be read). */
  pipeline?: Analysis;
}

export interface TestFilesDeps {
  host: FileHost;
  /** The server's parse cache (the analyzer's). */
  cache: () => FileCache;
  index: WorkspaceIndex;
  /** The server's analysis of an open pipeline when it was made from exactly this text. */
  openAnalysis: (uri: string, text: string) => Analysis | undefined;
}

export class TestFiles {
  private readonly ran = new Map<string, Ran>();

  constructor(private readonly deps: TestFilesDeps) {}

  handles(uri: string): boolean {
    return isTestFile(uri);
  }

  /** Runs a test file's tests (the analysis of a test document): its findings, and the scope its language features read. */
  analyse(uri: string, text: string, config: LintConfig = emptyConfig(), overrides?: Record<string, SeverityOverride>, pipeline?: Analysis): { findings: Finding[]; scope: DocScope } {
    const settings = JSON.stringify([config.rules, overrides ?? {}]);
    const last = this.ran.get(uri);
    // The same text against the same pipeline texts: the run is already made (e.g. for the pipeline's VX405).
    if (this.fresh(last, text, settings)) return { findings: last!.analysis.findings, scope: this.scope(uri, text, last!.pipeline) };
    let used = pipeline;
    const analysis = analyzeTestFile(uri, text, {
      host: this.deps.host,
      cache: this.deps.cache(),
      config,
      overrides,
      pipeline: (pUri, pText) => {
        used = pipeline?.ws.main.uri === pUri && pipeline.ws.main.text === pText ? pipeline : this.pipelineAnalysis(pUri, pText);
        return { ws: used.ws, graph: used.graph };
      },
    });
    if (!analysis.pipelineUri) used = undefined;
    this.ran.set(uri, { text, settings, config, overrides, analysis, pipeline: used });
    return { findings: analysis.findings, scope: this.scope(uri, text, used) };
  }

  forget(uri: string): void {
    this.ran.delete(uri);
  }

  /** The pipeline's analysis: the server's own when the document is open and current, else made here (no model, no config). */
  private pipelineAnalysis(uri: string, text: string): Analysis {
    const open = this.deps.openAnalysis(uri, text);
    // Only while every file it read is still current (an imported fragment may have changed since).
    if (open && open.ws.files.every((f) => f.uri === uri || this.deps.host.readFile(f.uri) === f.text)) return open;
    return analyzePipeline(uri, text, { host: this.deps.host, cache: this.deps.cache(), config: emptyConfig(), settings: { model: false } });
  }

  /** The test file beside the pipeline's files: code actions find it by its URI, the test-file features read the pipeline. */
  private scope(uri: string, text: string, pipeline: Analysis | undefined): DocScope {
    const file: PipelineFile = this.deps.cache().get(uri, text);
    if (!pipeline) return { uri, analyses: [] };
    return { uri, analyses: [{ ...pipeline, ws: { ...pipeline.ws, files: [file, ...pipeline.ws.files] } }] };
  }

  /** A run still valid for this text: same settings, and every file of its pipeline still reads the same. */
  private fresh(last: Ran | undefined, text: string, settings?: string): boolean {
    return !!last && last.text === text && (settings === undefined || last.settings === settings) && !!last.pipeline && last.pipeline.ws.files.every((f) => this.deps.host.readFile(f.uri) === f.text);
  }

  /** The run of a test file's current text (open document or disk) against the current pipeline, made when stale. */
  private current(uri: string, pipeline?: Analysis): Ran | undefined {
    const text = this.deps.host.readFile(uri);
    if (text === undefined) return undefined;
    const last = this.ran.get(uri);
    if (!this.fresh(last, text)) this.analyse(uri, text, last?.config, last?.overrides, pipeline);
    return this.ran.get(uri);
  }

  /** VX405 for a main pipeline with test files: the branches no event of any of its tests takes. */
  coverage(a: Analysis, config: LintConfig, overrides?: Record<string, SeverityOverride>): Finding[] {
    if (a.ws.main.isFragment) return [];
    const runs = this.runsOf(a);
    if (!runs.length) return [];
    const linesOf = (u: string) => a.ws.files.find((f) => f.uri === u)?.lines;
    return applyConfig(untestedBranches(a.ws, a.graph, runs.map((r) => r.analysis)), config, linesOf, overrides);
  }

  private runsOf(a: Analysis): Ran[] {
    const uri = a.ws.main.uri;
    return this.deps.index
      .testFilesOf(uri)
      .map((t) => this.current(t, a))
      .filter((r): r is Ran => !!r && r.analysis.pipelineUri === uri);
  }

  /** The report of a test file's current text (`veltrix/runTests`, and `veltrix/testFile` after each analysis). */
  report(uri: string, version?: number): TestFileReport | null {
    const run = this.current(uri);
    if (!run) return null;
    const a = run.analysis;
    const errorsOf = (t: TestResult) =>
      a.findings.filter((f) => f.severity === 'error' && f.code !== 'VX402' && inside(f.range, t.range)).map((f) => `${f.code} ${f.message}`);
    const tests = a.tests.map((t): TestReport => ({
      name: t.name,
      index: t.index,
      range: t.range,
      status: t.status,
      errors: t.status === 'error' ? errorsOf(t).concat(t.limit ? [`VX406 ${t.limit}`] : []) : [],
      failures: t.failures.map((f) => ({
        message: f.message,
        uri,
        range: f.range,
        expected: prettySorted(f.expected),
        actual: prettySorted(f.actual),
        path: f.trace !== undefined && t.traces[f.trace] ? this.path(t.traces[f.trace].root, run.pipeline) : [],
      })),
    }));
    return { uri, ...(version !== undefined ? { version } : {}), ...(a.pipelineUri ? { pipelineUri: a.pipelineUri } : {}), tests, ...this.coverageReport(run) };
  }

  /** Every branch of the pipeline, taken or not by the tests of all its test files (the Coverage profile). */
  private coverageReport(run: Ran): Pick<TestFileReport, 'coverage'> {
    const p = run.pipeline;
    if (!p) return {};
    const taken = new Set(this.runsOf(p).flatMap((r) => r.analysis.tests.flatMap((t) => t.branches)));
    return {
      coverage: branchesOf(p.graph).flatMap((b) => {
        const c = p.graph.nodes.get(b.component)!;
        const f = p.ws.files.find((x) => x.uri === c.uri);
        if (!f) return [];
        const at = f.lines.position(b.span.start);
        return [{ uri: c.uri, line: at.line, character: at.character, label: b.key, taken: taken.has(b.key) }];
      }),
    };
  }

  /** A trace as steps in order (depth first: a route copy's steps follow its branch point), each at its component. */
  private path(root: TraceStep, pipeline: Analysis | undefined): TestStepReport[] {
    const out: TestStepReport[] = [];
    const stack = [root];
    while (stack.length && out.length < MAX_FRAMES) {
      const s = stack.pop()!;
      const c = pipeline?.graph.nodes.get(s.component);
      const f = c && pipeline!.ws.files.find((x) => x.uri === c.uri);
      const at = c && f ? f.lines.position(c.idNode.start) : undefined;
      out.push({ label: `${s.via ? `.${s.via} ` : ''}${s.component}: ${s.detail}`, ...(at ? { uri: c!.uri, line: at.line, character: at.character } : {}) });
      for (let i = s.next.length - 1; i >= 0; i--) stack.push(s.next[i]);
    }
    return out;
  }

  /** One test's traces summed up for the graph (`veltrix/testTrace`). */
  trace(uri: string, index: number): TestTraceResult | null {
    const run = this.current(uri);
    const t = run?.analysis.tests.find((x) => x.index === index);
    if (!run?.analysis.pipelineUri || !t) return null;
    const s = summarizeTraces(t.traces);
    return { pipelineUri: run.analysis.pipelineUri, test: t.name, edges: s.edges, components: s.components as TestTraceResult['components'] };
  }
}

/** Findings of a test document in the order the rest are published. */
export function withCoverage(findings: Finding[], extra: Finding[]): Finding[] {
  return extra.length ? sortFindings([...findings, ...extra]) : findings;
}

function inside(r: TestReport['range'], outer: TestReport['range']): boolean {
  const before = (a: TestReport['range']['start'], b: TestReport['range']['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, r.start) && before(r.end, outer.end);
}

/** Key-sorted JSON, two spaces per level, for the diff editor: written from the core's sorted form so both agree. */
export function prettySorted(v: unknown): string {
  const text = sortedJson(v as Parameters<typeof sortedJson>[0]);
  let out = '';
  let depth = 0;
  let inString = false;
  const nl = () => `\n${'  '.repeat(depth)}`;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i];
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      if (text[i + 1] === close) {
        out += ch + close;
        i++;
        continue;
      }
      depth++;
      out += ch + nl();
    } else if (ch === '}' || ch === ']') {
      depth--;
      out += nl() + ch;
    } else if (ch === ',') out += `,${nl()}`;
    else if (ch === ':') out += ': ';
    else out += ch;
  }
  return out;
}

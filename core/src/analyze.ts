// The analysis pipeline: load the import closure, run the file rules on each
// file, then the topology, delivery, flow and model rules on the whole. Never
// throws on user input: a rule that fails becomes a VX099 finding.
import type { FileHost, Finding, SeverityOverride } from './types';
import { FileCache, loadWorkspace, type Workspace } from './pipeline/workspace';
import { buildGraph, type Graph } from './pipeline/graph';
import type { Component, InputRef, PipelineFile } from './pipeline/file';
import { computeFlow, type SchemaFlow } from './flow';
import { ruleInfo } from './rules/catalog';
import { report, type AnalyzeSettings, type RuleContext } from './rules/context';
import { checkVersion } from './rules/version';
import { checkSchema } from './rules/schema';
import { checkExpressions } from './rules/expressions';
import { checkTopology, checkTopologyAfterRename, checkTopologyAround } from './rules/topology';
import { checkDelivery } from './rules/delivery';
import { checkSchemaRefs } from './rules/references';
import { checkCapacity } from './rules/capacity';
import { checkMonitoring } from './rules/monitoring';
import { applyConfig, emptyConfig, type LintConfig } from './config';
import type { CapacityResult } from './capacity/types';
import { runModel } from './capacity/model';
import { tryReuse, type Snapshot } from './incremental';
import { graphChange } from './pipeline/graph-diff';
import { oldPaths } from './parse/chunked';
import { AnalysisCache, type AnalysisInputs } from './analysis-cache';

export interface AnalyzeOptions {
  host: FileHost;
  cache?: FileCache;
  settings?: AnalyzeSettings;
  config?: LintConfig;
  /** Per-code severities from editor settings; they win over the config file. */
  overrides?: Record<string, SeverityOverride>;
  /** For a fragment: the main files that import it (it is checked in their context). */
  importers?: (fragmentUri: string) => string[];
}

export interface Analysis {
  ws: Workspace;
  graph: Graph;
  flow: SchemaFlow;
  capacity?: CapacityResult;
  /** Findings for every file of the closure, after config and suppressions. */
  findings: Finding[];
}

type FileRule = (file: PipelineFile, findings: Finding[]) => void;
type WorkspaceRule = (ctx: RuleContext) => void;

const FILE_RULES: Array<[string, FileRule]> = [
  ['version', checkVersion],
  ['schema', checkSchema],
];
/**
 * The rules on each component's own settings: delivery, and its `schema:` reference. They read no graph, so an edit
 * of one component keeps the others' findings, even one that changes the graph (incremental.ts).
 */
function checkOwnSettings(ctx: RuleContext, only?: ReadonlySet<Component>): void {
  checkDelivery(ctx, only);
  checkSchemaRefs(ctx, only);
}

const WORKSPACE_RULES: Array<[string, WorkspaceRule]> = [
  ['topology', checkTopology],
  ['expressions', checkExpressions],
  ['delivery', checkOwnSettings],
  ['capacity', checkCapacity],
  ['monitoring', checkMonitoring],
];

/** A plain parse cache given by a caller gets an analysis cache of its own, kept beside it. */
const besides = new WeakMap<FileCache, AnalysisCache>();

function analysisCacheOf(cache: FileCache): AnalysisCache {
  if (cache instanceof AnalysisCache) return cache;
  let a = besides.get(cache);
  if (!a) besides.set(cache, (a = new AnalysisCache()));
  return a;
}

/** A file's own findings, kept by parse: unchanged imports are not re-validated. */
function fileFindings(file: PipelineFile, memo: AnalysisCache): Finding[] {
  const cached = memo.fileFindings(file);
  if (cached) return cached;
  const findings: Finding[] = file.syntax.map((p) => ({
    code: p.code,
    severity: ruleInfo(p.code).severity,
    message: p.message,
    uri: file.uri,
    range: file.lines.range(p.start, p.end),
  }));
  for (const [name, rule] of FILE_RULES) guarded(name, findings, file, () => rule(file, findings));
  const result = withoutSyntaxNoise(findings);
  memo.setFileFindings(file, result);
  return result;
}

/**
 * One clear message per problem: a syntax error reported twice at the same
 * place counts once, and schema findings on a line with a syntax error are
 * consequences of the broken parse, not problems of their own.
 */
function withoutSyntaxNoise(findings: Finding[]): Finding[] {
  const syntaxLines = new Set<number>();
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.code !== 'VX001') continue;
    const key = `${f.range.start.line}:${f.range.start.character}`;
    syntaxLines.add(f.range.start.line);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  if (!syntaxLines.size) return findings;
  const schemaCodes = new Set(['VX010', 'VX011', 'VX012', 'VX013']);
  for (const f of findings) if (f.code !== 'VX001' && !(schemaCodes.has(f.code) && syntaxLines.has(f.range.start.line))) out.push(f);
  return out;
}

function guarded(name: string, findings: Finding[], file: PipelineFile, run: () => void): void {
  try {
    run();
  } catch (e) {
    report({ findings }, 'VX099', file, { start: 0, end: 0 }, `Internal error in the ${name} rules: ${(e as Error)?.message ?? e}; please report this file`);
  }
}

/**
 * An analysis as a sequence of steps: the caller resumes it between stages
 * (parse, file rules, graph and flow, each rule family), so a server can
 * answer requests in between and drop the work when a newer version arrives.
 * Driven to the end at once it is the plain function below.
 */
export type Steps<T> = Generator<void, T, void>;

/** The capacity model of the pipeline (undefined when no source declares a rate); an internal failure is a VX099 finding. */
function modelOf(ws: Workspace, graph: Graph, load: number, findings: Finding[], prev?: Parameters<typeof runModel>[3]): CapacityResult | undefined {
  let result: CapacityResult | undefined;
  guarded('capacity model', findings, ws.main, () => (result = runModel(ws, graph, { load }, prev)));
  return result;
}

/** Where the workspace rules put their findings: one list per family the next edit may reuse. */
interface RuleFindings {
  /** The topology rules (graph and ids); left out when undefined (reused). */
  topology?: Finding[];
  /** The delivery rules (each component's own settings); left out when undefined (reused or checked apart). */
  delivery?: Finding[];
  /** The model and the rules that read its figures (capacity, monitoring); left out when undefined (reused). */
  values?: Finding[];
  /** The expression checks; left out when undefined (reused or checked apart). */
  expressions?: Finding[];
}

/**
 * The model and the workspace rules on a graph and flow, into the lists of
 * `out` that are given. With `prev`, the model is recomputed only where the
 * edit reaches (capacity/model.ts). Returns the model.
 */
function* checkWorkspace(ws: Workspace, graph: Graph, flow: SchemaFlow, settings: Required<AnalyzeSettings>, out: RuleFindings, prev?: Parameters<typeof runModel>[3]): Steps<CapacityResult | undefined> {
  const isStandaloneFragment = ws.main.isFragment;
  let capacity: CapacityResult | undefined;
  // The model is a fact of the analysis, like the graph and the flow: computed once here, read by the rules,
  // hovers, lenses, the graph view and the reports (none of them re-derives a figure).
  if (settings.model && !isStandaloneFragment && out.values) {
    yield;
    capacity = modelOf(ws, graph, settings.load, out.values, prev);
  }
  const ctx: RuleContext = { ws, graph, flow, settings, findings: [], capacity };
  for (const [name, rule] of WORKSPACE_RULES) {
    // A fragment on its own is checked only for what needs no context.
    if (isStandaloneFragment && name !== 'expressions') continue;
    if (name === 'capacity' && !settings.model) continue;
    const findings = name === 'topology' ? out.topology : name === 'expressions' ? out.expressions : name === 'delivery' ? out.delivery : out.values;
    if (!findings) continue;
    yield;
    ctx.findings = findings;
    guarded(name, findings, ws.main, () => rule(ctx));
  }
  return capacity;
}

/** Runs all the steps at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Analyses one pipeline (a main file and its imports). */
export function analyzePipeline(uri: string, text: string, options: AnalyzeOptions): Analysis {
  return runSteps(analyzePipelineSteps(uri, text, options));
}

/** analyzePipeline, step by step. */
export function* analyzePipelineSteps(uri: string, text: string, options: AnalyzeOptions): Steps<Analysis> {
  const cache = options.cache ?? new AnalysisCache();
  const memo = analysisCacheOf(cache);
  const ws = loadWorkspace(uri, text, options.host, cache);
  yield;
  const settings: Required<AnalyzeSettings> = { model: options.settings?.model ?? true, load: options.settings?.load ?? 1 };
  const settingsKey = `${settings.model}|${settings.load}`;
  // Nothing it read has changed (the same parses, settings, config): the last analysis is this one.
  const inputs = { settingsKey, config: options.config, overrides: options.overrides };
  const done = memo.analysis<Analysis>(uri, ws.files, inputs);
  if (done) return done;
  const prev = memo.snapshot(uri, settingsKey);
  // The very parses and settings of the last analysis, only the config or rule settings given as new objects (the
  // server looks the config up for every analysis; an edit undone by the next keystroke): all is that analysis's.
  if (prev && sameFiles(prev.ws.files, ws.files)) return configured(uri, ws, prev, closureFindings(ws, memo), options, memo, inputs);
  const reuse = tryReuse(prev, ws, settingsKey, prev && memo.fileFindings(prev.ws.main));
  if (reuse && !memo.fileFindings(ws.main)) {
    // Only the edited component's schema is checked again.
    const mainFindings = [...reuse.mainFile];
    guarded('schema', mainFindings, ws.main, () => checkSchema(ws.main, mainFindings, [reuse.changed]));
    memo.setFileFindings(ws.main, withoutSyntaxNoise(mainFindings));
  }
  const findings = closureFindings(ws, memo);
  yield;
  let topology: Finding[] = [];
  let delivery: Finding[] = [];
  let structural: Finding[] = [];
  let expressions: Finding[] = [];
  let graph: Graph;
  let flow: SchemaFlow;
  let capacity: CapacityResult | undefined;
  if (reuse) {
    // An edit inside one component (incremental.ts): what it cannot have changed is reused, the rest recomputed
    // where the edit reaches.
    const prev = reuse.prev;
    graph = reuse.graph ?? buildGraph(ws);
    // What the edit touched, for the flow and the model when they are computed again (not for a text-only edit).
    const change = oldPaths.on || reuse.structural ? undefined : graphChange(prev.graph, graph);
    flow = reuse.flow ?? computeFlow(ws, graph, change && { flow: prev.flow, change });
    const recheck = recheckedExpressions(ws, flow, prev.flow, reuse.changed, !reuse.flow);
    expressions = withoutFindingsIn(ws, reuse.expressions, recheck, reuse.changed);
    const ctx: RuleContext = { ws, graph, flow, settings, findings: expressions, capacity: prev.capacity };
    guarded('expressions', expressions, ws.main, () => checkExpressions(ctx, new Set(recheck.map((c) => c.id))));
    if (reuse.topology) topology = reuse.topology;
    else if (reuse.topologyAround) {
      const { kept, before, after, kind } = reuse.topologyAround;
      if (kind === 'inputs') {
        const named = namedBy([...before.inputs, ...after.inputs], graph);
        topology = withoutConsumedFindings(ws, graph, kept, named);
        guarded('topology', topology, ws.main, () => checkTopologyAround({ ...ctx, findings: topology }, after, named));
      } else {
        topology = kept;
        guarded('topology', topology, ws.main, () => checkTopologyAfterRename({ ...ctx, findings: topology }, after));
      }
    }
    if (reuse.delivery) {
      // The others' delivery findings kept: only the edited component's settings are checked again.
      delivery = reuse.delivery;
      if (!reuse.structural) guarded('delivery', delivery, ws.main, () => checkOwnSettings({ ...ctx, findings: delivery }, new Set([reuse.changed])));
    }
    if (reuse.structural) {
      structural = reuse.structural;
      capacity = prev.capacity;
    } else {
      const out = { topology: reuse.topology || reuse.topologyAround ? undefined : topology, delivery: reuse.delivery ? undefined : delivery, values: structural };
      capacity = yield* checkWorkspace(ws, graph, flow, settings, out, change && { result: prev.capacity, change });
    }
  } else {
    try {
      graph = buildGraph(ws);
      flow = computeFlow(ws, graph);
    } catch (e) {
      report({ findings }, 'VX099', ws.main, { start: 0, end: 0 }, `Internal error while building the graph: ${(e as Error)?.message ?? e}; please report this file`);
      graph = { nodes: new Map(), edges: [], dangling: [], out: new Map(), in: new Map(), routes: new Map(), order: [], cycles: [] };
      flow = { input: new Map(), output: new Map() };
    }
    capacity = yield* checkWorkspace(ws, graph, flow, settings, { topology, delivery, values: structural, expressions });
  }
  const snapshot: Snapshot = { settingsKey, ws, graph, flow, capacity, topology, delivery, structural, expressions };
  memo.setSnapshot(uri, snapshot);
  return configured(uri, ws, snapshot, findings, options, memo, inputs);
}

/** The ids an edit's old and new references name (a wildcard: every id it matches). */
function namedBy(refs: InputRef[], graph: Graph): Set<string> {
  const named = new Set<string>();
  for (const r of refs) {
    if (r.kind !== 'wildcard') named.add(r.target);
    else for (const id of graph.nodes.keys()) if (id.startsWith(r.target)) named.add(id);
  }
  return named;
}

/** The findings minus the dead-end findings (VX106, VX110) on the components named: checked again. */
function withoutConsumedFindings(ws: Workspace, graph: Graph, findings: Finding[], named: ReadonlySet<string>): Finding[] {
  const spans: Array<{ uri: string; start: number; end: number }> = [];
  for (const id of named) {
    const c = graph.nodes.get(id);
    if (c) spans.push({ uri: c.uri, start: c.pair.start, end: c.pair.end });
  }
  return findings.filter((f) => {
    if (f.code !== 'VX106' && f.code !== 'VX110') return true;
    const lines = ws.files.find((file) => file.uri === f.uri)?.lines;
    const at = lines?.offset(f.range.start);
    return at === undefined || !spans.some((s) => s.uri === f.uri && at >= s.start && at <= s.end);
  });
}

/** Whether two closures are the very same parses, in the same order. */
function sameFiles(a: PipelineFile[], b: PipelineFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

/** The import problems and each file's own findings (syntax, version, schema), kept by parse. */
function closureFindings(ws: Workspace, memo: AnalysisCache): Finding[] {
  const findings: Finding[] = [...ws.importFindings];
  for (const file of ws.files) findings.push(...fileFindings(file, memo));
  return findings;
}

/** The analysis of `ws` from the workspace rules' findings in `s` and the files' own: config applied, sorted, kept. */
function configured(uri: string, ws: Workspace, s: Snapshot, findings: Finding[], options: AnalyzeOptions, memo: AnalysisCache, inputs: AnalysisInputs): Analysis {
  findings.push(...s.topology, ...s.delivery, ...s.structural, ...s.expressions);
  const linesOf = (u: string) => ws.files.find((f) => f.uri === u)?.lines;
  const analysis: Analysis = { ws, graph: s.graph, flow: s.flow, capacity: s.capacity, findings: sortFindings(applyConfig(findings, options.config ?? emptyConfig(), linesOf, options.overrides)) };
  memo.setAnalysis(uri, ws.files, inputs, analysis);
  return analysis;
}

/**
 * The components whose expressions are checked again after an edit: the
 * edited one, and when the flow was computed again, those whose input fields
 * changed (the flow keeps an unchanged field set as the same object).
 */
function recheckedExpressions(ws: Workspace, flow: SchemaFlow, prevFlow: SchemaFlow, changed: Component, flowChanged: boolean): Component[] {
  if (!flowChanged) return [changed];
  return ws.components.filter((c) => c === changed || flow.input.get(c.id) !== prevFlow.input.get(c.id));
}

/** The reused expression findings minus those inside the components checked again (the edited one's are already out). */
function withoutFindingsIn(ws: Workspace, findings: Finding[], recheck: Component[], changed: Component): Finding[] {
  const spans = recheck.filter((c) => c !== changed);
  if (!spans.length) return findings;
  const byUri = new Map<string, Array<[number, number]>>();
  for (const c of spans) {
    const list = byUri.get(c.uri) ?? [];
    list.push([c.pair.start, c.pair.end]);
    byUri.set(c.uri, list);
  }
  for (const list of byUri.values()) list.sort((a, b) => a[0] - b[0]);
  return findings.filter((f) => {
    const list = byUri.get(f.uri);
    if (!list) return true;
    const at = ws.files.find((file) => file.uri === f.uri)!.lines.offset(f.range.start);
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid][1] < at) lo = mid + 1;
      else if (list[mid][0] > at) hi = mid - 1;
      else return false;
    }
    return true;
  });
}

/**
 * Findings for one document. A fragment imported by main files is checked in
 * the context of each of them (findings on the fragment are merged); otherwise
 * it is checked on its own.
 */
export function analyzeDocument(uri: string, text: string, options: AnalyzeOptions): DocumentAnalysis {
  return runSteps(analyzeDocumentSteps(uri, text, options));
}

export interface DocumentAnalysis {
  findings: Finding[];
  analyses: Analysis[];
}

/** analyzeDocument, step by step. */
export function* analyzeDocumentSteps(uri: string, text: string, options: AnalyzeOptions): Steps<DocumentAnalysis> {
  const cache = options.cache ?? new AnalysisCache();
  const opts = { ...options, cache };
  const file = cache.get(uri, text);
  const importers = file.isFragment ? (options.importers?.(uri) ?? []) : [];
  const analyses: Analysis[] = [];
  for (const mainUri of importers) {
    const mainText = options.host.readFile(mainUri);
    if (mainText === undefined) continue;
    const a = yield* analyzePipelineSteps(mainUri, mainText, opts);
    if (a.ws.files.some((f) => f.uri === uri)) analyses.push(a);
  }
  if (analyses.length === 0) analyses.push(yield* analyzePipelineSteps(uri, text, opts));
  return { findings: findingsOf(uri, analyses), analyses };
}

/** The findings on `uri` across the analyses it takes part in, each once. */
export function findingsOf(uri: string, analyses: Analysis[]): Finding[] {
  if (analyses.length === 1) return ownFindings(uri, analyses[0].findings);
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const a of analyses)
    for (const f of a.findings) {
      if (f.uri !== uri) continue;
      const key = `${f.code}|${f.range.start.line}:${f.range.start.character}|${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(f);
    }
  return sortFindings(findings);
}

/**
 * By file, position and code. Findings of one file never reach
 * localeCompare, whose first call loads ICU's collation data (10-17 ms of a
 * fresh server's first diagnostics); codes (VXnnn) compare as plain strings.
 */
/**
 * findingsOf for one analysis, whose findings are sorted already: a repeat has the same code and place as the
 * findings just before it, so only those are compared (no key built per finding: thousands per keystroke).
 */
function ownFindings(uri: string, sorted: Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const f of sorted) {
    if (f.uri !== uri) continue;
    let repeat = false;
    for (let j = out.length - 1; j >= 0 && !repeat; j--) {
      const g = out[j];
      if (g.code !== f.code || g.range.start.line !== f.range.start.line || g.range.start.character !== f.range.start.character) break;
      repeat = g.message === f.message;
    }
    if (!repeat) out.push(f);
  }
  return out;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.uri === b.uri ? 0 : a.uri.localeCompare(b.uri)) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

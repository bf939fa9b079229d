// Runs the core analysis for open documents: at once on open, debounced
// after edits, versioned (a result for an old version is never published),
// one cached result per document version that every feature reads from.
// An analysis runs in steps: requests are answered between them, and a
// newer version of the document stops it.
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache, analyzeDocumentSteps, emptyConfig, findLintConfig, isTestFile, settleUntil, type AnalyzeOptions, type Analysis, type Finding, type PipelineFile, type Steps } from '../../core/src/index';
import { withNewerFile, type DocScope } from '../../core/src/language/index';
import type { EditBreakdown, ServerStats, VeltrixSettings } from '../../protocol/src/index';
import type { ServerHost } from './host';
import type { SettingsCache } from './settings';
import type { WorkspaceIndex } from './workspace-index';
import { getHeapStatistics } from 'node:v8';
import { TypingPace } from './debounce';
import { tierUp } from './tier-up';
import type { TestFiles } from './test-files';

export interface DocResult {
  version: number;
  scope: DocScope;
  findings: Finding[];
  settings: VeltrixSettings;
}

export interface AnalyzerDeps {
  documents: TextDocuments<TextDocument>;
  host: ServerHost;
  index: WorkspaceIndex;
  settings: SettingsCache;
  trusted: () => boolean;
  publish: (uri: string, version: number, result: DocResult | undefined) => void;
  log: (message: string) => void;
  /** Pipeline test files (`*.veltrix-test.yaml`): analysed by running their tests. */
  tests?: TestFiles;
  /** A change of the document newer than `version` is waiting in the message queue (server/src/transport.ts). */
  newerChangeQueued?: (uri: string, version: number) => boolean;
  /** Part of a message has been read, the rest is arriving (server/src/transport.ts). */
  messageArriving?: () => boolean;
  /** A full garbage collection (V8's by default); tests see when it runs. */
  collectGarbage?: () => void;
  /** Each edit's path, stage by stage, once its diagnostics are written (VELTRIX_TRACE_EDITS=1: the server's log). */
  traceEdit?: (uri: string, version: number, stages: EditBreakdown) => void;
}

/** Work scheduled for later, and how to call it off. */
interface Pending {
  cancel(): void;
}

/**
 * Runs `run` after `ms`; with no delay on the next turn of the event loop
 * (a zero timeout waits a millisecond or more: the first analysis of a
 * document that just opened has no reason to).
 */
function later(run: () => void, ms: number): Pending {
  if (ms > 0) {
    const timer = setTimeout(run, ms);
    return { cancel: () => clearTimeout(timer) };
  }
  const immediate = setImmediate(run);
  return { cancel: () => clearImmediate(immediate) };
}

/** Settling a file's moved components as steps, a batch of chunks each (drive groups them into slices). */
function* settling(file: PipelineFile): Steps<void> {
  while (!settleUntil(file, 0)) yield;
}

/** How long an analysis runs before letting queued requests (completion, hover, a newer version) in. */
const SLICE_MS = 15;

/** While a message is half read when the debounce ends, the analysis looks again this often, for this long at most. */
const DEFERRAL_MS = 5;
const MAX_DEFERRAL_MS = 50;

/** Documents above this many characters (about 3,000 components) are collected after, and when closed. */
const BIG_DOCUMENT = 1_000_000;
/** After an edit's diagnostics of a big document, this long without typing lets the garbage be collected. */
const IDLE_COLLECT_MS = 400;
/** Background work long enough to be felt between keystrokes waits for the typing to pause this long... */
const QUIET_MS = 500;
/** ...but not longer than this (a user who types without a break for minutes still gets it done). */
const MAX_QUIET_WAIT_MS = 5000;

/** V8's garbage collector, when the flag exposing it can be set at run time; else nothing. */
const gc: () => void = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('node:v8').setFlagsFromString('--expose-gc');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fn = require('node:vm').runInNewContext('gc') as () => void;
    return typeof fn === 'function' ? fn : () => undefined;
  } catch {
    return () => undefined;
  }
})();

/** A full garbage collection, now. */
export const collectGarbage = (): void => gc();

const usedHeap = () => getHeapStatistics().used_heap_size;
const MB = 1024 * 1024;
/** How much a big document's re-analyses may add to the heap before it is collected (bytes). */
const HEAP_SLACK = 96 * MB;
/**
 * Above this resident size the heap is collected after a growth of MIN_SLACK already: the analysis of an edit
 * that changes the graph (an `inputs` line, an id) of 10,000 components leaves 15-25 MB behind, and from a 185 MB
 * start, HEAP_SLACK alone let the process reach 303 MB. The 300 MB budget keeps room for one more analysis above it.
 */
const RSS_CEILING = 240 * MB;
/** Never sooner than this growth: a process whose live data alone is above the ceiling is not collected per edit. */
const MIN_SLACK = 32 * MB;

/** Whether a big document's heap, grown by `grown` bytes since the last collection with the process at `rss` bytes, is collected now. */
export function collectNow(grown: number, rss: number): boolean {
  return grown > HEAP_SLACK || (rss > RSS_CEILING && grown > MIN_SLACK);
}

export class Analyzer {
  /** Parses, analysis snapshots and file findings of every document (core/src/analysis-cache.ts). */
  readonly cache = new AnalysisCache();
  private readonly results = new Map<string, DocResult>();
  private readonly timers = new Map<string, Pending>();
  private readonly running = new Map<string, Promise<DocResult | undefined>>();
  /** Requests waiting for the next analysis of a document to finish (see settled). */
  private readonly finishWaiters = new Map<string, Array<() => void>>();
  private idleWaiters: Array<() => void> = [];
  /** A fixed typing debounce (`initializationOptions.debounceMs`); undefined: adaptive (debounce.ts). */
  delay: number | undefined;
  private readonly paces = new Map<string, TypingPace>();
  private idleCollect: NodeJS.Timeout | undefined;
  /** The heap in use after the last collection this analyzer asked for. */
  private heapAfterCollect = 0;

  private collect(): void {
    (this.deps.collectGarbage ?? collectGarbage)();
    this.heapAfterCollect = usedHeap();
  }
  /** The edit path of each document's last change, stage by stage, until its diagnostics are written. */
  private readonly traces = new Map<string, Partial<EditBreakdown> & { changed: number; parse: number }>();
  /** Work counters (`veltrix/stats`): tests and the bench count analyses instead of timing them. */
  readonly stats: ServerStats = { analysesStarted: 0, analysesFinished: 0, publishes: 0 };

  constructor(private readonly deps: AnalyzerDeps) {}

  /**
   * Re-check `uri` (and the open documents that depend on it) after the
   * typing debounce; a document not analysed yet (just opened) at once.
   */
  schedule(uri: string, withDependents = true, delay?: number, deferredSince?: number): void {
    const targets = new Set([uri]);
    if (withDependents) for (const other of this.dependents(uri)) targets.add(other);
    for (const t of targets) {
      if (!this.deps.documents.get(t)) continue;
      this.timers.get(t)?.cancel();
      this.timers.set(
        t,
        later(
          () => {
            this.timers.delete(t);
            // Behind requests, a newer keystroke is already read: its own change schedules the analysis.
            const doc = this.deps.documents.get(t);
            if (doc && this.deps.newerChangeQueued?.(t, doc.version)) return this.settle();
            // A message is half read (a big change arriving): look again shortly, for a short while at most. Not for a
            // document's first analysis: nothing is shown yet, and the message is more often a small answer to the
            // server arriving just then (5 ms more for a document just opened, one start in four).
            const since = deferredSince ?? performance.now();
            if (this.results.has(t) && performance.now() - since < MAX_DEFERRAL_MS && this.deps.messageArriving?.()) return this.schedule(t, false, DEFERRAL_MS, since);
            void this.run(t);
          },
          delay ?? (this.results.has(t) ? this.typingDelay(t) : 0),
        ),
      );
    }
  }

  /**
   * The document's text changed (a keystroke): re-check it after the typing
   * debounce. Not parsed here: the first request or analysis that reads this
   * version parses it (incrementally, from the last version parsed), so the
   * keystrokes of fast typing that nothing asks about cost no parse (VS Code
   * debounces its requests, and cancels those a newer keystroke overtook).
   */
  edited(uri: string): void {
    clearTimeout(this.idleCollect);
    const changed = performance.now();
    this.lastEdit = changed;
    this.traces.set(uri, { changed, parse: 0 });
    this.pace(uri).changed(changed);
    this.schedule(uri);
  }

  /**
   * The workspace index learns the document's imports from its newest parse;
   * an open document it newly relates to (an import just typed) is re-checked.
   */
  private recordImports(file: PipelineFile): void {
    const imports = file.imports.map((i) => i.path).join('\n');
    // A test file's link is its `pipeline:`, not an import: always compared (test files are small and few).
    const changed = isTestFile(file.uri) || this.imports.get(file.uri) !== imports;
    this.imports.set(file.uri, imports);
    const before = changed ? this.deps.index.related(file.uri) : undefined;
    this.deps.index.record(file);
    if (before) for (const other of this.deps.index.related(file.uri)) if (!before.has(other)) this.schedule(other, false);
  }
  /** Each analysed document's imports when last recorded. */
  private readonly imports = new Map<string, string>();

  /** The debounce for `uri` now: the fixed one when set, else adaptive. */
  typingDelay(uri: string): number {
    return this.delay ?? this.pace(uri).delay();
  }

  private pace(uri: string): TypingPace {
    let p = this.paces.get(uri);
    if (!p) this.paces.set(uri, (p = new TypingPace()));
    return p;
  }

  /** Resolves when no analysis is scheduled or running: background work (the workspace scan) yields to analyses. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Resolves once no analysis is pending and no document has changed for `quietMs`, or `maxMs` from now at the
   * latest: for background work that blocks for tens of milliseconds (the scan's parse of a large file), which
   * between two keystrokes would hold up the answers to the next one.
   */
  async whenQuiet(quietMs = QUIET_MS, maxMs = MAX_QUIET_WAIT_MS): Promise<void> {
    const until = performance.now() + maxMs;
    for (;;) {
      await this.whenIdle();
      const now = performance.now();
      const wait = Math.min(this.lastEdit + quietMs, until) - now;
      if (wait <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** When a document last changed (performance.now()). */
  private lastEdit = -Infinity;

  private isIdle(): boolean {
    return !this.timers.size && !this.running.size;
  }

  private settle(): void {
    if (this.isIdle()) for (const done of this.idleWaiters.splice(0)) done();
  }

  scheduleAll(): void {
    for (const d of this.deps.documents.all()) this.schedule(d.uri, false);
  }

  /** Open documents whose analysis involves `uri`, or that `uri`'s analysis involves. */
  private dependents(uri: string): string[] {
    const related = this.deps.index.related(uri);
    const out: string[] = [];
    for (const d of this.deps.documents.all()) {
      if (d.uri === uri) continue;
      const r = this.results.get(d.uri);
      const involves = r?.scope.analyses.some((a) => a.ws.files.some((f) => f.uri === uri));
      if (involves || related.has(d.uri)) out.push(d.uri);
    }
    return out;
  }

  forget(uri: string): void {
    this.timers.get(uri)?.cancel();
    this.timers.delete(uri);
    const big = (this.results.get(uri)?.scope.analyses[0]?.ws.main.text.length ?? 0) > BIG_DOCUMENT;
    this.results.delete(uri);
    this.paces.delete(uri);
    this.imports.delete(uri);
    this.wake(uri);
    this.settle();
    // A big document's parse and analysis are garbage now: collect them before the next big one is parsed (peak memory).
    if (big) setImmediate(collectGarbage);
  }

  /** The result for the document's current version, analysing now when it is missing or stale. */
  async current(uri: string): Promise<DocResult | undefined> {
    const doc = this.deps.documents.get(uri);
    if (!doc) return undefined;
    const r = this.results.get(uri);
    if (r && r.version === doc.version) return r;
    // A fragment's analysis needs its importers: wait for the start-up scan.
    if (!this.deps.index.isReady && this.cache.get(uri, doc.getText()).isFragment) await this.deps.index.ready();
    this.timers.get(uri)?.cancel();
    this.timers.delete(uri);
    this.settle();
    return this.run(uri);
  }

  /**
   * A result for the document's current version without waiting for its
   * analysis, for completion and hover: they are never queued behind a
   * re-analysis. The current text's parse (incremental, and already made on
   * the change) stands in for the file in the last analysis; ids, graph and
   * model are one edit behind, and findings are left out (their ranges may
   * have moved). Before a first analysis, or for a fragment waiting for the
   * workspace scan, the document is analysed now. `peek`: the parse may
   * leave the components an edit moved at their old offsets (FileCache.peek),
   * for answers that carry those components' entries (code lenses).
   */
  async forTyping(uri: string, peek = false): Promise<DocResult | undefined> {
    const doc = this.deps.documents.get(uri);
    const r = this.results.get(uri);
    if (!doc || !r || r.version === doc.version) return this.current(uri);
    const file = peek ? this.cache.peek(uri, doc.getText()) : this.cache.get(uri, doc.getText());
    if (file.isFragment && !this.deps.index.isReady) return this.current(uri);
    return { ...r, version: doc.version, scope: withNewerFile(r.scope, file), findings: [] };
  }

  /**
   * The newest parse of an open document (made on the change already), for
   * answers that need no analysis: symbols, folding ranges, links. Undefined
   * when the document is not open or checking is switched off for it. From
   * FileCache.peek: a burst of keystrokes moves the components after the
   * edit once, when the analysis reads them (those answers carry their
   * entries, and settle the file before they read a moved component).
   */
  async parsed(uri: string): Promise<PipelineFile | undefined> {
    if (!(await this.deps.settings.get(uri)).enable) return undefined;
    const doc = this.deps.documents.get(uri);
    return doc && this.cache.peek(uri, doc.getText());
  }

  /**
   * The result for the document's current version, waiting for the analysis
   * the typing debounce has scheduled instead of running one now: for
   * requests that need exact findings (code actions on a diagnostic), sent
   * by the editor after every keystroke, which must not defeat the debounce.
   * With nothing scheduled, it is `current`.
   */
  async settled(uri: string): Promise<DocResult | undefined> {
    for (;;) {
      const doc = this.deps.documents.get(uri);
      if (!doc) return undefined;
      const r = this.results.get(uri);
      if (r && r.version === doc.version) return r;
      if (!this.timers.has(uri)) return this.current(uri);
      await new Promise<void>((resolve) => {
        const list = this.finishWaiters.get(uri) ?? [];
        list.push(resolve);
        this.finishWaiters.set(uri, list);
      });
    }
  }

  private wake(uri: string): void {
    const list = this.finishWaiters.get(uri);
    this.finishWaiters.delete(uri);
    for (const done of list ?? []) done();
  }

  private run(uri: string): Promise<DocResult | undefined> {
    const doc = this.deps.documents.get(uri);
    if (!doc) return Promise.resolve(undefined);
    const key = `${uri}@${doc.version}`;
    const pending = this.running.get(key);
    if (pending) return pending;
    const p = this.analyse(uri).finally(() => {
      this.running.delete(key);
      this.wake(uri);
      this.settle();
    });
    this.running.set(key, p);
    return p;
  }

  /**
   * What every analysis of `uri` is given: the workspace's lint config (when
   * trusted), the user's rule settings, the importers of a fragment, this
   * analyzer's cache; `load` is the graph preview's what-if load factor.
   */
  private options(uri: string, settings: VeltrixSettings, load: number): AnalyzeOptions {
    return {
      host: this.deps.host,
      cache: this.cache,
      settings: { model: settings.model.enabled, load },
      config: this.deps.trusted() ? findLintConfig(uri, this.deps.host) : emptyConfig(),
      overrides: settings.rules,
      importers: (u) => this.deps.index.importersOf(u),
    };
  }

  /**
   * The parse of `text` with its components at their offsets. A keystroke's
   * parse leaves the components after the edit where they were (FileCache.peek)
   * and the answers asked after each keystroke read around them; at thousands
   * of components moving them all takes tens of milliseconds, so they are
   * moved in slices, with queued requests answered in between. Undefined as
   * soon as a newer version of the document arrives.
   */
  private async settledParse(uri: string, version: number, text: string): Promise<PipelineFile | undefined> {
    const run = await this.drive(uri, version, settling(this.cache.peek(uri, text)));
    return run && this.cache.get(uri, text);
  }

  /**
   * Runs an analysis's steps, letting queued requests run after each slice
   * of work; undefined as soon as a newer version of the document arrives.
   * `work`: the time spent in the steps, waits excluded.
   */
  private async drive<T>(uri: string, version: number, steps: Steps<T>): Promise<{ value: T; work: number } | undefined> {
    let step = steps.next();
    let slice = performance.now();
    let work = 0;
    while (!step.done) {
      if (performance.now() - slice > SLICE_MS) {
        work += performance.now() - slice;
        await new Promise((resolve) => setImmediate(resolve));
        if (this.deps.documents.get(uri)?.version !== version) return undefined;
        slice = performance.now();
      }
      step = steps.next();
    }
    return { value: step.value, work: work + performance.now() - slice };
  }

  /**
   * The analysis of the document's current version at another load factor
   * (the graph preview's slider): with the same config, rule settings and
   * importers as its published analysis, run in steps, and kept apart from
   * it, so the next keystroke still re-analyses incrementally. Load 1 is the
   * published analysis itself.
   */
  async atLoad(uri: string, load: number): Promise<Analysis | undefined> {
    for (;;) {
      const r = await this.current(uri);
      const doc = this.deps.documents.get(uri);
      if (!r || !doc) return undefined;
      if (this.deps.tests?.handles(uri)) return this.pipelineAtLoad(r, doc.version, load);
      if (load === 1) return r.scope.analyses[0];
      const run = await this.drive(uri, doc.version, analyzeDocumentSteps(uri, doc.getText(), this.options(uri, r.settings, load)));
      if (run) return run.value.analyses[0];
      // The document changed meanwhile: again, for the newer version.
    }
  }

  /**
   * A test file's graph is its pipeline's: the pipeline's own analysis at
   * `load` when it is open, else one made from the text the tests ran against,
   * with the pipeline's settings (the tests' run has no model). Undefined when
   * the test file names no pipeline.
   */
  private async pipelineAtLoad(r: DocResult, version: number, load: number): Promise<Analysis | undefined> {
    const main = r.scope.analyses[0]?.ws.main;
    if (!main) return undefined;
    if (this.deps.documents.get(main.uri)) return this.atLoad(main.uri, load);
    const settings = await this.deps.settings.get(main.uri);
    const run = await this.drive(r.scope.uri, version, analyzeDocumentSteps(main.uri, main.text, this.options(main.uri, settings, load)));
    // The test file changed meanwhile (its pipeline may be another now): again, for the newer version.
    return run ? run.value.analyses[0] : this.atLoad(r.scope.uri, load);
  }

  private async analyse(uri: string): Promise<DocResult | undefined> {
    const trace = this.traces.get(uri);
    const started = performance.now();
    const settings = await this.deps.settings.get(uri);
    if (trace) Object.assign(trace, { wait: started - trace.changed, settings: performance.now() - started });
    const doc = this.deps.documents.get(uri);
    if (!doc) return undefined;
    const version = doc.version;
    if (!settings.enable) {
      this.results.delete(uri);
      this.deps.publish(uri, version, undefined);
      return undefined;
    }
    const text = doc.getText();
    const parsing = performance.now();
    const file = await this.settledParse(uri, version, text);
    // Stale: the newer version is scheduled by its change.
    if (!file) return this.results.get(uri);
    // The parse of this version, unless a request made it already (then it is in the wait), and its settling.
    if (trace) trace.parse = performance.now() - parsing;
    this.recordImports(file);
    if (this.deps.tests?.handles(uri)) return this.analyseTests(uri, version, text, settings);
    // A fragment is checked in the context of its importers: analysed once the start-up scan knows them.
    if (file.isFragment && !this.deps.index.isReady) {
      void this.deps.index.ready().then(() => this.schedule(uri, false, 0));
      return undefined;
    }
    let result: DocResult;
    this.stats.analysesStarted++;
    try {
      let t = performance.now();
      const options = this.options(uri, settings, 1);
      if (trace) trace.config = performance.now() - t;
      t = performance.now();
      const run = await this.drive(uri, version, analyzeDocumentSteps(uri, text, options));
      // Stale: the newer version is scheduled by its change; this generator is simply dropped.
      if (!run) return this.results.get(uri);
      if (trace) Object.assign(trace, { analysis: performance.now() - t, work: run.work });
      this.pace(uri).analysed(run.work, !this.results.has(uri));
      const { findings, analyses } = run.value;
      const problems = (options.config?.problems ?? []).map((p) => `config: ${p}`);
      for (const p of problems) this.deps.log(p);
      result = { version, scope: { uri, analyses }, findings, settings };
    } catch (e) {
      this.deps.log(`analysis of ${uri} failed: ${(e as Error)?.stack ?? e}`);
      return this.results.get(uri);
    }
    // The first analysis of a big document leaves its whole parse behind as
    // garbage (peak memory at 10,000 components): collected right after its
    // diagnostics are written, not in front of them (a full collection, 70-100 ms
    // at 10,000 components). Edits re-parse one component: little to collect.
    const first = !this.results.has(uri);
    // Never publish a stale result: the document may have changed meanwhile.
    const now = this.deps.documents.get(uri);
    if (!now || now.version !== version) {
      if (first && text.length > BIG_DOCUMENT) this.collect(); // nothing to write: collected before the next version's parse
      return result;
    }
    this.stats.analysesFinished++;
    this.results.set(uri, result);
    this.stats.publishes++;
    const publishing = performance.now();
    this.deps.publish(uri, version, result);
    tierUp();
    // Each re-analysis of a big document leaves tens of MB behind: collected once the user pauses (peak memory at
    // 10,000 components), never between keystrokes.
    // Once it has grown by HEAP_SLACK since the last collection (every few edits), sooner near the memory budget
    // (collectNow), or when the user pauses.
    if (text.length > BIG_DOCUMENT) {
      clearTimeout(this.idleCollect);
      // The writer sends the diagnostics on the next turn of the event loop: this collection runs after it.
      if (first || collectNow(usedHeap() - this.heapAfterCollect, process.memoryUsage.rss())) setImmediate(() => this.collect());
      else {
        this.idleCollect = setTimeout(() => this.isIdle() && this.collect(), IDLE_COLLECT_MS);
        this.idleCollect.unref?.();
      }
    }
    if (trace && this.traces.get(uri) === trace) {
      const end = performance.now();
      this.stats.lastEdit = { ...(trace as EditBreakdown), publish: end - publishing, total: end - trace.changed };
      this.traces.delete(uri);
      this.deps.traceEdit?.(uri, version, this.stats.lastEdit);
    }
    return result;
  }

  /** A test file's analysis: its tests run against the pipeline's current analysis; published like any other. */
  private analyseTests(uri: string, version: number, text: string, settings: VeltrixSettings): DocResult | undefined {
    this.stats.analysesStarted++;
    let result: DocResult;
    try {
      const config = this.deps.trusted() ? findLintConfig(uri, this.deps.host) : emptyConfig();
      const started = performance.now();
      const { findings, scope } = this.deps.tests!.analyse(uri, text, config, settings.rules);
      this.pace(uri).analysed(performance.now() - started, !this.results.has(uri));
      result = { version, scope, findings, settings };
    } catch (e) {
      this.deps.log(`tests of ${uri} failed: ${(e as Error)?.stack ?? e}`);
      return this.results.get(uri);
    }
    this.stats.analysesFinished++;
    this.results.set(uri, result);
    this.stats.publishes++;
    this.deps.publish(uri, version, result);
    tierUp();
    return result;
  }

  /** The published analysis of an open pipeline document when it was made from exactly `text`. */
  analysisOf(uri: string, text: string): Analysis | undefined {
    const a = this.results.get(uri)?.scope.analyses[0];
    return a && a.ws.main.uri === uri && a.ws.main.text === text ? a : undefined;
  }
}

export type { Analysis };

/** One edit's path as a log line (VELTRIX_TRACE_EDITS=1), times in ms: where a late squiggle's time went. */
export function editTrace(uri: string, version: number, st: EditBreakdown): string {
  const f = (x: number) => x.toFixed(1);
  return `edit ${uri} v${version}: parse ${f(st.parse)}, wait ${f(st.wait)}, settings ${f(st.settings)}, config ${f(st.config)}, analysis ${f(st.analysis)} (work ${f(st.work)}), publish ${f(st.publish)}; total ${f(st.total)} ms after the change was read`;
}

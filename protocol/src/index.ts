// The one protocol module shared by the VS Code client and the language
// server: the settings the server pulls per resource, the initialization
// options, and the custom requests and notifications (namespaced `veltrix/`).
// Adding a setting: package.json `contributes.configuration` -> VeltrixSettings
// here -> read in server/src/settings.ts -> use. Never import `vscode` here.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { GraphView } from '../../core/src/graph-view/model';

/** A severity override per rule code, as in `.veltrix-lint.yaml`. */
export type RuleLevel = 'off' | 'hint' | 'info' | 'warning' | 'error';

/** The `veltrix.*` settings section, pulled per resource with `workspace/configuration`. */
export interface VeltrixSettings {
  /** Validate Veltrix files at all. */
  enable: boolean;
  /** Per-code severity overrides; they win over `.veltrix-lint.yaml`. */
  rules: Record<string, RuleLevel>;
  model: {
    /** Run the capacity model (diagnostics VX300+, code lenses, figures in hovers). */
    enabled: boolean;
  };
  trace: { server: 'off' | 'messages' | 'verbose' };
  index: {
    /** How many pipeline files the start-up scan of the workspace indexes at most. */
    maxFiles: number;
  };
}

export const SETTINGS_SECTION = 'veltrix';

export const DEFAULT_SETTINGS: VeltrixSettings = {
  enable: true,
  rules: {},
  model: { enabled: true },
  trace: { server: 'off' },
  index: { maxFiles: 5000 },
};

/** `initializationOptions` sent by the client. */
export interface InitializationOptions {
  /** False in VS Code's Restricted Mode: the server then ignores `.veltrix-lint.yaml`. */
  trusted?: boolean;
  /** Milliseconds to wait after the last edit before analysing (default 150; benchmarks use 0). */
  debounceMs?: number;
  /**
   * Commands the client runs itself (VS Code: `editor.action.triggerSuggest`,
   * `veltrix.showRuleDocumentation`, `veltrix.revealComponent`). The server
   * attaches a command to a completion, lens or code action only when the
   * client declared it; other editors get the documentation through
   * `window/showDocument` instead.
   */
  clientCommands?: string[];
}

/** Executed by the server (for clients without `veltrix.showRuleDocumentation`): opens the rule's page with `window/showDocument`. */
export const SERVER_SHOW_DOCS_COMMAND = 'veltrix.server.openRuleDocumentation';

/** `veltrix/graph`: the pipeline graph of a document for the preview. */
export interface GraphParams {
  uri: string;
  /** What-if load factor for the capacity model (default 1). */
  load?: number;
}
/**
 * The view the webview renders (core/src/graph-view/model.ts). `parseError`:
 * the current text does not parse (VX001); `view` is then the last good view
 * of the document, marked `stale`, or null when there never was one.
 */
export interface GraphResult {
  view: GraphView | null;
  parseError?: boolean;
  stale?: boolean;
}
export const GraphRequest = new RequestType<GraphParams, GraphResult | null, void>('veltrix/graph');

/** `veltrix/status`: problem counts of one document after each analysis. */
export interface StatusParams {
  uri: string;
  errors: number;
  warnings: number;
  infos: number;
}
export const StatusNotification = new NotificationType<StatusParams>('veltrix/status');

/** Commands the server's code actions and lenses refer to (implemented by the client). */
export const Commands = {
  showRuleDocumentation: 'veltrix.showRuleDocumentation',
  restartServer: 'veltrix.restartServer',
  revealComponent: 'veltrix.revealComponent',
  generateMonitoring: 'veltrix.generateMonitoring',
  /** Pipeline tests (arguments: test file URI, test index): run one test, show its trace on the graph. */
  runTest: 'veltrix.runTest',
  showTestTrace: 'veltrix.showTestTrace',
} as const;

/**
 * `veltrix/stats`: the server's work counters since start (analyses started
 * and finished, diagnostics published). For benchmarks and tests: they count
 * work instead of timing it.
 */
export interface ServerStats {
  analysesStarted: number;
  analysesFinished: number;
  publishes: number;
  /** True while V8's optimising compiler is still off, until the first diagnostics (server/src/tier-up.ts). */
  startupTier?: boolean;
  /** Where the time of the last edit went, from its didChange to the write of its diagnostics (ms). */
  lastEdit?: EditBreakdown;
}

/** The stages of one edit's path through the server (the bench prints them). */
export interface EditBreakdown {
  /** The incremental parse of the changed text (in the didChange handler). */
  parse: number;
  /** From the parse to the start of the analysis: the typing debounce and whatever ran before it. */
  wait: number;
  /** The settings of the document (a workspace/configuration round trip when not cached). */
  settings: number;
  /** Finding the workspace's .veltrix-lint.yaml. */
  config: number;
  /** The analysis, from its first step to its last (requests answered between steps included). */
  analysis: number;
  /** Of that, the analysis's own work. */
  work: number;
  /** Converting the findings and writing publishDiagnostics and the status notification. */
  publish: number;
  /** From the didChange handler to the written diagnostics. */
  total: number;
}
export const StatsRequest = new RequestType<void, ServerStats, void>('veltrix/stats');

/**
 * `veltrix/compareModel`: the before/after report (spec section 9) of an open
 * document against a baseline text the client supplies (VS Code: the file at
 * HEAD, from its git extension). The baseline is analysed under the
 * document's URI, so its imports resolve as the document's do.
 */
export interface CompareModelParams {
  uri: string;
  baselineText: string;
  /** Column header of the baseline, e.g. `HEAD`. */
  baselineLabel?: string;
}
export interface CompareModelResult {
  /** The report as markdown (core/src/compare/report.ts); null with `message` when there is nothing to compare. */
  markdown: string | null;
  message?: string;
  /** Utilisation per component id in the baseline (null: not modelled there), for the graph preview. */
  baselineUtilization: Record<string, number | null>;
}
export const CompareModelRequest = new RequestType<CompareModelParams, CompareModelResult | null, void>('veltrix/compareModel');

/**
 * `veltrix/monitoring`: the monitoring generated from an open pipeline
 * (spec section 12, core/src/monitoring): the server generates, the client
 * writes the files (VS Code: beside the pipeline, in `monitoring/`).
 * `path` names the pipeline file in the generated descriptions (the client
 * sends it relative to the workspace). `message` instead of files when the
 * pipeline has errors or is a fragment.
 */
export interface MonitoringParams {
  uri: string;
  path?: string;
}
export interface MonitoringResult {
  files: Array<{ name: string; text: string }>;
  /** E.g. `10 recording rules, 34 alerts, 69 rule tests`. */
  summary?: string;
  message?: string;
}
export const MonitoringRequest = new RequestType<MonitoringParams, MonitoringResult | null, void>('veltrix/monitoring');

/**
 * Pipeline tests (spec section 11.4) for the editor's Test Explorer. A test
 * file's tests run with every analysis of it (while typing); the server
 * sends `veltrix/testFile` after each one, and answers `veltrix/runTests`
 * for any test file (open or on disk) with the results of its current text.
 */
export interface TestStepReport {
  /** `.eu by_region: routes eu matched`. */
  label: string;
  /** Where the component is written (the pipeline or a fragment). */
  uri?: string;
  line?: number;
  character?: number;
}
export interface TestFailureReport {
  /** One line: what differs. */
  message: string;
  /** The failing expectation in the test file. */
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** Pretty, key-sorted JSON. */
  expected: string;
  actual: string;
  /** The event's path, in order (route copies as further steps). */
  path: TestStepReport[];
}
export interface TestReport {
  name: string;
  index: number;
  range: TestFailureReport['range'];
  status: 'passed' | 'failed' | 'error';
  failures: TestFailureReport[];
  /** Why a test could not run (`error`): the errors reported on it. */
  errors: string[];
}
export interface TestFileReport {
  uri: string;
  /** The analysed document version (absent for files read from disk). */
  version?: number;
  pipelineUri?: string;
  tests: TestReport[];
  /**
   * Route coverage of the pipeline (VX405's branches: filter pass and drop,
   * route outputs, `_unmatched`, dead-letter paths), over every test file of
   * the pipeline: where each branch is written and whether a test event takes it.
   */
  coverage?: Array<{ uri: string; line: number; character: number; label: string; taken: boolean }>;
}
export const TestFileNotification = new NotificationType<TestFileReport>('veltrix/testFile');
export interface RunTestsParams {
  uri: string;
}
export const RunTestsRequest = new RequestType<RunTestsParams, TestFileReport | null, void>('veltrix/runTests');

/** `veltrix/testTrace`: one test's traces summed up for the graph preview (events per edge, what happened where). */
export interface TestTraceParams {
  uri: string;
  /** The test's index in the file's `tests`. */
  index: number;
}
export interface TestTraceResult {
  pipelineUri: string;
  test: string;
  edges: Array<{ from: string; to: string; port?: string; deadLetter?: boolean; count: number }>;
  components: Record<string, { reached: number } & Record<string, number>>;
}
export const TestTraceRequest = new RequestType<TestTraceParams, TestTraceResult | null, void>('veltrix/testTrace');

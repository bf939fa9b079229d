// Pipeline tests in VS Code's Test Explorer (spec 11.4). The language server
// runs the tests (with every analysis of a test file, while typing) and sends
// their report; this controller only shows it: one item per test file and per
// test with ranges, a Run profile (also continuous) and a Coverage profile
// (route coverage of the pipeline: VX405's branches), failures as a diff at
// the failing expectation with the event's path as clickable stack frames.
import * as vscode from 'vscode';
import type { ServerClient } from './client-session';
import { branchLabel, inertLabel } from './test-labels';
import { Commands, RunTestsRequest, TestFileNotification, type TestFailureReport, type TestFileReport, type TestReport } from '../../protocol/src/index';

const TEST_GLOB = '**/*.veltrix-test.{yaml,yml}';
/** After a pipeline edit, continuous runs of closed test files wait this long for the typing to pause. */
const RERUN_MS = 400;

/** Parts of the Testing API newer than the 1.82 typings: feature-detected at run time. */
interface NewerVscode {
  TestMessageStackFrame?: new (label: string, uri?: vscode.Uri, position?: vscode.Position) => unknown;
  FileCoverage?: new (uri: vscode.Uri, statementCoverage: unknown, branchCoverage?: unknown) => unknown;
  TestCoverageCount?: new (covered: number, total: number) => unknown;
  StatementCoverage?: new (executed: number, location: vscode.Position | vscode.Range, branches?: unknown[]) => unknown;
  BranchCoverage?: new (executed: number, location?: vscode.Position | vscode.Range, label?: string) => unknown;
}
const newer = vscode as unknown as NewerVscode;

const toRange = (r: TestReport['range']) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

export class PipelineTestController implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController('veltrix.pipelineTests', 'Veltrix pipeline tests');
  private readonly disposables: vscode.Disposable[] = [this.controller];
  /** Continuous runs in progress, with the files they watch (undefined: every file). */
  private readonly watching = new Set<{ request: vscode.TestRunRequest; files: Set<string> | undefined; coverage: boolean }>();
  private readonly details = new WeakMap<object, Array<{ uri: string; line: number; character: number; label: string; taken: boolean }>>();

  constructor(private readonly client: ServerClient) {
    const c = this.controller;
    c.resolveHandler = async (item) => {
      if (!item) await this.discover();
    };
    c.refreshHandler = () => this.discover();
    c.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token, false), true, undefined, true);
    const coverage = c.createRunProfile('Run with route coverage', vscode.TestRunProfileKind.Coverage, (request, token) => this.run(request, token, true), true);
    (coverage as unknown as { loadDetailedCoverage?: unknown }).loadDetailedCoverage = async (_run: unknown, file: object) => this.detailedCoverage(file);
    const watcher = vscode.workspace.createFileSystemWatcher(TEST_GLOB);
    watcher.onDidCreate((u) => void this.refreshFile(u.toString()));
    watcher.onDidDelete((u) => c.items.delete(u.toString()));
    this.disposables.push(
      watcher,
      client.onNotification(TestFileNotification, (report) => this.onReport(report)),
      // The server re-runs open test documents when their pipeline changes; continuous runs ask for the others.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!this.watching.size || e.document.languageId !== 'veltrix' || !e.contentChanges.length || /\.veltrix-test\.ya?ml$/i.test(e.document.uri.path)) return;
        clearTimeout(this.rerun);
        this.rerun = setTimeout(() => void this.rerunClosed(), RERUN_MS);
      }),
      vscode.commands.registerCommand(Commands.runTest, (uri?: unknown, index?: unknown) => {
        const item = typeof uri === 'string' && typeof index === 'number' ? c.items.get(uri)?.children.get(testId(uri, index)) : undefined;
        if (item) void this.run(new vscode.TestRunRequest([item]), new vscode.CancellationTokenSource().token, false);
      }),
    );
  }

  private rerun: ReturnType<typeof setTimeout> | undefined;

  /** Continuous runs after a pipeline edit: the test files that are not open (open ones come with the server's report). */
  private async rerunClosed(): Promise<void> {
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    const files = new Set<string>();
    for (const w of this.watching) for (const f of w.files ?? [...iterate(this.controller.items)].map((i) => i.id)) if (!open.has(f)) files.add(f);
    for (const uri of files) {
      const report = await this.client.sendRequest(RunTestsRequest, { uri });
      if (report) this.onReport(report);
    }
  }

  /** Every test file of the workspace, its tests from the server (open or not). */
  async discover(): Promise<void> {
    const files = await vscode.workspace.findFiles(TEST_GLOB, '**/node_modules/**', 2000);
    await Promise.all(files.map((u) => this.refreshFile(u.toString())));
  }

  private async refreshFile(uri: string): Promise<TestFileReport | null> {
    const report = await this.client.sendRequest(RunTestsRequest, { uri });
    if (report) this.sync(report);
    return report;
  }

  /** The items of one file as the report has them: added, renamed, moved, removed. */
  private sync(report: TestFileReport): vscode.TestItem {
    const c = this.controller;
    const uri = vscode.Uri.parse(report.uri);
    let file = c.items.get(report.uri);
    if (!file) {
      file = c.createTestItem(report.uri, vscode.workspace.asRelativePath(uri), uri);
      c.items.add(file);
    }
    file.children.replace(
      report.tests.map((t) => {
        const item = file!.children.get(testId(report.uri, t.index)) ?? c.createTestItem(testId(report.uri, t.index), inertLabel(t.name), uri);
        item.label = inertLabel(t.name);
        item.range = toRange(t.range);
        return item;
      }),
    );
    return file;
  }

  /** A report after the server analysed a test file (typing): items follow, continuous runs report it. */
  private onReport(report: TestFileReport): void {
    const file = this.sync(report);
    for (const w of this.watching) {
      if (w.files && !w.files.has(report.uri)) continue;
      const run = this.controller.createTestRun(w.request, 'Veltrix pipeline tests (continuous)', false);
      this.report(run, file, report, w.request, w.coverage);
      run.end();
    }
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken, coverage: boolean): Promise<void> {
    if (!request.include) await this.discover();
    const byFile = new Map<string, vscode.TestItem>();
    for (const item of request.include ?? [...iterate(this.controller.items)]) {
      const fileUri = item.parent?.id ?? item.id;
      byFile.set(fileUri, this.controller.items.get(fileUri) ?? item);
    }
    if ((request as { continuous?: boolean }).continuous) {
      const w = { request, files: request.include ? new Set(byFile.keys()) : undefined, coverage };
      this.watching.add(w);
      token.onCancellationRequested(() => this.watching.delete(w));
    }
    const run = this.controller.createTestRun(request);
    for (const [uri, file] of byFile) {
      if (token.isCancellationRequested) break;
      const report = await this.client.sendRequest(RunTestsRequest, { uri });
      if (!report) {
        for (const t of iterate(file.children)) run.errored(t, new vscode.TestMessage('The test file could not be read'));
        continue;
      }
      this.report(run, this.sync(report), report, request, coverage);
    }
    run.end();
  }

  /** One file's results into a run: the tests the request includes, each passed, failed (messages) or errored. */
  private report(run: vscode.TestRun, file: vscode.TestItem, report: TestFileReport, request: vscode.TestRunRequest, coverage: boolean): void {
    const wanted = (item: vscode.TestItem) => (!request.include || request.include.some((i) => i.id === item.id || i.id === file.id)) && !request.exclude?.some((e) => e.id === item.id);
    for (const t of report.tests) {
      const item = file.children.get(testId(report.uri, t.index));
      if (!item || !wanted(item)) continue;
      run.started(item);
      if (t.status === 'passed') run.passed(item);
      else if (t.status === 'error') run.errored(item, new vscode.TestMessage(t.errors.join('\n') || 'The test could not run'));
      else run.failed(item, t.failures.map((f) => failureMessage(f)));
    }
    if (coverage && report.coverage && newer.FileCoverage && newer.TestCoverageCount) this.addCoverage(run, report);
  }

  /** Route coverage of the pipeline (and fragments) the file tests: one FileCoverage per file, branches per line. */
  private addCoverage(run: vscode.TestRun, report: TestFileReport): void {
    const byUri = new Map<string, NonNullable<TestFileReport['coverage']>>();
    for (const b of report.coverage ?? []) byUri.set(b.uri, [...(byUri.get(b.uri) ?? []), b]);
    for (const [uri, branches] of byUri) {
      const taken = branches.filter((b) => b.taken).length;
      const count = new newer.TestCoverageCount!(taken, branches.length);
      const fc = new newer.FileCoverage!(vscode.Uri.parse(uri), count, new newer.TestCoverageCount!(taken, branches.length)) as object;
      this.details.set(fc, branches);
      (run as unknown as { addCoverage(c: unknown): void }).addCoverage(fc);
    }
  }

  private detailedCoverage(file: object): unknown[] {
    const branches = this.details.get(file) ?? [];
    if (!newer.StatementCoverage || !newer.BranchCoverage) return [];
    const byLine = new Map<number, typeof branches>();
    for (const b of branches) byLine.set(b.line, [...(byLine.get(b.line) ?? []), b]);
    return [...byLine].map(([line, bs]) => {
      const at = new vscode.Position(line, bs[0].character);
      return new newer.StatementCoverage!(
        bs.filter((b) => b.taken).length,
        at,
        bs.map((b) => new newer.BranchCoverage!(b.taken ? 1 : 0, at, branchLabel(b.label))),
      );
    });
  }

  dispose(): void {
    clearTimeout(this.rerun);
    this.watching.clear();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

const testId = (uri: string, index: number) => `${uri}#${index}`;

function* iterate(collection: vscode.TestItemCollection): Generator<vscode.TestItem> {
  const out: vscode.TestItem[] = [];
  collection.forEach((i) => out.push(i));
  yield* out;
}

/** A failure: the diff at the expectation; the event's path as stack frames where VS Code has them, else numbered in the text. */
export function failureMessage(f: TestFailureReport): vscode.TestMessage {
  const frames = newer.TestMessageStackFrame && f.path.length;
  const text = frames || !f.path.length ? f.message : `${f.message}\n\nPath of the event:\n${f.path.map((s, i) => `${i + 1}. ${s.label}`).join('\n')}`;
  const m = vscode.TestMessage.diff(text, f.expected, f.actual);
  m.location = new vscode.Location(vscode.Uri.parse(f.uri), toRange(f.range));
  if (frames) {
    (m as unknown as { stackTrace: unknown[] }).stackTrace = f.path.map(
      (s) => new newer.TestMessageStackFrame!(s.label, s.uri ? vscode.Uri.parse(s.uri) : undefined, s.line !== undefined ? new vscode.Position(s.line, s.character ?? 0) : undefined),
    );
  }
  return m;
}

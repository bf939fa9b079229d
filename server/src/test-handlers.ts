// The language server's answers for test documents (`*.veltrix-test.yaml`):
// completion, hover and definition through core/src/language/test-files.ts,
// the "Run test" and "Show trace on graph" lenses (for clients that run those
// commands: VS Code), and the `veltrix/runTests` and `veltrix/testTrace`
// requests. Other editors get the same results as VX402 diagnostics.
import type { Connection } from 'vscode-languageserver/node';
import { testEntries, testFileCompletion, testFileDefinition, testFileHover, testFileScope } from '../../core/src/language/test-files';
import type { DocScope } from '../../core/src/language/index';
import type { CompletionEntry, HoverResult } from '../../core/src/language/index';
import type { Location, Position } from '../../core/src/index';
import { Commands, RunTestsRequest, TestFileNotification, TestTraceRequest, type RunTestsParams, type TestTraceParams } from '../../protocol/src/index';
import type { TestFiles } from './test-files';

export function testCompletion(scope: DocScope, pos: Position): CompletionEntry[] {
  const s = testFileScope(scope);
  return s ? testFileCompletion(s, pos) : [];
}

export function testHover(scope: DocScope, pos: Position): HoverResult | null {
  const s = testFileScope(scope);
  return s ? testFileHover(s, pos) : null;
}

export function testDefinition(scope: DocScope, pos: Position): Location[] {
  const s = testFileScope(scope);
  return s ? testFileDefinition(s, pos) : [];
}

interface Lens {
  range: Location['range'];
  command: { title: string; command: string; arguments: unknown[] };
}

/** "Run test" and "Show trace on graph" above each test, where the client runs them. */
export function testLenses(scope: DocScope, uri: string, clientCommands: ReadonlySet<string>): Lens[] {
  const file = testFileScope(scope)?.file;
  if (!file) return [];
  const out: Lens[] = [];
  for (const t of testEntries(file)) {
    if (clientCommands.has(Commands.runTest)) out.push({ range: t.range, command: { title: '$(play) Run test', command: Commands.runTest, arguments: [uri, t.index] } });
    if (clientCommands.has(Commands.showTestTrace)) out.push({ range: t.range, command: { title: 'Show trace on graph', command: Commands.showTestTrace, arguments: [uri, t.index] } });
  }
  return out;
}

type Guard = <P, R>(name: string, fallback: R, fn: (params: P) => R | Promise<R>) => (params: P) => unknown;

/** `veltrix/runTests` and `veltrix/testTrace`: the results of the test file's current text (open, or read from disk). */
export function registerTestRequests(connection: Connection, tests: TestFiles, guard: Guard, settle: (uri: string) => Promise<unknown>): void {
  connection.onRequest(
    RunTestsRequest,
    guard('runTests', null, async (p: RunTestsParams) => {
      if (typeof p.uri !== 'string' || !tests.handles(p.uri)) return null;
      await settle(p.uri); // an open document: its scheduled analysis (the tests of the text being typed)
      return tests.report(p.uri);
    }) as never,
  );
  connection.onRequest(
    TestTraceRequest,
    guard('testTrace', null, async (p: TestTraceParams) => {
      if (typeof p.uri !== 'string' || !tests.handles(p.uri) || !Number.isInteger(p.index)) return null;
      await settle(p.uri);
      return tests.trace(p.uri, p.index);
    }) as never,
  );
}

/** After a test document's analysis: its report, so the Test Explorer follows the typing (items, and continuous runs). */
export function notifyTestFile(connection: Connection, tests: TestFiles, uri: string, version: number): void {
  const report = tests.report(uri, version);
  if (report) void connection.sendNotification(TestFileNotification, report);
}

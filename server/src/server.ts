// The language server: thin handlers that find the document's cached
// analysis and delegate to core/src/language. Every handler is wrapped: an
// exception is logged and answered with an empty result; the process lives on.
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ResponseError,
  ErrorCodes,
  LSPErrorCodes,
  TextDocuments,
  type CancellationToken,
  TextDocumentSyncKind,
  type CodeLens,
  type Connection,
  type DocumentSymbol,
  type FoldingRange,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { CONFIG_FILE } from '../../core/src/index';
import * as lang from '../../core/src/language/index';
import { createGraphResponder } from './graph-handler';
import { createCompareResponder, serverCompareDeps } from './compare-handler';
import { createMonitoringResponder, monitoringLens } from './monitoring-handler';
import { ComponentLenses } from './component-lenses';
import { foldingJson, forgetAnswers, symbolsJson } from './answer-json';
import { forgetDiagnostics, publishParams } from './diagnostics-bytes';
import { messageArriving, newerChangeQueued } from './transport';
import { MonitoringRequest, type MonitoringParams } from '../../protocol/src/index';
import { CompareModelRequest, type CompareModelParams } from '../../protocol/src/index';
import { analyzeDocument } from '../../core/src/index';
import { Commands, GraphRequest, SERVER_SHOW_DOCS_COMMAND, StatsRequest, StatusNotification, type GraphParams, type InitializationOptions } from '../../protocol/src/index';
import { docsUrl } from '../../core/src/index';
import { Analyzer, collectGarbage, editTrace, type DocResult } from './analyzer';
import { capCompletions, MAX_COMPLETION_ITEMS, typedWord } from './completion-cap';
import { fromDiagnostic, toCodeAction, toCompletionItem, toSymbolInformation, toWorkspaceEdit } from './convert';
import { ServerHost } from './host';
import { SettingsCache } from './settings';
import { WorkspaceIndex } from './workspace-index';
import { TestFiles, withCoverage } from './test-files';
import { TIER_UP_CHARS, inStartupTier, tierUp } from './tier-up';
import { notifyTestFile, registerTestRequests, testCompletion, testDefinition, testHover, testLenses } from './test-handlers';
import { emptyConfig, findLintConfig, type FileCache } from '../../core/src/index';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.veltrix`;
/** How many of its slices of work (8 ms each) the workspace scan takes before V8's optimising compiler is turned on. */
const SCAN_SLICES_BEFORE_TIER_UP = 12;
/** How long after `initialized` the workspace scan starts (fragments opened meanwhile wait for it). */
const SCAN_DELAY_MS = 100;

const isPosition = (p: unknown) => {
  const q = p as { line?: unknown; character?: unknown } | null;
  return !!q && Number.isInteger(q.line) && Number.isInteger(q.character) && (q.line as number) >= 0 && (q.character as number) >= 0;
};

/** Why a request's params are unusable (the shapes every document request shares), or undefined. */
function invalidParams(params: unknown): string | undefined {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return 'params must be an object';
  const p = params as { textDocument?: { uri?: unknown } | null; position?: unknown };
  if ('textDocument' in p && (typeof p.textDocument !== 'object' || p.textDocument === null || typeof p.textDocument.uri !== 'string')) return 'textDocument.uri must be a string';
  if ('position' in p && !isPosition(p.position)) return 'position must have non-negative integer line and character';
  return undefined;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const host = new ServerHost(documents);
  const index = new WorkspaceIndex(collectGarbage);
  const settings = new SettingsCache(connection);
  let trusted = true;
  let folders: string[] = [];
  let dynamicWatch = false;
  let dynamicConfig = false;
  /** Commands the client runs itself (initializationOptions.clientCommands): VS Code's; none for other editors. */
  let clientCommands: ReadonlySet<string> = new Set();
  // A lens shows the component in the graph where the client can (VS Code); elsewhere it is a label.
  const componentLenses = new ComponentLenses(() => clientCommands.has(Commands.revealComponent));
  /** The client has no documentation command but can open a URL: the server answers "Show documentation" itself. */
  let serverDocs = false;
  /** The client expands snippets (VS Code, Neovim 0.10+); others get the snippets' default text. */
  let snippets = true;
  /** The most folding ranges the client takes (its `rangeLimit`; VS Code 5,000): the outer levels are sent. */
  let foldingLimit = Infinity;
  const log = (m: string) => connection.console.log(m);

  // Test files run against the analyzer's own analysis of their pipeline when it is open (computed once).
  const tests: TestFiles = new TestFiles({ host, index, cache: (): FileCache => analyzer.cache, openAnalysis: (u, t) => analyzer.analysisOf(u, t) });
  /** VX405 on a main pipeline that has test files: from its test files' last results. */
  const untested = (uri: string, result: DocResult) => {
    const a = result.scope.analyses[0];
    if (tests.handles(uri) || a?.ws.main.uri !== uri) return [];
    return tests.coverage(a, trusted ? findLintConfig(uri, host) : emptyConfig(), result.settings.rules);
  };

  const analyzer = new Analyzer({
    documents,
    host,
    index,
    settings,
    trusted: () => trusted,
    newerChangeQueued,
    messageArriving,
    log,
    tests,
    traceEdit: process.env.VELTRIX_TRACE_EDITS === '1' ? (uri, version, st) => log(editTrace(uri, version, st)) : undefined,
    publish(uri, version, result) {
      const findings = result ? withCoverage(result.findings, untested(uri, result)) : [];
      if (result && tests.handles(uri)) notifyTestFile(connection, tests, uri, version);
      // Over stdio the unchanged diagnostics' bytes are copied from the last publish (diagnostics-bytes.ts).
      void connection.sendDiagnostics(publishParams(uri, version, findings));
      const count = (s: string) => findings.filter((f) => f.severity === s).length;
      void connection.sendNotification(StatusNotification, { uri, errors: count('error'), warnings: count('warning'), infos: count('info') + count('hint') });
    },
  });

  process.on('uncaughtException', (e) => log(`uncaught: ${e?.stack ?? e}`));
  process.on('unhandledRejection', (e) => log(`unhandled rejection: ${(e as Error)?.stack ?? e}`));

  /**
   * Wraps a handler: errors are logged and answered with `fallback`; ResponseErrors pass through. A request the
   * client cancelled before it ran (VS Code cancels its after-keystroke requests at the next keystroke) is answered
   * as cancelled, without being computed.
   */
  function guard<P, R>(name: string, fallback: R, fn: (params: P) => R | Promise<R>) {
    return async (params: P, token?: CancellationToken): Promise<R | ResponseError<void>> => {
      if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, `${name}: cancelled`);
      const invalid = invalidParams(params);
      if (invalid) return new ResponseError(ErrorCodes.InvalidParams, `${name}: ${invalid}`);
      try {
        return await fn(params);
      } catch (e) {
        if (e instanceof ResponseError) return e;
        log(`${name} failed: ${(e as Error)?.stack ?? e}`);
        return fallback;
      }
    };
  }

  /** The analysis of the current version (analysed now when stale); undefined for unknown documents. */
  const resultOf = (uri: string): Promise<DocResult | undefined> => analyzer.current(uri);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    trusted = init.trusted !== false;
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) analyzer.delay = init.debounceMs;
    settings.supported = !!params.capabilities.workspace?.configuration;
    dynamicWatch = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    dynamicConfig = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    snippets = !!params.capabilities.textDocument?.completion?.completionItem?.snippetSupport;
    const rangeLimit = params.capabilities.textDocument?.foldingRange?.rangeLimit;
    foldingLimit = typeof rangeLimit === 'number' && rangeLimit > 0 ? rangeLimit : Infinity;
    clientCommands = new Set(Array.isArray(init.clientCommands) ? init.clientCommands.filter((c) => typeof c === 'string') : []);
    serverDocs = !clientCommands.has(Commands.showRuleDocumentation) && !!params.capabilities.window?.showDocument?.support;
    folders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri)).filter((u) => u.scheme === 'file').map((u) => u.fsPath);
    if (!folders.length && params.rootUri) folders = [URI.parse(params.rootUri).fsPath];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [':', ' ', '[', ',', '.', '-'], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        documentLinkProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        codeLensProvider: { resolveProvider: true },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        ...(serverDocs ? { executeCommandProvider: { commands: [SERVER_SHOW_DOCS_COMMAND] } } : {}),
      },
      serverInfo: { name: 'veltrix-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    // Only clients that can register it dynamically are asked to (others log a warning and send it anyway).
    if (settings.supported && dynamicConfig) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'veltrix' });
    if (dynamicWatch)
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.veltrix.{yaml,yml}' }, { globPattern: '**/*.veltrix-test.{yaml,yml}' }, { globPattern: `**/${CONFIG_FILE}` }],
      });
    // The editor opens its documents right after `initialized`: they are analysed first, the scan starts a moment later.
    setTimeout(async () => {
      const t0 = Date.now();
      const limit = (await settings.get(folders.length ? URI.file(folders[0]).toString() : '')).index.maxFiles;
      // A long scan is work of its own: the optimising compiler is on for it once it has taken a few slices (a
      // client that opens its first document later still has it analysed in the start-up tier: tier-up.ts).
      let slices = 0;
      const pause = (long: boolean) => {
        if (++slices > SCAN_SLICES_BEFORE_TIER_UP) tierUp();
        return long ? analyzer.whenQuiet() : analyzer.whenIdle();
      };
      const n = await index.scan(folders, (u) => host.peekFile(u), pause, limit);
      log(`Veltrix: indexed ${n} pipeline files in ${Date.now() - t0} ms${trusted ? '' : ' (Restricted Mode: .veltrix-lint.yaml is ignored)'}`);
      if (n >= limit)
        void connection.window.showInformationMessage(
          `Veltrix indexed the first ${limit} pipeline files of this workspace (setting veltrix.index.maxFiles): a fragment imported only by files beyond them is checked on its own.`,
        );
    }, SCAN_DELAY_MS);
    analyzer.scheduleAll();
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    analyzer.scheduleAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    let configChanged = false;
    for (const change of params.changes) {
      host.invalidate(change.uri);
      if (change.uri.endsWith(CONFIG_FILE)) {
        configChanged = true;
        continue;
      }
      if (documents.get(change.uri)) continue;
      if (change.type === FileChangeType.Deleted) {
        analyzer.cache.delete(change.uri);
        index.remove(change.uri);
      } else {
        const text = host.readFile(change.uri);
        if (text !== undefined) index.record(analyzer.cache.get(change.uri, text));
      }
      analyzer.schedule(change.uri);
    }
    if (configChanged) analyzer.scheduleAll();
  });

  // The index reads the analyzer's incremental parse: a keystroke never re-parses the whole file.
  documents.onDidOpen((e) => {
    if (e.document.getText().length > TIER_UP_CHARS) tierUp();
    host.invalidate(e.document.uri);
    index.record(analyzer.cache.get(e.document.uri, e.document.getText()));
    analyzer.schedule(e.document.uri);
  });
  // The analyzer parses the change at once (the index and the next requests read it) and debounces the analysis.
  documents.onDidChangeContent((e) => analyzer.edited(e.document.uri));
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    analyzer.forget(uri);
    tests.forget(uri);
    analyzer.cache.delete(uri); // read from disk again if another document imports it
    settings.clear(uri);
    graph.forget(uri);
    forgetAnswers(uri);
    forgetDiagnostics(uri);
    host.invalidate(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    analyzer.schedule(uri); // dependents now read it from disk
  });

  // Completion and hover answer while the user types: from the newest parse, never waiting for a re-analysis.
  connection.onCompletion(
    guard('completion', [], async (p: { textDocument: { uri: string }; position: lang.TextEdit['range']['start'] }) => {
      const r = await analyzer.forTyping(p.textDocument.uri);
      if (!r) return [];
      if (tests.handles(p.textDocument.uri)) return testCompletion(r.scope, p.position).map((e) => toCompletionItem(e, clientCommands));
      const entries = lang.complete(r.scope, p.position, () => index.files()).map((e) => (snippets ? e : lang.withoutSnippet(e)));
      if (entries.length <= MAX_COMPLETION_ITEMS) return entries.map((e) => toCompletionItem(e, clientCommands));
      const line = lang.fileOf(r.scope)?.lines.lineText(p.position.line) ?? '';
      const capped = capCompletions(entries, typedWord(line.slice(0, p.position.character)));
      return { isIncomplete: capped.isIncomplete, items: capped.entries.map((e) => toCompletionItem(e, clientCommands)) };
    }),
  );

  connection.onHover(
    guard('hover', null, async (p) => {
      const r = await analyzer.forTyping(p.textDocument.uri);
      const h = r ? (tests.handles(p.textDocument.uri) ? testHover : lang.hover)(r.scope, p.position, r.findings) : null;
      return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: h.range } : null;
    }),
  );

  connection.onDefinition(
    guard('definition', [], async (p) => {
      const r = await resultOf(p.textDocument.uri);
      return r ? (tests.handles(p.textDocument.uri) ? testDefinition : lang.definition)(r.scope, p.position) : [];
    }),
  );

  connection.onReferences(
    guard('references', [], async (p) => {
      const r = await resultOf(p.textDocument.uri);
      return r ? lang.references(r.scope, p.position, p.context?.includeDeclaration ?? true) : [];
    }),
  );

  connection.onPrepareRename(
    guard('prepareRename', null, async (p) => {
      const r = await resultOf(p.textDocument.uri);
      const res = r ? lang.prepareRename(r.scope, p.position) : null;
      if (res && 'error' in res) throw new ResponseError(ErrorCodes.InvalidRequest, res.error);
      return res;
    }),
  );

  connection.onRenameRequest(
    guard('rename', null, async (p) => {
      const r = await resultOf(p.textDocument.uri);
      if (!r) throw new ResponseError(ErrorCodes.InvalidRequest, 'The document is not open in the Veltrix language server');
      const res = lang.rename(r.scope, p.position, p.newName);
      if ('error' in res) throw new ResponseError(ErrorCodes.InvalidRequest, res.error);
      return toWorkspaceEdit(res.edits);
    }),
  );

  // Symbols, folding ranges and links are syntax: answered from the newest parse (made on the change), never
  // waiting for or running an analysis; VS Code asks for them after every keystroke. Symbols, folding ranges and
  // lenses go out as JSON joined from pieces kept per component (answer-json.ts): the handlers' declared types
  // are what the transport writes.
  connection.onDocumentSymbol(
    guard('documentSymbol', [], async (p) => {
      const file = await analyzer.parsed(p.textDocument.uri);
      return file ? (symbolsJson(p.textDocument.uri, lang.documentSymbols(file)) as unknown as DocumentSymbol[]) : [];
    }),
  );

  connection.onWorkspaceSymbol(
    guard('workspaceSymbol', [], (p) => {
      const files = index.uris().flatMap((u) => {
        const text = host.readFile(u);
        return text === undefined ? [] : [analyzer.cache.get(u, text)];
      });
      return lang.workspaceSymbols(files, p.query).map(toSymbolInformation);
    }),
  );

  connection.onFoldingRanges(
    guard('foldingRange', [], async (p) => {
      const file = await analyzer.parsed(p.textDocument.uri);
      return file ? (foldingJson(p.textDocument.uri, lang.foldingWithin(lang.foldingRanges(file), foldingLimit)) as unknown as FoldingRange[]) : [];
    }),
  );

  connection.onDocumentLinks(
    guard('documentLink', [], async (p) => {
      const file = await analyzer.parsed(p.textDocument.uri);
      return file ? lang.documentLinks(file) : [];
    }),
  );

  // Code actions act on findings: only a request with diagnostics (or asking for fix-all) needs an analysis, and
  // then the one the debounce has scheduled (the light-bulb request after each keystroke has none at the cursor).
  connection.onCodeAction(
    guard('codeAction', [], async (p) => {
      const only = p.context.only;
      const diagnostics = p.context.diagnostics;
      const wantsFixAll = !!only?.some((o) => FIX_ALL_KIND.startsWith(o));
      if (!diagnostics.length && !wantsFixAll) return [];
      const r = await analyzer.settled(p.textDocument.uri);
      if (!r) return [];
      const refs = diagnostics.map(fromDiagnostic);
      const keep = diagnostics.filter((_, i) => refs[i]);
      const out = lang.codeActions(r.scope, refs.filter((x): x is lang.DiagnosticRef => !!x), only).flatMap((a) => forClient(a)).map((a) => toCodeAction(a, keep));
      if (!only || only.some((o) => FIX_ALL_KIND.startsWith(o))) {
        const all = lang.fixAll(r.scope, r.findings.map((f) => ({ code: f.code, range: f.range, data: f.data })));
        if (all && (only?.length || out.length)) out.push(toCodeAction(all, []));
      }
      return out;
    }),
  );

  // Lenses show the model's figures: from the last analysis, placed on the newest parse (as hover does).
  connection.onCodeLens(
    guard('codeLens', [], async (p) => {
      // The component lenses are carried from the last parse (the moved components' offsets not read): a peek.
      const r = await analyzer.forTyping(p.textDocument.uri, !tests.handles(p.textDocument.uri));
      if (!r) return [];
      if (tests.handles(p.textDocument.uri)) return testLenses(r.scope, p.textDocument.uri, clientCommands);
      // "Generate monitoring" on pipeline.slo, where the client runs the command (VS Code).
      const slo = clientCommands.has(Commands.generateMonitoring) ? monitoringLens(r.scope, p.textDocument.uri) : undefined;
      if (!r.settings.model.enabled) return slo ? [slo] : [];
      return componentLenses.list(p.textDocument.uri, r.scope, slo ? [slo] : []) as unknown as CodeLens[];
    }),
  );
  // The figures of the lenses on screen (server/src/component-lenses.ts); a lens that came resolved is returned as it is.
  connection.onCodeLensResolve(async (lens: CodeLens) => {
    try {
      const uri = componentLenses.uriOf(lens);
      return componentLenses.resolve(lens, uri ? (await analyzer.forTyping(uri))?.scope : undefined);
    } catch (e) {
      log(`codeLensResolve failed: ${(e as Error)?.stack ?? e}`);
      return lens;
    }
  });

  // Formatting reads the document's text only (core/src/language/format.ts): no analysis needed.
  const formatDoc = (uri: string, range?: lang.TextEdit['range']) => {
    const doc = documents.get(uri);
    return doc ? lang.formatEdits(doc.getText(), range) : [];
  };
  connection.onDocumentFormatting(guard('formatting', [], (p) => formatDoc(p.textDocument.uri)));
  connection.onDocumentRangeFormatting(guard('rangeFormatting', [], (p) => formatDoc(p.textDocument.uri, p.range)));

  /** A code action as this client can run it: commands it does not know go through the server, or the action is left out. */
  function forClient(a: lang.CodeActionEntry): lang.CodeActionEntry[] {
    if (!a.command || clientCommands.has(a.command.command)) return [a];
    if (a.command.command === Commands.showRuleDocumentation && serverDocs) return [{ ...a, command: { ...a.command, command: SERVER_SHOW_DOCS_COMMAND } }];
    return a.edits ? [{ ...a, command: undefined }] : [];
  }

  connection.onExecuteCommand(
    guard('executeCommand', null, async (p: { command: string; arguments?: unknown[] }) => {
      const code = p.arguments?.[0];
      if (p.command !== SERVER_SHOW_DOCS_COMMAND || typeof code !== 'string' || !/^VX\d{3}$/.test(code)) return null;
      await connection.window.showDocument({ uri: docsUrl(code), external: true });
      return null;
    }),
  );

  // The load slider goes through the analyzer: the same config, rule settings and steps as every analysis.
  const graph = createGraphResponder((uri, load) => analyzer.atLoad(uri, load));
  connection.onRequest(GraphRequest, guard('graph', null, (p: GraphParams) => graph.respond(p)));
  connection.onRequest(StatsRequest, () => ({ ...analyzer.stats, startupTier: inStartupTier() }));
  const compare = createCompareResponder(serverCompareDeps(resultOf, host, () => trusted));
  connection.onRequest(CompareModelRequest, guard('compareModel', null, (p: CompareModelParams) => compare.respond(p)));
  // Monitoring thresholds come from the capacity model: analysed with it even when the model setting is off.
  const monitoring = createMonitoringResponder(async (uri) => {
    const r = await resultOf(uri);
    if (!r) return undefined;
    if (r.settings.model.enabled) return r.scope.analyses[0];
    const doc = documents.get(uri);
    return doc ? analyzeDocument(uri, doc.getText(), { host, cache: analyzer.cache, settings: { model: true }, importers: (u) => index.importersOf(u) }).analyses[0] : undefined;
  });
  connection.onRequest(MonitoringRequest, guard('monitoring', null, (p: MonitoringParams) => monitoring.respond(p)));

  registerTestRequests(connection, tests, guard, (uri) => analyzer.settled(uri));

  documents.listen(connection);
  connection.listen();
}

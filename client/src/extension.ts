// The VS Code client: starts the bundled language server over stdio, shows
// its state in the status bar (starting, ready, analysing, stopped, error:
// the problem counts are the Problems badge's job), and provides the commands.
// All language smarts live in the server.
import * as vscode from 'vscode';
import { CloseAction, CodeLensRequest, ErrorAction, LanguageClient, RevealOutputChannelOn, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { Commands, StatusNotification, type InitializationOptions, type StatusParams } from '../../protocol/src/index';
import { GraphPanel, registerGraphPanel } from './graph-panel';
import { registerCompareCommand } from './compare-command';
import { graphBaseline, registerGraphBaseline } from './graph-baseline';
import { registerMonitoringCommand } from './monitoring-command';
import { registerPipelineTests } from './pipeline-tests';
import { PIPELINE_SKELETON } from '../../core/src/language/skeleton';
import { crashedReason, startFailedReason, statusView, type ServerStatus } from './status-view';
import { serverEnv } from './server-env';
import { ClientSession } from './client-session';
import { LensWindow, type LineSpan } from './lens-window';

const LANGUAGE_ID = 'veltrix';
/** Crashes tolerated within CRASH_WINDOW_MS before the client gives up. */
const MAX_CRASHES = 4;
const CRASH_WINDOW_MINUTES = 3;
const CRASH_WINDOW_MS = CRASH_WINDOW_MINUTES * 60_000;

let session: ClientSession<LanguageClient> | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = Date.now();
  const output = vscode.window.createOutputChannel('Veltrix');
  const status = new StatusItem();
  context.subscriptions.push(output, status);

  const configured = vscode.workspace.getConfiguration('veltrix').get<string>('server.path');
  const serverModule = configured && vscode.workspace.isTrusted ? configured : context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio, options: { env: serverEnv() } },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'], env: serverEnv() } },
  };
  // In a file with many components VS Code gets the lenses near the view, and asks again as it scrolls (lens-window.ts).
  const lenses = new LensWindow((uri) => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (doc) session?.current.getFeature(CodeLensRequest.method).getProvider(doc)?.onDidChangeCodeLensEmitter.fire();
  });
  context.subscriptions.push(
    { dispose: () => lenses.dispose() },
    vscode.window.onDidChangeTextEditorVisibleRanges((e) => lenses.scrolled(e.textEditor.document.uri.toString(), lineSpans(e.visibleRanges), e.textEditor.document.lineCount)),
    vscode.workspace.onDidCloseTextDocument((d) => lenses.forget(d.uri.toString())),
  );
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: LANGUAGE_ID }],
    middleware: {
      provideCodeLenses: async (document, token, next) => {
        const all = await next(document, token);
        if (!all) return all;
        const visible = vscode.window.visibleTextEditors.filter((e) => e.document === document).flatMap((e) => lineSpans(e.visibleRanges));
        return lenses.cut(document.uri.toString(), all, visible, document.lineCount);
      },
    },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: (): InitializationOptions => ({
      trusted: vscode.workspace.isTrusted,
      // What this client runs itself: the server attaches these to completions, lenses and code actions.
      clientCommands: ['editor.action.triggerSuggest', Commands.showRuleDocumentation, Commands.revealComponent, Commands.generateMonitoring, Commands.runTest, Commands.showTestTrace],
    }),
  };
  // Restarts are the session's: after a crash it starts a new client, up to MAX_CRASHES times in the window.
  const c = new ClientSession({
    create: (closed) =>
      new LanguageClient('veltrix', 'Veltrix Language Server', serverOptions, {
        ...clientOptions,
        errorHandler: {
          error: () => ({ action: ErrorAction.Continue }),
          closed: () => {
            closed();
            return { action: CloseAction.DoNotRestart, handled: true, message: 'The connection to the Veltrix language server closed.' };
          },
        },
      }),
    isRunning: (client) => client.state === State.Running,
    maxCrashes: MAX_CRASHES,
    crashWindowMs: CRASH_WINDOW_MS,
    onCrash: (crashes, restarting) => {
      if (restarting) {
        output.appendLine(`The Veltrix language server stopped unexpectedly; restarting (${crashes}/${MAX_CRASHES}).`);
        return;
      }
      const reason = crashedReason(crashes, CRASH_WINDOW_MINUTES);
      status.error(reason);
      void vscode.window.showErrorMessage(`${reason} See the "Veltrix" output, then run "Veltrix: Restart Language Server".`);
    },
    onStartFailed: (e) => status.error(startFailedReason(e)),
  });
  session = c;

  context.subscriptions.push(
    c.onDidChangeState((e) => {
      if (e.newState === State.Running) status.running();
      else if (e.newState === State.Starting) status.starting();
      else status.stopped();
    }),
    c.onNotification(StatusNotification, (p) => status.update(p)),
    vscode.window.onDidChangeActiveTextEditor(() => status.refresh()),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.languageId === LANGUAGE_ID && e.contentChanges.length) status.analysing(e.document.uri.toString());
    }),
    vscode.workspace.onDidCloseTextDocument((d) => status.forget(d.uri.toString())),
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      status.starting();
      try {
        await c.restart(); // a new client: the old one may be one whose initialize failed, which cannot start again
      } catch (e) {
        status.error(startFailedReason(e));
      }
    }),
    vscode.commands.registerCommand(NEW_PIPELINE_COMMAND, newPipeline),
    vscode.commands.registerCommand(Commands.revealComponent, (uri?: unknown, id?: unknown) => {
      if (typeof uri === 'string' && typeof id === 'string') GraphPanel.showComponent(context, c, uri, id);
    }),
    vscode.commands.registerCommand(Commands.showRuleDocumentation, (code?: unknown) => showRuleDocumentation(context, typeof code === 'string' ? code : undefined)),
    // Trust granted: restart so the server reads .veltrix-lint.yaml again.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void c.restart().catch((e: unknown) => status.error(startFailedReason(e)))),
  );
  registerGraphPanel(context, c);
  registerGraphBaseline(context);
  registerCompareCommand(context, c, { baseline: (uri, util) => graphBaseline.set(uri, util) });
  registerMonitoringCommand(context, c);
  registerPipelineTests(context, c);

  status.starting();
  try {
    await c.start();
  } catch (e) {
    // The client has logged the error; the item says so and offers the restart (activation itself succeeds).
    status.error(startFailedReason(e));
  }
  output.appendLine(`Veltrix activated in ${Date.now() - started} ms${vscode.workspace.isTrusted ? '' : ' (Restricted Mode: .veltrix-lint.yaml and veltrix.server.path are ignored)'}`);
}

export async function deactivate(): Promise<void> {
  await session?.dispose();
  session = undefined;
}

const lineSpans = (ranges: readonly vscode.Range[]): LineSpan[] => ranges.map((r) => ({ start: r.start.line, end: r.end.line }));

const NEW_PIPELINE_COMMAND = 'veltrix.newPipeline';
/** How long "analysing" may show without an answer from the server. */
const ANALYSING_TIMEOUT_MS = 10_000;
/** An analysis shows as "analysing" once it has taken this long. */
const ANALYSING_AFTER_MS = 300;

/** An untitled Veltrix file with the complete skeleton as a snippet: tab through the ids and values. */
async function newPipeline(): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: '' });
  const editor = await vscode.window.showTextDocument(doc);
  await editor.insertSnippet(new vscode.SnippetString(PIPELINE_SKELETON), new vscode.Position(0, 0));
}

async function showRuleDocumentation(context: vscode.ExtensionContext, code?: string): Promise<void> {
  const dir = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules');
  if (!code) {
    let codes: string[] = [];
    try {
      codes = (await vscode.workspace.fs.readDirectory(dir)).map(([n]) => n).filter((n) => /^VX\d{3}\.md$/.test(n)).map((n) => n.slice(0, -3)).sort();
    } catch {
      /* no docs shipped */
    }
    code = await vscode.window.showQuickPick(codes, { placeHolder: 'Rule code' });
    if (!code) return;
  }
  if (!/^VX\d{3}$/.test(code)) return;
  const doc = vscode.Uri.joinPath(dir, `${code}.md`);
  try {
    await vscode.workspace.fs.stat(doc);
    await vscode.commands.executeCommand('markdown.showPreview', doc);
  } catch {
    void vscode.window.showWarningMessage(`No documentation for ${code} is shipped with this extension.`);
  }
}

/**
 * The server's state: starting, ready, analysing (an edit of the active file
 * is waiting for its analysis), stopped, or error (failed to start, or crashed
 * too often to be restarted). Counts are left to the Problems badge; the
 * tooltip says where to find them. Texts come from `statusView`.
 */
class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('veltrix.status', vscode.StatusBarAlignment.Left, 0);
  /** Files edited since their last analysis, with the time of the first such edit. */
  private readonly pending = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private state: 'starting' | 'running' | 'stopped' = 'starting';
  /** Why the server is down, until it starts again. */
  private failure: string | undefined;

  constructor() {
    this.item.name = 'Veltrix';
    this.refresh();
  }

  starting(): void {
    this.state = 'starting';
    this.failure = undefined;
    this.refresh();
  }
  running(): void {
    this.state = 'running';
    this.failure = undefined;
    this.refresh();
  }
  /** The client reports Stopped after a crash or failed start too: a recorded failure stays shown. */
  stopped(): void {
    this.state = 'stopped';
    this.pending.clear();
    this.refresh();
  }
  error(reason: string): void {
    this.failure = reason;
    this.stopped();
  }
  analysing(uri: string): void {
    if (!this.pending.has(uri)) this.pending.set(uri, Date.now());
    // Shown only when an analysis takes a while: a quick one would make the item flicker at every keystroke.
    setTimeout(() => this.refresh(), ANALYSING_AFTER_MS);
    // A file the server does not publish for (outside the selector) must not spin for ever.
    clearTimeout(this.timers.get(uri));
    this.timers.set(uri, setTimeout(() => this.forget(uri), ANALYSING_TIMEOUT_MS));
  }
  /** An analysis of `uri` was published. */
  update(p: StatusParams): void {
    this.pending.delete(p.uri);
    this.refresh();
  }
  forget(uri: string): void {
    this.pending.delete(uri);
    this.refresh();
  }

  refresh(): void {
    const view = statusView(this.current());
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.command = view.command;
    this.item.backgroundColor = view.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  private current(): ServerStatus {
    if (this.failure !== undefined) return { kind: 'error', reason: this.failure };
    if (this.state !== 'running') return { kind: this.state };
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const analysing = uri && Date.now() - (this.pending.get(uri) ?? Infinity) >= ANALYSING_AFTER_MS;
    return { kind: analysing ? 'analysing' : 'ready' };
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.item.dispose();
  }
}

// The VS Code client: starts the bundled language server over stdio, shows
// its state and the current file's problem counts in the status bar, and
// provides the commands. All language smarts live in the server.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { Commands, StatusNotification, type InitializationOptions, type StatusParams } from '../../protocol/src/index';
import { registerGraphPanel } from './graph-panel';
import { registerCompareCommand } from './compare-command';

const LANGUAGE_ID = 'veltrix';
/** Crashes tolerated within CRASH_WINDOW_MS before the client gives up. */
const MAX_CRASHES = 4;
const CRASH_WINDOW_MS = 3 * 60_000;

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = Date.now();
  const output = vscode.window.createOutputChannel('Veltrix');
  const status = new StatusItem();
  context.subscriptions.push(output, status);

  const configured = vscode.workspace.getConfiguration('veltrix').get<string>('server.path');
  const serverModule = configured && vscode.workspace.isTrusted ? configured : context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const crashes: number[] = [];
  const errorHandler: ErrorHandler = {
    error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue }),
    closed: (): CloseHandlerResult => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length && now - crashes[0] > CRASH_WINDOW_MS) crashes.shift();
      if (crashes.length <= MAX_CRASHES) {
        output.appendLine(`The Veltrix language server stopped unexpectedly; restarting (${crashes.length}/${MAX_CRASHES}).`);
        return { action: CloseAction.Restart, handled: true };
      }
      status.stopped();
      return {
        action: CloseAction.DoNotRestart,
        message: `The Veltrix language server crashed ${crashes.length} times in 3 minutes and will not be restarted. See the "Veltrix" output, then run "Veltrix: Restart Language Server".`,
      };
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: LANGUAGE_ID }],
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: (): InitializationOptions => ({ trusted: vscode.workspace.isTrusted }),
    errorHandler,
  };
  client = new LanguageClient('veltrix', 'Veltrix Language Server', serverOptions, clientOptions);
  const c = client;

  context.subscriptions.push(
    c.onDidChangeState((e) => {
      if (e.newState === State.Running) status.running();
      else if (e.newState === State.Starting) status.starting();
      else status.stopped();
    }),
    c.onNotification(StatusNotification, (p) => status.update(p)),
    vscode.window.onDidChangeActiveTextEditor(() => status.refresh()),
    vscode.workspace.onDidCloseTextDocument((d) => status.forget(d.uri.toString())),
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      crashes.length = 0;
      status.starting();
      await (c.state === State.Stopped ? c.start() : c.restart());
    }),
    vscode.commands.registerCommand(Commands.showRuleDocumentation, (code?: unknown) => showRuleDocumentation(context, typeof code === 'string' ? code : undefined)),
    // Trust granted: restart so the server reads .veltrix-lint.yaml again.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void c.restart()),
  );
  registerGraphPanel(context, c);
  registerCompareCommand(context, c);

  status.starting();
  await c.start();
  output.appendLine(`Veltrix activated in ${Date.now() - started} ms${vscode.workspace.isTrusted ? '' : ' (Restricted Mode: .veltrix-lint.yaml and veltrix.server.path are ignored)'}`);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
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

/** Server state plus the active Veltrix file's problem counts. */
class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('veltrix.status', vscode.StatusBarAlignment.Left, 0);
  private readonly counts = new Map<string, StatusParams>();
  private state: 'starting' | 'running' | 'stopped' = 'starting';

  constructor() {
    this.item.name = 'Veltrix';
    this.item.command = 'workbench.actions.view.problems';
    this.refresh();
  }

  starting(): void {
    this.state = 'starting';
    this.refresh();
  }
  running(): void {
    this.state = 'running';
    this.refresh();
  }
  stopped(): void {
    this.state = 'stopped';
    this.refresh();
  }
  update(p: StatusParams): void {
    this.counts.set(p.uri, p);
    this.refresh();
  }
  forget(uri: string): void {
    this.counts.delete(uri);
  }

  refresh(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const isVeltrix = doc?.languageId === LANGUAGE_ID;
    if (this.state === 'starting') {
      this.item.text = '$(sync~spin) Veltrix starting';
      this.item.tooltip = 'The Veltrix language server is starting';
    } else if (this.state === 'stopped') {
      this.item.text = '$(error) Veltrix stopped';
      this.item.tooltip = 'The Veltrix language server is not running. Run "Veltrix: Restart Language Server".';
      this.item.command = Commands.restartServer;
    } else {
      this.item.command = 'workbench.actions.view.problems';
      const c = isVeltrix ? this.counts.get(doc!.uri.toString()) : undefined;
      if (c && c.errors + c.warnings + c.infos > 0) {
        this.item.text = `Veltrix ready $(error) ${c.errors} $(warning) ${c.warnings}`;
        this.item.tooltip = `Veltrix: ${c.errors} errors, ${c.warnings} warnings, ${c.infos} infos in this file`;
      } else {
        this.item.text = 'Veltrix ready';
        this.item.tooltip = c ? 'Veltrix: no problems in this file' : 'Veltrix language server running';
      }
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

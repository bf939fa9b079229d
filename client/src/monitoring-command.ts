// **Veltrix: Generate Monitoring** (spec section 12): the server generates the
// Prometheus rules, their promtool tests and the Grafana dashboard of the
// pipeline (`veltrix/monitoring`); the client writes them beside the file, in
// `monitoring/`, and offers to open them. Also run from the lens on `slo`.
import * as vscode from 'vscode';
import type { ServerClient } from './client-session';
import { Commands, MonitoringRequest } from '../../protocol/src/index';

const LANGUAGE_ID = 'veltrix';

export function registerMonitoringCommand(context: vscode.ExtensionContext, client: ServerClient): void {
  context.subscriptions.push(vscode.commands.registerCommand(Commands.generateMonitoring, (uri?: unknown) => generate(client, uri)));
}

async function generate(client: ServerClient, arg?: unknown): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const target = typeof arg === 'string' ? vscode.Uri.parse(arg) : arg instanceof vscode.Uri ? arg : editor?.document.languageId === LANGUAGE_ID ? editor.document.uri : undefined;
  if (!target) {
    void vscode.window.showWarningMessage('Generate Monitoring: open a Veltrix pipeline file (*.veltrix.yaml) first.');
    return;
  }
  const result = await client.sendRequest(MonitoringRequest, { uri: target.toString(), path: vscode.workspace.asRelativePath(target, false) });
  if (!result) {
    void vscode.window.showWarningMessage(`Generate Monitoring: ${vscode.workspace.asRelativePath(target)} is not open in the editor.`);
    return;
  }
  if (result.message || !result.files.length) {
    void vscode.window.showWarningMessage(`Generate Monitoring: ${result.message ?? 'nothing to generate.'}`);
    return;
  }
  const dir = vscode.Uri.joinPath(target, '..', 'monitoring');
  await vscode.workspace.fs.createDirectory(dir);
  const written: vscode.Uri[] = [];
  for (const f of result.files) {
    const uri = vscode.Uri.joinPath(dir, f.name);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(f.text));
    written.push(uri);
  }
  const [rules, tests, dashboard] = written;
  const pick = await vscode.window.showInformationMessage(
    `Wrote ${result.files.map((f) => f.name).join(', ')} to ${vscode.workspace.asRelativePath(dir)} (${result.summary}).`,
    'Open Rules',
    'Open Tests',
    'Open Dashboard',
  );
  const open = pick === 'Open Rules' ? rules : pick === 'Open Tests' ? tests : pick === 'Open Dashboard' ? dashboard : undefined;
  if (open) await vscode.window.showTextDocument(open, { preview: false });
}

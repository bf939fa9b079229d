// **Veltrix: Compare Model with HEAD** (spec section 9): the open pipeline
// file against its last committed version. The committed text comes from VS
// Code's built-in git extension (`repository.show('HEAD', path)`), the report
// from the language server (`veltrix/compareModel`, the core's markdown); the
// client only shows it, in the markdown preview beside the editor, and hands
// the baseline's utilisation to the graph preview.
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { CompareModelRequest, type CompareModelResult } from '../../protocol/src/index';

export const COMPARE_COMMAND = 'veltrix.compareModelWithHead';
const SCHEME = 'veltrix-compare';

/** The part of the git extension's API (`vscode.git`, API version 1) used here. */
interface GitRepository {
  rootUri: vscode.Uri;
  show(ref: string, path: string): Promise<string>;
}
interface GitApi {
  state: 'uninitialized' | 'initialized';
  onDidChangeState(listener: (state: 'uninitialized' | 'initialized') => void): vscode.Disposable;
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtension {
  getAPI(version: 1): GitApi;
}

class CompareError extends Error {}

async function gitApi(): Promise<GitApi> {
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!ext) throw new CompareError('Compare Model with HEAD needs VS Code\'s built-in Git extension, which is disabled or missing.');
  const api = (ext.isActive ? ext.exports : await ext.activate()).getAPI(1);
  if (api.state === 'initialized') return api;
  // Repositories are found after start-up: wait for them, but not forever.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 5000);
    const sub = api.onDidChangeState((s) => {
      if (s !== 'initialized') return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
  return api;
}

/** The file's text at HEAD. */
async function committedText(uri: vscode.Uri): Promise<string> {
  const name = vscode.workspace.asRelativePath(uri);
  if (uri.scheme !== 'file') throw new CompareError(`${name} is not a file on disk, so it has no committed version to compare with.`);
  const repo = (await gitApi()).getRepository(uri);
  if (!repo && vscode.workspace.getConfiguration('git', uri).get<boolean>('enabled') === false) {
    throw new CompareError('Git support is turned off (setting git.enabled): Compare Model with HEAD needs it to read the committed version.');
  }
  if (!repo) throw new CompareError(`${name} is not in a Git repository: Compare Model with HEAD compares the file with its last committed version.`);
  try {
    return await repo.show('HEAD', uri.fsPath);
  } catch (e) {
    const err = e as { stderr?: string; message?: string };
    const detail = `${err?.stderr ?? ''} ${err?.message ?? e}`.trim();
    // git's own words, or the git extension's when its case-insensitive retry finds nothing either.
    if (/does not exist|exists on disk|path not found|bad revision|unknown revision|invalid object/i.test(detail)) throw new CompareError(`${name} has no committed version yet (it is new, or the repository has no commits).`);
    throw new CompareError(`Git could not read ${name} at HEAD: ${detail.split('\n')[0]}`);
  }
}

/** Read-only documents holding the reports, shown by the markdown preview. */
class Reports implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}

export interface CompareHooks {
  /** The baseline's utilisation per component, for the graph preview of `uri`. */
  baseline?(uri: string, utilisation: Record<string, number | null>): void;
}

export function registerCompareCommand(context: vscode.ExtensionContext, client: BaseLanguageClient, hooks: CompareHooks = {}): void {
  const reports = new Reports();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, reports),
    vscode.commands.registerCommand(COMPARE_COMMAND, async (arg?: unknown) => {
      const doc = arg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(arg) : vscode.window.activeTextEditor?.document;
      if (!doc || doc.languageId !== 'veltrix') {
        void vscode.window.showInformationMessage('Open a Veltrix pipeline file to compare its model with HEAD.');
        return;
      }
      let result: CompareModelResult | null;
      try {
        const baselineText = await committedText(doc.uri);
        result = await client.sendRequest(CompareModelRequest, { uri: doc.uri.toString(), baselineText, baselineLabel: 'HEAD' });
      } catch (e) {
        void vscode.window.showWarningMessage(e instanceof CompareError ? e.message : `Compare Model with HEAD failed: ${(e as Error)?.message ?? e}`);
        return;
      }
      if (!result || result.markdown === null) {
        void vscode.window.showInformationMessage(result?.message ?? 'The language server has no analysis of this file yet; try again in a moment.');
        return;
      }
      const name = doc.uri.path.slice(doc.uri.path.lastIndexOf('/') + 1);
      const reportUri = vscode.Uri.from({ scheme: SCHEME, path: `/${name} (HEAD ↔ working copy).md`, query: doc.uri.toString() });
      reports.set(reportUri, result.markdown);
      hooks.baseline?.(doc.uri.toString(), result.baselineUtilization);
      try {
        await vscode.commands.executeCommand('markdown.showPreviewToSide', reportUri);
      } catch {
        // No markdown preview (the extension is disabled): the markdown itself is readable.
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(reportUri), { viewColumn: vscode.ViewColumn.Beside, preview: true });
      }
    }),
  );
}

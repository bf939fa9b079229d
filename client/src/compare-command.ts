// **Veltrix: Compare Model with HEAD** (spec section 9): the open pipeline
// file against its last committed version. The committed text comes from VS
// Code's built-in git extension (`repository.show('HEAD', path)`), the report
// from the language server (`veltrix/compareModel`, the core's markdown); the
// client only shows it, in the markdown preview beside the editor, and hands
// the baseline's utilisation to the graph preview.
import * as vscode from 'vscode';
import type { ServerClient } from './client-session';
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

/** Edits to a compared file refresh its open report after this pause. */
const REFRESH_MS = 500;

export function registerCompareCommand(context: vscode.ExtensionContext, client: ServerClient, hooks: CompareHooks = {}): void {
  const reports = new Reports();
  /** Compared files: their HEAD text and report, so edits refresh the report without asking git again. */
  const followed = new Map<string, { baselineText: string; reportUri: vscode.Uri; timer?: ReturnType<typeof setTimeout> }>();

  async function refresh(uri: string): Promise<void> {
    const f = followed.get(uri);
    if (!f) return;
    const result = await client.sendRequest(CompareModelRequest, { uri, baselineText: f.baselineText, baselineLabel: 'HEAD' }).catch(() => null);
    if (!result || result.markdown === null || followed.get(uri) !== f) return;
    reports.set(f.reportUri, result.markdown);
    hooks.baseline?.(uri, result.baselineUtilization);
  }

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, reports),
    vscode.workspace.onDidChangeTextDocument((e) => {
      const f = followed.get(e.document.uri.toString());
      if (!f || e.contentChanges.length === 0) return;
      if (f.timer) clearTimeout(f.timer);
      f.timer = setTimeout(() => void refresh(e.document.uri.toString()), REFRESH_MS);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      const f = followed.get(d.uri.toString());
      if (f?.timer) clearTimeout(f.timer);
      followed.delete(d.uri.toString());
    }),
    vscode.commands.registerCommand(COMPARE_COMMAND, async (arg?: unknown) => {
      const doc = arg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(arg) : vscode.window.activeTextEditor?.document;
      if (!doc || doc.languageId !== 'veltrix') {
        void vscode.window.showInformationMessage('Open a Veltrix pipeline file to compare its model with HEAD.');
        return;
      }
      let result: CompareModelResult | null;
      let baselineText: string;
      try {
        baselineText = await committedText(doc.uri);
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
      followed.set(doc.uri.toString(), { baselineText, reportUri });
      try {
        await vscode.commands.executeCommand('markdown.showPreviewToSide', reportUri);
      } catch {
        // No markdown preview (the extension is disabled): the markdown itself is readable.
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(reportUri), { viewColumn: vscode.ViewColumn.Beside, preview: true });
      }
    }),
  );
}

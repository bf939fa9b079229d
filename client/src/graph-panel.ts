// The live graph preview panel (spec section 8). One panel at a time; it
// follows the active Veltrix editor and its edits (debounced), asks the
// language server for `veltrix/graph`, and hands the view to the webview
// (webview/src/main.ts). Clicks in the picture reveal definitions, cursor
// moves highlight nodes, the load slider re-runs the model, and the picture
// exports to SVG. Restored after a reload by a webview panel serializer.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { ServerClient } from './client-session';
import { GraphRequest, type GraphResult } from '../../protocol/src/index';
import { nodeAtLine, type GraphView } from '../../core/src/graph-view/model';
import { webviewHtml } from '../../webview/src/html';
import { graphBaseline } from './graph-baseline';
import { clampLoad, type FromWebview, type ToWebview } from '../../webview/src/messages';
import type { TraceOverlay } from '../../webview/src/trace-overlay';

export const GRAPH_VIEW_TYPE = 'veltrix.graph';
export const OPEN_GRAPH_COMMAND = 'veltrix.openGraph';
const LANGUAGE_ID = 'veltrix';
const DEBOUNCE_MS = 200;

function isVeltrix(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && doc.languageId === LANGUAGE_ID;
}

export class GraphPanel implements vscode.Disposable {
  static current: GraphPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private uri: string | undefined;
  private load = 1;
  private view: GraphView | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private ready = false;
  private lastHighlight: string | null = null;
  /** A component to centre on once the view of its file has arrived (code lens "show in graph"). */
  private pendingFocus: string | undefined;

  static createOrShow(context: vscode.ExtensionContext, client: ServerClient): void {
    const editor = vscode.window.activeTextEditor;
    if (GraphPanel.current) {
      GraphPanel.current.panel.reveal(vscode.ViewColumn.Beside, true);
      if (isVeltrix(editor?.document)) GraphPanel.current.follow(editor!.document.uri.toString());
      return;
    }
    const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, 'Veltrix Graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, GraphPanel.webviewOptions(context));
    GraphPanel.current = new GraphPanel(panel, context, client, isVeltrix(editor?.document) ? editor!.document.uri.toString() : undefined);
  }

  /** Opens (or reveals) the panel on `uri` and centres the picture on component `id`. */
  static showComponent(context: vscode.ExtensionContext, client: ServerClient, uri: string, id: string): void {
    GraphPanel.createOrShow(context, client);
    const panel = GraphPanel.current!;
    panel.pendingFocus = id;
    if (panel.uri !== uri) panel.follow(uri);
    else if (panel.ready && panel.view) panel.flushFocus();
  }

  /** A pipeline test's trace to draw once the view of its pipeline has arrived ("Show trace on graph"). */
  private pendingTrace: TraceOverlay | undefined;

  /** Opens (or reveals) the panel on the pipeline `uri` and draws a test's trace over it. */
  static showTrace(context: vscode.ExtensionContext, client: ServerClient, uri: string, trace: TraceOverlay): void {
    GraphPanel.createOrShow(context, client);
    const panel = GraphPanel.current!;
    panel.pendingTrace = trace;
    if (panel.uri !== uri) panel.follow(uri);
    else if (panel.ready && panel.view) panel.flushTrace();
  }

  private flushTrace(): void {
    if (this.pendingTrace === undefined) return;
    this.post({ type: 'trace', trace: this.pendingTrace });
    this.pendingTrace = undefined;
  }

  private flushFocus(): void {
    if (this.pendingFocus === undefined) return;
    this.post({ type: 'focus', id: this.pendingFocus });
    this.pendingFocus = undefined;
  }

  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, client: ServerClient, state: unknown): void {
    GraphPanel.current?.dispose();
    panel.webview.options = GraphPanel.webviewOptions(context);
    const s = (state ?? {}) as { uri?: unknown; load?: unknown };
    const editor = vscode.window.activeTextEditor;
    const uri = isVeltrix(editor?.document) ? editor!.document.uri.toString() : typeof s.uri === 'string' ? s.uri : undefined;
    GraphPanel.current = new GraphPanel(panel, context, client, uri, clampLoad(s.load));
  }

  private static webviewOptions(context: vscode.ExtensionContext): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist')],
    };
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly client: ServerClient,
    uri: string | undefined,
    load = 1,
  ) {
    this.uri = uri;
    this.load = load;
    const webview = panel.webview;
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      nonce: crypto.randomBytes(18).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview.js')).toString(),
      codiconsUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'codicons', 'codicon.css')).toString(),
      title: 'Veltrix Graph',
    });
    this.updateTitle();
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m), null, this.disposables);
    vscode.window.onDidChangeActiveTextEditor(
      (e) => {
        if (isVeltrix(e?.document)) this.follow(e!.document.uri.toString());
      },
      null,
      this.disposables,
    );
    vscode.workspace.onDidChangeTextDocument(
      (e) => {
        // Edits to the followed file, or to a file it imports, change the picture.
        if (!this.uri || e.contentChanges.length === 0) return;
        if (e.document.uri.toString() === this.uri || isVeltrix(e.document)) this.schedule();
      },
      null,
      this.disposables,
    );
    vscode.window.onDidChangeTextEditorSelection((e) => this.onSelection(e.textEditor), null, this.disposables);
    graphBaseline.onDidChange((uri) => (uri === undefined || uri === this.uri) && this.schedule(0), null, this.disposables);
  }

  private follow(uri: string): void {
    if (uri === this.uri) return;
    this.uri = uri;
    this.updateTitle();
    this.schedule(0);
  }

  private updateTitle(): void {
    const name = this.uri ? decodeURIComponent(this.uri.slice(this.uri.lastIndexOf('/') + 1)) : undefined;
    this.panel.title = name ? `Graph: ${name}` : 'Veltrix Graph';
  }

  private schedule(delay = DEBOUNCE_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delay);
  }

  private post(msg: ToWebview): void {
    void this.panel.webview.postMessage(msg);
  }

  private async update(): Promise<void> {
    if (!this.ready) return;
    const uri = this.uri;
    if (!uri) {
      this.post({ type: 'view', view: null, message: 'Open a Veltrix pipeline file to see its graph' });
      return;
    }
    const seq = ++this.seq;
    let result: GraphResult | null;
    try {
      result = await this.client.sendRequest(GraphRequest, { uri, load: this.load });
    } catch (e) {
      if (seq === this.seq) this.post({ type: 'status', message: `Graph unavailable: ${(e as Error)?.message ?? e}` });
      return;
    }
    if (seq !== this.seq || uri !== this.uri) return; // a newer request is on its way
    if (!result) {
      this.post({ type: 'view', view: null, message: 'The language server has no graph for this file yet' });
      return;
    }
    if (result.view) this.view = result.view;
    this.post({ type: 'view', view: result.view && graphBaseline.decorate(uri, result.view), parseError: result.parseError, stale: result.stale });
    if (result.view) {
      this.flushFocus();
      this.flushTrace();
    }
    const editor = vscode.window.activeTextEditor;
    if (editor) this.onSelection(editor, true);
  }

  private onSelection(editor: vscode.TextEditor, force = false): void {
    if (!this.view || !this.uri || editor.document.uri.toString() !== this.uri && !this.view.nodes.some((n) => n.uri === editor.document.uri.toString())) return;
    const node = nodeAtLine(this.view, editor.document.uri.toString(), editor.selection.active.line);
    const id = node?.id ?? null;
    if (id === this.lastHighlight && !force) return;
    this.lastHighlight = id;
    this.post({ type: 'highlight', id });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const m = raw as FromWebview;
    if (!m || typeof m !== 'object' || typeof m.type !== 'string') return;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.schedule(0);
        return;
      case 'setLoad':
        this.load = clampLoad(m.load);
        this.schedule(0);
        return;
      case 'reveal':
        if (typeof m.uri === 'string' && typeof m.id === 'string' && Number.isInteger(m.line) && Number.isInteger(m.character)) await this.reveal(m.uri, m.id, m.line, m.character);
        return;
      case 'export':
        if (typeof m.svg === 'string') await this.exportSvg(m.svg, typeof m.name === 'string' ? m.name : 'pipeline');
        return;
    }
  }

  /** Opens the defining file and selects the component id (for a ghost: the reference). */
  private async reveal(uri: string, id: string, line: number, character: number): Promise<void> {
    let target: vscode.Uri;
    try {
      target = vscode.Uri.parse(uri, true);
    } catch {
      return;
    }
    // Only files the view knows about: never an arbitrary URI from the webview.
    if (!this.view?.nodes.some((n) => n.uri === uri)) return;
    const doc = await vscode.workspace.openTextDocument(target);
    const text = id.startsWith('?') ? id.slice(1) : id;
    const lineText = line < doc.lineCount ? doc.lineAt(line).text : '';
    const length = lineText.slice(character).startsWith(text) ? text.length : Math.max(0, lineText.length - character);
    const range = new vscode.Range(line, character, line, character + length);
    const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri)?.viewColumn ?? vscode.ViewColumn.One;
    await vscode.window.showTextDocument(doc, { viewColumn: column, selection: range, preserveFocus: false });
  }

  private async exportSvg(svg: string, name: string): Promise<void> {
    const safeName = name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60) || 'pipeline';
    const base = this.uri ? vscode.Uri.joinPath(vscode.Uri.parse(this.uri), '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: base ? vscode.Uri.joinPath(base, `${safeName}.graph.svg`) : undefined,
      filters: { 'SVG image': ['svg'] },
      saveLabel: 'Export graph',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(svg, 'utf8'));
    void vscode.window.showInformationMessage(`Graph exported to ${vscode.workspace.asRelativePath(target)}`);
  }

  dispose(): void {
    if (GraphPanel.current === this) GraphPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

/**
 * Registers the `veltrix.openGraph` command and the serializer that restores
 * the panel after a reload. Call once from `activate`.
 * package.json needs: command `veltrix.openGraph` ("Veltrix: Open Graph
 * Preview", icon), `menus.editor/title` with `when: editorLangId == veltrix`,
 * and activation event `onWebviewPanel:veltrix.graph`.
 */
export function registerGraphPanel(context: vscode.ExtensionContext, client: ServerClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_GRAPH_COMMAND, () => GraphPanel.createOrShow(context, client)),
    vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state) {
        GraphPanel.revive(panel, context, client, state);
      },
    }),
    { dispose: () => GraphPanel.current?.dispose() },
  );
}

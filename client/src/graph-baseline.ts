// The baseline's utilisation beside the current one in the graph preview:
// Compare Model with HEAD hands it over per file, the preview draws
// `HEAD% → now%` in each node while it is shown, and the graph panel's
// title-bar button (command veltrix.toggleGraphBaseline) hides or shows it.
import * as vscode from 'vscode';
import type { GraphView } from '../../core/src/graph-view/model';

export const TOGGLE_BASELINE_COMMAND = 'veltrix.toggleGraphBaseline';
/** Context key: the graph has a baseline to show (enables the title-bar button). */
const CONTEXT_KEY = 'veltrix.graphHasBaseline';

class GraphBaseline implements vscode.Disposable {
  private readonly byUri = new Map<string, Record<string, number | null>>();
  private shown = true;
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with the file whose baseline changed (undefined: all, after a toggle). */
  readonly onDidChange = this.changed.event;

  set(uri: string, utilisation: Record<string, number | null>): void {
    this.byUri.set(uri, utilisation);
    this.shown = true;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEY, true);
    this.changed.fire(uri);
  }

  toggle(): void {
    this.shown = !this.shown;
    this.changed.fire(undefined);
  }

  /** The view with each node's baseline utilisation (null: not in the baseline), when shown. */
  decorate(uri: string, view: GraphView): GraphView {
    const base = this.shown ? this.byUri.get(uri) : undefined;
    if (!base) return view;
    return { ...view, nodes: view.nodes.map((n) => (n.kind === 'ghost' || n.utilization === undefined ? n : { ...n, baselineUtilization: base[n.id] ?? null })) };
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export const graphBaseline = new GraphBaseline();

export function registerGraphBaseline(context: vscode.ExtensionContext): void {
  context.subscriptions.push(graphBaseline, vscode.commands.registerCommand(TOGGLE_BASELINE_COMMAND, () => graphBaseline.toggle()));
}

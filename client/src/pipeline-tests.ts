// Pipeline tests in VS Code: the Test Explorer controller (test-controller.ts)
// and "Show trace on graph" (the graph preview draws a test's trace).
import * as vscode from 'vscode';
import type { ServerClient } from './client-session';
import { Commands, TestTraceRequest } from '../../protocol/src/index';
import { GraphPanel } from './graph-panel';
import { PipelineTestController } from './test-controller';

export function registerPipelineTests(context: vscode.ExtensionContext, client: ServerClient): void {
  const tests = new PipelineTestController(client);
  context.subscriptions.push(
    tests,
    vscode.commands.registerCommand(Commands.showTestTrace, async (uri?: unknown, index?: unknown) => {
      if (typeof uri !== 'string' || typeof index !== 'number') return;
      const t = await client.sendRequest(TestTraceRequest, { uri, index });
      if (!t) {
        void vscode.window.showWarningMessage('This test has no trace: it could not run (see the Problems panel).');
        return;
      }
      const { pipelineUri, ...overlay } = t;
      // The server draws graphs of open documents: open the pipeline (without showing it) first.
      await vscode.workspace.openTextDocument(vscode.Uri.parse(pipelineUri));
      GraphPanel.showTrace(context, client, pipelineUri, overlay);
    }),
  );
}

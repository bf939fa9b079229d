// What the status item shows for each state of the language server (no `vscode` import: unit-tested in node).
import { Commands } from '../../protocol/src/index';

export type ServerStatus =
  | { kind: 'starting' }
  | { kind: 'ready' }
  | { kind: 'analysing' }
  /** Stopped on purpose (the client stopped it, e.g. after a failed initialization). */
  | { kind: 'stopped' }
  /** Failed to start, or crashed and was not restarted; `reason` says what happened. */
  | { kind: 'error'; reason: string };

export interface StatusView {
  text: string;
  tooltip: string;
  /** Command run on click, if any. */
  command?: string;
  /** Shown on the status bar's error background. */
  error?: true;
}

const RESTART_HINT = 'Click, or run "Veltrix: Restart Language Server", to restart it.';

export function statusView(s: ServerStatus): StatusView {
  switch (s.kind) {
    case 'starting':
      return { text: '$(sync~spin) Veltrix starting', tooltip: 'The Veltrix language server is starting' };
    case 'analysing':
      return { text: '$(sync~spin) Veltrix analysing', tooltip: 'The Veltrix language server is analysing this file' };
    case 'ready':
      return {
        text: '$(check) Veltrix ready',
        tooltip: 'The Veltrix language server is running; problems are in the Problems panel. Click to open the graph preview.',
        command: 'veltrix.openGraph',
      };
    case 'stopped':
      return { text: '$(circle-slash) Veltrix stopped', tooltip: `The Veltrix language server is not running. ${RESTART_HINT}`, command: Commands.restartServer };
    case 'error':
      return {
        text: '$(error) Veltrix server error',
        tooltip: `${s.reason} See the "Veltrix" output for details. ${RESTART_HINT}`,
        command: Commands.restartServer,
        error: true,
      };
  }
}

/** The reason shown when the client could not start the server (`err` as thrown by `LanguageClient.start`). */
export function startFailedReason(err: unknown): string {
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  const detail = message.replace(/\s+/g, ' ').trim().replace(/[.]$/, '');
  return `The Veltrix language server failed to start${detail ? `: ${detail}` : ''}.`;
}

/** The reason shown when the server crashed too often to be restarted. */
export function crashedReason(crashes: number, windowMinutes: number): string {
  return `The Veltrix language server crashed ${crashes} times in ${windowMinutes} minutes and was not restarted.`;
}

// A small LSP client for tests: spawns the real server over stdio and talks
// JSON-RPC to it (a client that is not VS Code driving the server).
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, Position, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const fixtures = path.join(__dirname, 'fixtures');
export const uriOf = (p: string) => pathToFileURL(path.resolve(p)).toString();

export interface TestServer {
  conn: MessageConnection;
  child: ChildProcess;
  settings: Record<string, unknown>;
  stderr: string[];
  logs: string[];
  /** Requests the server sent to the client (registerCapability, showDocument, ...), in order. */
  fromServer: Array<{ method: string; params: unknown }>;
  open(uri: string, text: string, version?: number): void;
  change(uri: string, text: string, version: number): void;
  close(uri: string): void;
  /** Waits for diagnostics of `uri` (of `version` when given). */
  diagnostics(uri: string, version?: number, timeoutMs?: number): Promise<Diagnostic[]>;
  request<R>(method: string, params: unknown): Promise<R>;
  stop(): Promise<void>;
}

/** What the VS Code client declares it runs itself (client/src/extension.ts). */
export const VSCODE_COMMANDS = ['editor.action.triggerSuggest', 'veltrix.showRuleDocumentation', 'veltrix.revealComponent', 'veltrix.generateMonitoring'];
/** The capabilities this test client declares by default (VS Code's that matter to the server). */
const VSCODE_CAPABILITIES = {
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, didChangeConfiguration: { dynamicRegistration: true } },
  textDocument: {
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    completion: { completionItem: { snippetSupport: true } },
    foldingRange: { rangeLimit: 5000, lineFoldingOnly: true },
  },
};

/**
 * By default the client declares what VS Code declares (commands included);
 * `plain: true` gives a client with no VS Code extras (no commands, no
 * dynamic registration, no snippets; it can open a URL with
 * window/showDocument), as Neovim 0.7 or Helix.
 */
export async function startServer(opts: { trusted?: boolean; rootDir?: string; settings?: Record<string, unknown>; debounceMs?: number; plain?: boolean; env?: Record<string, string> } = {}): Promise<TestServer> {
  const bundle = process.env.VELTRIX_LSP_BUNDLE === '1';
  const args = bundle ? [path.join(repoRoot, 'dist', 'server.js'), '--stdio'] : ['--import', 'tsx', path.join(repoRoot, 'server', 'src', 'main.ts'), '--stdio'];
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
  const stderr: string[] = [];
  child.stderr!.on('data', (d) => stderr.push(String(d)));
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published = new Map<string, PublishDiagnosticsParams[]>();
  const waiters: Array<() => void> = [];
  const logs: string[] = [];
  const settings: Record<string, unknown> = { enable: true, rules: {}, model: { enabled: true }, trace: { server: 'off' }, ...opts.settings };
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const list = published.get(p.uri) ?? [];
    list.push(p);
    published.set(p.uri, list);
    waiters.splice(0).forEach((w) => w());
  });
  conn.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
  conn.onNotification(() => undefined);
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => settings));
  const fromServer: Array<{ method: string; params: unknown }> = [];
  conn.onRequest('client/registerCapability', (params: unknown) => {
    fromServer.push({ method: 'client/registerCapability', params });
    return null;
  });
  conn.onRequest('window/showDocument', (params: unknown) => {
    fromServer.push({ method: 'window/showDocument', params });
    return { success: true };
  });
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  const root = opts.rootDir ?? fixtures;
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: uriOf(root),
    workspaceFolders: [{ uri: uriOf(root), name: 'fixtures' }],
    initializationOptions: { trusted: opts.trusted ?? true, debounceMs: opts.debounceMs, ...(opts.plain ? {} : { clientCommands: VSCODE_COMMANDS }) },
    capabilities: opts.plain
      ? { workspace: { configuration: true }, window: { showDocument: { support: true } }, textDocument: { publishDiagnostics: { relatedInformation: true } } }
      : VSCODE_CAPABILITIES,
  });
  await conn.sendNotification('initialized', {});
  return {
    conn,
    child,
    settings,
    stderr,
    logs,
    fromServer,
    open(uri, text, version = 1) {
      void conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'veltrix', version, text } });
    },
    change(uri, text, version) {
      void conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    close(uri) {
      void conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    async diagnostics(uri, version, timeoutMs = 15000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const list = published.get(uri) ?? [];
        const hit = version === undefined ? list[list.length - 1] : list.find((p) => p.version === version);
        if (hit) return hit.diagnostics;
        if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri}${version !== undefined ? ` v${version}` : ''} within ${timeoutMs} ms; stderr: ${stderr.join('')}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    request: (method, params) => conn.sendRequest(method, params),
    async stop() {
      try {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        void conn.sendNotification('exit');
      } catch {
        /* already gone */
      }
      await new Promise((r) => setTimeout(r, 100));
      conn.dispose();
      if (child.exitCode === null) child.kill();
    },
  };
}

/** Text with a `|` cursor marker -> the text without it and the marker's position. */
export function cursor(textWithMarker: string): { text: string; position: Position } {
  const i = textWithMarker.indexOf('|');
  if (i < 0) throw new Error('no | cursor marker');
  const before = textWithMarker.slice(0, i);
  const lines = before.split('\n');
  return { text: before + textWithMarker.slice(i + 1), position: { line: lines.length - 1, character: lines[lines.length - 1].length } };
}

/** Position of the n-th occurrence of `needle` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0, nth = 0): Position {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`'${needle}' not found`);
  }
  const before = text.slice(0, i + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** Applies LSP text edits to a text (edits must not overlap). */
export function applyEdits(text: string, edits: Array<{ range: { start: Position; end: Position }; newText: string }>): string {
  const offsets = text.split('\n').reduce<number[]>((acc, line, i) => (acc.push(i === 0 ? 0 : acc[i - 1] + text.split('\n')[i - 1].length + 1), acc), []);
  const off = (p: Position) => Math.min(text.length, (offsets[p.line] ?? text.length) + p.character);
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}

export function read(p: string): string {
  return fs.readFileSync(p, 'utf8');
}

/** The code lenses of `uri` as a client shows them: listed, then each resolved (codeLens/resolve), as VS Code does for those in view. */
export async function resolvedLenses<L extends { command?: unknown }>(server: TestServer, uri: string): Promise<L[]> {
  const lenses = await server.request<L[]>('textDocument/codeLens', { textDocument: { uri } });
  return Promise.all(lenses.map((l) => (l.command ? l : server.request<L>('codeLens/resolve', l))));
}

// A minimal LSP client over a child process's stdio, for benchmarks: it
// spawns a server, answers its configuration requests, and times requests and
// the arrival of diagnostics. Also reads the server's peak RSS from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type CancellationToken, type MessageConnection } from 'vscode-jsonrpc/node';

export interface ServerSpec {
  name: string;
  command: string;
  args: string[];
  /** Answers `workspace/configuration` items. */
  configuration: (section: string | undefined) => unknown;
  initializationOptions?: unknown;
}

interface Published {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}

export class BenchClient {
  private readonly child: ChildProcess;
  readonly conn: MessageConnection;
  private waiters: Array<{ test: (p: Published) => boolean; resolve: (p: Published) => void }> = [];
  private listeners = new Set<(p: Published) => void>();

  constructor(readonly spec: ServerSpec, cwd: string, env?: NodeJS.ProcessEnv) {
    this.child = spawn(spec.command, spec.args, { cwd, env, stdio: ['pipe', 'pipe', 'ignore'] });
    this.conn = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.conn.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) => params.items.map((i) => spec.configuration(i.section)));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      const ready = this.waiters.filter((w) => w.test(p));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p);
      for (const l of this.listeners) l(p);
    });
    this.conn.onNotification(() => undefined);
    this.conn.listen();
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  async initialize(rootUri: string): Promise<void> {
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          publishDiagnostics: { versionSupport: true, relatedInformation: true },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          synchronization: { didSave: true },
          // What VS Code declares for the requests it sends after each keystroke (bench/typing.ts).
          foldingRange: { lineFoldingOnly: true, rangeLimit: 5000 },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
          codeLens: {},
          documentLink: {},
        },
      },
      initializationOptions: this.spec.initializationOptions,
    });
    await this.conn.sendNotification('initialized', {});
    await this.conn.sendNotification('workspace/didChangeConfiguration', { settings: this.spec.configuration(undefined) });
  }

  /** Resolves with the next diagnostics for `uri` (and `version`, when the server reports versions). */
  nextDiagnostics(uri: string, version: number, timeoutMs = 120_000): Promise<Published> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.spec.name}: no diagnostics for ${uri} v${version} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        test: (p) => p.uri === uri && (p.version === undefined || p.version === version),
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  /** Calls `listener` for each publish of `uri`'s diagnostics until the returned function is called. */
  onPublish(uri: string, listener: () => void): () => void {
    const l = (p: Published) => p.uri === uri && listener();
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  open(uri: string, languageId: string, text: string, version = 1): void {
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): void {
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  close(uri: string): void {
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<T>(method: string, params: unknown, token?: CancellationToken): Promise<T> {
    // Only a defined token may be passed: an `undefined` last argument would be sent as a second parameter.
    return (token ? this.conn.sendRequest(method, params, token) : this.conn.sendRequest(method, params)) as Promise<T>;
  }

  /** Peak resident set size of the server process, in bytes (Linux). */
  peakRss(): number {
    try {
      const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const m = /VmHWM:\s+(\d+) kB/.exec(status);
      return m ? Number(m[1]) * 1024 : 0;
    } catch {
      return 0;
    }
  }

  async dispose(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      const exited = new Promise((r) => this.child.once('exit', r));
      void this.conn.sendNotification('exit');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    } catch {
      /* the process may already be gone */
    }
    this.conn.dispose();
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

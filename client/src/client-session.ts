// The language client the extension talks through for its whole life. Every
// start after the first is a new LanguageClient: vscode-languageclient 9 keeps
// a failed start for good (a client whose `initialize` was refused answers
// every later start() with the old failure, and cannot be stopped, as it
// never ran), and a fresh client is the one state that is always known. The
// notification and state handlers registered here move to each new client,
// and the rest of the extension keeps one object to send requests through.
// The crash policy lives here too (the library's own restarts are turned off
// by the error handler the factory gets): a server that stops while running
// is started again, up to `maxCrashes` times in `crashWindowMs`. No `vscode`
// import at run time: unit-tested in node with a fake client.
import type { Disposable } from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';

/** What the rest of the extension uses of the client. */
export type ServerClient = Pick<BaseLanguageClient, 'sendRequest' | 'onNotification'>;

/** What the session needs of a client (a LanguageClient has it all). */
export interface SessionClient extends ServerClient {
  start(): Promise<void>;
  dispose(timeout?: number): Promise<void>;
  onDidChangeState: BaseLanguageClient['onDidChangeState'];
}

export interface SessionOptions<C extends SessionClient> {
  /** A new client; its error handler calls `closed` when the connection closes, and never restarts it itself. */
  create(closed: () => void): C;
  /** Whether the client's server is running (`client.state === State.Running`). */
  isRunning(client: C): boolean;
  maxCrashes: number;
  crashWindowMs: number;
  /** After a crash: `restarting` is false once the crashes ran out (then nothing is restarted). */
  onCrash(crashes: number, restarting: boolean): void;
  /** A start the session made on its own (after a crash) failed. */
  onStartFailed(err: unknown): void;
  now?: () => number;
}

type Registration<C> = (client: C) => Disposable;

export class ClientSession<C extends SessionClient> implements ServerClient {
  private client: C;
  /** The current client's start succeeded (a close before that is a failed start, reported by start()). */
  private running = false;
  private disposed = false;
  private readonly crashes: number[] = [];
  /** Handlers to register on every client, each with its registration on the current one. */
  private readonly registrations = new Map<Registration<C>, Disposable>();

  constructor(private readonly opts: SessionOptions<C>) {
    this.client = this.create();
  }

  /** The client of the moment (a restart replaces it): for what only the client itself offers, such as its features. */
  get current(): C {
    return this.client;
  }

  /** Starts the current client; rejects with its failure (the next restart makes a new client). */
  async start(): Promise<void> {
    const client = this.client;
    await client.start();
    // vscode-languageclient 9 resolves start() when the server exited during it (the connection closed first).
    if (!this.opts.isRunning(client)) throw new Error('the server process exited while starting');
    if (client === this.client) this.running = true;
  }

  /** A new client in place of the current one, started; the crash count starts again. */
  async restart(): Promise<void> {
    this.crashes.length = 0;
    await this.replace();
    await this.start();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const d of this.registrations.values()) d.dispose();
    this.registrations.clear();
    await this.client.dispose().catch(() => undefined);
  }

  readonly sendRequest = ((...args: unknown[]) => (this.client.sendRequest as (...a: unknown[]) => unknown)(...args)) as BaseLanguageClient['sendRequest'];

  readonly onNotification = ((...args: unknown[]) =>
    this.register((c) => (c.onNotification as (...a: unknown[]) => Disposable)(...args))) as BaseLanguageClient['onNotification'];

  readonly onDidChangeState = ((listener: Parameters<BaseLanguageClient['onDidChangeState']>[0]) =>
    this.register((c) => c.onDidChangeState(listener))) as BaseLanguageClient['onDidChangeState'];

  private register(on: Registration<C>): Disposable {
    this.registrations.set(on, on(this.client));
    return {
      dispose: () => {
        this.registrations.get(on)?.dispose();
        this.registrations.delete(on);
      },
    };
  }

  private create(): C {
    const client: C = this.opts.create(() => this.closed(client));
    return client;
  }

  /** Retires the current client (its handlers first, so its last state changes go unheard) and makes the next. */
  private async replace(): Promise<void> {
    const old = this.client;
    for (const d of this.registrations.values()) d.dispose();
    this.running = false;
    this.client = this.create();
    for (const on of this.registrations.keys()) this.registrations.set(on, on(this.client));
    // Waits for the old server to exit (at most the client's 2 s stop timeout), so two never run at once.
    await old.dispose().catch(() => undefined);
  }

  private closed(client: C): void {
    if (client !== this.client || !this.running || this.disposed) return;
    this.running = false;
    const now = (this.opts.now ?? Date.now)();
    this.crashes.push(now);
    while (this.crashes.length && now - this.crashes[0] > this.opts.crashWindowMs) this.crashes.shift();
    const restarting = this.crashes.length <= this.opts.maxCrashes;
    this.opts.onCrash(this.crashes.length, restarting);
    if (!restarting) return;
    // After the library has finished with the closed connection (it calls this from its close handling).
    setTimeout(() => {
      if (client !== this.client || this.disposed) return;
      void this.replace()
        .then(() => this.start())
        .catch((e: unknown) => this.opts.onStartFailed(e));
    }, 0);
  }
}

// ClientSession with a fake client that behaves as vscode-languageclient 9
// does: once start() has failed (a refused initialize) every later start()
// answers with the same failure. A restart must therefore make a new client,
// move the handlers to it and route requests to it; a crash while running
// starts a new client until the crashes run out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientSession, type SessionClient } from '../../client/src/client-session';

type Handler = (...args: unknown[]) => void;

class FakeClient {
  static made: FakeClient[] = [];
  readonly notifications = new Map<string, Set<Handler>>();
  readonly stateListeners = new Set<Handler>();
  readonly requests: string[] = [];
  starts = 0;
  disposed = false;
  running = false;
  private failed: Promise<void> | undefined;
  constructor(
    readonly closed: () => void,
    private readonly refuse: boolean,
    private readonly exits: boolean,
  ) {
    FakeClient.made.push(this);
  }
  start(): Promise<void> {
    this.starts++;
    if (this.failed) return this.failed; // the library keeps the failed start
    if (this.refuse) return (this.failed = Promise.reject(new Error('initialize refused')));
    if (this.exits) return Promise.resolve(); // as the library: resolved, though the server is gone
    this.running = true;
    return Promise.resolve();
  }
  dispose(): Promise<void> {
    this.disposed = true;
    return Promise.resolve();
  }
  sendRequest(method: string): Promise<string> {
    this.requests.push(method);
    return Promise.resolve(`answer ${FakeClient.made.indexOf(this)}`);
  }
  onNotification(method: string, handler: Handler) {
    const set = this.notifications.get(method) ?? new Set();
    set.add(handler);
    this.notifications.set(method, set);
    return { dispose: () => set.delete(handler) };
  }
  onDidChangeState(listener: Handler) {
    this.stateListeners.add(listener);
    return { dispose: () => this.stateListeners.delete(listener) };
  }
  notify(method: string, params: unknown): void {
    for (const h of this.notifications.get(method) ?? []) h(params);
  }
}

function session(opts: { refuse?: (n: number) => boolean; exits?: (n: number) => boolean; now?: () => number } = {}) {
  FakeClient.made = [];
  const crashes: Array<[number, boolean]> = [];
  const startFailures: unknown[] = [];
  const s = new ClientSession<SessionClient>({
    create: (closed) => new FakeClient(closed, opts.refuse?.(FakeClient.made.length) ?? false, opts.exits?.(FakeClient.made.length) ?? false) as unknown as SessionClient,
    isRunning: (c) => (c as unknown as FakeClient).running,
    maxCrashes: 2,
    crashWindowMs: 60_000,
    onCrash: (n, restarting) => crashes.push([n, restarting]),
    onStartFailed: (e) => startFailures.push(e),
    now: opts.now,
  });
  return { s, made: () => FakeClient.made, crashes, startFailures };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

test('after a refused initialize, restart makes a new client (the old one would repeat its failure)', async () => {
  const { s, made } = session({ refuse: (n) => n === 0 });
  await assert.rejects(s.start(), /initialize refused/);
  await assert.rejects(made()[0].start(), /initialize refused/, 'the fake, like the library, cannot start again');
  await s.restart();
  assert.equal(made().length, 2);
  assert.ok(made()[0].disposed, 'the old client is disposed');
  assert.equal(made()[1].starts, 1);
  assert.equal(await s.sendRequest('veltrix/graph' as never), 'answer 1', 'requests go to the new client');
  assert.deepEqual(made()[0].requests, []);
});

test('notification and state handlers move to the new client; disposed ones do not', async () => {
  const { s, made } = session();
  const seen: unknown[] = [];
  s.onNotification('veltrix/status' as never, ((p: unknown) => seen.push(p)) as never);
  const gone = s.onNotification('veltrix/testFile' as never, (() => seen.push('disposed handler ran')) as never);
  s.onDidChangeState(() => seen.push('state'));
  await s.start();
  gone.dispose();
  await s.restart();
  const [old, current] = made();
  assert.equal(old.stateListeners.size, 0, 'the old client is unheard (its last state changes would show "stopped")');
  assert.equal(old.notifications.get('veltrix/status')?.size, 0);
  old.notify('veltrix/status', 'from the old client');
  current.notify('veltrix/status', 'from the new client');
  current.notify('veltrix/testFile', 'x');
  assert.deepEqual(seen, ['from the new client']);
  assert.equal(current.stateListeners.size, 1);
});

test('a crash while running starts a new client, until the crashes in the window run out', async () => {
  let now = 0;
  const { s, made, crashes } = session({ now: () => now });
  await s.start();
  made()[0].closed();
  await tick();
  assert.equal(made().length, 2);
  assert.equal(made()[1].starts, 1);
  made()[1].closed();
  await tick();
  assert.equal(made().length, 3);
  now = 1000;
  made()[2].closed();
  await tick();
  assert.equal(made().length, 3, 'the third crash in a minute: not restarted');
  assert.deepEqual(crashes, [
    [1, true],
    [2, true],
    [3, false],
  ]);
  // A restart by hand starts counting again.
  await s.restart();
  made()[3].closed();
  await tick();
  assert.deepEqual(crashes.at(-1), [1, true]);
});

test('crashes older than the window do not count', async () => {
  let now = 0;
  const { s, made, crashes } = session({ now: () => now });
  await s.start();
  made()[0].closed();
  await tick();
  made()[1].closed();
  await tick();
  now = 61_000;
  made()[2].closed();
  await tick();
  assert.deepEqual(crashes, [
    [1, true],
    [2, true],
    [1, true],
  ]);
  assert.equal(made().length, 4);
});

test('a close during start is the start failing (reported by start), and a retired client closing changes nothing', async () => {
  const { s, made, crashes, startFailures } = session({ refuse: (n) => n === 0 });
  const starting = s.start();
  made()[0].closed();
  await assert.rejects(starting);
  await s.restart();
  made()[0].closed();
  await tick();
  assert.deepEqual(crashes, []);
  assert.deepEqual(startFailures, []);
  assert.equal(made().length, 2);
});

test('a server that exits during start is a failed start, though the library resolves start()', async () => {
  const { s, made } = session({ exits: (n) => n === 0 });
  await assert.rejects(s.start(), /exited while starting/);
  made()[0].closed();
  await tick();
  assert.equal(made().length, 1, 'not taken for a crash');
  await s.restart();
  assert.equal(made().length, 2);
});

test('a new client that fails to start after a crash is reported', async () => {
  const { s, made, startFailures } = session({ refuse: (n) => n === 1 });
  await s.start();
  made()[0].closed();
  await tick();
  assert.equal(startFailures.length, 1);
  assert.match(String(startFailures[0]), /initialize refused/);
});

test('dispose: the client is disposed and a late close restarts nothing', async () => {
  const { s, made } = session();
  await s.start();
  await s.dispose();
  made()[0].closed();
  await tick();
  assert.ok(made()[0].disposed);
  assert.equal(made().length, 1);
});

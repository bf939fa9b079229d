// Where `check`'s two steps run: on this thread alone (localSteps), or on this
// thread and jobs - 1 worker threads (startPool). In the scan every thread,
// this one included, takes the next file from a shared counter and reads it
// itself, so none waits for another (this thread, busy with its own files,
// answers no messages until its share is done). Each fragment then goes to the
// thread that already parsed its first importer, so its cache is reused.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Finding, ImportEntry } from '../../core/src/index';
import { checkShare, scanShare, type CheckItem, type Reply, type Request, type ScanItem, type WorkerData } from './check-worker';
import type { FileChecker, ScanResult } from './file-checker';

export interface CheckSteps {
  /** Results in the order of the items. */
  scan(items: ScanItem[]): Promise<ScanResult[]>;
  check(items: CheckItem[], imports: Map<string, ImportEntry>): Promise<Finding[][]>;
  close(): Promise<void>;
}

export function localSteps(checker: FileChecker): CheckSteps {
  return {
    scan: async (items) => items.map((it) => checker.scan(it.uri, it.toCheck)),
    check: async (items, imports) => checkShare(checker, items, imports),
    close: async () => undefined,
  };
}

/** A request before the pool numbers it (Omit over each member of the union). */
type Unsent<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The bundle (dist/cli.js) starts itself; the sources (tests, under tsx) start check-worker.ts through tsx's require hook. */
function startWorker(workerData: WorkerData): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(__filename, { workerData });
  const source = path.join(__dirname, 'check-worker.ts');
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { eval: true, workerData });
}

class Pool implements CheckSteps {
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  /** Which thread parsed a file (and so holds it in its cache): 0 is this one, k the worker k - 1. */
  private readonly owner = new Map<string, number>();
  /** Set when a worker failed or the pool closed: every request is refused from then on (the caller checks on one thread instead). */
  private stopped?: Error;

  constructor(
    private readonly local: FileChecker,
    private readonly workers: Worker[],
  ) {
    for (const w of workers) {
      const gone = stoppedBefore.get(w);
      if (gone) this.failAll(gone);
      w.on('message', (r: Reply) => this.receive(r));
      w.on('error', (e) => this.failAll(e));
      w.on('exit', (code) => this.failAll(new Error(`a check worker stopped (exit code ${code})`)));
    }
  }

  private receive(r: Reply): void {
    const p = this.waiting.get(r.id);
    this.waiting.delete(r.id);
    if ('error' in r) p?.reject(new Error(r.error));
    else p?.resolve(r);
  }

  private failAll(e: Error): void {
    this.stopped ??= e;
    for (const p of this.waiting.values()) p.reject(e);
    this.waiting.clear();
  }

  private send(worker: number, req: Unsent<Request>): Promise<Reply> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[worker].postMessage({ ...req, id } as Request);
    });
  }

  async scan(items: ScanItem[]): Promise<ScanResult[]> {
    if (this.stopped) throw this.stopped;
    const out: ScanResult[] = new Array(items.length);
    const next = new SharedArrayBuffer(4);
    const replies = this.workers.map((_, w) => this.send(w, { kind: 'scan', items, next }));
    // A refusal is seen once this thread's share is done; until then it must not end the process as unhandled.
    for (const r of replies) r.catch(() => undefined);
    const take = (thread: number, scans: [number, ScanResult][]) => {
      for (const [i, s] of scans) {
        out[i] = s;
        this.owner.set(items[i].uri, thread);
        for (const [uri] of s.entries ?? []) if (!this.owner.has(uri)) this.owner.set(uri, thread);
      }
    };
    take(0, scanShare(this.local, items, new Int32Array(next)));
    for (const [w, reply] of replies.entries()) {
      const r = await reply;
      if (!('scans' in r)) throw new Error('unexpected reply from a check worker');
      take(w + 1, r.scans);
    }
    return out;
  }

  async check(items: CheckItem[], imports: Map<string, ImportEntry>): Promise<Finding[][]> {
    if (this.stopped) throw this.stopped;
    const out: Finding[][] = new Array(items.length);
    const threads = this.workers.length + 1;
    const perThread = Array.from({ length: threads }, () => [] as number[]);
    items.forEach((it, i) => perThread[this.owner.get(it.near) ?? this.owner.get(it.uri) ?? i % threads].push(i));
    const entries = [...imports];
    const replies = perThread.slice(1).map((indexes, w) => (indexes.length ? this.send(w, { kind: 'check', items: indexes.map((i) => items[i]), imports: entries }) : undefined));
    for (const r of replies) r?.catch(() => undefined);
    checkShare(this.local, perThread[0].map((i) => items[i]), imports).forEach((f, k) => (out[perThread[0][k]] = f));
    for (const [w, reply] of replies.entries()) {
      if (!reply) continue;
      const r = await reply;
      if (!('findings' in r)) throw new Error('unexpected reply from a check worker');
      r.findings.forEach((f, k) => (out[perThread[w + 1][k]] = f));
    }
    return out;
  }

  async close(): Promise<void> {
    this.stopped ??= new Error('the check pool is closed');
    await stopWorkers(this.workers);
  }
}

/** Workers that failed or exited before a pool listened to them (an 'error' nobody listens to would crash the CLI). */
const stoppedBefore = new WeakMap<Worker, Error>();

/** Worker threads, started as soon as it is likely they will be needed: they load while the folders are searched. */
export function startWorkers(count: number, model: boolean): Worker[] {
  const workerData: WorkerData = { veltrixCheckWorker: true, model };
  return Array.from({ length: count }, () => {
    const w = startWorker(workerData);
    w.on('error', (e) => stoppedBefore.set(w, e));
    w.on('exit', (code) => stoppedBefore.has(w) || stoppedBefore.set(w, new Error(`a check worker stopped (exit code ${code})`)));
    return w;
  });
}

export async function stopWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(workers.map((w) => w.terminate()));
}

/** This thread (through `local`) and the workers. */
export function startPool(local: FileChecker, workers: Worker[]): CheckSteps {
  return new Pool(local, workers);
}

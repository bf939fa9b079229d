// Where `check`'s two steps run: on this thread alone (localSteps), or on this
// thread and jobs - 1 worker threads (startPool). The pool hands the scan out
// in batches to whichever worker is free, and sends each fragment to the
// worker that already parsed its first importer, so its cache is reused.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Finding, ImportEntry } from '../../core/src/index';
import { answer, type CheckItem, type Reply, type Request, type ScanItem, type WorkerData } from './check-worker';
import type { FileChecker, ScanResult } from './file-checker';

export interface LateItem extends CheckItem {
  /** A file whose worker should check this one (its first importer): that worker has parsed it already. */
  near: string;
}

export interface CheckSteps {
  /** Results in the order of the items. */
  scan(items: ScanItem[]): Promise<ScanResult[]>;
  check(items: LateItem[], imports: Map<string, ImportEntry>): Promise<Finding[][]>;
  close(): Promise<void>;
}

export function localSteps(checker: FileChecker): CheckSteps {
  return {
    scan: async (items) => items.map((it) => checker.scan(it.uri, it.text, it.toCheck)),
    check: async (items, imports) => {
      checker.setImports(imports);
      return items.map((it) => checker.check(it.uri, it.text));
    },
    close: async () => undefined,
  };
}

/**
 * The scan goes out in batches: about BATCHES_PER_WORKER per worker, so the workers finish together, with two
 * batches queued at each worker, so that none waits for this thread (slow to wake on a busy machine) between batches.
 */
const BATCHES_PER_WORKER = 8;
const MIN_BATCH = 4;
const MAX_BATCH = 64;
const IN_FLIGHT = 2;

/** A request before the pool numbers it (Omit over each member of the union). */
type Unsent<T> = T extends unknown ? Omit<T, 'id'> : never;

/** What the pool needs of a worker. */
interface Transport {
  post(req: Request): void;
  terminate(): Promise<unknown>;
}

/** The bundle (dist/cli.js) starts itself; the sources (tests, under tsx) start check-worker.ts through tsx's require hook. */
function startWorker(workerData: WorkerData): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(__filename, { workerData });
  const source = path.join(__dirname, 'check-worker.ts');
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { eval: true, workerData });
}

class Pool implements CheckSteps {
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  /** Which worker parsed a file (and so holds it in its cache). */
  private readonly owner = new Map<string, number>();
  private readonly workers: Transport[];
  /** Set when a worker failed or the pool closed: every request is refused from then on (the caller checks on one thread instead). */
  private stopped?: Error;

  constructor(local: FileChecker, threads: Worker[]) {
    // This thread is a worker too; its batches run between the messages of the others (IN_FLIGHT keeps them fed).
    const self: Transport = {
      post: (req) => setImmediate(() => !this.stopped && this.receive(answer(local, req))),
      terminate: async () => undefined,
    };
    const others = threads.map((w) => {
      const gone = stoppedBefore.get(w);
      if (gone) this.failAll(gone);
      w.on('message', (r: Reply) => this.receive(r));
      w.on('error', (e) => this.failAll(e));
      w.on('exit', (code) => this.failAll(new Error(`a check worker stopped (exit code ${code})`)));
      return { post: (req: Request) => w.postMessage(req), terminate: () => w.terminate() };
    });
    this.workers = [self, ...others];
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
      this.workers[worker].post({ ...req, id } as Request);
    });
  }

  async scan(items: ScanItem[]): Promise<ScanResult[]> {
    const out: ScanResult[] = new Array(items.length);
    const size = Math.max(MIN_BATCH, Math.min(MAX_BATCH, Math.ceil(items.length / (this.workers.length * BATCHES_PER_WORKER))));
    let next = 0;
    // One chain of batches; IN_FLIGHT chains per worker.
    const drive = async (w: number): Promise<void> => {
      while (next < items.length) {
        const start = next;
        const batch = items.slice(start, (next += size));
        const r = await this.send(w, { kind: 'scan', items: batch });
        if (!('scans' in r)) throw new Error('unexpected reply from a check worker');
        r.scans.forEach((s, k) => {
          out[start + k] = s;
          this.owner.set(batch[k].uri, w);
          for (const [uri] of s.entries ?? []) if (!this.owner.has(uri)) this.owner.set(uri, w);
        });
      }
    };
    await Promise.all(this.workers.flatMap((_, w) => Array.from({ length: IN_FLIGHT }, () => drive(w))));
    return out;
  }

  async check(items: LateItem[], imports: Map<string, ImportEntry>): Promise<Finding[][]> {
    const out: Finding[][] = new Array(items.length);
    const perWorker = this.workers.map(() => [] as number[]);
    items.forEach((it, i) => perWorker[this.owner.get(it.near) ?? this.owner.get(it.uri) ?? i % this.workers.length].push(i));
    const entries = [...imports];
    await Promise.all(
      perWorker.map(async (indexes, w) => {
        if (indexes.length === 0) return;
        const r = await this.send(w, { kind: 'check', items: indexes.map((i) => ({ uri: items[i].uri, text: items[i].text })), imports: entries });
        if (!('findings' in r)) throw new Error('unexpected reply from a check worker');
        r.findings.forEach((f, k) => (out[indexes[k]] = f));
      }),
    );
    return out;
  }

  async close(): Promise<void> {
    this.stopped ??= new Error('the check pool is closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
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

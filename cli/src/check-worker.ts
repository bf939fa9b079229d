// A `veltrix-lint check` worker: the FileChecker steps on the files the pool
// (check-pool.ts) hands out. `scanShare` is this thread's share too. In the
// bundle this code lives in dist/cli.js itself, which the pool starts again as
// a worker thread with `workerData.veltrixCheckWorker` set (main.ts then does
// not run the command line); from the sources the pool starts this file.
import { parentPort, workerData } from 'node:worker_threads';
import type { Finding, ImportEntry } from '../../core/src/index';
import { FileChecker, type ScanResult } from './file-checker';
import { DiskHost } from './files';

export interface WorkerData {
  veltrixCheckWorker: true;
  model: boolean;
}

export interface ScanItem {
  uri: string;
  /** A file the user asked for (it must be readable), not a neighbour that may import one. */
  toCheck: boolean;
}

export interface CheckItem {
  uri: string;
  /** A file whose thread should check this one (its first importer): that thread has parsed it already. */
  near: string;
}

export type Request =
  | { kind: 'scan'; id: number; items: ScanItem[]; next: SharedArrayBuffer }
  | { kind: 'check'; id: number; items: CheckItem[]; imports: [string, ImportEntry][] };

export type Reply = { id: number; scans: [number, ScanResult][] } | { id: number; findings: Finding[][] } | { id: number; error: string };

export function isWorkerData(data: unknown): data is WorkerData {
  return typeof data === 'object' && data !== null && (data as WorkerData).veltrixCheckWorker === true;
}

/**
 * Scans items one at a time, each taken from the shared counter `next` (every thread takes the next file when it
 * is free: no thread waits for another to hand out work, and they finish within one file of each other).
 */
export function scanShare(checker: FileChecker, items: ScanItem[], next: Int32Array): [number, ScanResult][] {
  const out: [number, ScanResult][] = [];
  for (let i = Atomics.add(next, 0, 1); i < items.length; i = Atomics.add(next, 0, 1)) out.push([i, checker.scan(items[i].uri, items[i].toCheck)]);
  return out;
}

/** The fragments' step: each read by the thread (cached when it scanned the file) and checked with every file's imports. */
export function checkShare(checker: FileChecker, items: CheckItem[], imports: Map<string, ImportEntry>): Finding[][] {
  checker.setImports(imports);
  return items.map((it) => checker.check(it.uri, checker.host.readFile(it.uri) ?? ''));
}

function answer(checker: FileChecker, req: Request): Reply {
  try {
    if (req.kind === 'scan') return { id: req.id, scans: scanShare(checker, req.items, new Int32Array(req.next)) };
    return { id: req.id, findings: checkShare(checker, req.items, new Map(req.imports)) };
  } catch (e) {
    return { id: req.id, error: (e as Error)?.message ?? String(e) };
  }
}

if (parentPort && isWorkerData(workerData)) {
  const port = parentPort;
  const checker = new FileChecker(new DiskHost(), workerData.model);
  port.on('message', (req: Request) => port.postMessage(answer(checker, req)));
}

// A `veltrix-lint check` worker: the FileChecker steps on the files the pool
// (check-pool.ts) sends it. `answer` serves this thread's share too. In the
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
  /** Undefined: the worker reads the file (a neighbour that may import a checked fragment). */
  text?: string;
  toCheck: boolean;
}

export interface CheckItem {
  uri: string;
  text: string;
}

export type Request =
  | { kind: 'scan'; id: number; items: ScanItem[] }
  | { kind: 'check'; id: number; items: CheckItem[]; imports: [string, ImportEntry][] };

export type Reply = { id: number; scans: ScanResult[] } | { id: number; findings: Finding[][] } | { id: number; error: string };

export function isWorkerData(data: unknown): data is WorkerData {
  return typeof data === 'object' && data !== null && (data as WorkerData).veltrixCheckWorker === true;
}

export function answer(checker: FileChecker, req: Request): Reply {
  try {
    if (req.kind === 'scan') return { id: req.id, scans: req.items.map((it) => checker.scan(it.uri, it.text, it.toCheck)) };
    checker.setImports(new Map(req.imports));
    return { id: req.id, findings: req.items.map((it) => checker.check(it.uri, it.text)) };
  } catch (e) {
    return { id: req.id, error: (e as Error)?.message ?? String(e) };
  }
}

if (parentPort && isWorkerData(workerData)) {
  const port = parentPort;
  const checker = new FileChecker(new DiskHost(), workerData.model);
  port.on('message', (req: Request) => port.postMessage(answer(checker, req)));
}

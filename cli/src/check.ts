// `veltrix-lint check`: analyse every discovered pipeline file with the same
// core the editor uses. Main files are analysed with their import closure;
// a fragment is checked in the context of every main file (among the checked
// files and their neighbours) that imports it, directly or through other
// fragments. Fragments reached through the imports of a checked main file are
// checked too, since their problems are the pipeline's problems. Each file's
// findings are reported once.
//
// With enough files the work is spread over worker threads (check-pool.ts):
// first every candidate's imports are read (and each checked main file's
// findings found at once, since they need no importers), then the fragments
// are checked with every candidate's imports. One thread runs the very same
// two steps, so the output is the same byte for byte.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { importersIn, sortFindings, type Finding, type ImportEntry } from '../../core/src/index';
import { localSteps, startPool, startWorkers, stopWorkers, type CheckSteps } from './check-pool';
import { FileChecker, notUtf8Finding } from './file-checker';
import { DiskHost, discover, displayPath, uriOfPath, UsageError } from './files';
import { tuneV8ForThreads } from './v8-tuning';

export interface CheckOptions {
  model: boolean;
  cwd?: string;
  /** Worker threads (default 1; the CLI passes the available parallelism). */
  jobs?: number;
  /** Called once before the files are shared out between threads (not on one thread): V8's flags for that case. */
  tuneV8?: () => void;
}

/** Below this many files (checked and neighbours), starting workers costs more than it saves. */
export const PARALLEL_MIN_FILES = 64;
/** Each worker gets at least this many files. */
const FILES_PER_WORKER = 16;

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Threads `check` uses by default: every core, except on two cores or fewer,
 * where a second thread measured 0.93-1.24x one: for one thread, V8's
 * compiler and garbage collector already take 0.4-0.9 times the main
 * thread's CPU on the other core, and each thread pays V8's warm-up again
 * (docs/performance.md).
 */
export function defaultJobs(cores: number = availableCores()): number {
  return cores > 2 ? cores : 1;
}

function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

export interface CheckResult {
  /** URIs of every checked file, in report order. */
  files: string[];
  findings: Finding[];
  /** Problems in `.veltrix-lint.yaml` files and skipped inputs, one line each (for stderr). */
  notes: string[];
  /** Threads the files were checked on (this one and its workers; not part of any output format). */
  threads: number;
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
  files: number;
}

export function summarize(result: CheckResult): Summary {
  const s: Summary = { errors: 0, warnings: 0, infos: 0, hints: 0, files: result.files.length };
  for (const f of result.findings) {
    if (f.severity === 'error') s.errors++;
    else if (f.severity === 'warning') s.warnings++;
    else if (f.severity === 'info') s.infos++;
    else s.hints++;
  }
  return s;
}

export async function runCheck(args: string[], options: CheckOptions): Promise<CheckResult> {
  const cwd = options.cwd ?? process.cwd();
  const host = new DiskHost();
  const notes: string[] = [];
  // With a folder to search, the workers start loading at once (a file named alone never starts them).
  const wanted = Math.max(0, (options.jobs ?? 1) - 1);
  const early = wanted > 0 && args.some((a) => isDirectory(path.resolve(cwd, a))) ? startWorkers(wanted, options.model) : [];
  try {
    return await checkWith(early, args, options, { cwd, host, notes });
  } finally {
    await stopWorkers(early);
  }
}

async function checkWith(early: Worker[], args: string[], options: CheckOptions, { cwd, host, notes }: { cwd: string; host: DiskHost; notes: string[] }): Promise<CheckResult> {
  const found = discover(args, host, cwd);
  for (const s of found.skipped) notes.push(`skipping '${s}': not a Veltrix pipeline file (name it *.veltrix.yaml or start it with 'veltrix: 1')`);

  const checked = found.files.map(uriOfPath);
  const checkedSet = new Set(checked);
  const notesBefore = notes.length;
  const candidates = [...checked, ...found.neighbours.map(uriOfPath)];
  const local = new FileChecker(host, options.model);
  const jobs = Math.min(options.jobs ?? 1, Math.floor(candidates.length / FILES_PER_WORKER));
  const threads = jobs > 1 && candidates.length >= PARALLEL_MIN_FILES ? jobs : 1;
  // Workers started early and not needed stop now; with files named one by one, none started early.
  const workers = early.length ? early.slice(0, threads - 1) : startWorkers(threads - 1, options.model);
  void stopWorkers(early.slice(workers.length));
  if (threads > 1) {
    (options.tuneV8 ?? tuneV8ForThreads)();
    const pool = startPool(local, workers);
    try {
      return await checkOn(pool, threads);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      // A worker that cannot start or dies (out of memory): the same check on this thread alone gives the same output.
      notes.length = notesBefore;
    } finally {
      await pool.close();
    }
  }
  return checkOn(localSteps(local), 1);

  async function checkOn(steps: CheckSteps, threads: number): Promise<CheckResult> {
    // Every candidate read (by the thread that scans it) with the import closure of a main file (the core's import
    // entries, as in the editor: which mains reach which fragment); a checked main file's findings come with its scan.
    const scans = await steps.scan(candidates.map((uri) => ({ uri, toCheck: checkedSet.has(uri) })));
    // Every file the user asked for must be readable: the first that is not stops the check (exit 2).
    const unreadable = checked.findIndex((_, i) => scans[i].unreadable !== undefined);
    if (unreadable >= 0) throw new UsageError(`cannot read '${displayPath(checked[unreadable], cwd)}': ${scans[unreadable].unreadable}`);
    const imports = new Map<string, ImportEntry>();
    const own = new Map<string, Finding[]>();
    const notUtf8 = new Set<string>();
    const closureFiles = new Set<string>();
    scans.forEach((scan, i) => {
      const uri = candidates[i];
      if (scan.findings) own.set(uri, scan.findings);
      if (scan.notUtf8) notUtf8.add(uri);
      for (const [u, entry] of scan.entries ?? []) {
        imports.set(u, entry);
        if (u !== uri && checkedSet.has(uri) && !checkedSet.has(u)) closureFiles.add(u);
      }
    });
    // Files imported by a checked main file are checked too; this thread reads them (they are few).
    const files = [...checked];
    for (const uri of closureFiles) {
      const text = host.readFile(uri);
      if (text === undefined) continue;
      files.push(uri);
      const bad = host.badEncoding.get(uri);
      if (bad) {
        own.set(uri, [notUtf8Finding(uri, text, bad)]);
        notUtf8.add(uri);
      }
    }

    // Fragments, in the context of the main files that import them.
    const late = files.filter((uri) => !own.has(uri));
    const lateFindings = await steps.check(
      late.map((uri) => ({ uri, near: importersIn(imports, uri)[0] ?? uri })),
      imports,
    );
    late.forEach((uri, i) => own.set(uri, lateFindings[i]));

    const findings: Finding[] = [];
    for (const uri of files) {
      if (!notUtf8.has(uri)) for (const p of local.configFor(uri).problems) if (!notes.includes(p)) notes.push(p);
      findings.push(...own.get(uri)!);
    }
    return { files, findings: sortFindings(findings), notes, threads };
  }
}

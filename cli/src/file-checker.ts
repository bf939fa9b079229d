// One `check` worker's state and its two steps, shared by the single-threaded
// run and the worker threads (check-worker.ts), so both compute exactly the
// same thing: `scan` reads a candidate (each thread reads its own files) and
// its imports and, for a checked main file, its findings at once (a main
// file's findings need no importers); `check` finds a fragment's findings in
// the context of the main files that import it.
import * as path from 'node:path';
import {
  AnalysisCache,
  analyzeDocument,
  findLintConfig,
  importEntry,
  importersIn,
  LineIndex,
  loadWorkspace,
  ruleInfo,
  type Finding,
  type ImportEntry,
  type LintConfig,
} from '../../core/src/index';
import { DiskHost, pathOfUri, type BadEncoding } from './files';

export interface ScanResult {
  /** The import entries of a main file's workspace (itself first); undefined for a fragment or an unreadable file. */
  entries?: [string, ImportEntry][];
  /** The file's findings, when it was to be checked and is a main file or not UTF-8 (the others go through check()). */
  findings?: Finding[];
  /** A file to check that could not be read: why (the main thread stops with a usage error naming it). */
  unreadable?: string;
  /** A file to check that is not UTF-8: its one finding is the VX001 in `findings`. */
  notUtf8?: true;
}

/** A file that is not UTF-8 gets one VX001 at its first bad byte, not findings about mojibake. */
export function notUtf8Finding(uri: string, text: string, bad: BadEncoding): Finding {
  const byte = `0x${bad.byte.toString(16).toUpperCase().padStart(2, '0')}`;
  const message = `File is not valid UTF-8: byte ${byte} at byte offset ${bad.byteOffset}; save it as UTF-8`;
  return { code: 'VX001', severity: ruleInfo('VX001').severity, message, uri, range: new LineIndex(text).range(bad.offset, bad.offset + 1) };
}

export class FileChecker {
  private readonly cache = new AnalysisCache();
  private readonly configs = new Map<string, LintConfig>();
  private readonly configsBySource = new Map<string, LintConfig>();
  private imports = new Map<string, ImportEntry>();

  constructor(
    readonly host: DiskHost,
    private readonly model: boolean,
  ) {}

  /** The nearest `.veltrix-lint.yaml` of a file: one object per config file, so analyses are shared between folders. */
  configFor(uri: string): LintConfig {
    const dir = path.dirname(pathOfUri(uri));
    let config = this.configs.get(dir);
    if (!config) {
      config = findLintConfig(uri, this.host);
      const key = config.source ?? '';
      config = this.configsBySource.get(key) ?? config;
      this.configsBySource.set(key, config);
      this.configs.set(dir, config);
    }
    return config;
  }

  /** `toCheck`: a file the user asked for, which must be readable; the others are neighbours that may import one. */
  scan(uri: string, toCheck: boolean): ScanResult {
    let text: string | undefined;
    if (toCheck) {
      const read = this.host.tryRequired(pathOfUri(uri));
      if ('reason' in read) return { unreadable: read.reason };
      text = read.text;
    } else text = this.host.readFile(uri);
    if (text === undefined) return {};
    let entries: [string, ImportEntry][] | undefined;
    try {
      const ws = loadWorkspace(uri, text, this.host, this.cache);
      if (!ws.main.isFragment) entries = ws.files.map((f) => [f.uri, importEntry(f)]);
    } catch {
      // check() reports problems of this file itself.
    }
    const bad = toCheck ? this.host.badEncoding.get(uri) : undefined;
    // A fragment (or a file whose workspace could not be loaded) waits for every candidate's imports.
    const findings = bad ? [notUtf8Finding(uri, text, bad)] : toCheck && entries ? this.check(uri, text) : undefined;
    // A main file that imports nothing is in no other file's analysis: forgetting its parse and analysis keeps the
    // heap small, and with it the garbage collector's work (most of a long run's time otherwise).
    if (entries?.length === 1) this.cache.delete(uri);
    return bad ? { entries, findings, notUtf8: true } : { entries, findings };
  }

  /** The imports of every candidate, for the fragments' importers. */
  setImports(imports: Map<string, ImportEntry>): void {
    this.imports = imports;
  }

  check(uri: string, text: string): Finding[] {
    try {
      // A fragment in the context of the main files that import it, as in the editor (core: analyzeDocument). The
      // analysis cache hands a main file's analysis back while its files and config are the same, so a main file
      // with N fragments is analysed once, not N times.
      const config = this.configFor(uri);
      return analyzeDocument(uri, text, { host: this.host, cache: this.cache, config, settings: { model: this.model }, importers: (u) => importersIn(this.imports, u) }).findings;
    } catch (e) {
      // The core never throws on user input by contract; if it does anyway,
      // the file gets a finding and the run goes on.
      return [
        {
          code: 'VX099',
          severity: ruleInfo('VX099').severity,
          message: `Internal error while checking this file: ${(e as Error)?.message?.split('\n')[0] ?? e}; please report it`,
          uri,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        },
      ];
    }
  }
}

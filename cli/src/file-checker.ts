// One `check` worker's state and its two steps, shared by the single-threaded
// run and the worker threads (check-worker.ts), so both compute exactly the
// same thing: `scan` reads a candidate's imports and, for a checked main file,
// its findings at once (a main file's findings need no importers); `check`
// finds a fragment's findings in the context of the main files that import it.
import * as path from 'node:path';
import {
  AnalysisCache,
  analyzeDocument,
  findLintConfig,
  importEntry,
  importersIn,
  loadWorkspace,
  ruleInfo,
  type Finding,
  type ImportEntry,
  type LintConfig,
} from '../../core/src/index';
import { DiskHost, pathOfUri } from './files';

export interface ScanResult {
  /** The import entries of a main file's workspace (itself first); undefined for a fragment or an unreadable file. */
  entries?: [string, ImportEntry][];
  /** The file's findings, when it was to be checked and is a main file (the others go through check()). */
  findings?: Finding[];
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

  /** `text` undefined: read it through the host (a neighbour that may import a checked fragment). */
  scan(uri: string, text: string | undefined, toCheck: boolean): ScanResult {
    text ??= this.host.readFile(uri);
    if (text === undefined) return {};
    let entries: [string, ImportEntry][] | undefined;
    try {
      const ws = loadWorkspace(uri, text, this.host, this.cache);
      if (!ws.main.isFragment) entries = ws.files.map((f) => [f.uri, importEntry(f)]);
    } catch {
      // check() reports problems of this file itself.
    }
    // A fragment (or a file whose workspace could not be loaded) waits for every candidate's imports.
    const findings = toCheck && entries ? this.check(uri, text) : undefined;
    // A main file that imports nothing is in no other file's analysis: forgetting its parse and analysis keeps the
    // heap small, and with it the garbage collector's work (most of a long run's time otherwise).
    if (entries?.length === 1) this.cache.delete(uri);
    return { entries, findings };
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

// `veltrix-lint check`: analyse every discovered pipeline file with the same
// core the editor uses. Main files are analysed with their import closure;
// a fragment is checked in the context of every main file (among the checked
// files and their neighbours) that imports it, directly or through other
// fragments. Fragments reached through the imports of a checked main file are
// checked too, since their problems are the pipeline's problems. Each file's
// findings are reported once.
import * as path from 'node:path';
import {
  analyzePipeline,
  FileCache,
  findingsOf,
  findLintConfig,
  LineIndex,
  loadWorkspace,
  ruleInfo,
  sortFindings,
  type Analysis,
  type Finding,
  type LintConfig,
} from '../../core/src/index';
import { DiskHost, discover, displayPath, pathOfUri, uriOfPath } from './files';

export interface CheckOptions {
  model: boolean;
  cwd?: string;
}

export interface CheckResult {
  /** URIs of every checked file, in report order. */
  files: string[];
  findings: Finding[];
  /** Problems in `.veltrix-lint.yaml` files and skipped inputs, one line each (for stderr). */
  notes: string[];
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

export function runCheck(args: string[], options: CheckOptions): CheckResult {
  const cwd = options.cwd ?? process.cwd();
  const host = new DiskHost();
  const cache = new FileCache();
  const notes: string[] = [];
  const found = discover(args, host, cwd);
  for (const s of found.skipped) notes.push(`skipping '${s}': not a Veltrix pipeline file (name it *.veltrix.yaml or start it with 'veltrix: 1')`);

  // Every file the user asked for must be readable.
  const texts = new Map<string, string>();
  for (const p of found.files) texts.set(uriOfPath(p), host.readRequired(p, displayPath(p, cwd)));

  // Import closures of the candidate main files: which mains reach which fragment.
  const importersOf = new Map<string, string[]>();
  const checked = new Set(texts.keys());
  const closureFiles: string[] = [];
  const candidates = [...found.files, ...found.neighbours].map(uriOfPath);
  for (const uri of candidates) {
    const text = texts.get(uri) ?? host.readFile(uri);
    if (text === undefined) continue;
    try {
      const ws = loadWorkspace(uri, text, host, cache);
      if (ws.main.isFragment) continue;
      for (const f of ws.files.slice(1)) {
        const list = importersOf.get(f.uri) ?? [];
        if (!list.includes(uri)) list.push(uri);
        importersOf.set(f.uri, list);
        if (checked.has(uri) && !checked.has(f.uri) && !closureFiles.includes(f.uri)) closureFiles.push(f.uri);
      }
    } catch {
      // analyzeDocument below reports problems of this file itself.
    }
  }
  for (const uri of closureFiles) {
    const text = host.readFile(uri);
    if (text !== undefined) texts.set(uri, text);
  }

  const configs = new Map<string, LintConfig>();
  const configsBySource = new Map<string, LintConfig>();
  const configFor = (uri: string): LintConfig => {
    const dir = path.dirname(pathOfUri(uri));
    let config = configs.get(dir);
    if (!config) {
      config = findLintConfig(uri, host);
      // One object per config file, so analyses can be shared between folders.
      const key = config.source ?? '';
      config = configsBySource.get(key) ?? config;
      configsBySource.set(key, config);
      configs.set(dir, config);
      for (const p of config.problems) if (!notes.includes(p)) notes.push(p);
    }
    return config;
  };

  // Each main file is analysed once per config (not once per fragment it
  // imports): analyzeDocument's contexts with the analyses memoised, so
  // a folder of N fragments under one main file costs one analysis, not N.
  const analyses = new Map<string, Map<LintConfig, Analysis>>();
  const analysisOf = (uri: string, config: LintConfig): Analysis | undefined => {
    let perConfig = analyses.get(uri);
    if (!perConfig) analyses.set(uri, (perConfig = new Map()));
    const hit = perConfig.get(config);
    if (hit) return hit;
    const text = texts.get(uri) ?? host.readFile(uri);
    if (text === undefined) return undefined;
    const a = analyzePipeline(uri, text, { host, cache, config, settings: { model: options.model } });
    perConfig.set(config, a);
    return a;
  };

  const findings: Finding[] = [];
  const files = [...texts.keys()];
  for (const uri of files) {
    // A file that is not UTF-8 gets one VX001 at its first bad byte, not findings about mojibake.
    const bad = host.badEncoding.get(uri);
    if (bad) {
      const byte = `0x${bad.byte.toString(16).toUpperCase().padStart(2, '0')}`;
      const message = `File is not valid UTF-8: byte ${byte} at byte offset ${bad.byteOffset}; save it as UTF-8`;
      findings.push({ code: 'VX001', severity: ruleInfo('VX001').severity, message, uri, range: new LineIndex(texts.get(uri)!).range(bad.offset, bad.offset + 1) });
      continue;
    }
    try {
      const config = configFor(uri);
      const file = cache.get(uri, texts.get(uri)!);
      const contexts = (file.isFragment ? (importersOf.get(uri) ?? []) : [])
        .map((m) => analysisOf(m, config))
        .filter((a): a is Analysis => !!a && a.ws.files.some((f) => f.uri === uri));
      if (contexts.length === 0) contexts.push(analysisOf(uri, config)!);
      findings.push(...findingsOf(uri, contexts));
    } catch (e) {
      // The core never throws on user input by contract; if it does anyway,
      // the file gets a finding and the run goes on.
      findings.push({
        code: 'VX099',
        severity: ruleInfo('VX099').severity,
        message: `Internal error while checking this file: ${(e as Error)?.message?.split('\n')[0] ?? e}; please report it`,
        uri,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      });
    }
  }
  return { files, findings: sortFindings(findings), notes };
}

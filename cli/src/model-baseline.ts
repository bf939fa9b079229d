// `veltrix-lint model <file> --baseline <file | git:<ref>> [--format text|json|markdown]`:
// the model of two versions side by side (spec section 9). Both versions are
// analysed with the same load factor and the same `.veltrix-lint.yaml` (the
// current one), so only the pipeline differs; the comparison itself is the
// core's (core/src/compare).
import * as path from 'node:path';
import { analyzePipeline, FileCache, findLintConfig, type Analysis } from '../../core/src/index';
import { compareModels, type ModelComparison } from '../../core/src/compare/model-diff';
import { comparisonMarkdown, comparisonText } from '../../core/src/compare/report';
import { analyzeFile } from './analyze-file';
import { DiskHost, displayPath, uriOfPath } from './files';
import { GitRevisionHost } from './git-revision';

export type BaselineFormat = 'text' | 'json' | 'markdown';

export interface BaselineJson extends ModelComparison {
  version: 1;
  estimates: true;
  /** The file as named on the command line. */
  file: string;
  /** The baseline as named: `git:<ref>` or a path. */
  baseline: string;
}

/** The baseline version of `file` at a git revision, under the same URI (so imports resolve the same way). */
function analyzeAtRevision(file: string, ref: string, cwd: string, load: number): Analysis {
  const p = path.resolve(cwd, file);
  const uri = uriOfPath(p);
  const host = new GitRevisionHost(ref, path.dirname(p));
  const text = host.readRequired(p, file);
  return analyzePipeline(uri, text, { host, cache: new FileCache(), config: findLintConfig(uri, new DiskHost()), settings: { model: true, load } });
}

/** Column headers: `git:HEAD` and `working tree`, or the two file names (whole paths only when the names are the same). */
function columnLabels(baseline: string, file: string): { before: string; after: string } {
  if (baseline.startsWith('git:')) return { before: baseline, after: 'working tree' };
  const [b, a] = [path.basename(baseline), path.basename(file)];
  return b !== a ? { before: b, after: a } : { before: baseline, after: file };
}

export function runModelBaseline(file: string, baseline: string, options: { load: number; format: BaselineFormat; cwd: string }): string {
  const after = analyzeFile(file, options.cwd, { model: true, load: options.load });
  const before = baseline.startsWith('git:') ? analyzeAtRevision(file, baseline.slice(4), options.cwd, options.load) : analyzeFile(baseline, options.cwd, { model: true, load: options.load });
  const comparison = compareModels(before, after);
  const shown = displayPath(after.ws.main.uri, options.cwd);
  const baselineShown = baseline.startsWith('git:') ? baseline : displayPath(before.ws.main.uri, options.cwd);
  if (options.format === 'json') {
    const json: BaselineJson = { version: 1, estimates: true, file: shown, baseline: baselineShown, ...comparison };
    return JSON.stringify(json, null, 2) + '\n';
  }
  const labels = { file: shown, ...columnLabels(baselineShown, shown) };
  return options.format === 'markdown' ? comparisonMarkdown(comparison, labels) : comparisonText(comparison, labels);
}

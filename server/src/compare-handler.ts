// `veltrix/compareModel`: the open document against a baseline text (its
// last committed version, which the client reads from git), as the same
// before/after report `veltrix-lint model --baseline` prints. The report is
// the core's; this module only picks the two analyses.
import { analyzePipeline, emptyConfig, FileCache, findLintConfig, type Analysis, type FileHost } from '../../core/src/index';
import { compareModels } from '../../core/src/compare/model-diff';
import { comparisonMarkdown } from '../../core/src/compare/report';
import type { CompareModelParams, CompareModelResult } from '../../protocol/src/index';
import type { DocResult } from './analyzer';

export interface CompareDeps {
  /**
   * `after`: the document's current analysis with the model run; `before`:
   * the baseline text analysed as if it were the document (same URI, config
   * and overrides). Undefined when the document is unknown.
   */
  versions(uri: string, baselineText: string): Promise<{ before: Analysis; after: Analysis } | undefined>;
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

export function createCompareResponder(deps: CompareDeps): { respond(params: CompareModelParams): Promise<CompareModelResult | null> } {
  return {
    async respond(params) {
      if (typeof params.uri !== 'string' || typeof params.baselineText !== 'string') return null;
      const versions = await deps.versions(params.uri, params.baselineText);
      if (!versions) return null;
      const { before, after } = versions;
      if (after.ws.main.uri !== params.uri || after.ws.main.isFragment) {
        return { markdown: null, message: `${fileName(params.uri)} is a fragment: compare the main pipeline file that imports it.`, baselineUtilization: {} };
      }
      const comparison = compareModels(before, after);
      const label = typeof params.baselineLabel === 'string' && params.baselineLabel ? params.baselineLabel : 'baseline';
      const markdown = comparisonMarkdown(comparison, { file: fileName(params.uri), before: label, after: 'working copy' });
      const baselineUtilization = Object.fromEntries(comparison.components.map((c) => [c.id, c.utilization.before]));
      return { markdown, baselineUtilization };
    },
  };
}

/**
 * The server's deps: the cached analysis when it ran the model (else the
 * document analysed again with it), and the baseline analysed with the same
 * `.veltrix-lint.yaml` and rule overrides, in a cache of its own (the
 * baseline text must not replace the document's parse).
 */
export function serverCompareDeps(resultOf: (uri: string) => Promise<DocResult | undefined>, host: FileHost, trusted: () => boolean): CompareDeps {
  const options = (uri: string, r: DocResult) => ({
    host,
    cache: new FileCache(),
    config: trusted() ? findLintConfig(uri, host) : emptyConfig(),
    overrides: r.settings.rules,
    settings: { model: true },
  });
  return {
    async versions(uri, baselineText) {
      const r = await resultOf(uri);
      const a = r?.scope.analyses[0];
      if (!r || !a) return undefined;
      const after = r.settings.model.enabled && a.ws.main.uri === uri ? a : analyzePipeline(uri, a.ws.files.find((f) => f.uri === uri)?.text ?? a.ws.main.text, options(uri, r));
      return { before: analyzePipeline(uri, baselineText, options(uri, r)), after };
    },
  };
}

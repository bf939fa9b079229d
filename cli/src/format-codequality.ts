// GitLab code quality (`--format codequality`): the Code Climate issue list
// GitLab reads from `artifacts: reports: codequality`, shown in merge
// requests as new and fixed issues. Paths are relative to the repository root
// (as for SARIF), and the fingerprint is SARIF's, so an issue keeps its
// identity across unrelated edits.
import { docsUrl, ruleInfo, type Severity } from '../../core/src/index';
import type { CheckResult } from './check';
import { fingerprints } from './fingerprint';
import { reportBase, type ReportOptions } from './report-base';
import { ruleFamily } from './sarif-rules';

const GITLAB_SEVERITY: Record<Severity, 'critical' | 'major' | 'minor' | 'info'> = { error: 'critical', warning: 'major', info: 'minor', hint: 'info' };

/** Code Climate categories from our tags. */
function categories(code: string): string[] {
  return ruleFamily(code).tags.includes('performance') ? ['Performance'] : ['Bug Risk'];
}

export function checkCodeQuality(result: CheckResult, options: ReportOptions = {}) {
  const base = reportBase(options);
  const pathOf = (uri: string) => base.relative(uri) ?? uri;
  const prints = fingerprints(result.findings, pathOf, base.lines);
  return result.findings.map((f, i) => ({
    type: 'issue',
    check_name: `${f.code} ${ruleInfo(f.code).name}`,
    description: `${f.code} ${f.message}`,
    content: { body: `[${f.code} ${ruleInfo(f.code).name}](${docsUrl(f.code)})` },
    categories: categories(f.code),
    severity: GITLAB_SEVERITY[f.severity],
    fingerprint: prints[i],
    location: { path: pathOf(f.uri), lines: { begin: f.range.start.line + 1, end: f.range.end.line + 1 } },
  }));
}

export function formatCodeQuality(result: CheckResult, options?: ReportOptions): string {
  return JSON.stringify(checkCodeQuality(result, options), null, 2) + '\n';
}

// The machine format (`--format json`). Stable: fields are only ever added.
// {
//   version: 1,
//   tool: { name, version },
//   files: ["relative/path.veltrix.yaml", ...],          // every checked file
//   findings: [{ file, uri, line, column, endLine, endColumn,  // 1-based, UTF-16 columns
//                severity, code, rule, message, docs,
//                related: [{ file, uri, line, column, endLine, endColumn, message }] }],
//   summary: { errors, warnings, infos, hints, files }
// }
import { docsUrl, ruleInfo, type Range } from '../../core/src/index';
import { summarize, type CheckResult } from './check';
import { displayPath } from './files';

function span(range: Range) {
  return { line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

export function checkJson(result: CheckResult, toolVersion: string, cwd?: string) {
  return {
    version: 1,
    tool: { name: 'veltrix-lint', version: toolVersion },
    files: result.files.map((u) => displayPath(u, cwd)),
    findings: result.findings.map((f) => ({
      file: displayPath(f.uri, cwd),
      uri: f.uri,
      ...span(f.range),
      severity: f.severity,
      code: f.code,
      rule: ruleInfo(f.code).name,
      message: f.message,
      docs: docsUrl(f.code),
      related: (f.related ?? []).map((r) => ({ file: displayPath(r.location.uri, cwd), uri: r.location.uri, ...span(r.location.range), message: r.message })),
    })),
    summary: summarize(result),
  };
}

export function formatJson(result: CheckResult, toolVersion: string, cwd?: string): string {
  return JSON.stringify(checkJson(result, toolVersion, cwd), null, 2) + '\n';
}

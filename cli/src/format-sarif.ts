// SARIF 2.1.0 (`--format sarif`) for code-scanning services, GitHub's rules
// included (test/cli/sarif.test.ts runs Microsoft's SARIF Multitool on it).
// One run; the driver's rules table lists every code of the catalog with its
// help (cli/src/sarif-rules.ts). Paths are relative URIs against `%SRCROOT%`,
// the repository root (the nearest `.git` above the working directory, or
// `--base-dir`), so alerts land on the right files from any subfolder; a file
// outside it gets an absolute `file://` URI. Related locations are linked from
// the message (`[text](id)`), the only way GitHub shows them. Regions are
// 1-based, columns in UTF-16 code units.
import { URI } from 'vscode-uri';
import { CATALOG, type LineIndex, type Location, type Range } from '../../core/src/index';
import type { CheckResult } from './check';
import { reportBase, type ReportOptions } from './report-base';
import { FINGERPRINT_KEY, fingerprints } from './fingerprint';
import { LEVEL, sarifRule } from './sarif-rules';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/veltrix/veltrix-pipelines#readme';

export type SarifOptions = ReportOptions;

const CONTEXT_LINES = 2;

function region(range: Range) {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/** The flagged text as the region's snippet, and a few whole lines around it as the context region (for viewers without the repository). */
function withSnippets(range: Range, lines: LineIndex | undefined) {
  if (!lines) return { region: region(range) };
  const last = lines.position(lines.text.length).line;
  const from = Math.max(0, range.start.line - CONTEXT_LINES);
  const to = Math.min(last, range.end.line + CONTEXT_LINES);
  const contextText = lines.text.slice(lines.lineStart(from), to + 1 <= last ? lines.lineStart(to + 1) : lines.text.length);
  return {
    region: { ...region(range), snippet: { text: lines.text.slice(lines.offset(range.start), lines.offset(range.end)) } },
    contextRegion: { startLine: from + 1, endLine: to + 1, snippet: { text: contextText } },
  };
}

/** SARIF message text: literal brackets escaped (3.11.6), so that only our `[text](id)` links are links. */
function escapeText(text: string): string {
  return text.replace(/\\(?=[[\]])/g, '\\\\').replace(/[[\]]/g, '\\$&');
}

export function checkSarif(result: CheckResult, toolVersion: string, options: SarifOptions = {}) {
  const base = reportBase(options);
  const artifactLocation = (uri: string): { uri: string; uriBaseId?: string } => {
    const rel = base.relative(uri);
    return rel !== undefined ? { uri: rel.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' } : { uri };
  };
  const physical = (loc: Location, snippets = false) => ({
    physicalLocation: { artifactLocation: artifactLocation(loc.uri), ...(snippets ? withSnippets(loc.range, base.lines(loc.uri)) : { region: region(loc.range) }) },
  });

  const catalog = [...CATALOG.values()];
  const index = new Map(catalog.map((r, i) => [r.code, i]));
  const prints = fingerprints(result.findings, (uri) => artifactLocation(uri).uri, base.lines);
  const results = result.findings.map((f, i) => {
    const related = f.related ?? [];
    const links = related.map((r, j) => `[${escapeText(r.message)}](${j + 1})`).join('; ');
    return {
      ruleId: f.code,
      ...(index.has(f.code) ? { ruleIndex: index.get(f.code) } : {}),
      level: LEVEL[f.severity],
      message: { text: escapeText(f.message) + (links ? ` (see ${links})` : '') },
      locations: [physical({ uri: f.uri, range: f.range }, true)],
      partialFingerprints: { [FINGERPRINT_KEY]: prints[i] },
      ...(related.length ? { relatedLocations: related.map((r, j) => ({ id: j + 1, ...physical(r.location), message: { text: r.message } })) } : {}),
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'veltrix-lint', informationUri: INFORMATION_URI, version: toolVersion, semanticVersion: toolVersion, rules: catalog.map(sarifRule) } },
        automationDetails: { id: 'veltrix-lint/' },
        originalUriBaseIds: { '%SRCROOT%': { uri: URI.file(base.dir).toString().replace(/\/?$/, '/') } },
        artifacts: result.files.map((u) => ({ location: artifactLocation(u) })),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(result: CheckResult, toolVersion: string, options?: SarifOptions): string {
  return JSON.stringify(checkSarif(result, toolVersion, options), null, 2) + '\n';
}

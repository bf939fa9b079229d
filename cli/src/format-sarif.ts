// SARIF 2.1.0 (`--format sarif`) for code-scanning services. One run; the
// driver's rules table lists every code of the catalog with its docs link.
// Locations inside the working directory are relative URIs against the
// `%SRCROOT%` base (declared in `originalUriBaseIds` as the working
// directory), which is what GitHub code scanning expects; files outside it
// get absolute `file://` URIs. Regions are 1-based, columns in UTF-16 code units.
import * as path from 'node:path';
import { CATALOG, docsUrl, type Location, type Range, type Severity } from '../../core/src/index';
import type { CheckResult } from './check';
import { pathOfUri } from './files';
import { URI } from 'vscode-uri';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/veltrix/veltrix-pipelines#readme';

function region(range: Range) {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

function artifactLocation(uri: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = path.relative(cwd, pathOfUri(uri));
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  }
  return { uri };
}

function physical(loc: Location, cwd: string) {
  return { physicalLocation: { artifactLocation: artifactLocation(loc.uri, cwd), region: region(loc.range) } };
}

export function checkSarif(result: CheckResult, toolVersion: string, cwd = process.cwd()) {
  const catalog = [...CATALOG.values()];
  const index = new Map(catalog.map((r, i) => [r.code, i]));
  const rules = catalog.map((r) => ({
    id: r.code,
    name: r.name,
    shortDescription: { text: r.summary.replace(/`/g, '') || r.name },
    helpUri: docsUrl(r.code),
    defaultConfiguration: { level: LEVEL[r.severity] },
  }));
  const results = result.findings.map((f) => ({
    ruleId: f.code,
    ...(index.has(f.code) ? { ruleIndex: index.get(f.code) } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [physical({ uri: f.uri, range: f.range }, cwd)],
    ...(f.related?.length
      ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, ...physical(r.location, cwd), message: { text: r.message } })) }
      : {}),
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'veltrix-lint', informationUri: INFORMATION_URI, version: toolVersion, semanticVersion: toolVersion, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: URI.file(cwd).toString().replace(/\/?$/, '/') } },
        artifacts: result.files.map((u) => ({ location: artifactLocation(u, cwd) })),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(result: CheckResult, toolVersion: string, cwd?: string): string {
  return JSON.stringify(checkSarif(result, toolVersion, cwd), null, 2) + '\n';
}

// Fingerprints for SARIF (`partialFingerprints`) and GitLab code quality:
// what makes a finding the same finding from one commit to the next, so that
// code scanning keeps one alert (and a merge request shows no "new" issue)
// when unrelated lines move. A finding is its
// code, its file (relative to the repository) and the YAML path it sits at
// (`sources.orders.parallelism`: component id plus key path), with a counter
// for several findings of one code at one path. Line numbers, columns and
// messages (which carry modelled figures) are left out.
import { createHash } from 'node:crypto';
import { LineIndex, type Finding, type Position } from '../../core/src/index';
import { parseYaml } from '../../core/src/parse/yaml';
import { pathAt, type YNode } from '../../core/src/parse/tree';

export const FINGERPRINT_KEY = 'veltrixFinding/v1';

interface Parsed {
  lines: LineIndex;
  root: YNode | undefined;
}

/** Where a finding sits: its YAML path, or (outside any key: syntax errors) the trimmed text of its line. */
function place(file: Parsed, pos: Position): string {
  const steps = pathAt(file.root, file.lines.offset(pos)).steps;
  if (steps.length) return `path:${JSON.stringify(steps.map((s) => ('key' in s ? s.key : s.index)))}`;
  return `line:${file.lines.lineText(pos.line).trim()}`;
}

/** One fingerprint per finding (same order). `artifact` names a file as the SARIF does; `lines` indexes the text the findings were computed on. */
export function fingerprints(findings: Finding[], artifact: (uri: string) => string, lines: (uri: string) => LineIndex | undefined): string[] {
  const files = new Map<string, Parsed | null>();
  const seen = new Map<string, number>();
  return findings.map((f) => {
    let file = files.get(f.uri);
    if (file === undefined) {
      const index = lines(f.uri);
      file = index ? { lines: index, root: parseYaml(index.text).root } : null;
      files.set(f.uri, file);
    }
    const key = [f.code, artifact(f.uri), file ? place(file, f.range.start) : `line:${f.range.start.line}`].join('\0');
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return createHash('sha256').update(`${key}\0${n}`).digest('hex').slice(0, 32);
  });
}

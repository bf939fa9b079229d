// `.veltrix-lint.yaml` (per-code severity overrides, found by walking up from
// the file) and `# veltrix-disable-next-line VXnnn` comments. Both the editor
// and the CLI apply findings through applyConfig, so they always agree.
import { parse } from 'yaml';
import { URI, Utils } from 'vscode-uri';
import type { FileHost, Finding, SeverityOverride } from './types';
import { CATALOG } from './rules/catalog';
import type { LineIndex } from './text';

export interface LintConfig {
  rules: Record<string, SeverityOverride>;
  /** Where it was read from, when it came from a file. */
  source?: string;
  /** Problems in the config file itself, as one-line messages. */
  problems: string[];
}

export const CONFIG_FILE = '.veltrix-lint.yaml';
const LEVELS = new Set(['off', 'hint', 'info', 'warning', 'error']);

export function emptyConfig(): LintConfig {
  return { rules: {}, problems: [] };
}

export function parseLintConfig(text: string, source?: string): LintConfig {
  const config: LintConfig = { rules: {}, problems: [], source };
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 100 });
  } catch (e) {
    config.problems.push(`${source ?? CONFIG_FILE}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    return config;
  }
  if (data === null || data === undefined) return config;
  const rules = (data as { rules?: unknown }).rules;
  if (typeof data !== 'object' || (rules !== undefined && (typeof rules !== 'object' || rules === null || Array.isArray(rules)))) {
    config.problems.push(`${source ?? CONFIG_FILE}: expected 'rules:' to map codes to off|info|warning|error`);
    return config;
  }
  for (const [code, level] of Object.entries((rules ?? {}) as Record<string, unknown>)) {
    const l = level === false ? 'off' : String(level);
    if (!CATALOG.has(code)) config.problems.push(`${source ?? CONFIG_FILE}: unknown rule code '${code}'`);
    else if (!LEVELS.has(l)) config.problems.push(`${source ?? CONFIG_FILE}: '${code}: ${l}' must be one of off, info, warning, error`);
    else config.rules[code] = l as SeverityOverride;
  }
  return config;
}

/** Walks up from the file's folder to the filesystem root; the nearest config wins. */
export function findLintConfig(fileUri: string, host: FileHost, stopAt?: string): LintConfig {
  let dir = Utils.dirname(URI.parse(fileUri));
  for (let i = 0; i < 64; i++) {
    const candidate = Utils.joinPath(dir, CONFIG_FILE).toString();
    const text = host.readFile(candidate);
    if (text !== undefined) return parseLintConfig(text, candidate);
    if (stopAt && dir.toString() === stopAt) break;
    const parent = Utils.dirname(dir);
    if (parent.path === dir.path) break;
    dir = parent;
  }
  return emptyConfig();
}

const DISABLE = /#\s*veltrix-disable-next-line\b([^\n]*)/;

/** Whether a text has a suppression comment at all, once per text: most have none (13,635 findings looked up per edit). */
const mentionsDisable = new WeakMap<LineIndex, boolean>();

/** Codes disabled for `line` by a comment on the line above; '*' means all. */
function disabledCodes(lines: LineIndex, line: number): Set<string> | undefined {
  if (line === 0) return undefined;
  let mentions = mentionsDisable.get(lines);
  if (mentions === undefined) mentionsDisable.set(lines, (mentions = lines.text.includes('veltrix-disable-next-line')));
  if (!mentions) return undefined;
  const m = DISABLE.exec(lines.lineText(line - 1));
  if (!m) return undefined;
  const codes = m[1].split(/[\s,]+/).filter((c) => /^VX\d{3}$/.test(c));
  return new Set(codes.length ? codes : ['*']);
}

/** Applies severity overrides and suppression comments. Syntax errors are never suppressed. */
export function applyConfig(findings: Finding[], config: LintConfig, linesOf: (uri: string) => LineIndex | undefined, overrides: Record<string, SeverityOverride> = {}): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const level = overrides[f.code] ?? config.rules[f.code];
    if (level === 'off' && f.code !== 'VX001') continue;
    const lines = linesOf(f.uri);
    if (lines && f.code !== 'VX001') {
      const disabled = disabledCodes(lines, f.range.start.line);
      if (disabled && (disabled.has('*') || disabled.has(f.code))) continue;
    }
    out.push(level && level !== 'off' ? { ...f, severity: level } : f);
  }
  return out;
}

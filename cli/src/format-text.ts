// The human format: one line per finding, `path:line:col severity code message`
// (1-based line and column, path relative to the working directory), related
// locations indented below it, then one summary line.
import type { Finding } from '../../core/src/index';
import type { CheckResult, Summary } from './check';
import { summarize } from './check';
import { displayPath } from './files';

export interface TextOptions {
  color: boolean;
  /** Print only error-level findings (the summary still counts everything). */
  quiet: boolean;
  cwd?: string;
}

const ANSI = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', yellow: '\x1b[33m', blue: '\x1b[34m', green: '\x1b[32m' };

/** Colour only on a terminal, never when NO_COLOR is set; FORCE_COLOR forces it (for tests and CI logs). */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return !!stream.isTTY;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(s: Summary): string {
  const infos = s.infos + s.hints;
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(infos, 'info')} in ${plural(s.files, 'file')}`;
}

function paint(color: boolean, code: string, text: string): string {
  return color ? `${code}${text}${ANSI.reset}` : text;
}

const SEVERITY_COLOR: Record<Finding['severity'], string> = { error: ANSI.red, warning: ANSI.yellow, info: ANSI.blue, hint: ANSI.dim };

export function formatText(result: CheckResult, options: TextOptions): string {
  const { color, quiet, cwd } = options;
  const lines: string[] = [];
  for (const f of result.findings) {
    if (quiet && f.severity !== 'error') continue;
    const where = `${displayPath(f.uri, cwd)}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
    lines.push(`${paint(color, ANSI.bold, where)} ${paint(color, SEVERITY_COLOR[f.severity], f.severity)} ${paint(color, ANSI.dim, f.code)} ${f.message}`);
    for (const r of f.related ?? []) {
      const at = `${displayPath(r.location.uri, cwd)}:${r.location.range.start.line + 1}:${r.location.range.start.character + 1}`;
      lines.push(`  ${paint(color, ANSI.dim, `${at} ${r.message}`)}`);
    }
  }
  const s = summarize(result);
  const summary = summaryLine(s);
  lines.push(color ? paint(color, s.errors ? ANSI.red : s.warnings ? ANSI.yellow : ANSI.green, summary) : summary);
  return lines.join('\n') + '\n';
}

// Before/after report as text (terminal) and markdown (pull-request comment,
// editor preview). Both render the same rows from a ModelComparison; the
// figures are formatted by capacity/format.ts like every other model figure.
import { bytesText, msText, pct, rateText } from '../capacity/format';
import type { ComponentChange, FigureChange, FindingRef, LatencyChange, ModelComparison, VerdictChange } from './model-diff';

export interface ComparisonLabels {
  /** The file as the user named it. */
  file: string;
  /** What the baseline is: `git:HEAD`, a file name. */
  before: string;
  /** What the current version is: the file name, `working copy`. */
  after: string;
}

type Kind = 'rate' | 'ms' | 'bytes' | 'workers' | 'share';

const MINUS = '−';

function value(kind: Kind, v: number | null): string {
  if (v === null) return '—';
  if (kind === 'rate') return rateText(v);
  if (kind === 'ms') return msText(v);
  if (kind === 'bytes') return bytesText(v);
  if (kind === 'share') return pct(v);
  return Number(v.toPrecision(3)).toString();
}

function latencyValue(f: LatencyChange, side: 'before' | 'after'): string {
  return f.unbounded[side] ? 'unbounded' : value('ms', f[side]);
}

/** Signed change and its relative size: `+30.2k/s` and `x38.9`, `−1.5 s` and `−75%`, `+12 pp` alone. */
function changeParts(kind: Kind, f: FigureChange): { abs: string; rel?: string } | '=' | undefined {
  if (f.change === null || f.before === null || f.after === null) return undefined;
  if (f.change === 0) return '=';
  const sign = f.change > 0 ? '+' : MINUS;
  if (kind === 'share') return { abs: `${sign}${Math.abs(Math.round(f.change * 100))} pp` };
  const abs = sign + (kind === 'workers' ? Number(Math.abs(f.change).toPrecision(3)).toString() : value(kind, Math.abs(f.change)));
  if (f.before <= 0) return { abs };
  const ratio = f.after / f.before;
  return { abs, rel: ratio >= 2 ? `x${Number(ratio.toPrecision(3))}` : `${sign}${Math.abs(Math.round((ratio - 1) * 100))}%` };
}

/** `+30.2k/s (x38.9)`, `−1.5 s (−75%)`, `+12 pp`, `=` or `—`. */
function changeText(kind: Kind, f: FigureChange): string {
  const p = changeParts(kind, f);
  if (p === undefined) return '—';
  if (p === '=') return '=';
  return p.rel ? `${p.abs} (${p.rel})` : p.abs;
}

/** The short form for a component cell: the relative change only (`+51%`, `x3`, `+12 pp`). */
function shortChange(kind: Kind, f: FigureChange): string {
  const p = changeParts(kind, f);
  return p === undefined || p === '=' ? '' : (p.rel ?? p.abs);
}

function latencyChange(f: LatencyChange, short = false): string {
  if (f.unbounded.before && !f.unbounded.after && f.after !== null) return 'now bounded';
  if (!f.unbounded.before && f.unbounded.after) return 'now unbounded';
  return short ? shortChange('ms', f) : changeText('ms', f);
}

function verdictText(v: boolean | null): string {
  return v === null ? '—' : v ? 'met' : 'NOT MET';
}

function verdictChange(v: VerdictChange): string {
  if (v.before === v.after) return '=';
  if (v.after === true) return 'now met';
  if (v.after === false) return 'now NOT MET';
  return 'no longer checked';
}

/** `19.3 of 24` (runtime.workers), or the figure alone when the workers are unknown. */
function busyCell(busy: number | null, workers: number | null): string {
  return busy !== null && workers !== null ? `${value('workers', busy)} of ${workers}` : value('workers', busy);
}

/** Pipeline rows: label, before, after, change. */
function pipelineRows(c: ModelComparison): string[][] {
  const p = c.pipeline;
  const rows: string[][] = [
    ['max sustainable ingest', value('rate', p.maxIngest.before), value('rate', p.maxIngest.after), changeText('rate', p.maxIngest)],
    ['end-to-end p99', latencyValue(p.endToEndP99Ms, 'before'), latencyValue(p.endToEndP99Ms, 'after'), latencyChange(p.endToEndP99Ms)],
    ['memory', value('bytes', p.memoryBytes.before), value('bytes', p.memoryBytes.after), changeText('bytes', p.memoryBytes)],
    ['busy workers', busyCell(p.busyWorkers.before, p.workers.before), busyCell(p.busyWorkers.after, p.workers.after), changeText('workers', p.busyWorkers)],
  ];
  const slo: Array<[string, Kind, VerdictChange]> = [
    ['slo.latency_p99', 'ms', p.slo.latencyP99Ms],
    ['slo.throughput', 'rate', p.slo.throughput],
    ['runtime.memory', 'bytes', p.slo.memoryBudgetBytes],
  ];
  for (const [name, kind, v] of slo) {
    if (v.target.before === null && v.target.after === null) continue;
    const side = (t: number | null, ok: boolean | null) => (t === null ? '—' : `${value(kind, t)}: ${verdictText(ok)}`);
    rows.push([name, side(v.target.before, v.before), side(v.target.after, v.after), verdictChange(v)]);
  }
  return rows;
}

/** `91% → 39% (−52 pp)`; a single value when unchanged. */
function pairCell(before: string, after: string, change: string): string {
  if (before === after) return after;
  return change ? `${before} → ${after} (${change})` : `${before} → ${after}`;
}

function componentRow(f: ComponentChange): string[] {
  return [
    f.id,
    f.type ?? '?',
    f.status === 'added' || f.status === 'removed' ? f.status : '',
    pairCell(value('share', f.utilization.before), value('share', f.utilization.after), shortChange('share', f.utilization)),
    pairCell(latencyValue(f.p99Ms, 'before'), latencyValue(f.p99Ms, 'after'), latencyChange(f.p99Ms, true)),
    pairCell(value('bytes', f.memoryBytes.before), value('bytes', f.memoryBytes.after), shortChange('bytes', f.memoryBytes)),
  ];
}

function findingLine(f: FindingRef): string {
  const where = `${f.file ? `${f.file}:` : 'line '}${f.line}`;
  return `${f.severity} ${f.code} ${f.component ? `[${f.component}] ` : ''}${f.message} (${where})`;
}

function headline(c: ModelComparison, labels: ComparisonLabels): string {
  const load = c.load !== 1 ? `, at ${Number(c.load.toPrecision(3))}x the declared load` : '';
  return `Capacity model of ${labels.file}: ${labels.before} → ${labels.after} (estimates${load})`;
}

function notModelled(c: ModelComparison, labels: ComparisonLabels): string[] {
  const out: string[] = [];
  if (!c.modelled.before) out.push(`${labels.before}: no capacity model (no source declares a 'rate')`);
  if (!c.modelled.after) out.push(`${labels.after}: no capacity model (no source declares a 'rate')`);
  return out;
}

function table(head: string[], rows: string[][], right: Set<number>): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => (right.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** Plain text for a terminal. */
export function comparisonText(c: ModelComparison, labels: ComparisonLabels): string {
  const out = [headline(c, labels), ''];
  out.push(...notModelled(c, labels));
  out.push(...table(['pipeline', labels.before, labels.after, 'change'], pipelineRows(c), new Set([1, 2, 3])), '');
  if (c.components.length) {
    out.push(...table(['component', 'type', '', 'utilisation', 'p99', 'memory'], c.components.map(componentRow), new Set()), '');
  }
  const { appeared, disappeared, unchanged } = c.findings;
  out.push(`Findings: ${appeared.length} new, ${disappeared.length} gone, ${unchanged} unchanged`);
  for (const f of appeared) out.push(`  + ${findingLine(f)}`);
  for (const f of disappeared) out.push(`  - ${findingLine(f)}`);
  out.push('', 'All figures are estimates from the configuration (M/M/c queues, Poisson arrivals); see docs/model.md.');
  return out.join('\n') + '\n';
}

/** Markdown table cell: pipes escaped, line breaks flattened, code spans for ids. */
function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/</g, '&lt;');
}

function mdTable(head: string[], rows: string[][], align: string[]): string[] {
  return [`| ${head.map(cell).join(' | ')} |`, `|${align.join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/** Up to this many components the markdown lists them all; above, only those that changed. */
export const MD_ALL_COMPONENTS_UP_TO = 40;
/** Component rows in the markdown at most. */
export const MD_ROWS_UP_TO = 150;
/** New and gone findings listed in the markdown, each. */
export const MD_FINDINGS_UP_TO = 30;

/** Markdown for a pull-request comment or the editor's preview. */
export function comparisonMarkdown(c: ModelComparison, labels: ComparisonLabels): string {
  const out = [`### ${cell(headline(c, labels))}`, ''];
  for (const line of notModelled(c, labels)) out.push(`> ${cell(line)}`, '');
  out.push(...mdTable(['', labels.before, labels.after, 'change'], pipelineRows(c).map((r) => [`**${cell(r[0])}**`, ...r.slice(1).map(cell)]), ['---', '---:', '---:', '---:']), '');

  if (c.components.length) {
    const counts = (['changed', 'added', 'removed'] as const).map((s) => `${c.components.filter((f) => f.status === s).length} ${s}`).join(', ');
    out.push(`<details open><summary>Components: ${counts}</summary>`, '');
    // A big pipeline lists what changed only: a pull-request comment has a size limit (GitHub: 65,536 characters).
    const changed = c.components.length <= MD_ALL_COMPONENTS_UP_TO ? c.components : c.components.filter((f) => f.status !== 'unchanged');
    const listed = changed.slice(0, MD_ROWS_UP_TO);
    const code = (id: string) => (id.includes('`') ? cell(id) : `\`${cell(id)}\``);
    const rows = listed.map(componentRow).map(([id, type, status, ...rest]) => [code(id), cell(type), status ? `**${status}**` : '', ...rest.map(cell)]);
    if (rows.length) out.push(...mdTable(['component', 'type', '', 'utilisation', 'p99', 'memory'], rows, ['---', '---', '---', '---:', '---:', '---:']), '');
    const notes: string[] = [];
    if (changed.length < c.components.length) notes.push(`${c.components.length - changed.length} unchanged`);
    if (listed.length < changed.length) notes.push(`${changed.length - listed.length} more changed`);
    if (notes.length) out.push(`${notes.join(' and ')} components are not listed (the text and JSON forms list every component).`, '');
    out.push('</details>', '');
  }

  const { appeared, disappeared, unchanged } = c.findings;
  out.push(`**Findings**: ${appeared.length} new, ${disappeared.length} gone, ${unchanged} unchanged`, '');
  for (const f of appeared.slice(0, MD_FINDINGS_UP_TO)) out.push(`- ➕ ${cell(findingLine(f))}`);
  if (appeared.length > MD_FINDINGS_UP_TO) out.push(`- … and ${appeared.length - MD_FINDINGS_UP_TO} more new`);
  for (const f of disappeared.slice(0, MD_FINDINGS_UP_TO)) out.push(`- ➖ ~~${cell(findingLine(f))}~~`);
  if (disappeared.length > MD_FINDINGS_UP_TO) out.push(`- … and ${disappeared.length - MD_FINDINGS_UP_TO} more gone`);
  if (appeared.length || disappeared.length) out.push('');
  out.push('<sub>Estimates from the configuration (M/M/c queues, Poisson arrivals), by veltrix-lint.</sub>');
  return out.join('\n') + '\n';
}

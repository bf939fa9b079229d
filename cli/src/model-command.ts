// `veltrix-lint model <file> [--load 1.3] [--format text|json]`.
// TODO(model engineer): replace the interim report below with
// cli/src/model-report.ts (`formatModelText`, `modelJson`) once it lands.
import type { Analysis } from '../../core/src/index';
import { bytesText, loadText, msText, pct, rateText } from '../../core/src/capacity/format';
import { analyzeFile } from './analyze-file';
import { displayPath } from './files';

function interimJson(a: Analysis, cwd: string) {
  return { version: 1, file: displayPath(a.ws.main.uri, cwd), estimate: true, model: a.capacity ?? null };
}

function interimText(a: Analysis, cwd: string): string {
  const file = displayPath(a.ws.main.uri, cwd);
  const c = a.capacity;
  if (!c) return `${file}: no capacity model: no source declares a 'rate' (add e.g. 'rate: 5k/s' to a source)\n`;
  const lines = [`Capacity model of ${file} (estimates) at load x${c.load}`];
  const rows = c.components.map((f) => [f.id, rateText(f.inputRate), rateText(f.outputRate), pct(f.utilization), msText(f.p99Ms), bytesText(f.memoryBytes), loadText(f.saturatesAtLoad)]);
  const head = ['component', 'in', 'out', 'busy', 'p99', 'memory', 'saturates at'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [head, ...rows]) lines.push(r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
  lines.push(`max sustainable ingest ${rateText(c.maxIngest)}; end-to-end p99 ${msText(c.endToEndP99Ms)} via ${c.criticalPath.join(' -> ') || '—'}; memory ${bytesText(c.memoryBytes)}`);
  return lines.join('\n') + '\n';
}

export function runModel(file: string, options: { load: number; format: 'text' | 'json'; cwd: string }): string {
  const analysis = analyzeFile(file, options.cwd, { model: true, load: options.load });
  if (options.format === 'json') return JSON.stringify(interimJson(analysis, options.cwd), null, 2) + '\n';
  return interimText(analysis, options.cwd);
}

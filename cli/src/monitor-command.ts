// `veltrix-lint monitor <file> [--out <dir>]`: the Prometheus rules, their
// promtool tests and the Grafana dashboard generated from the pipeline
// (spec section 12; core/src/monitoring). Exit 0 when written; 1 when the
// pipeline has errors (nothing is written: monitoring of a broken pipeline
// would be wrong); 2 for bad usage, an unreadable file, a fragment, or an
// output directory that cannot be written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateMonitoring } from '../../core/src/monitoring/index';
import { analyzeFile } from './analyze-file';
import { displayPath, pathOfUri, UsageError } from './files';

export interface MonitorResult {
  code: 0 | 1;
  stdout: string;
  stderr: string;
}

export function runMonitor(file: string, options: { out?: string; cwd: string }): MonitorResult {
  const analysis = analyzeFile(file, options.cwd, { model: true });
  const main = analysis.ws.main;
  const shown = displayPath(main.uri, options.cwd);
  if (main.isFragment) throw new UsageError(`'${shown}' is a fragment (no pipeline:): generate the monitoring of a main file`);
  const errors = analysis.findings.filter((f) => f.severity === 'error');
  if (errors.length) {
    const lines = errors.slice(0, 5).map((f) => `${displayPath(f.uri, options.cwd)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.message}`);
    const more = errors.length > 5 ? [`... and ${errors.length - 5} more (veltrix-lint check ${shown})`] : [];
    return { code: 1, stdout: '', stderr: [`veltrix-lint: '${shown}' has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} before generating its monitoring:`, ...lines, ...more].join('\n') + '\n' };
  }
  const files = generateMonitoring(analysis, shown);
  const outDir = options.out !== undefined ? path.resolve(options.cwd, options.out) : path.join(path.dirname(pathOfUri(main.uri)), 'monitoring');
  const written: string[] = [];
  try {
    fs.mkdirSync(outDir, { recursive: true });
    for (const [name, text] of [[files.names.rules, files.rules], [files.names.tests, files.tests], [files.names.dashboard, files.dashboard]]) {
      const p = path.join(outDir, name);
      fs.writeFileSync(p, text);
      written.push(displayPath(p, options.cwd));
    }
  } catch (e) {
    throw new UsageError(`cannot write to '${displayPath(outDir, options.cwd)}': ${(e as Error).message.split('\n')[0]}`);
  }
  const alerts = files.ruleSet.alerts.length;
  const cases = files.ruleSet.alerts.reduce((n, a) => n + a.cases.length, 0);
  return { code: 0, stdout: `${written.join('\n')}\n${files.ruleSet.recording.length} recording rules, ${alerts} alerts, ${cases} rule tests\n`, stderr: '' };
}

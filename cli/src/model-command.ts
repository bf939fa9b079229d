// `veltrix-lint model <file> [--load 1.3] [--format text|json]`.
import { formatModelText, modelJson } from './model-report';
import { analyzeFile } from './analyze-file';
import { displayPath } from './files';

export function runModel(file: string, options: { load: number; format: 'text' | 'json'; cwd: string }): string {
  const analysis = analyzeFile(file, options.cwd, { model: true, load: options.load });
  const shown = displayPath(analysis.ws.main.uri, options.cwd);
  if (options.format === 'json') return JSON.stringify(modelJson(analysis.capacity, shown, options.load), null, 2) + '\n';
  return formatModelText(analysis.capacity, analysis, { file: shown });
}

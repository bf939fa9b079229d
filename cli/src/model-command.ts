// `veltrix-lint model <file> [--load 1.3] [--format text|json]`.
import { analyzeFile } from './analyze-file';
import { UsageError } from './files';

export function runModel(file: string, options: { load: number; format: 'text' | 'json'; cwd: string }): string {
  const analysis = analyzeFile(file, options.cwd, { model: true, load: options.load });
  // TODO(model engineer): format with cli/src/model-report.ts once it exists.
  if (!analysis.capacity) throw new UsageError('the capacity model report is not available in this build yet');
  return JSON.stringify(analysis.capacity, null, 2) + '\n';
}

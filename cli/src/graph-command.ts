// `veltrix-lint graph <file> --format dot|mermaid|json|svg`.
import { analyzeFile } from './analyze-file';
import { UsageError } from './files';
import { formatGraph } from './graph';

export function runGraph(file: string, format: 'dot' | 'mermaid' | 'json' | 'svg', cwd: string): string {
  const analysis = analyzeFile(file, cwd, { model: true });
  if (format === 'svg') {
    // TODO(graph engineer): wire the SVG renderer here once it exists.
    throw new UsageError("--format svg is not available in this build yet; use 'dot' (and Graphviz) or 'mermaid'");
  }
  return formatGraph(analysis, format, cwd);
}

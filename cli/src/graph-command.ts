// `veltrix-lint graph <file> --format dot|mermaid|json|svg`. DOT, Mermaid and
// JSON come from cli/src/graph.ts; SVG is the editor preview's own renderer
// (core/src/graph-view), laid out with dagre, with the model's figures.
import { buildGraphView, renderSvg, type Theme } from '../../core/src/graph-view/index';
import { analyzeFile } from './analyze-file';
import { formatGraph } from './graph';

export function runGraph(file: string, format: 'dot' | 'mermaid' | 'json' | 'svg', cwd: string, theme: Theme = 'light'): string {
  const analysis = analyzeFile(file, cwd, { model: true });
  if (format === 'svg') return renderSvg(buildGraphView(analysis), { theme });
  return formatGraph(analysis, format, cwd);
}

// `veltrix-lint graph <file> --format dot|mermaid|json|svg`: every format
// draws the one graph view (core/src/graph-view/model.ts); DOT, Mermaid and
// JSON are written by cli/src/graph.ts, SVG by the editor preview's own
// renderer (core/src/graph-view/svg.ts, laid out with dagre).
import { buildGraphView, renderSvg, type Theme } from '../../core/src/graph-view/index';
import { analyzeFile } from './analyze-file';
import { formatGraph } from './graph';

export function runGraph(file: string, format: 'dot' | 'mermaid' | 'json' | 'svg', cwd: string, theme: Theme = 'light'): string {
  const analysis = analyzeFile(file, cwd, { model: true });
  if (format === 'svg') return renderSvg(buildGraphView(analysis), { theme });
  return formatGraph(analysis, format, cwd);
}

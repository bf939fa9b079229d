// Graph preview benchmark: a generated 1,000-component pipeline (bench/generate.ts,
// with scattered mistakes so ghost nodes and badges are drawn too), timed
// through buildGraphView + layoutGraph (dagre) + renderSvg. Median of 5 runs.
// Run: node --import tsx bench/graph.ts [components]
import { analyzePipeline } from '../core/src/index';
import { buildGraphView } from '../core/src/graph-view/model';
import { layoutGraph } from '../core/src/graph-view/layout';
import { renderSvg } from '../core/src/graph-view/svg';
import { generatePipeline } from './generate';

const components = Number(process.argv[2] ?? 1000);
const { text } = generatePipeline(components, { errors: true });
const uri = 'file:///bench/synthetic.veltrix.yaml';
const analysis = analyzePipeline(uri, text, { host: { readFile: (u) => (u === uri ? text : undefined) } });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runs: Array<{ view: number; layout: number; svg: number; total: number; bytes: number; nodes: number; edges: number }> = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  // Different box sizes each run, so the layout cache never answers (cold figures).
  const view = buildGraphView(analysis);
  view.nodes.forEach((n) => (n.type = `${n.type}${'x'.repeat(i * 4)}`));
  const t1 = performance.now();
  const laid = layoutGraph(view);
  const t2 = performance.now();
  const svg = renderSvg(view, laid);
  const t3 = performance.now();
  runs.push({ view: t1 - t0, layout: t2 - t1, svg: t3 - t2, total: t3 - t0, bytes: svg.length, nodes: view.nodes.length, edges: view.edges.length });
}
const f = (k: 'view' | 'layout' | 'svg' | 'total') => `${median(runs.map((r) => r[k])).toFixed(0)} ms`;
console.log(`graph preview, ${runs[0].nodes} nodes / ${runs[0].edges} edges (${components} components requested), median of 5:`);
console.log(`  buildGraphView ${f('view')}, layout (dagre) ${f('layout')}, renderSvg ${f('svg')}; total ${f('total')}; SVG ${(runs[0].bytes / 1024).toFixed(0)} KiB`);

// Warm: the same structure again (what typing inside a component costs).
const view = buildGraphView(analysis);
layoutGraph(view);
const w0 = performance.now();
layoutGraph(buildGraphView(analysis));
console.log(`  layout when only figures/text changed (cached structure): ${(performance.now() - w0).toFixed(0)} ms`);

// Graph preview benchmark, timed through buildGraphView + layoutGraph +
// renderSvg. Two pipelines:
//  - "groups": bench/generate.ts, 100 disconnected groups of 10 components
//    (with scattered mistakes so ghost nodes and badges are drawn too);
//  - "chain": one connected part, a chain of processors from one source with
//    fan-outs (every 10th stage is a route: `main` continues the chain, `side`
//    feeds a sink; every 5th stage also feeds a sink).
// For each: the first run in a fresh process (cold JIT, empty layout cache),
// then the median of 5 more with a cold layout cache (box sizes change each
// run), then the cost when only figures/text changed (cached structure).
// Run: node --import tsx bench/graph.ts [components]
import { loadavg } from 'node:os';
import { analyzePipeline } from '../core/src/index';
import { buildGraphView } from '../core/src/graph-view/model';
import { layoutGraph } from '../core/src/graph-view/layout';
import { renderSvg } from '../core/src/graph-view/svg';
import { generatePipeline } from './generate';

const components = Number(process.argv[2] ?? 1000);

/** One connected pipeline of `n` components: a chain with route and plain fan-outs. */
export function chainPipeline(n: number): string {
  const sources = ['sources:', '  src:', '    type: kafka', '    brokers: ["k:9092"]', '    topic: t', '    group: g', '    rate: 10k/s', '    event_size: 512B'];
  const processors = ['processors:'];
  const sinks = ['sinks:'];
  let prev = 'src';
  let made = 1;
  for (let i = 1; made < n; i++) {
    const id = `p${i}`;
    if (i % 10 === 0 && made + 2 <= n) {
      processors.push(`  ${id}:`, '    type: route', `    inputs: [${prev}]`, '    routes:', '      main: "amount > 0"', '      side: "amount <= 0"', '    share: {main: 0.9, side: 0.1}');
      sinks.push(`  ${id}_out:`, '    type: s3', `    inputs: [${id}.side]`, '    bucket: b', '    format: json');
      prev = `${id}.main`;
      made += 2;
    } else if (i % 5 === 0 && made + 2 <= n) {
      processors.push(`  ${id}:`, '    type: filter', `    inputs: [${prev}]`, '    condition: "amount > 1"', '    selectivity: 0.99');
      sinks.push(`  ${id}_copy:`, '    type: s3', `    inputs: [${id}]`, '    bucket: b', '    format: json');
      prev = id;
      made += 2;
    } else {
      processors.push(`  ${id}:`, '    type: filter', `    inputs: [${prev}]`, '    condition: "amount > 1"', '    selectivity: 0.99');
      prev = id;
      made += 1;
    }
  }
  return ['veltrix: 1', 'pipeline:', '  name: chain', 'runtime:', '  workers: 64', '  memory: 64GiB', ...sources, ...processors, ...sinks].join('\n') + '\n';
}

function bench(name: string, text: string, distinct = false): void {
  const uri = `file:///bench/${name}.veltrix.yaml`;
  const analysis = analyzePipeline(uri, text, { host: { readFile: (u) => (u === uri ? text : undefined) } });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  type Run = { view: number; layout: number; svg: number; total: number; bytes: number; nodes: number; edges: number };
  const runs: Run[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    // Different box sizes each run, so the layout cache never answers (cold figures).
    const view = buildGraphView(analysis);
    // `distinct`: box sizes vary along the file too, so no two parts share a shape (and a layout).
    view.nodes.forEach((n, k) => (n.type = `${n.type}${'x'.repeat(i * 4 + (distinct ? (k * 7) % 23 : 0))}`));
    const t1 = performance.now();
    const laid = layoutGraph(view);
    const t2 = performance.now();
    const svg = renderSvg(view, laid);
    const t3 = performance.now();
    runs.push({ view: t1 - t0, layout: t2 - t1, svg: t3 - t2, total: t3 - t0, bytes: svg.length, nodes: view.nodes.length, edges: view.edges.length });
  }
  const [first, ...rest] = runs;
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const f = (k: 'view' | 'layout' | 'svg' | 'total') => ms(median(rest.map((r) => r[k])));
  console.log(`${name}${distinct ? ' (no two parts alike)' : ''}: ${first.nodes} nodes / ${first.edges} edges, SVG ${(first.bytes / 1024).toFixed(0)} KiB`);
  console.log(`  first run in this process: view ${ms(first.view)}, layout ${ms(first.layout)}, svg ${ms(first.svg)}; total ${ms(first.total)}`);
  console.log(`  median of 5 (cold cache): view ${f('view')}, layout ${f('layout')}, svg ${f('svg')}; total ${f('total')}`);
  if (distinct) return;
  // Warm: the same structure again (what typing inside a component costs).
  layoutGraph(buildGraphView(analysis));
  const w0 = performance.now();
  layoutGraph(buildGraphView(analysis));
  console.log(`  view + layout when only figures/text changed (cached structure): ${ms(performance.now() - w0)}`);
}

if (require.main === module) {
  console.log(`graph preview benchmark, ${components} components; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const which = process.argv[3];
  if (which !== 'chain') bench('groups', generatePipeline(components, { errors: true }).text);
  if (which !== 'groups' && which !== 'chain') bench('groups', generatePipeline(components, { errors: true }).text, true);
  if (which !== 'groups') bench('chain', chainPipeline(components));
}

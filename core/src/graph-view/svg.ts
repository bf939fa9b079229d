// Drawing of a laid-out GraphView. The picture is first built as a small
// element tree (tag, fixed attribute names, values and text as data), then
// either serialised to a standalone SVG string (CLI, export) with every value
// XML-escaped, or turned into DOM nodes by the webview with setAttribute and
// textContent. No text from the configuration is ever parsed as markup, and
// no attribute name, URL or style comes from it.
import type { GraphView, ViewEdge, ViewNode } from './types';
import type { LaidEdge, LaidNode, Layout, Point } from './layout';
import { EDGE_LABEL, MARGIN, NODE, layoutGraph } from './layout';
import { boxTextOf, cleanText, edgeText, edgeTitle, escapeXml, nodeLines, nodeTitle, shortText, textWidth, utilClass, UTIL_LEGEND, type BoxText } from './labels';
import { bytesText, loadText, msText, rateText } from '../format';

export interface SvgEl {
  tag: string;
  attrs: Record<string, string>;
  children: Array<SvgEl | string>;
}

export type Theme = 'light' | 'dark' | 'high-contrast';

export interface SvgOptions {
  theme?: Theme;
  /** Embed a <style> with concrete colours (standalone files). Default true. */
  embedStyle?: boolean;
  /** Draw the legend and model summary inside the picture. Default true. */
  legend?: boolean;
  /** Focusable nodes with role=button (the webview). Default false. */
  interactive?: boolean;
  /** The model figures line in the boxes (default true); must match the layout's `figures`. */
  figures?: boolean;
  /** What the boxes hold (overrides `figures`); must match the layout's. */
  boxes?: BoxText;
}

export const SVG_NS = 'http://www.w3.org/2000/svg';

function el(tag: string, attrs: Record<string, string | number | undefined> = {}, children: Array<SvgEl | string> = []): SvgEl {
  const a: Record<string, string> = {};
  for (const k in attrs) {
    const v = attrs[k];
    if (v !== undefined) a[k] = typeof v === 'number' ? fmt(v) : v;
  }
  return { tag, attrs: a, children };
}

function fmt(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 10) / 10) : '0';
}

/** The colour palette per theme; the webview maps the same names to VS Code variables. */
export const PALETTE: Record<Theme, Record<string, string>> = {
  light: {
    bg: '#ffffff', fg: '#1f2328', muted: '#59636e', edge: '#6e7781', critical: '#8250df', error: '#cf222e', warning: '#bf8700', info: '#0969da',
    'none-bg': '#f6f8fa', 'none-stroke': '#6e7781', 'low-bg': '#dafbe1', 'low-stroke': '#1a7f37', 'mid-bg': '#fff8c5', 'mid-stroke': '#9a6700',
    'hot-bg': '#ffe2cc', 'hot-stroke': '#bc4c00', 'over-bg': '#ffd8d3', 'over-stroke': '#cf222e', 'ghost-bg': '#ffffff', highlight: '#0969da', 'badge-fg': '#ffffff',
  },
  dark: {
    bg: '#1e1e1e', fg: '#e6edf3', muted: '#9198a1', edge: '#8b949e', critical: '#d2a8ff', error: '#f85149', warning: '#d29922', info: '#58a6ff',
    'none-bg': '#2d333b', 'none-stroke': '#768390', 'low-bg': '#1b3a24', 'low-stroke': '#57ab5a', 'mid-bg': '#3b3214', 'mid-stroke': '#c69026',
    'hot-bg': '#47290f', 'hot-stroke': '#e0823d', 'over-bg': '#4c1d1d', 'over-stroke': '#f85149', 'ghost-bg': '#1e1e1e', highlight: '#58a6ff', 'badge-fg': '#0d1117',
  },
  'high-contrast': {
    bg: '#000000', fg: '#ffffff', muted: '#ffffff', edge: '#ffffff', critical: '#ff00ff', error: '#ff4040', warning: '#ffd700', info: '#00bfff',
    'none-bg': '#000000', 'none-stroke': '#ffffff', 'low-bg': '#003300', 'low-stroke': '#00ff00', 'mid-bg': '#333300', 'mid-stroke': '#ffff00',
    'hot-bg': '#402000', 'hot-stroke': '#ff9900', 'over-bg': '#400000', 'over-stroke': '#ff4040', 'ghost-bg': '#000000', highlight: '#00bfff', 'badge-fg': '#000000',
  },
};

/** Style rules over `var(--vx-*)`; standalone files get the variables substituted. */
export const GRAPH_CSS = `
.vx-graph{font-family:var(--vx-font,-apple-system,'Segoe UI',Ubuntu,sans-serif);font-size:12px}
.vx-graph text{fill:var(--vx-fg);dominant-baseline:middle}
.vx-bg{fill:var(--vx-bg)}
.vx-node .vx-shape{stroke-width:1.5}
.vx-util-none .vx-shape{fill:var(--vx-none-bg);stroke:var(--vx-none-stroke)}
.vx-util-low .vx-shape{fill:var(--vx-low-bg);stroke:var(--vx-low-stroke)}
.vx-util-mid .vx-shape{fill:var(--vx-mid-bg);stroke:var(--vx-mid-stroke)}
.vx-util-hot .vx-shape{fill:var(--vx-hot-bg);stroke:var(--vx-hot-stroke)}
.vx-util-over .vx-shape{fill:var(--vx-over-bg);stroke:var(--vx-over-stroke);stroke-width:2.5}
.vx-kind-ghost .vx-shape{fill:var(--vx-ghost-bg);stroke:var(--vx-error);stroke-dasharray:5 3}
.vx-kind-ghost text{fill:var(--vx-error)}
.vx-node .vx-id{font-weight:600;font-size:13px}
.vx-node .vx-sub,.vx-node .vx-fig{fill:var(--vx-muted);font-size:11px}
.vx-critical .vx-shape{stroke:var(--vx-critical);stroke-width:3}
.vx-bottleneck .vx-shape{stroke-width:3.5}
.vx-selected .vx-shape,.vx-highlight .vx-shape{stroke:var(--vx-highlight);stroke-width:3.5}
.vx-edge path{fill:none;stroke:var(--vx-edge);stroke-width:1.5}
.vx-edge.vx-wildcard path{stroke-dasharray:2 3}
.vx-edge.vx-dead-letter path{stroke-dasharray:8 4;opacity:.6}
.vx-edge.vx-critical path{stroke:var(--vx-critical);stroke-width:3}
.vx-edge.vx-cycle path{stroke:var(--vx-error);stroke-width:2.5}
.vx-edge.vx-ghost path{stroke:var(--vx-error);stroke-dasharray:6 4}
.vx-edge text{font-size:11px;fill:var(--vx-muted);text-anchor:middle}
.vx-edge .vx-label-bg{fill:var(--vx-bg);opacity:.85}
.vx-arrow{fill:var(--vx-edge)}
.vx-arrow-critical{fill:var(--vx-critical)}
.vx-arrow-error{fill:var(--vx-error)}
.vx-badge-error circle{fill:var(--vx-error)}
.vx-badge-warning circle{fill:var(--vx-warning)}
.vx-badge-info circle{fill:var(--vx-info)}
.vx-badge text{fill:var(--vx-badge-fg);font-size:10px;font-weight:700;text-anchor:middle}
.vx-legend text{font-size:11px}
.vx-legend .vx-legend-title{font-weight:600}
.vx-slo-bad{fill:var(--vx-error)!important}
`;

/** GRAPH_CSS with the theme's colours substituted (for standalone files). */
export function standaloneCss(theme: Theme = 'light'): string {
  const p = PALETTE[theme];
  return GRAPH_CSS.replace(/var\(--vx-font,([^)]*)\)/g, '$1').replace(/var\(--vx-([a-z-]+)\)/g, (_, k: string) => p[k] ?? '#888888');
}

/** d3's curveBasis through dagre's control points, as an SVG path. */
export function pathData(points: Point[]): string {
  if (points.length === 0) return '';
  const p = (pt: Point) => `${fmt(pt.x)} ${fmt(pt.y)}`;
  if (points.length < 3) return `M${points.map(p).join('L')}`;
  let d = `M${p(points[0])}L${fmt((5 * points[0].x + points[1].x) / 6)} ${fmt((5 * points[0].y + points[1].y) / 6)}`;
  const bez = (a: Point, b: Point, c: Point) =>
    `C${fmt((2 * a.x + b.x) / 3)} ${fmt((2 * a.y + b.y) / 3)} ${fmt((a.x + 2 * b.x) / 3)} ${fmt((a.y + 2 * b.y) / 3)} ${fmt((a.x + 4 * b.x + c.x) / 6)} ${fmt((a.y + 4 * b.y + c.y) / 6)}`;
  for (let i = 2; i < points.length; i++) d += bez(points[i - 2], points[i - 1], points[i]);
  const n = points.length;
  d += bez(points[n - 2], points[n - 1], points[n - 1]);
  d += `L${p(points[n - 1])}`;
  return d;
}

function shape(n: ViewNode, box: LaidNode): SvgEl {
  const x = box.x - box.width / 2;
  const y = box.y - box.height / 2;
  const w = box.width;
  const h = box.height;
  if (n.kind === 'source') return el('rect', { class: 'vx-shape', x, y, width: w, height: h, rx: Math.min(18, h / 2), ry: Math.min(18, h / 2) });
  if (n.kind === 'sink') {
    const c = 10;
    const pts = [[x + c, y], [x + w - c, y], [x + w, y + c], [x + w, y + h - c], [x + w - c, y + h], [x + c, y + h], [x, y + h - c], [x, y + c]];
    return el('polygon', { class: 'vx-shape', points: pts.map(([a, b]) => `${fmt(a)},${fmt(b)}`).join(' ') });
  }
  return el('rect', { class: 'vx-shape', x, y, width: w, height: h, rx: n.kind === 'ghost' ? 8 : 3, ry: n.kind === 'ghost' ? 8 : 3 });
}

function badges(n: ViewNode, box: LaidNode): SvgEl[] {
  const out: SvgEl[] = [];
  const items: Array<[string, number]> = [
    ['error', n.badges.errors],
    ['warning', n.badges.warnings],
    ['info', n.badges.infos],
  ];
  let cx = box.x + box.width / 2 - 2;
  const cy = box.y - box.height / 2 + 2;
  for (const [sev, count] of items) {
    if (!count) continue;
    const text = count > 99 ? '99+' : String(count);
    const r = text.length > 1 ? 9 : 8;
    out.push(
      el('g', { class: `vx-badge vx-badge-${sev}`, 'data-severity': sev }, [
        el('title', {}, [`${count} ${sev}${count === 1 ? '' : 's'}`]),
        el('circle', { cx, cy, r }),
        el('text', { x: cx, y: cy + 0.5 }, [text]),
      ]),
    );
    cx -= 2 * r + 3;
  }
  return out;
}

function nodeEl(n: ViewNode, i: number, box: LaidNode, opts: SvgOptions): SvgEl {
  const cls = ['vx-node', `vx-kind-${n.kind}`, `vx-util-${n.kind === 'ghost' ? 'none' : utilClass(n.utilization)}`];
  if (n.onCriticalPath) cls.push('vx-critical');
  if (n.isBottleneck) cls.push('vx-bottleneck');
  if (n.badges.errors) cls.push('vx-has-errors');
  const lines = nodeLines(n, boxTextOf(opts));
  // Lines centred in the box (the fitted layout's boxes have less padding than NODE.padY).
  const top = box.y - ((lines.length - 1) * NODE.lineHeight) / 2;
  const x = box.x - box.width / 2 + NODE.padX;
  const title = nodeTitle(n);
  const children: SvgEl[] = [el('title', {}, [title]), shape(n, box)];
  lines.forEach((line, li) => {
    children.push(el('text', { class: li === 0 ? 'vx-id' : li === 1 ? 'vx-sub' : 'vx-fig', x, y: top + li * NODE.lineHeight }, [line]));
  });
  children.push(...badges(n, box));
  const attrs: Record<string, string | number | undefined> = { class: cls.join(' '), 'data-index': i, 'data-id': cleanText(n.id), 'data-kind': n.kind };
  if (opts.interactive) {
    attrs.role = 'button';
    attrs.tabindex = 0;
    attrs['aria-label'] = title.replace(/\n/g, '. ');
  }
  return el('g', attrs, children);
}

function edgeEl(e: ViewEdge, i: number, laid: LaidEdge, box: BoxText): SvgEl | undefined {
  if (laid.points.length < 2) return undefined;
  const cls = ['vx-edge'];
  if (e.wildcard) cls.push('vx-wildcard');
  if (e.onCriticalPath) cls.push('vx-critical');
  if (e.inCycle) cls.push('vx-cycle');
  if (e.ghost) cls.push('vx-ghost');
  if (e.deadLetter) cls.push('vx-dead-letter');
  const marker = e.inCycle || e.ghost ? 'vx-arrowhead-error' : e.onCriticalPath ? 'vx-arrowhead-critical' : 'vx-arrowhead';
  const children: SvgEl[] = [el('title', {}, [edgeTitle(e)]), el('path', { d: pathData(laid.points), 'marker-end': `url(#${marker})` })];
  const text = edgeText(e, box);
  if (text !== undefined && laid.label) {
    const w = textWidth(text, EDGE_LABEL.font) + EDGE_LABEL.pad;
    children.push(el('rect', { class: 'vx-label-bg', x: laid.label.x - w / 2, y: laid.label.y - EDGE_LABEL.height / 2, width: w, height: EDGE_LABEL.height, rx: 3 }));
    children.push(el('text', { x: laid.label.x, y: laid.label.y + 0.5 }, [text]));
  }
  return el('g', { class: cls.join(' '), 'data-index': i, 'data-from': cleanText(e.from), 'data-to': cleanText(e.to) }, children);
}

function markers(): SvgEl {
  const m = (id: string, cls: string) =>
    el('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' }, [el('path', { class: cls, d: 'M0 0L10 5L0 10z' })]);
  return el('defs', {}, [m('vx-arrowhead', 'vx-arrow'), m('vx-arrowhead-critical', 'vx-arrow-critical'), m('vx-arrowhead-error', 'vx-arrow-error')]);
}

/** Model summary lines (also used by the webview's SLO panel). */
export function summaryLines(view: GraphView): Array<{ text: string; bad?: boolean }> {
  const m = view.model;
  if (!m) return [{ text: 'Capacity model: no source declares `rate`' }];
  const lines: Array<{ text: string; bad?: boolean }> = [];
  lines.push({ text: `Model estimate at ${loadText(m.load)} load` });
  const ingest = rateText(m.maxIngest);
  lines.push({ text: `Max sustainable ingest: ${ingest}${m.slo?.throughput !== undefined ? ` (SLO ${rateText(m.slo.throughput)})` : ''}`, bad: m.slo?.throughputOk === false });
  const p99 = m.endToEndP99Ms === null ? (m.criticalPath.length ? 'unbounded' : '—') : msText(m.endToEndP99Ms);
  lines.push({ text: `End-to-end p99: ${p99}${m.slo?.latencyP99Ms !== undefined ? ` (SLO ${msText(m.slo.latencyP99Ms)})` : ''}`, bad: m.slo?.latencyOk === false });
  lines.push({
    text: `Memory: ${bytesText(m.memoryBytes)}${m.memoryBudgetBytes === null ? ' (budget unknown until deploy)' : ` of ${bytesText(m.memoryBudgetBytes)}`}`,
    bad: m.memoryBudgetBytes !== null && m.memoryBytes > m.memoryBudgetBytes,
  });
  if (m.saturatesFirst !== undefined) {
    const at = m.saturatesFirstAtLoad != null ? ` (at ${loadText(m.saturatesFirstAtLoad)} load)` : '';
    lines.push({ text: `Saturates first: ${shortText(m.saturatesFirst, 40)}${at}` });
  }
  if (m.criticalPath.length) lines.push({ text: `Critical path: ${shortText(m.criticalPath.join(' → '), 90)}` });
  return lines;
}

function legendEl(view: GraphView, x: number, y: number): { el: SvgEl; height: number; width: number } {
  const children: SvgEl[] = [];
  let cy = y;
  children.push(el('text', { class: 'vx-legend-title', x, y: cy }, [view.name ? `Pipeline ${shortText(view.name, 40)}` : 'Pipeline']));
  cy += 18;
  let cx = x;
  children.push(el('text', { x: cx, y: cy }, ['Utilisation:']));
  cx += 72;
  for (const item of UTIL_LEGEND) {
    children.push(el('g', { class: `vx-node vx-util-${item.cls}` }, [el('rect', { class: 'vx-shape', x: cx, y: cy - 6, width: 14, height: 12, rx: 2 })]));
    children.push(el('text', { x: cx + 18, y: cy }, [item.label]));
    cx += 24 + textWidth(item.label, 11) + 10;
  }
  const width = cx - x;
  cy += 18;
  children.push(el('text', { x, y: cy }, ['Shapes: rounded = source, square = processor, cut corners = sink, dashed red = unresolved reference']));
  cy += 18;
  for (const line of summaryLines(view)) {
    children.push(el('text', line.bad ? { class: 'vx-slo-bad', x, y: cy } : { x, y: cy }, [line.text]));
    cy += 16;
  }
  return { el: el('g', { class: 'vx-legend' }, children), height: cy - y + 8, width: Math.max(width, 560) };
}

/** The picture as an element tree (the webview turns it into DOM nodes). */
export function buildSvgTree(view: GraphView, laid: Layout, options: SvgOptions = {}): SvgEl {
  const theme = options.theme ?? 'light';
  const showLegend = options.legend ?? true;
  const legend = showLegend ? legendEl(view, MARGIN, MARGIN) : undefined;
  const offsetY = legend ? legend.height + MARGIN / 2 : 0;
  const width = Math.max(laid.width, legend ? legend.width + 2 * MARGIN : 0, 200);
  const height = laid.height + offsetY;
  const label = `Pipeline graph${view.name ? ` of ${cleanText(view.name)}` : ''}: ${view.nodes.length} nodes, ${view.edges.length} edges, ${view.totals.errors} errors, ${view.totals.warnings} warnings`;
  const children: SvgEl[] = [el('title', {}, [label])];
  if (options.embedStyle ?? true) children.push(el('style', {}, [standaloneCss(theme)]));
  children.push(markers());
  children.push(el('rect', { class: 'vx-bg', x: 0, y: 0, width, height }));
  if (legend) children.push(legend.el);
  const edges = view.edges.map((e, i) => edgeEl(e, i, laid.edges[i], boxTextOf(options))).filter((x): x is SvgEl => x !== undefined);
  const nodes = view.nodes.map((n, i) => nodeEl(n, i, laid.nodes[i], options));
  children.push(el('g', { class: 'vx-graph-body', transform: offsetY ? `translate(0 ${fmt(offsetY)})` : undefined }, [el('g', { class: 'vx-edges' }, edges), el('g', { class: 'vx-nodes' }, nodes)]));
  return el(
    'svg',
    { xmlns: SVG_NS, class: 'vx-graph', width, height, viewBox: `0 0 ${fmt(width)} ${fmt(height)}`, role: 'img', 'aria-label': label },
    children,
  );
}

/** Serialises an element tree; every attribute value and text is escaped. */
export function serialize(node: SvgEl | string): string {
  const out: string[] = [];
  write(node, out);
  return out.join('');
}

function write(node: SvgEl | string, out: string[]): void {
  if (typeof node === 'string') {
    out.push(escapeXml(node));
    return;
  }
  let s = `<${node.tag}`;
  const attrs = node.attrs;
  for (const k in attrs) s += ` ${k}="${escapeXml(attrs[k])}"`;
  if (node.children.length === 0) {
    out.push(`${s}/>`);
    return;
  }
  // A <style> holds only our own CSS; escaping keeps it inert anyway (no `<` in it).
  out.push(`${s}>`);
  for (const c of node.children) write(c, out);
  out.push(`</${node.tag}>`);
}

/**
 * A standalone SVG document. `renderSvg(view, laid, options)` draws a given
 * layout; `renderSvg(view, options)` lays the view out first (the CLI).
 */
export function renderSvg(view: GraphView, laid?: Layout | SvgOptions, options: SvgOptions = {}): string {
  let layout: Layout;
  if (laid && 'nodes' in laid) layout = laid;
  else {
    options = (laid as SvgOptions | undefined) ?? options;
    layout = layoutGraph(view);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(buildSvgTree(view, layout, options))}\n`;
}

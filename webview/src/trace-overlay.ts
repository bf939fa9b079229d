// "Show trace on graph" (spec 11.4): a test's events drawn over the graph
// preview. The counts come from the server (the core's summarizeTraces over
// the test's traces, computed once); this module only places them: a count
// on each edge the events took, a marker on each component where events were
// dropped, dropped as duplicates, dead-lettered or lost, and everything the
// events did not touch dimmed. Text goes in through textContent only.
import type { GraphView } from '../../core/src/graph-view/model';
import type { Layout } from '../../core/src/graph-view/layout';
import { SVG_NS } from '../../core/src/graph-view/svg';
import type { TestTraceResult } from '../../protocol/src/index';

export type TraceOverlay = Omit<TestTraceResult, 'pipelineUri'>;

export const TRACE_CSS = `
.vx-trace-on .vx-edge:not(.vx-traced){opacity:.25}
.vx-trace-on .vx-node:not(.vx-traced){opacity:.4}
.vx-edge.vx-traced path{stroke:var(--vscode-charts-blue,#3794ff);stroke-width:3}
.vx-trace-count rect{fill:var(--vscode-charts-blue,#3794ff)}
.vx-trace-count text{fill:#fff;font-size:11px;font-weight:600;text-anchor:middle}
.vx-trace-mark rect{fill:var(--vscode-charts-red,#e51400)}
.vx-trace-mark.vx-trace-ok rect{fill:var(--vscode-charts-green,#388a34)}
.vx-trace-mark text{fill:#fff;font-size:11px;font-weight:600;text-anchor:end}
#trace-bar{position:absolute;left:8px;bottom:8px;z-index:5;display:flex;gap:8px;align-items:center;padding:4px 8px;border-radius:4px;
  background:var(--vscode-editorWidget-background,#252526);color:var(--vscode-editorWidget-foreground,#ccc);border:1px solid var(--vscode-charts-blue,#3794ff);font-size:12px}
`;

/** Outcomes shown as markers, in this order, and how they read. */
const MARKED: Array<[string, string, boolean]> = [
  ['dropped', 'dropped', false],
  ['duplicate', 'duplicate', false],
  ['dead-lettered', 'dead-lettered', false],
  ['lost', 'lost', false],
  ['delivered', 'delivered', true],
];

export interface TraceMarks {
  edges: Array<{ index: number; count: number; x: number; y: number }>;
  nodes: Array<{ index: number; text: string; ok: boolean; x: number; y: number }>;
  /** Nodes the events reached. */
  reached: number[];
}

/** Where the overlay goes in a laid-out view (pure: tested without a browser). */
export function traceMarks(view: GraphView, layout: Layout, trace: TraceOverlay): TraceMarks {
  const marks: TraceMarks = { edges: [], nodes: [], reached: [] };
  view.edges.forEach((e, index) => {
    const hit = trace.edges.find((t) => t.from === e.from && t.to === e.to && (t.port ?? '') === (e.port ?? '') && !!t.deadLetter === !!e.deadLetter);
    const laid = layout.edges[index];
    if (!hit || !laid || laid.points.length < 2) return;
    // Three quarters along the edge: clear of the rate label at its middle, before the arrowhead.
    const at = along(laid.points, 0.75);
    marks.edges.push({ index, count: hit.count, x: at.x, y: at.y });
  });
  view.nodes.forEach((n, index) => {
    const c = trace.components[n.id];
    const laid = layout.nodes[index];
    if (!c || !laid) return;
    marks.reached.push(index);
    const parts = MARKED.filter(([k]) => (c[k] ?? 0) > 0);
    if (!parts.length) return;
    const bad = parts.filter(([, , ok]) => !ok);
    const shownParts = bad.length ? bad : parts;
    const text = shownParts.map(([k, label]) => `${c[k]} ${label}`).join(', ');
    marks.nodes.push({ index, text, ok: !bad.length, x: laid.x + laid.width / 2, y: laid.y - laid.height / 2 - 4 });
  });
  return marks;
}

/** The point at `share` of a polyline's length. */
function along(points: Array<{ x: number; y: number }>, share: number): { x: number; y: number } {
  const lengths = points.slice(1).map((p, i) => Math.hypot(p.x - points[i].x, p.y - points[i].y));
  let left = lengths.reduce((a, b) => a + b, 0) * share;
  for (let i = 0; i < lengths.length; i++) {
    if (left <= lengths[i] && lengths[i] > 0) {
      const t = left / lengths[i];
      return { x: points[i].x + (points[i + 1].x - points[i].x) * t, y: points[i].y + (points[i + 1].y - points[i].y) * t };
    }
    left -= lengths[i];
  }
  return points[points.length - 1];
}

function svgEl(tag: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

function pill(cls: string, x: number, y: number, text: string, anchor: 'middle' | 'end', title: string): SVGElement {
  const g = svgEl('g', { class: cls });
  const w = text.length * 6.5 + 10;
  const left = anchor === 'middle' ? x - w / 2 : x - w;
  const t = svgEl('title', {});
  t.textContent = title;
  const label = svgEl('text', { x: anchor === 'middle' ? x : x - 5, y: y + 4 });
  label.textContent = text;
  g.append(t, svgEl('rect', { x: left, y: y - 9, width: w, height: 18, rx: 9 }), label);
  return g;
}

/** Draws (or with `trace` undefined, removes) the overlay on a rendered graph. */
export function drawTrace(root: SVGSVGElement | undefined, viewport: SVGGElement | undefined, view: GraphView | undefined, layout: Layout | undefined, trace: TraceOverlay | undefined, onClear: () => void): void {
  root?.querySelector('g.vx-trace')?.remove();
  root?.querySelectorAll('.vx-traced').forEach((e) => e.classList.remove('vx-traced'));
  root?.classList.toggle('vx-trace-on', !!trace);
  bar(trace, onClear);
  if (!root || !viewport || !view || !layout || !trace) return;
  const marks = traceMarks(view, layout, trace);
  const edgeEls = root.querySelectorAll<SVGGElement>('g.vx-edge[data-index]');
  const nodeEls = root.querySelectorAll<SVGGElement>('g.vx-node[data-index]');
  const layer = svgEl('g', { class: 'vx-trace' });
  for (const m of marks.edges) {
    edgeEls.forEach((e) => e.getAttribute('data-index') === String(m.index) && e.classList.add('vx-traced'));
    layer.append(pill('vx-trace-count', m.x, m.y, String(m.count), 'middle', `${m.count} event${m.count === 1 ? '' : 's'} of the test took this edge`));
  }
  for (const i of marks.reached) nodeEls.forEach((e) => e.getAttribute('data-index') === String(i) && e.classList.add('vx-traced'));
  for (const m of marks.nodes) layer.append(pill(`vx-trace-mark${m.ok ? ' vx-trace-ok' : ''}`, m.x, m.y, m.text, 'end', m.text));
  viewport.append(layer);
}

/** The bar that says which test is shown, with a Clear button. */
function bar(trace: TraceOverlay | undefined, onClear: () => void): void {
  let el = document.getElementById('trace-bar');
  if (!trace) {
    el?.remove();
    return;
  }
  if (!el) {
    el = document.createElement('div');
    el.id = 'trace-bar';
    el.setAttribute('role', 'status');
    (document.getElementById('app') ?? document.body).append(el);
  }
  const label = document.createElement('span');
  label.textContent = `Trace of test “${trace.test}”`;
  const clear = document.createElement('button');
  clear.type = 'button';
  clear.id = 'trace-clear';
  clear.textContent = 'Clear';
  clear.addEventListener('click', onClear);
  el.replaceChildren(label, clear);
}

// The graph preview inside the VS Code webview. Receives GraphViews from the
// extension, lays them out (core/src/graph-view/layout.ts: dagre, or layered.ts for big graphs) and
// draws them with the same element tree as the CLI's SVG
// (core/src/graph-view/svg.ts), turned into DOM nodes with setAttribute and
// textContent only: no markup is ever parsed from configuration text.
import type { GraphView } from '../../core/src/graph-view/model';
import { layoutGraph, NODE, type Layout, type LayoutOptions } from '../../core/src/graph-view/layout';
import { buildSvgTree, GRAPH_CSS, PALETTE, renderSvg, summaryLines, SVG_NS, type SvgEl, type Theme } from '../../core/src/graph-view/svg';
import { cleanText, UTIL_LEGEND, type BoxText } from '../../core/src/graph-view/labels';
import { clampLoad, MAX_LOAD, MIN_LOAD, type FromWebview, type ToWebview } from './messages';
import { familyOf, isFamily, overview, shownIdOf } from './overview';
import { drawTrace, TRACE_CSS, type TraceOverlay } from './trace-overlay';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface State {
  view?: GraphView | null;
  load: number;
  scale: number;
  tx: number;
  ty: number;
  selected?: string;
  /** The URI the transform belongs to (a new file is fitted to the view). */
  uri?: string;
  stale?: boolean;
  /** The legend and model panel is open (default: when the panel is wide enough). */
  sideOpen?: boolean;
  /** Families of a big graph's overview the user expanded. */
  expanded: string[];
  /** The picture is as Fit left it (not panned or zoomed): a resize fits again. */
  fitted: boolean;
  /** Layout direction: `auto` picks the one that can be read whole (see layoutFor). */
  direction: 'auto' | 'LR' | 'TB';
}

const vscode = acquireVsCodeApi();
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
const saved = vscode.getState() as Partial<State> | undefined;
const state: State = {
  load: clampLoad(saved?.load ?? 1),
  scale: typeof saved?.scale === 'number' && saved.scale > 0 ? saved.scale : 1,
  tx: typeof saved?.tx === 'number' ? saved.tx : 0,
  ty: typeof saved?.ty === 'number' ? saved.ty : 0,
  view: saved?.view ?? null,
  selected: typeof saved?.selected === 'string' ? saved.selected : undefined,
  uri: typeof saved?.uri === 'string' ? saved.uri : undefined,
  stale: saved?.stale === true,
  sideOpen: typeof saved?.sideOpen === 'boolean' ? saved.sideOpen : undefined,
  expanded: Array.isArray(saved?.expanded) ? saved.expanded.filter((x): x is string => typeof x === 'string') : [],
  fitted: saved?.fitted !== false,
  direction: saved?.direction === 'LR' || saved?.direction === 'TB' ? saved.direction : 'auto',
};
/** The view as drawn: `state.view`, or its overview when it is big. */
let shown: GraphView | undefined;
/** Below this panel width the side panel starts closed. */
const NARROW = 720;
let layout: Layout | undefined;
let highlighted: string | undefined;

function post(msg: FromWebview): void {
  vscode.postMessage(msg);
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
function persist(): void {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => vscode.setState(state), 100);
}

// ---------------------------------------------------------------- style ---
/** The theme's palette, with VS Code's own colours taking over where the workbench defines them. */
const VSCODE_VARS: Record<string, string> = {
  bg: '--vscode-editor-background',
  'ghost-bg': '--vscode-editor-background',
  fg: '--vscode-editor-foreground',
  muted: '--vscode-descriptionForeground',
  error: '--vscode-editorError-foreground',
  warning: '--vscode-editorWarning-foreground',
  info: '--vscode-editorInfo-foreground',
  highlight: '--vscode-focusBorder',
};
function cssVars(sel: string, theme: Theme): string {
  return `${sel}{${Object.entries(PALETTE[theme])
    .map(([k, v]) => `--vx-${k}:${VSCODE_VARS[k] ? `var(${VSCODE_VARS[k]},${v})` : v}`)
    .join(';')}}`;
}
const CSS = `
${cssVars(':root', 'light')}
${cssVars('body.vscode-dark', 'dark')}
${cssVars('body.vscode-high-contrast', 'high-contrast')}
${cssVars('body.vscode-high-contrast-light', 'light')}
body{--vx-font:var(--vscode-font-family,sans-serif)}
html,body{margin:0;padding:0;height:100%;overflow:hidden;background:var(--vx-bg);color:var(--vx-fg);font-family:var(--vx-font,sans-serif);font-size:var(--vscode-font-size,13px)}
#app{display:flex;flex-direction:column;height:100%}
#toolbar{display:flex;gap:6px;align-items:center;padding:4px 8px;border-bottom:1px solid var(--vscode-panel-border,#8884);flex-wrap:wrap}
#toolbar button{display:inline-flex;align-items:center;gap:4px;background:var(--vscode-button-secondaryBackground,#ddd);color:var(--vscode-button-secondaryForeground,inherit);border:1px solid var(--vscode-button-border,transparent);border-radius:2px;padding:3px 8px;cursor:pointer;font:inherit}
#toolbar button:hover{background:var(--vscode-button-secondaryHoverBackground,#ccc)}
#toolbar button:focus-visible,#canvas:focus-visible,.vx-node:focus-visible{outline:2px solid var(--vx-highlight);outline-offset:1px}
#toolbar .codicon{font-size:16px}
#toolbar .sep{flex:1}
#load{width:140px;accent-color:var(--vscode-focusBorder)}
#banner{padding:6px 10px;background:var(--vscode-inputValidation-errorBackground,#f8d7da);border:1px solid var(--vscode-inputValidation-errorBorder,#cf222e);color:var(--vscode-foreground,inherit)}
#banner[hidden]{display:none}
#main{flex:1;display:flex;min-height:0}
#canvas{flex:1;position:relative;overflow:hidden;cursor:grab;touch-action:none}
#canvas.dragging{cursor:grabbing}
#canvas > svg{position:absolute;left:0;top:0;display:block;overflow:visible;transform-origin:0 0;will-change:transform}
#canvas > svg.vx-far .vx-graph-body text{display:none}
#overflow-hint{position:absolute;z-index:1;right:8px;bottom:6px;padding:2px 8px;border-radius:3px;background:var(--vscode-editorWidget-background,#f3f3f3);color:var(--vx-muted);font-size:12px;pointer-events:none;opacity:.92}
#overflow-hint[hidden]{display:none}
#empty{position:absolute;z-index:1;inset:0;display:flex;align-items:center;justify-content:center;color:var(--vx-muted);pointer-events:none}
#side{width:250px;flex:none;overflow:auto;border-left:1px solid var(--vscode-panel-border,#8884);padding:8px 10px;font-size:12px}
#side[hidden]{display:none}
#toolbar button[aria-pressed="true"]{background:var(--vscode-button-background,#07c);color:var(--vscode-button-foreground,#fff)}
#search{width:9em;flex:0 1 12em;min-width:6em;background:var(--vscode-input-background,#fff);color:var(--vscode-input-foreground,inherit);border:1px solid var(--vscode-input-border,#8888);padding:3px 6px;font:inherit;border-radius:2px}
#search:focus{outline:1px solid var(--vscode-focusBorder);outline-offset:-1px}
#search-count{color:var(--vx-muted);min-width:3em}
@media (max-width:700px){#toolbar .label,#toolbar label[for=load]{display:none}#load{width:70px}#search{width:8em;flex-basis:8em}}
#canvas .vx-node.vx-found .vx-shape{stroke:var(--vx-highlight);stroke-width:4;stroke-dasharray:none}
#side h2{font-size:12px;text-transform:uppercase;letter-spacing:.04em;margin:10px 0 4px;color:var(--vx-muted)}
#side ul{list-style:none;margin:0;padding:0}
#side li{margin:2px 0;overflow-wrap:anywhere}
.swatch{display:inline-block;width:12px;height:10px;border:1.5px solid;border-radius:2px;margin-right:6px;vertical-align:middle}
.swatch.vx-util-none{background:var(--vx-none-bg);border-color:var(--vx-none-stroke)}
.swatch.vx-util-low{background:var(--vx-low-bg);border-color:var(--vx-low-stroke)}
.swatch.vx-util-mid{background:var(--vx-mid-bg);border-color:var(--vx-mid-stroke)}
.swatch.vx-util-hot{background:var(--vx-hot-bg);border-color:var(--vx-hot-stroke)}
.swatch.vx-util-over{background:var(--vx-over-bg);border-color:var(--vx-over-stroke)}
.bad{color:var(--vx-error);font-weight:600}
.ok{color:var(--vx-low-stroke)}
.sev-error{color:var(--vx-error)}.sev-warning{color:var(--vx-warning)}.sev-info,.sev-hint{color:var(--vx-info)}
.vx-node{cursor:pointer}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
${GRAPH_CSS}
${TRACE_CSS}
.vx-graph .vx-bg{fill:transparent}
`;

function installStyle(): void {
  const style = document.createElement('style');
  if (nonce) style.nonce = nonce;
  style.textContent = CSS;
  document.head.appendChild(style);
}

// -------------------------------------------------------------- helpers ---
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

const SAFE_ATTR = /^(?!on)[a-z][a-z0-9-]*$/i;

/** Element tree -> DOM. Text becomes text nodes; attribute names are our own constants (checked anyway). */
export function toDom(node: SvgEl | string): Node {
  if (typeof node === 'string') return document.createTextNode(node);
  const e = document.createElementNS(SVG_NS, node.tag);
  for (const [k, v] of Object.entries(node.attrs)) {
    if (k === 'xmlns' || !SAFE_ATTR.test(k) || k === 'href') continue;
    e.setAttribute(k, v);
  }
  for (const c of node.children) e.appendChild(toDom(c));
  return e;
}

/**
 * A toolbar icon from the codicon font (dist/codicons/codicon.css, linked by
 * html.ts): `<span class="codicon codicon-NAME" aria-hidden="true">`. The
 * button around it carries the aria-label and title.
 */
function codicon(name: string): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

function currentTheme(): Theme {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast') && !c.contains('vscode-high-contrast-light')) return 'high-contrast';
  if (c.contains('vscode-dark')) return 'dark';
  return 'light';
}

// ------------------------------------------------------------------- UI ---
const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
const fitBtn = h('button', { id: 'fit', type: 'button', title: 'Fit to view (0)', 'aria-label': 'Fit graph to view' }, codicon('screen-full'), h('span', { class: 'label' }, 'Fit'));
const zoomInBtn = h('button', { id: 'zoom-in', type: 'button', title: 'Zoom in (+)', 'aria-label': 'Zoom in' }, codicon('zoom-in'));
const zoomOutBtn = h('button', { id: 'zoom-out', type: 'button', title: 'Zoom out (-)', 'aria-label': 'Zoom out' }, codicon('zoom-out'));
const loadInput = h('input', {
  id: 'load',
  type: 'range',
  min: String(MIN_LOAD),
  max: String(MAX_LOAD),
  step: '0.1',
  value: String(state.load),
  'aria-label': 'What-if load factor',
});
const loadOut = h('output', { id: 'load-value', for: 'load', 'aria-live': 'polite' }, `${state.load.toFixed(1)}×`);
const search = h('input', { id: 'search', type: 'search', placeholder: 'Find component', 'aria-label': 'Find a component by id', spellcheck: 'false', autocomplete: 'off' });
const searchCount = h('span', { id: 'search-count', 'aria-live': 'polite' });
const DIRECTION_TEXT = { auto: 'Direction: automatic', LR: 'Direction: left to right', TB: 'Direction: top to bottom' } as const;
const DIRECTION_ICON = { auto: 'type-hierarchy', LR: 'arrow-right', TB: 'arrow-down' } as const;
const directionBtn = h('button', { id: 'direction', type: 'button' });
function showDirection(): void {
  directionBtn.replaceChildren(codicon(DIRECTION_ICON[state.direction]));
  directionBtn.title = `${DIRECTION_TEXT[state.direction]} (click to change)`;
  directionBtn.setAttribute('aria-label', DIRECTION_TEXT[state.direction]);
}
showDirection();
const sideBtn = h('button', { id: 'toggle-side', type: 'button', title: 'Show or hide the legend and model panel', 'aria-label': 'Legend and model panel', 'aria-controls': 'side' }, codicon('layout-sidebar-right'), h('span', { class: 'label' }, 'Details'));
const exportBtn = h('button', { id: 'export', type: 'button', title: 'Export the picture as SVG', 'aria-label': 'Export graph as SVG' }, codicon('export'), h('span', { class: 'label' }, 'Export SVG'));
const toolbar = h(
  'div',
  { id: 'toolbar', role: 'toolbar', 'aria-label': 'Graph controls' },
  fitBtn,
  zoomInBtn,
  zoomOutBtn,
  directionBtn,
  search,
  searchCount,
  h('span', { class: 'sep' }),
  h('label', { for: 'load' }, 'Load'),
  loadInput,
  loadOut,
  exportBtn,
  sideBtn,
);
const banner = h('div', { id: 'banner', role: 'alert' });
banner.hidden = true;
const canvas = h('div', { id: 'canvas', role: 'region', 'aria-label': 'Pipeline graph; drag to pan, wheel to zoom', tabindex: '0' });
const empty = h('div', { id: 'empty' }, 'Waiting for the graph…');
const overflowHint = h('div', { id: 'overflow-hint', role: 'note' }, 'More of the graph lies outside: drag to pan, or zoom out');
overflowHint.hidden = true;
canvas.append(empty, overflowHint);
const side = h('aside', { id: 'side', 'aria-label': 'Legend and model summary' });
function setSide(open: boolean, remember: boolean): void {
  side.hidden = !open;
  sideBtn.setAttribute('aria-pressed', String(open));
  sideBtn.setAttribute('aria-expanded', String(open));
  if (remember) {
    state.sideOpen = open;
    persist();
  }
}
const status = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
app.append(toolbar, banner, h('div', { id: 'main' }, canvas, side), status);
app.removeAttribute('aria-busy');

let svg: SVGSVGElement | undefined;
let viewport: SVGGElement | undefined;
let nodeEls: SVGGElement[] = [];

/**
 * Zoom and pan change one thing: the CSS transform of the <svg> element,
 * which `will-change: transform` keeps on its own compositor layer, so a
 * step re-uses the painted picture instead of painting 50,000 elements again
 * (0.3-0.5 s a wheel step at 5,000 nodes). A layer keeps the resolution it
 * was drawn at, so once the picture rests (SETTLE_MS after the last step) it
 * is drawn again at the new scale, and text too small to read (FAR_TEXT_PX)
 * is hidden by one class on the root (docs/performance.md, "Graph preview").
 */
function applyTransform(): void {
  if (!state.fitted && !overflowHint.hidden) overflowHint.hidden = true;
  if (svg) svg.style.transform = `translate(${state.tx.toFixed(1)}px,${state.ty.toFixed(1)}px) scale(${state.scale.toFixed(4)})`;
  if (settleTimer) clearTimeout(settleTimer);
  settleTimer = setTimeout(settle, SETTLE_MS);
  persist();
}

const SETTLE_MS = 200;
/** Below this many screen pixels for the id font, box text is not drawn. */
const FAR_TEXT_PX = 4;
let settleTimer: ReturnType<typeof setTimeout> | undefined;
let rasterScale = 0;
function settle(): void {
  settleTimer = undefined;
  if (!svg) return;
  svg.classList.toggle('vx-far', state.scale * NODE.font < FAR_TEXT_PX);
  if (state.scale === rasterScale) return;
  // Dropping the layer hint for one frame makes the browser draw the layer again at the current scale.
  rasterScale = state.scale;
  const el = svg;
  el.style.willChange = 'auto';
  requestAnimationFrame(() => requestAnimationFrame(() => (el.style.willChange = '')));
}

/** Wheel and drag events arrive faster than frames: they are summed and applied once per animation frame. */
let pendingZoom: { factor: number; cx: number; cy: number } | undefined;
let pendingPan: { tx: number; ty: number } | undefined;
let frameQueued = false;
function queueFrame(): void {
  if (frameQueued) return;
  frameQueued = true;
  requestAnimationFrame(() => {
    frameQueued = false;
    const pan = pendingPan;
    const zoom = pendingZoom;
    pendingPan = pendingZoom = undefined;
    if (pan) {
      state.tx = pan.tx;
      state.ty = pan.ty;
      state.fitted = false;
      if (!zoom) applyTransform();
    }
    if (zoom) zoomAt(zoom.factor, zoom.cx, zoom.cy);
  });
}

/** The editor's font size in CSS pixels (VS Code sets the variable in every webview), 14 without it. */
function editorFontSize(): number {
  const v = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-font-size'));
  return Number.isFinite(v) && v >= 6 ? v : 14;
}

/** The smallest scale at which component ids are drawn at least at the editor's font size. */
function readableScale(): number {
  return editorFontSize() / (NODE.font + 1);
}

/** Room left around a fitted picture, in screen pixels. */
const FIT_MARGIN = 16;

/** The scale that fits the whole layout into the canvas (both directions), with a little margin. */
function fitScale(l: Layout, cw: number, ch: number): number {
  return Math.min((cw - FIT_MARGIN) / Math.max(l.width, 1), (ch - FIT_MARGIN) / Math.max(l.height, 1));
}

/**
 * Fits the picture to the canvas in both directions, never below the
 * readable scale: a graph too big to be read whole opens readable at its
 * start (sources at the top or left) and pans from there.
 */
function fit(): void {
  if (!layout) return;
  const cw = canvas.clientWidth || 800;
  const ch = canvas.clientHeight || 600;
  const w = Math.max(layout.width, 1);
  const hgt = Math.max(layout.height, 1);
  state.scale = Math.max(readableScale(), Math.min(fitScale(layout, cw, ch), 2));
  // Centred along a direction it fits in; along one it overflows, it starts at the first source (centred on it:
  // the corner of a wide picture can be empty), the picture's edges kept at the canvas's.
  const start = firstSource(layout);
  const from = (fits: boolean, size: number, c: number, along: number) => (fits ? (c - size * state.scale) / 2 : Math.min(0, Math.max(c - size * state.scale, c / 2 - along * state.scale)));
  state.tx = from(w * state.scale <= cw, w, cw, start.x);
  state.ty = from(hgt * state.scale <= ch, hgt, ch, start.y);
  state.fitted = true;
  // Read whole or not: say so when the readable picture does not fit (until the user moves it).
  overflowHint.hidden = w * state.scale <= cw + 1 && hgt * state.scale <= ch + 1;
  applyTransform();
}

/** Where a picture too big to be seen whole opens: the source nearest its top left corner (any box without sources). */
function firstSource(l: Layout): { x: number; y: number } {
  const kinds = shown?.nodes.map((n) => n.kind) ?? [];
  const boxes = l.nodes.filter((_, i) => kinds[i] === 'source');
  const pool = boxes.length ? boxes : l.nodes;
  return pool.reduce((a, b) => (b.x + b.y < a.x + a.y ? b : a), pool[0] ?? { x: 0, y: 0 });
}

/** What the boxes of the current layout hold (see BoxText). */
let boxes: BoxText = 'figures';
/** Above this many boxes the figures are left out at once (each layout tried costs time). */
const FIGURES_UP_TO = 60;
const BOTH_DIRECTIONS_UP_TO = 150;
/**
 * The fitted layout is tried when the canvas could hold the boxes: one per
 * FIT_AREA_PER_BOX px² at the readable scale (about 80 beside the editor;
 * the largest typical pipeline that fits there has about 50), never above
 * FIT_UP_TO. Each fitted try of 90 boxes costs 0.1-0.2 s (boundRanks' work
 * grows with the square of a wrapped rank), and they run on every update.
 */
const FIT_AREA_PER_BOX = 6000;
const FIT_UP_TO = 120;

/**
 * Lays `view` out to be read whole in this canvas, trying in turn until one
 * is readable whole (ids at the editor's font size): the default layout left
 * to right (the spec's picture), with the model figures in the boxes, then
 * with compact boxes (id and type: the figures stay in the tooltips and the
 * side panel); the same top to bottom (a tall, narrow panel beside the
 * editor); then the fitted layout (tight gaps, ranks wrapped to the panel's
 * width or height: a wide fan-out goes onto more rows) with figures, compact
 * boxes, and ids alone, the panel's long side first, then ids alone with
 * the rows closer together, then top to bottom folded into columns (a long
 * chain). When none is readable
 * whole: whichever shows the compact picture largest. The Direction button
 * fixes one direction.
 */
function layoutFor(view: GraphView): Layout {
  const cw = canvas.clientWidth || 800;
  const ch = canvas.clientHeight || 600;
  const readable = readableScale();
  const hasFigures = view.nodes.some((n) => n.utilization !== undefined);
  const texts: BoxText[] = hasFigures && view.nodes.length <= FIGURES_UP_TO ? ['figures', 'compact'] : ['compact'];
  const long: 'LR' | 'TB' = ch > cw ? 'TB' : 'LR';
  const directions: Array<'LR' | 'TB'> = state.direction !== 'auto' ? [state.direction] : view.nodes.length <= BOTH_DIRECTIONS_UP_TO ? ['LR', 'TB'] : [long];
  const fitDirections = directions.length > 1 ? [long, long === 'TB' ? 'LR' : 'TB'] as const : directions;
  const tries: LayoutOptions[] = [];
  for (const direction of directions) for (const b of texts) tries.push({ direction, boxes: b });
  if (view.nodes.length <= Math.min(FIT_UP_TO, (cw * ch) / (readable * readable * FIT_AREA_PER_BOX))) {
    const cross = (direction: 'LR' | 'TB') => ((direction === 'TB' ? cw : ch) - FIT_MARGIN) / readable;
    for (const b of [...texts, 'id'] as const) for (const direction of fitDirections) tries.push({ direction, boxes: b, fit: { cross: cross(direction) } });
    // Then id boxes with the rows closer together (a deep pipeline).
    for (const direction of fitDirections) tries.push({ direction, boxes: 'id', fit: { cross: cross(direction), tight: true } });
    // Last, top to bottom only: folded into columns (a long chain).
    if (fitDirections.includes('TB')) for (const b of [...texts, 'id'] as const) tries.push({ direction: 'TB', boxes: b, fit: { cross: cross('TB'), along: (ch - FIT_MARGIN) / readable } });
  }
  let best: { l: Layout; boxes: BoxText } | undefined;
  for (const t of tries) {
    const l = layoutGraph(view, t);
    const b = t.boxes!;
    if (fitScale(l, cw, ch) >= readable) {
      boxes = hasFigures ? b : b === 'figures' ? 'compact' : b;
      return l;
    }
    if (b !== 'figures' && (!best || fitScale(l, cw, ch) > fitScale(best.l, cw, ch))) best = { l, boxes: b };
  }
  boxes = best!.boxes;
  return best!.l;
}

function zoomAt(factor: number, cx: number, cy: number): void {
  state.fitted = false;
  const next = Math.max(0.02, Math.min(8, state.scale * factor));
  const k = next / state.scale;
  state.tx = cx - (cx - state.tx) * k;
  state.ty = cy - (cy - state.ty) * k;
  state.scale = next;
  applyTransform();
}

function renderSide(view: GraphView | null): void {
  side.replaceChildren();
  side.append(h('h2', {}, 'Utilisation'));
  const legend = h('ul', { 'aria-label': 'Utilisation colours' });
  for (const item of UTIL_LEGEND) legend.append(h('li', {}, h('span', { class: `swatch vx-util-${item.cls}`, 'aria-hidden': 'true' }), item.label));
  side.append(legend);
  side.append(h('h2', {}, 'Shapes & lines'));
  side.append(
    h(
      'ul',
      {},
      h('li', {}, 'Rounded: source · square: processor · cut corners: sink'),
      h('li', {}, 'Dashed red: unresolved reference (ghost)'),
      h('li', {}, 'Thick red edge: part of a cycle'),
      h('li', {}, 'Purple: critical (slowest) path'),
      h('li', {}, 'Dotted: wildcard input · long dashes: dead letter'),
    ),
  );
  if (!view) return;
  const slo = h('section', { id: 'slo', 'aria-label': 'Model and SLO' });
  slo.append(h('h2', {}, 'Model & SLO (estimates)'));
  const list = h('ul', {});
  for (const line of summaryLines(view)) list.append(h('li', line.bad ? { class: 'bad' } : {}, line.text));
  slo.append(list);
  side.append(slo);
  const t = view.totals;
  side.append(h('h2', {}, 'Diagnostics'));
  const diag = h('ul', { id: 'diagnostics' });
  diag.append(h('li', {}, `${t.errors} error${t.errors === 1 ? '' : 's'}, ${t.warnings} warning${t.warnings === 1 ? '' : 's'}, ${t.infos} info`));
  for (const m of view.general) diag.append(h('li', { class: `sev-${m.severity}` }, `${m.code}: ${cleanText(m.message)}`));
  side.append(diag);
}

/** Index in the drawn view of the node that shows component `id` (its family's box in an overview). */
function nodeIndex(id: string | undefined): number {
  if (id === undefined || !state.view || !shown) return -1;
  const drawn = shownIdOf(state.view, shown, id);
  return drawn === undefined ? -1 : shown.nodes.findIndex((n) => n.id === drawn);
}

/** Centres the picture on node `i` of the drawn view, at a readable scale at least. */
function centreOn(i: number): void {
  const n = layout?.nodes[i];
  if (!n) return;
  state.scale = Math.max(state.scale, readableScale());
  state.tx = canvas.clientWidth / 2 - n.x * state.scale;
  state.ty = canvas.clientHeight / 2 - n.y * state.scale;
  state.fitted = false;
  applyTransform();
}

function markSelected(): void {
  nodeEls.forEach((e) => e.classList.remove('vx-selected'));
  const i = nodeIndex(state.selected);
  if (i >= 0) nodeEls[i]?.classList.add('vx-selected');
}

function highlight(id: string | null): void {
  nodeEls.forEach((e) => e.classList.remove('vx-highlight'));
  highlighted = id ?? undefined;
  const i = nodeIndex(highlighted);
  if (i < 0 || !layout) return;
  nodeEls[i]?.classList.add('vx-highlight');
  // Bring it into view when it is outside the canvas (keep the zoom).
  const n = layout.nodes[i];
  const x = n.x * state.scale + state.tx;
  const y = n.y * state.scale + state.ty;
  const cw = canvas.clientWidth;
  const ch = canvas.clientHeight;
  if (x < 0 || y < 0 || x > cw || y > ch) {
    state.tx = cw / 2 - n.x * state.scale;
    state.ty = ch / 2 - n.y * state.scale;
    applyTransform();
  }
}

function render(full: GraphView, keepTransform: boolean): void {
  const view = overview(full, new Set(state.expanded));
  shown = view;
  layout = layoutFor(view);
  const tree = buildSvgTree(view, layout, { embedStyle: false, legend: false, interactive: true, boxes });
  const root = toDom(tree) as SVGSVGElement;
  // One user unit is one CSS pixel at scale 1: the transform in applyTransform does the rest.
  root.removeAttribute('viewBox');
  rasterScale = 0;
  root.setAttribute('role', 'group');
  const vp = document.createElementNS(SVG_NS, 'g');
  vp.setAttribute('class', 'vx-viewport');
  for (const child of Array.from(root.childNodes)) {
    const tag = (child as Element).tagName;
    if (tag === 'defs' || tag === 'title') continue;
    vp.appendChild(child);
  }
  root.appendChild(vp);
  if (svg) svg.replaceWith(root);
  else canvas.appendChild(root);
  svg = root;
  viewport = vp;
  nodeEls = Array.from(root.querySelectorAll<SVGGElement>('g.vx-node[data-index]'));
  nodeEls.forEach((e, i) => {
    if (isFamily(view.nodes[i]?.id ?? '')) e.setAttribute('aria-expanded', 'false');
  });
  empty.hidden = view.nodes.length > 0;
  empty.textContent = view.nodes.length ? '' : 'No components yet';
  renderSide(view);
  // A picture the user has not moved is fitted again (a new load factor can make boxes wider).
  if (keepTransform && !state.fitted) applyTransform();
  else fit();
  markSelected();
  if (highlighted !== undefined) highlight(highlighted);
  if (search.value.trim()) {
    // The ids may have changed with the edit: match again, keep the place.
    searchHits = matches(search.value);
    searchAt = Math.min(searchAt, Math.max(0, searchHits.length - 1));
    runSearch(false);
  }
  applyTrace();
  status.textContent = view === full ? `Graph updated: ${view.nodes.length} nodes, ${view.edges.length} edges` : `Graph updated: ${full.nodes.length} components shown as ${view.nodes.length} boxes; click a family to expand it`;
}

/** A pipeline test's events over the graph ("Show trace on graph"); cleared by its bar's button or another file. */
let trace: TraceOverlay | undefined;
function applyTrace(): void {
  drawTrace(svg, viewport, shown, layout, trace, () => {
    trace = undefined;
    applyTrace();
  });
}

function showBanner(text: string | undefined): void {
  banner.hidden = !text;
  banner.textContent = text ?? '';
}

function receiveView(msg: Extract<ToWebview, { type: 'view' }>): void {
  const stale = !!(msg.parseError || msg.stale);
  showBanner(stale ? 'YAML syntax error — showing the last good graph' : msg.message);
  const view = msg.view ?? (stale ? (state.view ?? null) : null);
  state.stale = stale;
  if (!view) {
    if (!stale) {
      state.view = null;
      svg?.remove();
      svg = undefined;
      layout = undefined;
      nodeEls = [];
      empty.hidden = false;
      empty.textContent = msg.message ?? 'No graph for this editor';
      renderSide(null);
    } else if (!svg) {
      empty.hidden = false;
      empty.textContent = 'No graph yet: the file does not parse';
    }
    persist();
    return;
  }
  const sameFile = state.uri === view.uri;
  const keep = sameFile && (svg !== undefined || state.view != null);
  state.view = view;
  state.uri = view.uri;
  state.load = clampLoad(view.load);
  loadInput.value = String(state.load);
  loadOut.textContent = `${state.load.toFixed(1)}×`;
  if (!sameFile) {
    state.selected = undefined;
    state.expanded = [];
    trace = undefined;
  }
  render(view, keep);
  svg?.classList.toggle('vx-stale', stale);
  persist();
}

/** Expands a family of the overview, then centres on `id` (one of its components) or on the family's first component. */
function expand(family: string, id: string | undefined): void {
  if (!state.view) return;
  if (!state.expanded.includes(family)) state.expanded.push(family);
  render(state.view, true);
  const first = id ?? state.view.nodes.find((n) => familyOf(n) === family)?.id;
  const i = nodeIndex(first);
  if (i >= 0) centreOn(i);
  persist();
}

// --------------------------------------------------------------- search ---
/** Ids of the components the search matches, best first; the current one is searchHits[searchAt]. */
let searchHits: string[] = [];
let searchAt = 0;

function matches(query: string): string[] {
  const q = query.trim().toLowerCase();
  if (!q || !state.view) return [];
  const ids = state.view.nodes.filter((n) => n.kind !== 'ghost').map((n) => n.id);
  const rank = (id: string) => (id.toLowerCase() === q ? 0 : id.toLowerCase().startsWith(q) ? 1 : 2);
  return ids.filter((id) => id.toLowerCase().includes(q)).sort((a, b) => rank(a) - rank(b) || a.length - b.length);
}

/** Marks the current match, expanding its family if needed; `move`: centre the view on it. */
function runSearch(move: boolean): void {
  nodeEls.forEach((e) => e.classList.remove('vx-found'));
  if (!searchHits.length) {
    searchCount.textContent = search.value.trim() ? 'none' : '';
    return;
  }
  const id = searchHits[searchAt];
  searchCount.textContent = `${searchAt + 1} of ${searchHits.length}`;
  let i = nodeIndex(id);
  if (i >= 0 && shown && isFamily(shown.nodes[i].id) && move) {
    expand(shown.nodes[i].id, id);
    i = nodeIndex(id);
  }
  if (i < 0) return;
  nodeEls[i]?.classList.add('vx-found');
  if (move) centreOn(i);
}

search.addEventListener('input', () => {
  searchHits = matches(search.value);
  searchAt = 0;
  runSearch(true);
});
search.addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && searchHits.length) {
    searchAt = (searchAt + (ev.shiftKey ? searchHits.length - 1 : 1)) % searchHits.length;
    runSearch(true);
    ev.preventDefault();
  } else if (ev.key === 'Escape') {
    search.value = '';
    searchHits = [];
    runSearch(false);
  }
});

// -------------------------------------------------------------- events ---
window.addEventListener('message', (ev: MessageEvent) => {
  const msg = ev.data as ToWebview;
  if (!msg || typeof msg !== 'object') return;
  switch (msg.type) {
    case 'view':
      receiveView(msg);
      break;
    case 'highlight':
      highlight(typeof msg.id === 'string' ? msg.id : null);
      break;
    case 'focus': {
      if (typeof msg.id !== 'string') break;
      const i = nodeIndex(msg.id);
      if (i >= 0 && shown && isFamily(shown.nodes[i].id)) expand(shown.nodes[i].id, msg.id);
      else if (i >= 0) centreOn(i);
      highlight(msg.id);
      break;
    }
    case 'trace':
      trace = msg.trace && typeof msg.trace === 'object' && Array.isArray(msg.trace.edges) ? msg.trace : undefined;
      applyTrace();
      break;
    case 'status':
      showBanner(typeof msg.message === 'string' && msg.message ? msg.message : undefined);
      break;
  }
});

function nodeFromEvent(target: EventTarget | null): number {
  const g = (target as Element | null)?.closest?.('g.vx-node[data-index]');
  return g ? Number(g.getAttribute('data-index')) : -1;
}

function reveal(i: number): void {
  const n = shown?.nodes[i];
  if (n && isFamily(n.id)) {
    expand(n.id, undefined);
    return;
  }
  if (!n || !n.uri) return;
  state.selected = n.id;
  markSelected();
  persist();
  post({ type: 'reveal', id: n.id, uri: n.uri, line: n.line, character: n.character });
}

let drag: { x: number; y: number; tx: number; ty: number; moved: boolean; id: number } | undefined;
canvas.addEventListener('pointerdown', (ev) => {
  if (ev.button !== 0) return;
  drag = { x: ev.clientX, y: ev.clientY, tx: state.tx, ty: state.ty, moved: false, id: ev.pointerId };
});
canvas.addEventListener('pointermove', (ev) => {
  if (!drag || drag.id !== ev.pointerId) return;
  const dx = ev.clientX - drag.x;
  const dy = ev.clientY - drag.y;
  if (!drag.moved && Math.hypot(dx, dy) < 4) return;
  if (!drag.moved) {
    drag.moved = true;
    try {
      canvas.setPointerCapture?.(ev.pointerId);
    } catch {
      // A pointer the browser no longer tracks: the drag goes on without capture.
    }
    canvas.classList.add('dragging');
  }
  pendingPan = { tx: drag.tx + dx, ty: drag.ty + dy };
  queueFrame();
});
const endDrag = (ev: PointerEvent) => {
  if (!drag || drag.id !== ev.pointerId) return;
  const wasDrag = drag.moved;
  drag = undefined;
  canvas.classList.remove('dragging');
  if (!wasDrag && ev.type === 'pointerup') {
    const i = nodeFromEvent(ev.target);
    if (i >= 0) reveal(i);
  }
};
canvas.addEventListener('pointerup', endDrag);
canvas.addEventListener('pointercancel', endDrag);
canvas.addEventListener(
  'wheel',
  (ev) => {
    ev.preventDefault();
    const r = canvas.getBoundingClientRect();
    const factor = Math.exp(-ev.deltaY * (ev.deltaMode === 1 ? 0.05 : 0.0015));
    pendingZoom = { factor: (pendingZoom?.factor ?? 1) * factor, cx: ev.clientX - r.left, cy: ev.clientY - r.top };
    queueFrame();
  },
  { passive: false },
);
canvas.addEventListener('keydown', (ev) => {
  const i = nodeFromEvent(ev.target);
  if ((ev.key === 'Enter' || ev.key === ' ') && i >= 0) {
    ev.preventDefault();
    reveal(i);
    return;
  }
  const cw = canvas.clientWidth / 2;
  const ch = canvas.clientHeight / 2;
  if (ev.key === '+' || ev.key === '=') zoomAt(1.2, cw, ch);
  else if (ev.key === '-') zoomAt(1 / 1.2, cw, ch);
  else if (ev.key === '0') fit();
  else if (ev.key.startsWith('Arrow') && ev.target === canvas) {
    const step = 40;
    if (ev.key === 'ArrowLeft') state.tx += step;
    if (ev.key === 'ArrowRight') state.tx -= step;
    if (ev.key === 'ArrowUp') state.ty += step;
    if (ev.key === 'ArrowDown') state.ty -= step;
    applyTransform();
  } else return;
  ev.preventDefault();
});
fitBtn.addEventListener('click', fit);
directionBtn.addEventListener('click', () => {
  state.direction = state.direction === 'auto' ? 'LR' : state.direction === 'LR' ? 'TB' : 'auto';
  showDirection();
  if (state.view) render(state.view, false);
  persist();
});
sideBtn.addEventListener('click', () => {
  setSide(side.hidden, true);
  if (state.fitted) fit();
});
// A resized panel (or the side panel opening) fits again unless the user has zoomed or panned.
let lastSize = '';
new ResizeObserver(() => {
  const size = `${canvas.clientWidth}x${canvas.clientHeight}`;
  if (size === lastSize || !canvas.clientWidth) return;
  lastSize = size;
  if (state.view && state.fitted) {
    render(state.view, false);
  }
}).observe(canvas);
zoomInBtn.addEventListener('click', () => zoomAt(1.25, canvas.clientWidth / 2, canvas.clientHeight / 2));
zoomOutBtn.addEventListener('click', () => zoomAt(1 / 1.25, canvas.clientWidth / 2, canvas.clientHeight / 2));

let loadTimer: ReturnType<typeof setTimeout> | undefined;
loadInput.addEventListener('input', () => {
  const load = clampLoad(Number(loadInput.value));
  loadOut.textContent = `${load.toFixed(1)}×`;
  state.load = load;
  persist();
  if (loadTimer) clearTimeout(loadTimer);
  loadTimer = setTimeout(() => post({ type: 'setLoad', load }), 150);
});

exportBtn.addEventListener('click', () => {
  if (!state.view || !layout || !shown) return;
  const svgText = renderSvg(shown, layout, { theme: currentTheme(), boxes });
  post({ type: 'export', svg: svgText, name: state.view.name ?? 'pipeline' });
});

// --------------------------------------------------------------- start ---
installStyle();
setSide(state.sideOpen ?? window.innerWidth >= NARROW, false);
renderSide(state.view ?? null);
if (state.view) {
  const view = state.view;
  render(view, true);
  if (state.stale) showBanner('YAML syntax error — showing the last good graph');
}
post({ type: 'ready' });

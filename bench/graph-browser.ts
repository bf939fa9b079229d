// The graph preview in a real browser: the built webview in headless Debian
// chromium (test/webview/harness.ts), a generated pipeline (bench/generate.ts,
// 5,000 components by default), drawn as the overview a big graph opens as
// and fully expanded (every family). For each: wheel zoom steps and pan drag
// frames dispatched inside the page, one per animation frame, timed with
// requestAnimationFrame timestamps:
//  - frame: from the frame that handled the event to the next one (what the
//    event cost the renderer: style, layout, paint), median and p95;
//  - frames/s: steps / elapsed when one event arrives every frame.
// Software rendering (--disable-gpu), as in a VS Code without a GPU; figures
// only, nothing asserted (the behaviour test is test/webview/zoom-pan.test.ts).
// Run: npm run bench:graph [components]
import * as fs from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { analyzePipeline } from '../core/src/index';
import { buildGraphView, type GraphView } from '../core/src/graph-view/model';
import { familyOf } from '../webview/src/overview';
import { haveChromium, MEASURE_ZOOM_PAN as MEASURE, openWebview, postView, startWebviewServer, CHROMIUM } from '../test/webview/harness';
import { generatePipeline } from './generate';

const components = Number(process.argv[2] ?? 5000);
const STEPS = 40;


interface Figures {
  median: number;
  p95: number;
  fps: number;
  /** The longest frame once the gesture stopped (the redraw at the new scale). */
  settle: number;
}

async function measure(page: Page, kind: 'zoom' | 'pan'): Promise<Figures> {
  const { frames, fps, settle } = (await page.evaluate(`(${MEASURE})(${JSON.stringify(kind)}, ${STEPS})`)) as { frames: number[]; fps: number; settle: number };
  const s = [...frames].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)], fps, settle };
}

async function run(page: Page, label: string): Promise<void> {
  const drawn = await page.locator('#canvas g.vx-node[data-index]').count();
  const domNodes = await page.evaluate(() => document.querySelectorAll('#canvas *').length);
  for (const kind of ['zoom', 'pan'] as const) {
    const m = await measure(page, kind);
    console.log(`  ${label} (${drawn} boxes, ${domNodes} SVG elements): ${kind === 'zoom' ? 'wheel zoom step' : 'pan drag frame'} ${m.median.toFixed(1)} ms median, ${m.p95.toFixed(1)} ms p95; ${m.fps.toFixed(1)} frames/s with one event a frame; then one ${m.settle.toFixed(0)} ms frame when it rests`);
  }
}

async function main(): Promise<void> {
  if (!haveChromium) throw new Error(`chromium not installed at ${CHROMIUM}: run scripts/e2e/setup.sh`);
  console.log(`graph preview in chromium, ${components} components; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const { text } = generatePipeline(components);
  const uri = 'file:///bench/graph-browser.veltrix.yaml';
  const view: GraphView = buildGraphView(analyzePipeline(uri, text, { host: { readFile: (u) => (u === uri ? text : undefined) } }));
  const w = await startWebviewServer();
  try {
    // The panel beside the editor in a 1600x1000 window (test/webview/webview.test.ts's PANEL).
    const page = await openWebview(w, 'vscode-light', { width: 626, height: 908 });
    await postView(page, view);
    await run(page, 'overview');
    // Every family expanded: the state the webview keeps for this file, then the view again.
    const families = [...new Set(view.nodes.map((n) => familyOf(n)).filter((f): f is string => !!f))];
    const t0 = Date.now();
    await page.evaluate(({ uri, expanded }) => sessionStorage.setItem('vscode-state', JSON.stringify({ uri, expanded, load: 1, fitted: true })), { uri: view.uri, expanded: families });
    await page.reload();
    await page.evaluate(() => document.body.classList.add('vscode-light'));
    await page.evaluate(() => document.documentElement.style.setProperty('--vscode-editor-font-size', '14px'));
    await postView(page, view);
    await page.waitForFunction((n) => document.querySelectorAll('#canvas g.vx-node[data-index]').length >= n, view.nodes.length, { timeout: 120_000 });
    console.log(`  expanding all ${families.length} families and drawing ${view.nodes.length} nodes: ${Date.now() - t0} ms`);
    await run(page, 'expanded');
    // What a user sees: mid-gesture (the layer scaled) and at rest (drawn again at the new scale).
    const dir = path.join(__dirname, '..', 'test-artifacts', 'webview');
    fs.mkdirSync(dir, { recursive: true });
    await page.evaluate(() => {
      const c = document.getElementById('canvas')!;
      const r = c.getBoundingClientRect();
      for (let i = 0; i < 3; i++) c.dispatchEvent(new WheelEvent('wheel', { deltaY: -200, clientX: r.left + 100, clientY: r.top + 100, bubbles: true, cancelable: true }));
    });
    await page.waitForTimeout(60);
    await page.screenshot({ path: path.join(dir, 'bench-graph-zooming.png') });
    await page.waitForTimeout(1000);
    await page.screenshot({ path: path.join(dir, 'bench-graph-rested.png') });
  } finally {
    await w.close();
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});

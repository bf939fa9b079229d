/**
 * The graph webview served to headless Debian chromium as the panel ships it:
 * the webview entry of scripts/bundle.mjs built on its own into a temp dir
 * (with the codicon files), the HTML shell and CSP of webview/src/html.ts,
 * and a stand-in acquireVsCodeApi that records what the page posts. Shared by
 * the webview tests and bench/graph-browser.ts.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { GraphView } from '../../core/src/graph-view/model';
import { webviewHtml } from '../../webview/src/html';
import { repoRoot } from '../helpers/host';

export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = fs.existsSync(CHROMIUM);

/**
 * Runs in the page before any of its scripts: the VS Code API stand-in and
 * tripwires. A string, not a function: tsx would add helpers the page lacks.
 */
export const INIT_SCRIPT = `
window.__posted = [];
window.__alerts = [];
window.__violations = [];
for (const name of ['alert', 'confirm', 'prompt']) window[name] = (m) => window.__alerts.push(String(m));
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
  getState: () => { const s = sessionStorage.getItem('vscode-state'); return s ? JSON.parse(s) : undefined; },
  setState: (s) => sessionStorage.setItem('vscode-state', JSON.stringify(s)),
});
`;

export interface WebviewServer {
  browser: Browser;
  origin: string;
  nonce: string;
  /** Paths the pages asked the server for (besides the HTML shell). */
  served: string[];
  close(): Promise<void>;
}

export async function startWebviewServer(): Promise<WebviewServer> {
  const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-webview-'));
  await esbuild.build({
    bundle: true,
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
    legalComments: 'none',
    platform: 'browser',
    target: 'es2020',
    format: 'iife',
    entryPoints: [path.join(repoRoot, 'webview/src/main.ts')],
    outfile: path.join(distDir, 'webview.js'),
  });
  fs.mkdirSync(path.join(distDir, 'codicons'));
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(repoRoot, 'node_modules/@vscode/codicons/dist', f), path.join(distDir, 'codicons', f));
  const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf' };
  const served: string[] = [];
  const nonce = crypto.randomBytes(18).toString('base64');
  let origin = '';
  // Like the panel's localResourceRoots, only files in the temp dir are served (besides the HTML shell).
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(webviewHtml({ cspSource: origin, nonce, scriptUri: `${origin}/webview.js`, codiconsUri: `${origin}/codicons/codicon.css` }));
      return;
    }
    const file = path.join(distDir, url);
    served.push(url);
    if (file.startsWith(distDir + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
      res.end(fs.readFileSync(file));
    } else {
      res.writeHead(url === '/favicon.ico' ? 204 : 404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    browser,
    origin,
    nonce,
    served,
    async close() {
      await browser.close();
      await new Promise<void>((r) => server.close(() => r()));
      fs.rmSync(distDir, { recursive: true, force: true });
    },
  };
}

/** VS Code sets this on every webview's <html> (the default editor font size). */
export const EDITOR_FONT_PX = 14;

/** A fresh page with the webview loaded and `ready` posted. */
export async function openWebview(w: WebviewServer, theme = 'vscode-light', viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await w.browser.newContext({ viewport });
  const page = await context.newPage();
  await page.addInitScript({ content: INIT_SCRIPT });
  page.on('pageerror', (e) => console.error('[webview pageerror]', e.message));
  page.on('console', (m) => m.type() === 'error' && console.error('[webview console]', m.text()));
  await page.goto(`${w.origin}/index.html?theme=${theme}`);
  await page.evaluate((cls) => document.body.classList.add(cls), theme);
  // VS Code's variables are on <html> before any script runs; the font size is read when fitting.
  await page.evaluate((px) => document.documentElement.style.setProperty('--vscode-editor-font-size', `${px}px`), EDITOR_FONT_PX);
  await page.waitForFunction(() => ((window as unknown as { __posted: Array<{ type: string }> }).__posted ?? []).some((m) => m.type === 'ready'));
  return page;
}

export async function postView(page: Page, view: GraphView | null, extra: Record<string, unknown> = {}): Promise<void> {
  await page.evaluate((msg) => window.postMessage(msg, '*'), { type: 'view', view, ...extra });
  await page.waitForTimeout(50);
}

/**
 * Zoom and pan timed inside the page: `(kind: 'zoom' | 'pan', steps) =>
 * {frames, fps, settle}` (method: bench/graph-browser.ts). A string: tsx
 * would add helpers the page lacks.
 */
export const MEASURE_ZOOM_PAN = `async (kind, steps) => {
  const canvas = document.getElementById('canvas');
  const r = canvas.getBoundingClientRect();
  const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
  const raf = () => new Promise((res) => requestAnimationFrame(res));
  let x = cx;
  const fire = (i) => {
    if (kind === 'zoom') {
      const dy = i % 40 < 25 ? -100 : 100; // ends zoomed in, so the rest redraws at a new scale
      canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: dy, deltaMode: 0, clientX: cx, clientY: cy, bubbles: true, cancelable: true }));
    } else {
      x += (i % 20 < 10 ? 12 : -12);
      canvas.dispatchEvent(new PointerEvent('pointermove', { pointerId: 1, button: 0, buttons: 1, clientX: x, clientY: cy, bubbles: true }));
    }
  };
  if (kind === 'pan') canvas.dispatchEvent(new PointerEvent('pointerdown', { pointerId: 1, button: 0, buttons: 1, clientX: x, clientY: cy, bubbles: true }));
  const frames = [];
  for (let i = 0; i < steps; i++) {
    const a = await raf();
    fire(i);
    const b = await raf();
    const c = await raf();
    frames.push(c - b > b - a ? c - b : b - a);
  }
  const t0 = await raf();
  let n = 0;
  const end = await new Promise((res) => {
    const tick = (t) => { if (n === steps) return res(t); fire(n++); requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  if (kind === 'pan') canvas.dispatchEvent(new PointerEvent('pointerup', { pointerId: 1, button: 0, clientX: x, clientY: cy, bubbles: true }));
  // Once the picture rests it is drawn again at the new scale: the longest frame of the next 800 ms.
  let settle = 0;
  for (let last = await raf(), stop = last + 800; last < stop; ) {
    const t = await raf();
    settle = Math.max(settle, t - last);
    last = t;
  }
  return { frames, fps: steps / ((end - t0) / 1000), settle };
}`;

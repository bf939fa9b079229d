/**
 * The graph webview in a real browser: the built dist/webview.js, in the HTML
 * shell and content security policy the panel ships (webview/src/html.ts),
 * served from a loopback HTTP server, driven by headless Debian chromium.
 * A stand-in acquireVsCodeApi records what the webview posts.
 *
 * Needs /usr/bin/chromium (scripts/e2e/setup.sh). Without it the suite skips
 * loudly, or fails when VELTRIX_REQUIRE_E2E=1. Screenshots go to
 * test-artifacts/webview/.
 */
import { strict as assert } from 'node:assert';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildGraphView, type GraphView } from '../../core/src/graph-view/model';
import { webviewHtml } from '../../webview/src/html';
import { repoRoot } from '../helpers/host';
import * as S from '../graph/samples';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(repoRoot, 'test-artifacts', 'webview');
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium && process.env.VELTRIX_REQUIRE_E2E === '1') {
  throw new Error(`chromium not installed at ${CHROMIUM}: run scripts/e2e/setup.sh (VELTRIX_REQUIRE_E2E=1 makes this a failure)`);
}

let browser: Browser | undefined;
let server: http.Server | undefined;
let origin = '';
let nonce = '';
let distDir: string | undefined;
/** Paths the pages asked the server for (besides the HTML shell). */
const served: string[] = [];

/**
 * Runs in the page before any of its scripts: the VS Code API stand-in and
 * tripwires. A string, not a function: tsx would add helpers the page lacks.
 */
const INIT_SCRIPT = `
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

async function openPage(theme = 'vscode-light'): Promise<{ page: Page; dialogs: string[] }> {
  const context = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.addInitScript({ content: INIT_SCRIPT });
  page.on('pageerror', (e) => console.error('[webview pageerror]', e.message));
  page.on('console', (m) => m.type() === 'error' && console.error('[webview console]', m.text()));
  await page.goto(`${origin}/index.html?theme=${theme}`);
  await page.evaluate((cls) => document.body.classList.add(cls), theme);
  await page.waitForFunction(() => ((window as unknown as { __posted: Array<{ type: string }> }).__posted ?? []).some((m) => m.type === 'ready'));
  return { page, dialogs };
}

async function postView(page: Page, view: GraphView | null, extra: Record<string, unknown> = {}): Promise<void> {
  await page.evaluate((msg) => window.postMessage(msg, '*'), { type: 'view', view, ...extra });
  await page.waitForTimeout(50);
}

const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: Array<Record<string, unknown>> }).__posted);
const count = (page: Page, sel: string) => page.locator(sel).count();

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), timeout: 15_000 });
}

describe('graph webview in chromium', { skip: haveChromium ? false : `chromium not installed: ${CHROMIUM} is missing; run scripts/e2e/setup.sh` }, () => {
  before(async () => {
    // The webview entry of scripts/bundle.mjs, with the same options, built
    // on its own (the other bundles may be mid-edit) into a temp dir that
    // stands in for dist/: webview.js and, as bundle.mjs copies them, the two
    // codicon files in codicons/. Like the panel's localResourceRoots, only
    // files in that dir are served (besides the HTML shell).
    distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-webview-'));
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
    server = http.createServer((req, res) => {
      const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
      if (url === '/index.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(webviewHtml({ cspSource: origin, nonce, scriptUri: `${origin}/webview.js`, codiconsUri: `${origin}/codicons/codicon.css` }));
        return;
      }
      const file = path.join(distDir!, url);
      served.push(url);
      if (file.startsWith(distDir! + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
        res.end(fs.readFileSync(file));
      } else {
        res.writeHead(url === '/favicon.ico' ? 204 : 404);
        res.end();
      }
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    nonce = crypto.randomBytes(18).toString('base64');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    if (distDir) fs.rmSync(distDir, { recursive: true, force: true });
  });

  test('clean example: nodes, edges, colours, legend, SLO panel, CSP, click reveals', async () => {
    const { page, dialogs } = await openPage();
    const view = buildGraphView(S.analyzeExample('orders.veltrix.yaml'));
    await postView(page, view);
    assert.equal(await count(page, '#canvas g.vx-node[data-index]'), view.nodes.length);
    assert.equal(await count(page, '#canvas g.vx-edge'), view.edges.length);
    assert.equal(await count(page, '#canvas g.vx-node.vx-util-low'), view.nodes.length);
    assert.equal(await count(page, '#canvas g.vx-edge.vx-critical'), 5);
    assert.equal(await count(page, '#canvas g.vx-node[role="button"][aria-label]'), view.nodes.length);
    // Styles applied under the CSP (nonce'd style element): a low-utilisation node is not black.
    const fill = await page.locator('#canvas g.vx-node.vx-util-low .vx-shape').first().evaluate((e) => getComputedStyle(e).fill);
    assert.notEqual(fill, 'rgb(0, 0, 0)');
    // The CSP meta is the first thing in the head, strict.
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp!, /^default-src 'none'; script-src 'nonce-[^']+'; style-src http:\/\/127\.0\.0\.1:\d+ 'nonce-[^']+'; img-src http:\/\/127\.0\.0\.1:\d+ data:; font-src http:\/\/127\.0\.0\.1:\d+$/);
    // Toolbar icons: codicons from the shipped stylesheet, linked with the
    // nonce from the webview's own origin, and the font actually loaded.
    const link = page.locator('head link[rel="stylesheet"]');
    assert.equal(await link.count(), 1);
    assert.equal(await link.getAttribute('href'), `${origin}/codicons/codicon.css`);
    assert.equal(await link.evaluate((e) => (e as HTMLLinkElement).nonce), nonce);
    const icons = await page.evaluate(async () => {
      await document.fonts.ready;
      const faces: FontFace[] = [];
      document.fonts.forEach((f) => void (f.family.replace(/"/g, '') === 'codicon' && faces.push(f)));
      await Promise.all(faces.map((f) => f.loaded.catch(() => undefined)));
      return {
        faces: faces.map((f) => f.status),
        check: document.fonts.check('16px codicon'),
        buttons: Array.from(document.querySelectorAll('#toolbar button')).map((b) => {
          const i = b.querySelector('.codicon');
          return {
            id: b.id,
            label: b.getAttribute('aria-label'),
            title: b.getAttribute('title'),
            icon: i?.className ?? null,
            hidden: i?.getAttribute('aria-hidden') ?? null,
            font: i ? getComputedStyle(i).fontFamily : null,
            glyph: i ? getComputedStyle(i, '::before').content : null,
          };
        }),
      };
    });
    assert.deepEqual(icons.faces, ['loaded'], 'the codicon font face is loaded');
    assert.equal(icons.check, true);
    assert.deepEqual(
      icons.buttons.map((b) => [b.id, b.icon]),
      [['fit', 'codicon codicon-screen-full'], ['zoom-in', 'codicon codicon-zoom-in'], ['zoom-out', 'codicon codicon-zoom-out'], ['export', 'codicon codicon-export']],
    );
    for (const b of icons.buttons) {
      assert.ok(b.label && b.title, `${b.id} keeps its aria-label and title`);
      assert.equal(b.hidden, 'true', `${b.id}: the icon is hidden from screen readers`);
      assert.equal(b.font, 'codicon', `${b.id}: the icon is drawn with the codicon font`);
      assert.match(b.glyph!, /^"[\uE000-\uF8FF]"$/u, `${b.id}: codicon-* names a glyph of the font`);
    }
    assert.ok(served.includes('/codicons/codicon.ttf'), 'the font came from the webview origin, next to the css');
    // Legend and SLO panel.
    assert.equal(await count(page, '#side .swatch'), 5);
    const slo = await page.locator('#slo').innerText();
    assert.match(slo, /Max sustainable ingest: 10\.2k\/s \(SLO 8k\/s\)/);
    assert.match(slo, /End-to-end p99: 75\.0 s/);
    assert.equal(await count(page, '#slo .bad'), 0);
    await shot(page, 'orders');
    // Click a node: a reveal message with its definition.
    await page.locator('#canvas g.vx-node[data-id="with_customer"]').click();
    const reveal = (await posted(page)).find((m) => m.type === 'reveal');
    assert.deepEqual(reveal, { type: 'reveal', id: 'with_customer', uri: view.uri, line: 93, character: 2 });
    assert.equal(await count(page, '#canvas g.vx-node.vx-selected'), 1);
    // Highlight from the editor's cursor.
    await page.evaluate(() => window.postMessage({ type: 'highlight', id: 'by_region' }, '*'));
    await page.waitForSelector('#canvas g.vx-node.vx-highlight[data-id="by_region"]');
    // Load slider posts setLoad.
    await page.locator('#load').fill('1.5');
    await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'setLoad'));
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'setLoad').pop(), { type: 'setLoad', load: 1.5 });
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), [], 'no CSP violation');
    // Export posts a standalone SVG.
    await page.locator('#export').click();
    const exp = (await posted(page)).find((m) => m.type === 'export') as { svg: string; name: string };
    assert.equal(exp.name, 'orders');
    assert.match(exp.svg, /^<\?xml/);
    // Parsed in a blank page: the standalone SVG has its own <style>, which
    // the webview's CSP would (rightly) refuse if it were parsed there.
    const blank = await page.context().newPage();
    const parsed = await blank.evaluate((s) => {
      const d = new DOMParser().parseFromString(s, 'image/svg+xml');
      return { err: d.querySelector('parsererror')?.textContent ?? null, nodes: d.querySelectorAll('g.vx-node[data-index]').length };
    }, exp.svg);
    await blank.close();
    assert.deepEqual(parsed, { err: null, nodes: view.nodes.length });
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), [], 'no CSP violation');
    assert.deepEqual(dialogs, []);
    await page.context().close();
  });

  test('broken files: ghost nodes, ghost and cycle edges, badges, bottleneck colour', async () => {
    const { page } = await openPage('vscode-dark');
    const dangling = buildGraphView(S.analyzeText(S.DANGLING));
    await postView(page, dangling);
    assert.equal(await count(page, '#canvas g.vx-node.vx-kind-ghost'), 2);
    assert.equal(await count(page, '#canvas g.vx-edge.vx-ghost'), 3);
    assert.equal(await page.locator('#canvas g.vx-node[data-id="keep"] .vx-badge-error text').textContent(), '2');
    assert.equal(await page.locator('#canvas g.vx-node[data-id="keep"] .vx-badge-warning text').textContent(), '1');
    await shot(page, 'dangling-dark');
    // Clicking a ghost reveals the reference that names it.
    await page.locator('#canvas g.vx-node[data-id="?srcc"]').click();
    const r = (await posted(page)).filter((m) => m.type === 'reveal').pop();
    assert.deepEqual(r, { type: 'reveal', id: '?srcc', uri: S.MAIN_URI, line: 16, character: 13 });

    await postView(page, buildGraphView(S.analyzeText(S.CYCLE)));
    assert.equal(await count(page, '#canvas g.vx-edge.vx-cycle'), 4);
    await shot(page, 'cycle-dark');

    await postView(page, buildGraphView(S.analyzeText(S.OVERLOADED)));
    assert.equal(await count(page, '#canvas g.vx-node.vx-util-over.vx-bottleneck'), 1);
    assert.equal(await count(page, '#canvas g.vx-node.vx-util-hot'), 1);
    assert.ok((await count(page, '#slo .bad')) >= 2, 'SLO misses are flagged');
    await shot(page, 'overloaded-dark');
    await page.context().close();
  });

  test('YAML syntax error keeps the last good graph with a banner; state survives a reload', async () => {
    const { page } = await openPage();
    const good = buildGraphView(S.analyzeExample('orders.veltrix.yaml'));
    await postView(page, good);
    assert.equal(await page.locator('#banner').isHidden(), true);
    // Zoom in, then an update of the same file keeps the zoom.
    await page.locator('#zoom-in').click();
    const t1 = await page.locator('g.vx-viewport').getAttribute('transform');
    await postView(page, { ...good }, {});
    assert.equal(await page.locator('g.vx-viewport').getAttribute('transform'), t1);
    await postView(page, null, { parseError: true });
    assert.equal(await page.locator('#banner').isVisible(), true);
    assert.match(await page.locator('#banner').innerText(), /YAML syntax error — showing the last good graph/);
    assert.equal(await count(page, '#canvas g.vx-node[data-index]'), good.nodes.length);
    await shot(page, 'stale');
    await page.waitForTimeout(200); // state is saved with a short debounce
    await page.reload();
    await page.evaluate(() => document.body.classList.add('vscode-light'));
    await page.waitForSelector('#canvas g.vx-node[data-index]');
    assert.equal(await count(page, '#canvas g.vx-node[data-index]'), good.nodes.length, 'restored from state without a message');
    assert.equal(await page.locator('g.vx-viewport').getAttribute('transform'), t1, 'zoom and pan restored');
    assert.equal(await page.locator('#banner').isVisible(), true, 'still stale after reload');
    // A good view clears the banner.
    await postView(page, good);
    assert.equal(await page.locator('#banner').isHidden(), true);
    await page.context().close();
  });

  test('hostile strings stay inert text: no dialog, no injected element, no CSP violation', async () => {
    const { page, dialogs } = await openPage();
    const view = buildGraphView(S.analyzeHostile());
    await postView(page, view);
    await page.evaluate(() => window.postMessage({ type: 'status', message: '<img src=x onerror=alert(10)>' }, '*'));
    await page.waitForTimeout(300);
    assert.equal(await count(page, '#canvas g.vx-node[data-index]'), view.nodes.length);
    assert.equal(await count(page, 'img, iframe, object, embed, foreignObject, a, script:not([src])'), 0);
    assert.equal(await count(page, 'script'), 1, 'only our own script element');
    const hostileAttrs = await page.evaluate(() =>
      Array.from(document.querySelectorAll('*')).flatMap((e) => Array.from(e.attributes).filter((a) => /^on/i.test(a.name) || /javascript:/i.test(a.value) && a.name !== 'data-id' && a.name !== 'aria-label').map((a) => `${e.tagName}[${a.name}]`)),
    );
    assert.deepEqual(hostileAttrs, []);
    // The texts are shown as text.
    const text = await page.locator('#canvas').textContent();
    assert.match(text!, /<img src=x onerror=alert\(6\)>/);
    assert.match(text!, /<\/script><script>alert\(2\)<\/script>/);
    assert.match(text!, /<U\+202E>evil/);
    assert.match(await page.locator('#banner').innerText(), /<img src=x onerror=alert\(10\)>/);
    // Clicking a hostile node just posts its id.
    await page.locator('#canvas g.vx-node[data-index="0"]').click();
    const r = (await posted(page)).filter((m) => m.type === 'reveal').pop();
    assert.equal(r?.id, view.nodes[0].id);
    await shot(page, 'hostile');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __alerts: string[] }).__alerts), []);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
    assert.deepEqual(dialogs, []);
    await page.context().close();
  });
});

if (!haveChromium) {
  test('graph webview in chromium', (t) => {
    t.skip(`chromium not installed: ${CHROMIUM} is missing; run scripts/e2e/setup.sh (or set VELTRIX_REQUIRE_E2E=1 to fail)`);
  });
}

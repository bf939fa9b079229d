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
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildGraphView } from '../../core/src/graph-view/model';
import { repoRoot } from '../helpers/host';
import { CHROMIUM, EDITOR_FONT_PX, haveChromium, openWebview, postView, startWebviewServer, type WebviewServer } from './harness';
import * as S from '../graph/samples';
import { PIPELINE_SKELETON, snippetDefaults } from '../../core/src/language/skeleton';
import { pathToFileURL } from 'node:url';
import { analyzeTestFile, summarizeTraces } from '../../core/src/index';
import { DiskHost } from '../../cli/src/files';

const ARTIFACTS = path.join(repoRoot, 'test-artifacts', 'webview');
if (!haveChromium && process.env.VELTRIX_REQUIRE_E2E === '1') {
  throw new Error(`chromium not installed at ${CHROMIUM}: run scripts/e2e/setup.sh (VELTRIX_REQUIRE_E2E=1 makes this a failure)`);
}

let w: WebviewServer | undefined;
let origin = '';
let nonce = '';
/** Paths the pages asked the server for (besides the HTML shell). */
let served: string[] = [];

/**
 * The graph panel's default size beside the editor in a 1600x1000 VS Code
 * window with the Explorer open and no bottom panel (measured by
 * test/e2e/new-user.test.ts in code-server 1.100: canvas 626 x 875 under the
 * webview's toolbar).
 */
const PANEL = { width: 626, height: 908 };

async function openPage(theme = 'vscode-light', viewport = { width: 1280, height: 800 }): Promise<{ page: Page; dialogs: string[] }> {
  const page = await openWebview(w!, theme, viewport);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { page, dialogs };
}

const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: Array<Record<string, unknown>> }).__posted);
const count = (page: Page, sel: string) => page.locator(sel).count();

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), timeout: 15_000 });
}

describe('graph webview in chromium', { skip: haveChromium ? false : `chromium not installed: ${CHROMIUM} is missing; run scripts/e2e/setup.sh` }, () => {
  before(async () => {
    w = await startWebviewServer();
    ({ origin, nonce, served } = w);
  });

  after(async () => {
    await w?.close();
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
      [['fit', 'codicon codicon-screen-full'], ['zoom-in', 'codicon codicon-zoom-in'], ['zoom-out', 'codicon codicon-zoom-out'], ['direction', 'codicon codicon-type-hierarchy'], ['export', 'codicon codicon-export'], ['toggle-side', 'codicon codicon-layout-sidebar-right']],
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
    await page.evaluate(() => window.postMessage({ type: 'focus', id: 'with_customer' }, '*'));
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

  /** Rendered boxes of the canvas and of every node, and the rendered height of the smallest id text. */
  async function geometry(page: Page) {
    return page.evaluate(() => {
      const canvas = document.getElementById('canvas')!.getBoundingClientRect();
      const nodes = Array.from(document.querySelectorAll('#canvas g.vx-node[data-index] .vx-shape')).map((e) => {
        const r = e.getBoundingClientRect();
        return { id: e.closest('g.vx-node')!.getAttribute('data-id')!, kind: e.closest('g.vx-node')!.getAttribute('data-kind'), left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      });
      const ids = Array.from(document.querySelectorAll('#canvas g.vx-node .vx-id')).map((t) => {
        const scale = (t as SVGGraphicsElement).getScreenCTM()!.a;
        return parseFloat(getComputedStyle(t).fontSize) * scale;
      });
      // Every text line of a box inside the box's shape (a text wider than the layout's estimate would stick out).
      const texts = Array.from(document.querySelectorAll('#canvas g.vx-node[data-index] text.vx-id, #canvas g.vx-node[data-index] text.vx-sub')).map((t) => {
        const box = t.closest('g.vx-node')!.querySelector('.vx-shape')!.getBoundingClientRect();
        const r = t.getBoundingClientRect();
        return { id: t.closest('g.vx-node')!.getAttribute('data-id'), text: t.textContent, inBox: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5 };
      });
      const labels = Array.from(document.querySelectorAll('#canvas g.vx-edge .vx-label-bg')).map((e) => {
        const r = e.getBoundingClientRect();
        return { text: e.parentElement!.querySelector('text')?.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      });
      return { canvas: { left: canvas.left, top: canvas.top, right: canvas.right, bottom: canvas.bottom }, nodes, texts, labels, minIdPx: Math.min(...ids) };
    });
  }

  function assertInside(g: Awaited<ReturnType<typeof geometry>>, what: string): void {
    for (const n of g.nodes)
      assert.ok(n.left >= g.canvas.left && n.right <= g.canvas.right && n.top >= g.canvas.top && n.bottom <= g.canvas.bottom, `${what}: node ${n.id} lies inside the canvas (${JSON.stringify(n)} in ${JSON.stringify(g.canvas)})`);
  }

  test('at the panel size beside the editor: side panel closed, laid out top to bottom to use the height, ids at the editor font size', async () => {
    const { page } = await openPage('vscode-light', PANEL);
    const view = buildGraphView(S.analyzeExample('orders.veltrix.yaml'));
    await postView(page, view);
    assert.equal(await page.locator('#side').isHidden(), true, 'the side panel starts closed in a narrow panel');
    assert.equal(await page.locator('#toggle-side').getAttribute('aria-pressed'), 'false');
    const g = await geometry(page);
    assert.equal(g.nodes.length, view.nodes.length);
    assert.ok(g.minIdPx >= EDITOR_FONT_PX - 0.01, `ids drawn at ${g.minIdPx.toFixed(1)} px, at least the editor's ${EDITOR_FONT_PX} px`);
    const box = (id: string) => g.nodes.find((n) => n.id === id)!;
    assert.ok(box('orders_in').bottom < box('with_customer').top && box('with_customer').bottom < box('orders_eu_pg').top, 'top to bottom in a tall panel');
    // Boxes as wide as their text and a tight top-to-bottom layout: the whole graph fits, read at the editor's size.
    assertInside(g, 'load 1');
    const usedH = (Math.max(...g.nodes.map((n) => n.bottom)) - Math.min(...g.nodes.map((n) => n.top))) / (g.canvas.bottom - g.canvas.top);
    assert.ok(usedH > 0.6 && usedH <= 1, `the graph uses the panel's height (${usedH.toFixed(2)})`);
    assert.equal(await page.locator('#overflow-hint').isHidden(), true, 'no overflow hint when it all fits');
    await shot(page, 'panel-orders');
    // At 3x the load the boxes carry badges (wider id lines): still all inside, still readable.
    await postView(page, buildGraphView(S.analyzeExample('orders.veltrix.yaml', 3)));
    const g3 = await geometry(page);
    assertInside(g3, 'load 3');
    assert.ok(g3.minIdPx >= EDITOR_FONT_PX - 0.01, `load 3: ids at ${g3.minIdPx.toFixed(1)} px`);
    await shot(page, 'panel-orders-load3');
    await postView(page, view);
    // The side panel opens on demand.
    await page.locator('#toggle-side').click();
    assert.equal(await page.locator('#side').isVisible(), true);
    assert.equal(await page.locator('#toggle-side').getAttribute('aria-pressed'), 'true');
    await shot(page, 'panel-orders-side-open');
    await page.context().close();
  });

  test('every bundled example at the panel size, load 1 and 3x: whole, inside the canvas, ids at the editor font size, no text clipped', async () => {
    // mistakes (a five-way fan-out) and clickstream (32 boxes) are wider than the panel in the default layouts:
    // the fitted layout wraps their wide ranks onto more rows (docs/graph.md, "How the picture fits the panel").
    const { page } = await openPage('vscode-light', PANEL);
    const examples = S.exampleFiles();
    assert.ok(examples.length >= 6, examples.join(', '));
    for (const example of examples)
      for (const load of [1, 3]) {
        const view = buildGraphView(S.analyzeExample(example, load));
        await postView(page, view);
        const what = `${example} at ${load}x`;
        const g = await geometry(page);
        assert.equal(g.nodes.length, view.nodes.length, what);
        assertInside(g, what);
        assert.ok(g.minIdPx >= EDITOR_FONT_PX - 0.01, `${what}: ids at ${g.minIdPx.toFixed(1)} px`);
        for (const t of g.texts) assert.ok(t.inBox, `${what}: "${t.text}" of ${t.id} lies inside its box (${JSON.stringify(t)})`);
        for (const l of g.labels) {
          assert.ok(l.left >= g.canvas.left && l.right <= g.canvas.right && l.top >= g.canvas.top && l.bottom <= g.canvas.bottom, `${what}: edge label ${l.text} inside the canvas`);
          const under = g.nodes.find((n) => Math.min(n.right, l.right) - Math.max(n.left, l.left) > 1 && Math.min(n.bottom, l.bottom) - Math.max(n.top, l.top) > 1);
          assert.equal(under?.id, undefined, `${what}: edge label "${l.text}" is not covered by a box`);
        }
        assert.equal(await page.locator('#overflow-hint').isHidden(), true, `${what}: no overflow hint, it all fits`);
        await shot(page, `panel-${example.replace(/\.veltrix\.yaml$/, '').replace(/\//g, '-')}-load${load}`);
      }
    await page.context().close();
  });

  test('typical pipelines of 28 to 40 boxes at the panel size, a chain of 20 stages folded into columns: whole, inside, ids at the editor font size; a deep and wide one opens readable at its source with the overflow hint', async () => {
    const { page } = await openPage('vscode-light', PANEL);
    // [sources, stages in a row, routes, sinks per route]
    for (const shape of [[2, 2, 8, 3], [4, 2, 6, 3], [3, 3, 5, 4], [6, 3, 4, 3], [8, 2, 3, 2], [2, 12, 4, 2], [2, 20, 1, 1]] as const)
      for (const load of [1, 3]) {
        const [sources, stages, routes, sinks] = shape;
        const view = buildGraphView(S.analyzeText(S.typicalPipeline(sources, stages, routes, sinks), load));
        const what = `${view.nodes.length} boxes (${shape.join(', ')}) at ${load}x`;
        await postView(page, view);
        const g = await geometry(page);
        assertInside(g, what);
        assert.ok(g.minIdPx >= EDITOR_FONT_PX - 0.01, `${what}: ids at ${g.minIdPx.toFixed(1)} px`);
        for (const t of g.texts) assert.ok(t.inBox, `${what}: "${t.text}" of ${t.id} inside its box`);
        assert.equal(await page.locator('#overflow-hint').isHidden(), true, `${what}: no overflow hint`);
        if (shape[0] === 2 && load === 1) await shot(page, `panel-typical-${view.nodes.length}`);
      }
    // 26 ranks deep (20 filters in a row) and a router of 8 routes with 3 sinks each: too tall for the panel at a
    // readable size, too wide to fold, too long left to right.
    await postView(page, buildGraphView(S.analyzeText(S.typicalPipeline(2, 20, 8, 3))));
    const g = await geometry(page);
    assert.ok(g.minIdPx >= EDITOR_FONT_PX - 0.01, `deep: ids at ${g.minIdPx.toFixed(1)} px`);
    assert.ok(g.nodes.some((n) => n.kind === 'source' && n.left >= g.canvas.left && n.right <= g.canvas.right && n.top >= g.canvas.top && n.bottom <= g.canvas.bottom), 'deep: a source in view');
    assert.equal(await page.locator('#overflow-hint').isVisible(), true, 'deep: the user is told that more lies outside');
    await shot(page, 'panel-typical-deep');
    await page.context().close();
  });

  test('a new pipeline at the panel size: fitted in both directions, nothing clipped at load 1 or 3x', async () => {
    const { page } = await openPage('vscode-light', PANEL);
    const text = snippetDefaults(PIPELINE_SKELETON);
    for (const load of [1, 3]) {
      const view = buildGraphView(S.analyzeText(text, load));
      await postView(page, view);
      const g = await geometry(page);
      assert.equal(g.nodes.length, 4);
      assertInside(g, `load ${load}`);
      assert.equal(await page.locator('#overflow-hint').isHidden(), true, 'no overflow hint when it all fits');
      assert.ok(g.minIdPx >= EDITOR_FONT_PX - 0.01, `load ${load}: ids at ${g.minIdPx.toFixed(1)} px`);
      await shot(page, `panel-new-pipeline-load${load}`);
    }
    await page.context().close();
  });

  test('wide panel: the side panel starts open; left to right (the spec\'s picture) when that can be read whole', async () => {
    const { page } = await openPage('vscode-light', { width: 1280, height: 800 });
    await postView(page, buildGraphView(S.analyzeText(snippetDefaults(PIPELINE_SKELETON))));
    assert.equal(await page.locator('#side').isVisible(), true);
    const g = await geometry(page);
    const box = (id: string) => g.nodes.find((n) => n.id === id)!;
    assert.ok(box('events_in').right < box('keep_valid').left && box('keep_valid').right < box('events_out').left, 'left to right');
    assertInside(g, 'wide panel');
    assert.ok(g.minIdPx >= EDITOR_FONT_PX - 0.01);
    await page.context().close();
  });

  test('the Direction button fixes left to right or top to bottom, and back to automatic', async () => {
    const { page } = await openPage('vscode-light', PANEL);
    await postView(page, buildGraphView(S.analyzeExample('orders.veltrix.yaml')));
    const order = async () => {
      const g = await geometry(page);
      const a = g.nodes.find((n) => n.id === 'orders_in')!;
      const b = g.nodes.find((n) => n.id === 'valid_orders')!;
      return b.left >= a.right ? 'LR' : b.top >= a.bottom ? 'TB' : '?';
    };
    assert.equal(await order(), 'TB', 'automatic: top to bottom in the narrow panel');
    await page.locator('#direction').click();
    assert.equal(await page.locator('#direction').getAttribute('aria-label'), 'Direction: left to right');
    assert.equal(await order(), 'LR');
    assert.ok((await geometry(page)).minIdPx >= EDITOR_FONT_PX - 0.01, 'still readable (it pans)');
    await page.locator('#direction').click();
    assert.equal(await order(), 'TB');
    await page.locator('#direction').click();
    assert.equal(await page.locator('#direction').getAttribute('aria-label'), 'Direction: automatic');
    await page.context().close();
  });

  test('search: typing an id centres the view on it and marks it; Enter goes to the next match', async () => {
    const { page } = await openPage('vscode-light', PANEL);
    const view = buildGraphView(S.analyzeExample('orders.veltrix.yaml'));
    await postView(page, view);
    await page.locator('#search').fill('by_reg');
    await page.waitForSelector('#canvas g.vx-node.vx-found[data-id="by_region"]');
    assert.equal(await page.locator('#search-count').innerText(), '1 of 1');
    const centre = await page.evaluate(() => {
      const c = document.getElementById('canvas')!.getBoundingClientRect();
      const n = document.querySelector('#canvas g.vx-node[data-id="by_region"] .vx-shape')!.getBoundingClientRect();
      return { dx: n.left + n.width / 2 - (c.left + c.width / 2), dy: n.top + n.height / 2 - (c.top + c.height / 2) };
    });
    assert.ok(Math.abs(centre.dx) < 2 && Math.abs(centre.dy) < 2, `centred (${JSON.stringify(centre)})`);
    await shot(page, 'panel-search');
    // Several matches: Enter cycles.
    await page.locator('#search').fill('_');
    const n = Number((await page.locator('#search-count').innerText()).split(' of ')[1]);
    assert.ok(n > 2);
    const first = await page.locator('#canvas g.vx-node.vx-found').getAttribute('data-id');
    await page.locator('#search').press('Enter');
    assert.equal(await page.locator('#search-count').innerText(), `2 of ${n}`);
    assert.notEqual(await page.locator('#canvas g.vx-node.vx-found').getAttribute('data-id'), first);
    // An edit that renames the match: the search is matched again against the new ids.
    await page.locator('#search').fill('by_reg');
    const renamed = fs.readFileSync(path.join(S.EXAMPLES, 'orders.veltrix.yaml'), 'utf8').replace(/\bby_region\b/g, 'by_area');
    await postView(page, buildGraphView(S.analyzeText(renamed)));
    assert.equal(await page.locator('#search-count').innerText(), 'none');
    await page.locator('#search').fill('by_ar');
    await page.waitForSelector('#canvas g.vx-node.vx-found[data-id="by_area"]');
    await page.locator('#search').fill('no-such-component');
    assert.equal(await page.locator('#search-count').innerText(), 'none');
    assert.equal(await count(page, '#canvas g.vx-node.vx-found'), 0);
    // "Show in graph" from a code lens: centre and highlight.
    await page.evaluate(() => window.postMessage({ type: 'focus', id: 'orders_in' }, '*'));
    await page.waitForSelector('#canvas g.vx-node.vx-highlight[data-id="orders_in"]');
    await page.context().close();
  });

  test('above 200 components: an overview of families that stays readable, expanded on click and by search', async () => {
    const { page } = await openPage('vscode-light', PANEL);
    const sources = Array.from({ length: 120 }, (_, i) => `  in_${i}:\n    type: generator\n    rate: 10/s\n`).join('');
    const maps = Array.from({ length: 120 }, (_, i) => `  clean_${i}:\n    type: map\n    inputs: [in_${i}]\n    set:\n      x: "1"\n`).join('');
    const text = `veltrix: 1\npipeline:\n  name: big\n  delivery: at-most-once\nsources:\n${sources}processors:\n${maps}sinks:\n  store:\n    type: s3\n    bucket: b\n    inputs: [clean_*]\n`;
    const view = buildGraphView(S.analyzeText(text));
    assert.ok(view.nodes.length > 200);
    await postView(page, view);
    const families = await page.locator('#canvas g.vx-node[data-index]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    assert.deepEqual(families, ['#generator sources', '#map processors', 'store']);
    const g = await geometry(page);
    assertInside(g, 'overview');
    assert.ok(g.minIdPx >= EDITOR_FONT_PX - 0.01);
    assert.match(await page.locator('#canvas g.vx-edge').first().textContent() ?? '', /120 links/);
    await shot(page, 'panel-overview');
    // A click on a family box expands it (the other stays collapsed).
    await page.locator('#canvas g.vx-node[data-id="#map processors"]').click();
    await page.waitForSelector('#canvas g.vx-node[data-id="clean_0"]');
    assert.equal(await count(page, '#canvas g.vx-node[data-id^="clean_"]'), 120);
    assert.equal(await count(page, '#canvas g.vx-node[data-id="#generator sources"]'), 1);
    assert.equal((await posted(page)).filter((m) => m.type === 'reveal').length, 0, 'expanding is not a reveal');
    // Searching an id inside a collapsed family expands it and centres on the component.
    await page.locator('#search').fill('in_77');
    await page.waitForSelector('#canvas g.vx-node.vx-found[data-id="in_77"]');
    const inside = await geometry(page);
    const n = inside.nodes.find((x) => x.id === 'in_77')!;
    assert.ok(n.left >= inside.canvas.left && n.right <= inside.canvas.right, 'the found component is in view');
    await shot(page, 'panel-overview-expanded');
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
    const t1 = await page.locator('#canvas > svg').evaluate((e) => (e as SVGSVGElement).style.transform);
    await postView(page, { ...good }, {});
    assert.equal(await page.locator('#canvas > svg').evaluate((e) => (e as SVGSVGElement).style.transform), t1);
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
    assert.equal(await page.locator('#canvas > svg').evaluate((e) => (e as SVGSVGElement).style.transform), t1, 'zoom and pan restored');
    assert.equal(await page.locator('#banner').isVisible(), true, 'still stale after reload');
    // A good view clears the banner.
    await postView(page, good);
    assert.equal(await page.locator('#banner').isHidden(), true);
    await page.context().close();
  });

  test('Show trace on graph: counts on the edges a test\'s events took, markers where they were dropped or dead-lettered, the rest dimmed', async () => {
    const { page, dialogs } = await openPage('vscode-dark', { width: 1400, height: 800 });
    const view = buildGraphView(S.analyzeExample('orders.veltrix.yaml'));
    await postView(page, view);
    // The overlay's data as the server sends it: the core's summary of the example tests' real traces.
    const file = path.join(repoRoot, 'examples', 'orders.veltrix-test.yaml');
    const run = analyzeTestFile(pathToFileURL(file).toString(), fs.readFileSync(file, 'utf8'), { host: new DiskHost() });
    const down = run.tests.find((t) => t.name.startsWith('when the EU database is down'))!;
    const dropped = run.tests.find((t) => t.name.startsWith('unpaid'))!;
    const overlay = (t: typeof down, name = t.name) => ({ test: name, ...summarizeTraces(t.traces) });
    await page.evaluate((msg) => window.postMessage(msg, '*'), { type: 'trace', trace: overlay(down) });
    await page.waitForTimeout(50);
    const counts = await page.locator('g.vx-trace-count text').allTextContents();
    assert.equal(counts.length, summarizeTraces(down.traces).edges.length, 'a count on every edge the event took');
    assert.ok(await page.locator('g.vx-edge.vx-traced.vx-dead-letter').count(), 'the dead-letter hand-over is drawn as taken');
    const marks = await page.locator('g.vx-trace-mark text').allTextContents();
    assert.ok(marks.includes('1 dead-lettered'), marks.join(' | '));
    assert.ok(await page.locator('svg.vx-trace-on').count());
    assert.match((await page.locator('#trace-bar').textContent())!, /when the EU database is down/);
    await shot(page, 'trace-dead-letter');
    await page.evaluate((msg) => window.postMessage(msg, '*'), { type: 'trace', trace: overlay(dropped, '<img src=x onerror=alert(1)>') });
    await page.waitForTimeout(50);
    assert.ok((await page.locator('g.vx-trace-mark text').allTextContents()).some((m) => /^\d+ dropped$/.test(m)));
    assert.equal(await page.locator('#trace-bar img').count(), 0, 'a test name is text');
    await shot(page, 'trace-dropped');
    // Clear: the picture is as before.
    await page.locator('#trace-clear').click();
    assert.equal(await page.locator('g.vx-trace').count(), 0);
    assert.equal(await page.locator('svg.vx-trace-on').count(), 0);
    assert.deepEqual(dialogs, []);
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
      Array.from(document.querySelectorAll('*')).flatMap((e) => Array.from(e.attributes).filter((a) => /^on/i.test(a.name) || /javascript:/i.test(a.value) && !['data-id', 'data-from', 'data-to', 'aria-label'].includes(a.name)).map((a) => `${e.tagName}[${a.name}]`)),
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

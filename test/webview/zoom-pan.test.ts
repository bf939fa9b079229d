/**
 * Zoom and pan of a big graph change one thing: the CSS transform of the
 * <svg> root (a compositor layer), coalesced to one update per animation
 * frame. Nothing else in the DOM is added, removed or re-styled, so a
 * 5,000-node graph moves at frame rate (figures: npm run bench:graph).
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { analyzePipeline } from '../../core/src/index';
import { buildGraphView, type GraphView } from '../../core/src/graph-view/model';
import { familyOf } from '../../webview/src/overview';
import { generatePipeline } from '../../bench/generate';
import { CHROMIUM, haveChromium, openWebview, postView, startWebviewServer, type WebviewServer } from './harness';

let w: WebviewServer | undefined;

function bigView(components: number): GraphView {
  const { text } = generatePipeline(components);
  const uri = 'file:///t/big.veltrix.yaml';
  return buildGraphView(analyzePipeline(uri, text, { host: { readFile: (u) => (u === uri ? text : undefined) } }));
}

/** Records every DOM mutation under #canvas (what changed, on which element) while `act` runs. */
async function mutationsDuring(page: Page, act: string): Promise<Array<{ type: string; target: string; attr: string | null }>> {
  return (await page.evaluate(`(async () => {
    const seen = [];
    const obs = new MutationObserver((list) => { for (const m of list) seen.push({ type: m.type, target: m.target.nodeName + (m.target.id ? '#' + m.target.id : ''), attr: m.attributeName }); });
    obs.observe(document.getElementById('canvas'), { subtree: true, childList: true, attributes: true, characterData: true });
    await (${act})();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    obs.disconnect();
    return seen;
  })()`)) as Array<{ type: string; target: string; attr: string | null }>;
}

const WHEEL_BURST = `async () => {
  const c = document.getElementById('canvas');
  const r = c.getBoundingClientRect();
  for (let i = 0; i < 5; i++) c.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, clientX: r.left + 50, clientY: r.top + 50, bubbles: true, cancelable: true }));
}`;
const DRAG = `async () => {
  const c = document.getElementById('canvas');
  const r = c.getBoundingClientRect();
  const at = (type, x) => c.dispatchEvent(new PointerEvent(type, { pointerId: 1, button: 0, buttons: 1, clientX: r.left + x, clientY: r.top + 200, bubbles: true }));
  at('pointerdown', 100);
  for (let x = 110; x <= 300; x += 10) { at('pointermove', x); await new Promise((res) => requestAnimationFrame(res)); }
  at('pointerup', 300);
}`;

describe('graph zoom and pan in chromium', { skip: haveChromium ? false : `chromium not installed: ${CHROMIUM} is missing` }, () => {
  before(async () => {
    w = await startWebviewServer();
  });
  after(async () => {
    await w?.close();
  });

  test('5,000 components expanded: a wheel burst is one transform update; a drag moves only the transform; the DOM keeps its size', async () => {
    const view = bigView(5000);
    const page = await openWebview(w!, 'vscode-light', { width: 626, height: 908 });
    const families = [...new Set(view.nodes.map((n) => familyOf(n)).filter((f): f is string => !!f))];
    await page.evaluate(({ uri, expanded }) => sessionStorage.setItem('vscode-state', JSON.stringify({ uri, expanded, load: 1, fitted: true })), { uri: view.uri, expanded: families });
    await page.reload();
    await postView(page, view);
    await page.waitForFunction((n) => document.querySelectorAll('#canvas g.vx-node[data-index]').length === n, view.nodes.length, { timeout: 120_000 });
    await page.waitForTimeout(400); // the fitted picture at rest
    const size = () => page.evaluate(() => document.querySelectorAll('#canvas *').length);
    const transform = () => page.locator('#canvas > svg').evaluate((e) => (e as SVGSVGElement).style.transform);
    const before = { count: await size(), transform: await transform() };
    assert.ok(before.count > 40_000, `a big DOM (${before.count} elements)`);
    assert.equal(await page.locator('#canvas > svg').evaluate((e) => getComputedStyle(e).willChange), 'transform', 'the picture has its own layer');

    // Five wheel events in one task: one style write, the zoom of all five.
    // (The first move also hides the "more lies outside" hint, once.)
    const wheel = await mutationsDuring(page, WHEEL_BURST);
    assert.deepEqual(
      wheel.filter((m) => m.target !== 'DIV#overflow-hint'),
      [{ type: 'attributes', target: 'svg', attr: 'style' }],
    );
    assert.ok(wheel.length <= 2);
    const zoomed = await transform();
    const scaleOf = (t: string) => Number(/scale\(([\d.]+)\)/.exec(t)![1]);
    assert.ok(Math.abs(scaleOf(zoomed) / scaleOf(before.transform) - Math.exp(5 * 0.15)) < 0.01, `${before.transform} -> ${zoomed}`);

    // A drag: the root's style, once per frame at most (and the canvas's grabbing cursor class).
    const drag = await mutationsDuring(page, DRAG);
    const moves = drag.filter((m) => !(m.target === 'DIV#canvas' && m.attr === 'class'));
    assert.ok(moves.length > 0 && moves.every((m) => m.type === 'attributes' && m.target === 'svg' && m.attr === 'style'), JSON.stringify(drag.slice(0, 5)));
    // 20 frames of moves, plus the redraw hint toggled when the zoom comes to rest (two style writes).
    assert.ok(moves.length <= 22, `${moves.length} updates for 20 frames`);
    assert.ok(drag.length - moves.length <= 2, 'the cursor class is set once and cleared once');
    assert.match(await transform(), /translate\(/);
    assert.notEqual(await transform(), zoomed);
    assert.equal(await size(), before.count, 'no element added or removed');
    assert.equal(await page.evaluate(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.filter((m) => m.type === 'reveal').length), 0, 'a drag is not a click');
    await page.context().close();
  });

  test('at rest, text too small to read is hidden by one class on the root, and shown again when zoomed in', async () => {
    const page = await openWebview(w!, 'vscode-light', { width: 626, height: 908 });
    await postView(page, bigView(400));
    const root = page.locator('#canvas > svg');
    const zoomOut = `async () => { const c = document.getElementById('canvas'); for (let i = 0; i < 12; i++) { c.dispatchEvent(new WheelEvent('wheel', { deltaY: 300, clientX: 10, clientY: 60, bubbles: true, cancelable: true })); await new Promise((r) => requestAnimationFrame(r)); } }`;
    const muts = await mutationsDuring(page, zoomOut);
    assert.ok(muts.every((m) => m.target === 'svg' && m.attr === 'style'), 'no class change mid-gesture');
    await page.waitForFunction(() => document.querySelector('#canvas > svg')?.classList.contains('vx-far'));
    assert.equal(await page.locator('#canvas > svg text').first().evaluate((e) => getComputedStyle(e).display), 'none');
    await page.evaluate(`(${zoomOut.replace('deltaY: 300', 'deltaY: -300')})()`);
    await page.waitForFunction(() => !document.querySelector('#canvas > svg')?.classList.contains('vx-far'));
    assert.notEqual(await root.locator('text').first().evaluate((e) => getComputedStyle(e).display), 'none');
    await page.context().close();
  });
});

/**
 * The bundled examples' graphs beside the editor in the real VS Code
 * (code-server + Chromium, 1600x1000, Explorer open, no bottom panel): each
 * opens whole, every box inside the panel's canvas, ids at least at the
 * editor's font size, no "more lies outside" hint; then the load slider at
 * 3x. Screenshots graphfit-<example>-load1/3 in test-artifacts/e2e/.
 *
 *   flock /tmp/veltrix-e2e.lock node --import tsx --test test/e2e/graph-fit.test.ts
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, TIMEOUTS, hideBottomPanel, openFile, runCommand, screenshotOnFailure, skipWithoutE2E, waitFor, workbenchSession } from './harness';

const log = (m: string) => console.log(`# [e2e graph-fit] ${m}`);
/** The examples that do not fit the panel in the default layouts (five-way fan-out; 32 boxes), and orders. */
const EXAMPLES = ['mistakes.veltrix.yaml', 'clickstream/clickstream.veltrix.yaml', 'clickstream/enrichment.veltrix.yaml', 'orders.veltrix.yaml'];

describe('Every example graph fits the panel beside the editor', { skip: skipWithoutE2E(), timeout: 12 * 60_000 }, () => {
  const session = workbenchSession('graphfit', {
    settings: {},
    prepare: (tmp) => {
      fs.cpSync(path.join(REPO_ROOT, 'examples'), tmp, { recursive: true });
      return tmp;
    },
  });

  it('mistakes, clickstream and orders: whole, inside the canvas, ids at the editor font size, at load 1 and 3x', { timeout: 10 * 60_000 }, () =>
    session.step('fit', async () => {
      const page = session.page;
      // The window of the walk-through (the harness starts at 1400 x 900).
      await page.setViewportSize({ width: 1600, height: 1000 });
      await page.waitForTimeout(500);
      await hideBottomPanel(page);
      for (const example of EXAMPLES) {
        const name = path.basename(example, '.veltrix.yaml');
        // One editor and its graph at a time (openFile reads the one active tab).
        await runCommand(page, 'View: Close All Editors');
        await openFile(page, path.basename(example));
        await runCommand(page, 'Veltrix: Open Graph Preview');
        const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
        const nodes = frame.locator('g.vx-node[data-id]');
        await waitFor(async () => (await nodes.count()) >= 5, { timeout: TIMEOUTS.extension, message: `${name}: the graph drawn` });
        for (const load of [1, 3]) {
          if (load === 3) {
            await frame.locator('#load').fill('3');
            await waitFor(async () => (await frame.locator('#load-value').innerText()) === '3.0×', { timeout: TIMEOUTS.ui, message: 'slider at 3x' });
          }
          await page.waitForTimeout(1500); // the new view arrives, the panel settles, the picture refits
          const m = await frame.locator('#canvas').evaluate((canvas) => {
            const editorFont = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-font-size'));
            const ids = Array.from(document.querySelectorAll('#canvas g.vx-node .vx-id')).map((t) => parseFloat(getComputedStyle(t).fontSize) * (t as SVGGraphicsElement).getScreenCTM()!.a);
            const c = canvas.getBoundingClientRect();
            const outside = Array.from(document.querySelectorAll('#canvas g.vx-node[data-index] .vx-shape'))
              .filter((e) => {
                const r = e.getBoundingClientRect();
                return r.left < c.left || r.right > c.right || r.top < c.top || r.bottom > c.bottom;
              })
              .map((e) => e.closest('g.vx-node')!.getAttribute('data-id'));
            return { editorFont, minId: Math.min(...ids), boxes: ids.length, outside, canvas: { w: Math.round(c.width), h: Math.round(c.height) }, hint: !(document.getElementById('overflow-hint') as HTMLElement).hidden };
          });
          log(`${name} at ${load}x: ${JSON.stringify(m)}`);
          assert.ok(m.editorFont >= 10, 'VS Code gives the webview its editor font size');
          assert.ok(m.minId >= m.editorFont - 0.01, `${name} ${load}x: ids at ${m.minId.toFixed(1)} px, the editor's font is ${m.editorFont} px`);
          assert.deepEqual(m.outside, [], `${name} ${load}x: every box inside the canvas`);
          assert.equal(m.hint, false, `${name} ${load}x: no overflow hint`);
          await screenshotOnFailure(page, `graphfit-${name}-load${load}`);
        }
      }
    }),
  );
});

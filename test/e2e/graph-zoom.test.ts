/**
 * The graph of a 5,000-component pipeline in the real VS Code (code-server +
 * Chromium): opened as the overview, then every family expanded by clicks;
 * wheel zoom and pan drag timed inside the webview with the same in-page
 * measurement as npm run bench:graph (figures printed, no time asserted),
 * and the behaviour held: zoom and pan keep the DOM as it was.
 *
 *   flock /tmp/veltrix-e2e.lock node --import tsx --test test/e2e/graph-zoom.test.ts
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { generatePipeline } from '../../bench/generate';
import { MEASURE_ZOOM_PAN } from '../webview/harness';
import { TIMEOUTS, openFile, runCommand, skipWithoutE2E, waitFor, workbenchSession } from './harness';

const COMPONENTS = 5000;
const log = (m: string) => console.log(`# [e2e graph-zoom] ${m}`);

describe('The graph of 5,000 components in VS Code', { skip: skipWithoutE2E(), timeout: 15 * 60_000 }, () => {
  const session = workbenchSession('graphzoom', {
    settings: {},
    prepare: (tmp) => {
      fs.writeFileSync(path.join(tmp, 'big.veltrix.yaml'), generatePipeline(COMPONENTS).text);
      return tmp;
    },
  });

  it('zooms and pans the overview and the fully expanded graph; the DOM stays as it was', { timeout: 12 * 60_000 }, () =>
    session.step('zoom-pan', async () => {
      const page = session.page;
      await openFile(page, 'big.veltrix.yaml');
      await runCommand(page, 'Veltrix: Open Graph Preview');
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      const canvas = frame.locator('#canvas');
      const families = frame.locator('g.vx-node[data-id^="#"]');
      await waitFor(async () => (await families.count()) > 0, { timeout: 4 * TIMEOUTS.extension, message: 'the overview drawn' });
      const measure = async (label: string) => {
        const count = () => canvas.evaluate(() => document.querySelectorAll('#canvas *').length);
        const before = await count();
        for (const kind of ['zoom', 'pan'] as const) {
          // Evaluated as an expression in the webview's frame (the page's CSP allows no eval of its own).
          const inFrame = await (await canvas.elementHandle())!.ownerFrame();
          const m = (await inFrame!.evaluate(`(${MEASURE_ZOOM_PAN})(${JSON.stringify(kind)}, 40)`)) as { frames: number[]; fps: number; settle: number };
          const s = [...m.frames].sort((a, b) => a - b);
          log(`${label} (${before} elements): ${kind} frame ${s[20].toFixed(1)} ms median, ${s[37].toFixed(1)} ms p95; ${m.fps.toFixed(1)} frames/s; at rest ${m.settle.toFixed(0)} ms`);
        }
        assert.equal(await count(), before, 'zoom and pan add or remove nothing');
      };
      await measure('overview');
      // Expand every family, as a user clicks them (each click draws the graph again); the press and release are
      // dispatched on the box, which may lie outside the panel once the graph has grown.
      const t0 = Date.now();
      for (let i = 0; i < 20 && (await families.count()) > 0; i++) {
        const n = await families.count();
        await families.first().evaluate((g) => {
          for (const type of ['pointerdown', 'pointerup']) g.dispatchEvent(new PointerEvent(type, { pointerId: 1, button: 0, bubbles: true }));
        });
        await waitFor(async () => (await families.count()) < n, { timeout: 4 * TIMEOUTS.extension, message: 'a family expanded' });
      }
      const nodes = await frame.locator('g.vx-node[data-index]').count();
      log(`every family expanded: ${nodes} boxes, ${Date.now() - t0} ms of clicks`);
      assert.ok(nodes >= COMPONENTS, `${nodes} boxes`);
      await frame.locator('#fit').click();
      await page.waitForTimeout(500);
      await measure('expanded');
    }),
  );
});

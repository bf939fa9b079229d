/// <reference lib="dom" />
/**
 * Veltrix: Generate Monitoring in a real VS Code (code-server + chromium), as
 * a user meets it: the "Generate monitoring" lens sits on `pipeline.slo` of
 * the orders example; clicking it writes the three files into monitoring/
 * beside the pipeline (exactly what the core generates) and offers to open
 * them; the command palette entry does the same. Screenshots in
 * test-artifacts/e2e/monitoring-*.png.
 *
 * Run (one e2e at a time machine-wide):
 *   flock /tmp/veltrix-e2e.lock node --import tsx --test test/e2e/monitoring.test.ts
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { analyzePipeline } from '../../core/src/index';
import { generateMonitoring } from '../../core/src/monitoring/index';
import { diskHost, uriOf } from '../helpers/host';
import { REPO_ROOT, TIMEOUTS, openFile, runCommand, screenshotOnFailure, waitFor, skipWithoutE2E, workbenchSession } from './harness';

const NAMES = ['orders.rules.yaml', 'orders.rules.test.yaml', 'orders.dashboard.json'];

describe('Generate Monitoring in VS Code', { skip: skipWithoutE2E(), timeout: 15 * 60_000 }, () => {
  let ws = '';
  let page: Page;
  let expected: Record<string, string> = {};

  const session = workbenchSession('monitoring', {
    settings: { 'editor.minimap.enabled': false, 'files.autoSave': 'off', 'workbench.editor.enablePreview': false, 'editor.codeLens': true },
    prepare: (tmp) => {
      ws = path.join(tmp, 'shop');
      fs.mkdirSync(ws);
      const file = path.join(ws, 'orders.veltrix.yaml');
      fs.copyFileSync(path.join(REPO_ROOT, 'examples', 'orders.veltrix.yaml'), file);
      // What the core generates for this file, named as the editor names it (relative to the workspace).
      const m = generateMonitoring(analyzePipeline(uriOf(file), fs.readFileSync(file, 'utf8'), { host: diskHost }), 'orders.veltrix.yaml');
      expected = { [m.names.rules]: m.rules, [m.names.tests]: m.tests, [m.names.dashboard]: m.dashboard };
      return ws;
    },
  });
  before(() => (page = session.page));

  const step = session.step;

  const written = () => (fs.existsSync(path.join(ws, 'monitoring')) ? fs.readdirSync(path.join(ws, 'monitoring')).sort() : []);

  it('shows the Generate monitoring lens on pipeline.slo', { timeout: 6 * TIMEOUTS.ui }, () =>
    step('lens', async () => {
      await openFile(page, 'orders.veltrix.yaml');
      await waitFor(async () => (await page.locator('#status\\.editor\\.mode').innerText()).includes('Veltrix'), { timeout: TIMEOUTS.extension, message: 'language mode "Veltrix"' });
      const lens = page.locator('.codelens-decoration a', { hasText: 'Generate monitoring' });
      await lens.first().waitFor({ state: 'visible', timeout: TIMEOUTS.extension });
      assert.equal(await lens.count(), 1);
      // The lens is drawn above the `slo:` line (the line after it in the view holds `slo:`).
      const lensBox = (await lens.first().boundingBox())!;
      const sloLine = page.locator('.view-line', { hasText: /^\s*slo:\s*$/ }).first();
      const sloBox = (await sloLine.boundingBox())!;
      assert.ok(sloBox.y > lensBox.y && sloBox.y - lensBox.y < 40, `lens at y=${lensBox.y}, slo: at y=${sloBox.y}`);
    }),
  );

  it('clicking the lens writes the three files into monitoring/ and offers to open them', { timeout: 8 * TIMEOUTS.ui }, () =>
    step('written', async () => {
      await page.locator('.codelens-decoration a', { hasText: 'Generate monitoring' }).first().click();
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'orders.rules.yaml' }).first();
      await toast.waitFor({ state: 'visible', timeout: TIMEOUTS.extension });
      await screenshotOnFailure(page, 'monitoring-toast');
      assert.match(await toast.innerText(), /Wrote orders\.rules\.yaml, orders\.rules\.test\.yaml, orders\.dashboard\.json to monitoring \(10 recording rules, 34 alerts, 69 rule tests\)/);
      assert.deepEqual(written(), [...NAMES].sort());
      for (const name of NAMES) assert.equal(fs.readFileSync(path.join(ws, 'monitoring', name), 'utf8'), expected[name], `${name} is the core's output`);
      await toast.locator('a.monaco-button', { hasText: 'Open Rules' }).click();
      await waitFor(async () => (await page.locator('.tabs-container .tab.active').innerText().catch(() => '')).includes('orders.rules.yaml'), { timeout: TIMEOUTS.extension, message: 'orders.rules.yaml opened' });
      await waitFor(async () => (await page.locator('.view-line', { hasText: 'VeltrixLatencyBudgetBurn' }).count()) > 0 || (await page.locator('.view-line', { hasText: 'veltrix-orders-recording' }).count()) > 0, { message: 'the rules in the editor' });
    }),
  );

  it('the command palette entry regenerates them', { timeout: 8 * TIMEOUTS.ui }, () =>
    step('command', async () => {
      fs.rmSync(path.join(ws, 'monitoring'), { recursive: true, force: true });
      await openFile(page, 'orders.veltrix.yaml');
      await runCommand(page, 'Veltrix: Generate Monitoring');
      await waitFor(async () => written().length === 3, { timeout: TIMEOUTS.extension, message: 'three files in monitoring/' });
      assert.deepEqual(written(), [...NAMES].sort());
    }),
  );
});

/// <reference lib="dom" />
/**
 * The model's facts in a real VS Code (code-server + chromium), as a user
 * meets them (issues 13 and 17): a fresh pipeline resting on a default cost
 * gets a *warning* that says it is at capacity and which default it rests on
 * (not an error); the graph preview of the orders example with `na`'s share
 * removed and `memory: ${WORKER_MEMORY}` labels the route edges with the
 * model's port rates, says the memory budget is unknown and names the stage
 * that saturates first. Screenshots in test-artifacts/e2e/model-facts-*.png.
 *
 * Run (one e2e at a time machine-wide):
 *   flock /tmp/veltrix-e2e.lock node --import tsx --test test/e2e/model-facts.test.ts
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { analyzePipeline } from '../../core/src/index';
import { rateText } from '../../core/src/format';
import { diskHost, uriOf } from '../helpers/host';
import { REPO_ROOT, TIMEOUTS, hideBottomPanel, openFile, problemsRows, runCommand, waitFor, skipWithoutE2E, workbenchSession } from './harness';

const log = (s: string) => console.log(`[model-facts] ${s}`);

const FRESH = `veltrix: 1
pipeline:
  name: fresh
  delivery: at-most-once
sources:
  clicks:
    type: kafka
    brokers: [k:9092]
    topic: clicks
    group: g
    rate: 20k/s
sinks:
  archive:
    type: s3
    inputs: [clicks]
    bucket: b
`;

describe('the model facts in VS Code', { skip: skipWithoutE2E(), timeout: 15 * 60_000 }, () => {
  let ws = '';
  let page: Page;
  let naRate = '';

  const session = workbenchSession('model-facts', {
    settings: { 'editor.minimap.enabled': false, 'files.autoSave': 'off', 'workbench.editor.enablePreview': false },
    prepare: (tmp) => {
      ws = path.join(tmp, 'shop');
      fs.mkdirSync(ws);
      fs.writeFileSync(path.join(ws, 'fresh.veltrix.yaml'), FRESH);
      const orders = fs
        .readFileSync(path.join(REPO_ROOT, 'examples', 'orders.veltrix.yaml'), 'utf8')
        .replace(/\n {6}na: 0\.40\n/, '\n')
        .replace('memory: 1GiB', 'memory: ${WORKER_MEMORY}');
      const file = path.join(ws, 'orders.veltrix.yaml');
      fs.writeFileSync(file, orders);
      // What the model says `na` carries: the label the graph must show.
      const router = analyzePipeline(uriOf(file), orders, { host: diskHost }).capacity!.components.find((f) => f.id === 'by_region')!;
      naRate = rateText(router.portRates!.na);
      return ws;
    },
  });
  before(() => (page = session.page));

  const step = session.step;

  it('a fresh pipeline on a default cost: a warning that says what it rests on', { timeout: 8 * TIMEOUTS.ui }, () =>
    step('fresh-warning', async () => {
      await openFile(page, 'fresh.veltrix.yaml');
      const rows = await waitFor(
        async () => {
          const r = (await problemsRows(page)).filter((x) => /VX300/.test(x));
          return r.length ? r : undefined;
        },
        { timeout: TIMEOUTS.extension, message: 'VX300 in the Problems panel' },
      );
      log(`Problems: ${rows.join(' || ')}`);
      assert.match(rows[0], /'archive' is at capacity: 20k\/s offered vs 20k\/s capacity \(100% busy\)/);
      assert.match(rows[0], /default cost of an s3 sink \(50 µs per event\)/);
      // The row's icon says warning, not error.
      const icon = page.locator('.markers-panel .monaco-list-row', { hasText: 'VX300' }).first().locator('.codicon-warning, .codicon-error');
      assert.match((await icon.first().getAttribute('class')) ?? '', /codicon-warning/);
    }),
  );

  it('the graph preview reads the model: route rates, unknown budget, saturates first', { timeout: 8 * TIMEOUTS.ui }, () =>
    step('graph', async () => {
      // The graph at its default size: no Problems panel below it (the first step opened it). In a panel half as
      // tall the picture fits only with id boxes, whose edges carry route names alone (rates in their tooltips).
      await hideBottomPanel(page);
      await openFile(page, 'orders.veltrix.yaml');
      await runCommand(page, 'Veltrix: Open Graph Preview');
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      const na = frame.locator('g.vx-edge[data-from="by_region"][data-to="orders_na_kafka"]');
      await na.first().waitFor({ state: 'attached', timeout: TIMEOUTS.extension });
      const label = await na.first().evaluate((g) => g.textContent ?? '');
      log(`na edge: ${label}; model says ${naRate}`);
      assert.match(label, new RegExp(`na · ${naRate.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
      const unmatched = await frame.locator('g.vx-edge[data-from="by_region"][data-to="orders_unrouted_s3"]').first().evaluate((g) => g.textContent ?? '');
      assert.match(unmatched, /_unmatched · 0\/s/);
      const summary = await frame.locator('#side').evaluate((el) => el.textContent ?? '');
      log(`side panel: ${summary.replace(/\s+/g, ' ').slice(0, 400)}`);
      assert.match(summary, /budget unknown until deploy/);
      assert.match(summary, /Saturates first: with_customer/);
      assert.doesNotMatch(summary, /Bottleneck/);
      // For the screenshot: the router in view, and the model panel open.
      await frame.locator('#search').fill('by_region');
      await frame.locator('#search').press('Enter');
      if (!(await frame.locator('#side').isVisible())) await frame.locator('#toggle-side').click();
      await frame.locator('#side').waitFor({ state: 'visible', timeout: TIMEOUTS.ui });
    }),
  );
});

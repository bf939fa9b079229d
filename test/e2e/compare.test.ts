/// <reference lib="dom" />
/**
 * Veltrix: Compare Model with HEAD in a real VS Code (code-server + chromium),
 * as a user meets it: a git repository whose committed pipeline is the
 * post-mortem's `before` and whose working copy is `after`. The command
 * opens the before/after report in the markdown preview beside the editor;
 * on a file git has never seen it says so. Screenshots in
 * test-artifacts/e2e/compare-*.png.
 *
 * Run (one e2e at a time machine-wide):
 *   flock /tmp/veltrix-e2e.lock node --import tsx --test test/e2e/compare.test.ts
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { REPO_ROOT, TIMEOUTS, openFile, runCommand, screenshotOnFailure, skipWithoutE2E, typeAt, waitFor, workbenchSession } from './harness';

const log = (...a: unknown[]) => console.error('[e2e compare]', ...a);

describe('Compare Model with HEAD in VS Code', { skip: skipWithoutE2E(), timeout: 15 * 60_000 }, () => {
  // A repository: `before` committed as payments.veltrix.yaml, `after` in the working copy.
  const session = workbenchSession('compare', {
    settings: { 'git.enabled': true, 'editor.minimap.enabled': false, 'files.autoSave': 'off', 'workbench.editor.enablePreview': false },
    prepare: (tmp) => {
      const ws = path.join(tmp, 'repo');
      fs.mkdirSync(ws);
      const pm = path.join(REPO_ROOT, 'examples', 'post-mortem');
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], { cwd: ws, stdio: 'pipe' });
      fs.writeFileSync(path.join(ws, 'payments.veltrix.yaml'), fs.readFileSync(path.join(pm, 'before.veltrix.yaml')));
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'the night of the incident');
      fs.writeFileSync(path.join(ws, 'payments.veltrix.yaml'), fs.readFileSync(path.join(pm, 'after.veltrix.yaml')));
      fs.writeFileSync(path.join(ws, 'fresh.veltrix.yaml'), fs.readFileSync(path.join(pm, 'after.veltrix.yaml')));
      return ws;
    },
  });
  let page: Page;
  before(() => (page = session.page));

  const step = session.step;

  it('opens the before/after report of the working copy against HEAD beside the editor', { timeout: 8 * TIMEOUTS.ui }, () =>
    step('report', async () => {
      await openFile(page, 'payments.veltrix.yaml');
      await waitFor(async () => (await page.locator('#status\\.editor\\.mode').innerText()).includes('Veltrix'), { timeout: TIMEOUTS.extension, message: 'language mode "Veltrix"' });
      await runCommand(page, 'Veltrix: Compare Model with HEAD');
      // The markdown preview is a webview: its document sits in an iframe inside the webview's iframe.
      const text = await waitFor(
        async () => {
          for (const outer of page.frames()) {
            if (!/webview/.test(outer.url())) continue;
            const body = await outer.evaluate(() => document.body?.innerText ?? '').catch(() => '');
            if (body.includes('max sustainable ingest')) return body;
          }
          return undefined;
        },
        { timeout: TIMEOUTS.extension, message: 'the before/after report in the markdown preview' },
      );
      log(text.slice(0, 600));
      assert.match(text, /Capacity model of payments\.veltrix\.yaml: HEAD → working copy/);
      assert.match(text, /end-to-end p99\s+2(\.0)? s\s+501/);
      assert.match(text, /customer_risk\s+enrich\s+91% → 69%/);
      assert.match(text, /4 gone/);
      await waitFor(async () => (await page.locator('.tabs-container .tab', { hasText: 'HEAD ↔ working copy' }).count()) > 0, { message: 'the preview tab' });
    }),
  );

  it('an edit to the file refreshes the open report against the same HEAD', { timeout: 8 * TIMEOUTS.ui }, () =>
    step('refresh', async () => {
      await runCommand(page, 'View: Focus First Editor Group');
      // `latency: 3ms` -> `latency: 30ms`: the lookup now takes 30 ms x 0.2 + 10 µs = 6.01 ms, 676% busy.
      const lines = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'post-mortem', 'after.veltrix.yaml'), 'utf8').split('\n');
      const line = lines.findIndex((l) => l.includes('latency: 3ms')) + 1;
      await typeAt(page, line, lines[line - 1].indexOf('3ms') + 2, '0');
      const report = async () => {
        for (const frame of page.frames()) {
          if (!/webview/.test(frame.url())) continue;
          const body = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
          if (body.includes('max sustainable ingest')) return body;
        }
        return '';
      };
      await waitFor(async () => /customer_risk\s+enrich\s+91% → 676%/.test(await report()), { timeout: TIMEOUTS.extension, message: 'the report with the edited lookup (91% → 676%)' });
      await screenshotOnFailure(page, 'compare-refreshed');
      await page.keyboard.press('Control+Z');
      await waitFor(async () => /customer_risk\s+enrich\s+91% → 69%/.test(await report()), { timeout: TIMEOUTS.extension, message: 'the report back at 91% → 69% after undo' });
    }),
  );

  it("the graph preview shows the baseline's utilisation beside the current one, and hides it on request", { timeout: 8 * TIMEOUTS.ui }, () =>
    step('graph', async () => {
      // The report's tab also names payments.veltrix.yaml: go back to the editor by its group.
      await runCommand(page, 'View: Focus First Editor Group');
      await runCommand(page, 'Veltrix: Open Graph Preview');
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      const risk = () => frame.locator('g.vx-node[data-id="customer_risk"]').first();
      // Drawn in the node as `91% → 69%` when the boxes carry figures, and always in its tooltip (<title>).
      await waitFor(async () => /91% → 69%|utilisation 69%, baseline 91%/.test((await risk().textContent().catch(() => '')) ?? ''), { timeout: TIMEOUTS.extension, message: "customer_risk with the baseline's 91% beside today's 69%" });
      // The whole window for the graph (so its boxes carry the figures line), then the toggle off and on again.
      await page.locator('.tabs-container .tab', { hasText: 'Graph: payments.veltrix.yaml' }).first().click();
      await runCommand(page, 'View: Toggle Maximize Editor Group');
      await runCommand(page, 'Veltrix: Show or Hide the Baseline Utilisation in the Graph');
      await waitFor(async () => {
        const t = (await risk().textContent().catch(() => '')) ?? '';
        return t.includes('69%') && !t.includes('→') && !t.includes('baseline');
      }, { message: 'customer_risk drawn with the current utilisation only' });
      await screenshotOnFailure(page, 'compare-graph-baseline-hidden');
      await runCommand(page, 'Veltrix: Show or Hide the Baseline Utilisation in the Graph');
      await waitFor(async () => /91% → 69%/.test((await risk().locator('text').allTextContents().catch(() => [])).join(' ')), { message: "customer_risk's box reads '91% → 69%'" });
      await screenshotOnFailure(page, 'compare-graph-baseline');
      await runCommand(page, 'View: Toggle Maximize Editor Group');
      await runCommand(page, 'View: Focus First Editor Group');
    }),
  );

  it('a file with no committed version gets a clear message', { timeout: 6 * TIMEOUTS.ui }, () =>
    step('new-file', async () => {
      await runCommand(page, 'View: Close All Editors');
      await openFile(page, 'fresh.veltrix.yaml');
      await runCommand(page, 'Veltrix: Compare Model with HEAD');
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'fresh.veltrix.yaml' }).first();
      await toast.waitFor({ state: 'visible', timeout: TIMEOUTS.extension });
      assert.match(await toast.innerText(), /fresh\.veltrix\.yaml has no committed version yet/);
    }),
  );
});

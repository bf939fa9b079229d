/// <reference lib="dom" />
/**
 * Code lenses in a 5,000-component pipeline in a real VS Code (code-server +
 * chromium). VS Code gets the lenses near the view only (client/src/lens-window.ts):
 * the editor holds a few dozen lens zones instead of 5,000, and still shows the
 * lenses wherever the user goes: at the top, after Ctrl+End, after Go to Line
 * into the middle, and back at the top. Screenshots in test-artifacts/e2e/lenses-*.png.
 *
 * Run (one e2e at a time machine-wide):
 *   flock /tmp/veltrix-e2e.lock node --import tsx --test test/e2e/lens-window.test.ts
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { TIMEOUTS, activeEditor, openFile, skipWithoutE2E, workbenchSession } from './harness';
import { generatePipeline } from '../../bench/generate';

const COMPONENTS = 5000;

describe('Code lenses in a big pipeline in VS Code', { skip: skipWithoutE2E(), timeout: 15 * 60_000 }, () => {
  let page: Page;
  const lines = generatePipeline(COMPONENTS).text.split('\n').length;

  const session = workbenchSession('lenses', {
    settings: { 'editor.minimap.enabled': false, 'files.autoSave': 'off', 'editor.codeLens': true },
    prepare: (tmp) => {
      fs.writeFileSync(path.join(tmp, 'big.veltrix.yaml'), generatePipeline(COMPONENTS).text);
      return tmp;
    },
  });
  before(() => (page = session.page));

  /** A component's figures lens drawn inside the editor's viewport ("… busy …" once resolved), not one left elsewhere. */
  const lensInView = () =>
    page.waitForFunction(
      () => {
        const editor = document.querySelector('.editor-group-container.active .monaco-editor .lines-content')?.closest('.monaco-scrollable-element');
        if (!editor) return false;
        const view = editor.getBoundingClientRect();
        return Array.from(document.querySelectorAll('.editor-group-container.active .monaco-editor .codelens-decoration a')).some((a) => {
          const r = a.getBoundingClientRect();
          return /busy/.test(a.textContent ?? '') && r.height > 0 && r.top >= view.top && r.bottom <= view.bottom;
        });
      },
      undefined,
      { timeout: TIMEOUTS.extension, polling: 100 },
    );

  /** The line numbers the editor shows. */
  const visibleLines = () =>
    activeEditor(page)
      .locator('.line-numbers')
      .evaluateAll((els) => els.map((e) => Number(e.textContent)).filter((n) => n > 0));

  /** The editor's view zones: one per lens line it was given (each holds the lens's space in the layout). */
  const lensZones = () => page.evaluate(() => document.querySelectorAll('.editor-group-container.active .monaco-editor .view-zones > div').length);

  it('shows lenses at the top, holding zones only for the lines near it', { timeout: 6 * TIMEOUTS.ui }, () =>
    session.step('top', async () => {
      await openFile(page, 'big.veltrix.yaml');
      await page.locator('.statusbar-item', { hasText: 'Veltrix ready' }).first().waitFor({ state: 'visible', timeout: TIMEOUTS.extension });
      await lensInView();
      const zones = await lensZones();
      // Given all 5,000, VS Code would hold a zone for each; near the view (±300 lines of a 55,000-line file) a few dozen.
      assert.ok(zones > 0 && zones < 200, `lens zones in the editor: ${zones}`);
    }),
  );

  it('shows lenses at the end of the file after Ctrl+End', { timeout: 6 * TIMEOUTS.ui }, () =>
    session.step('end', async () => {
      await activeEditor(page).locator('.view-lines').click();
      await page.keyboard.press('Control+End');
      await page.waitForFunction((n) => Array.from(document.querySelectorAll('.editor-group-container.active .line-numbers')).some((e) => Number(e.textContent) >= n - 5), lines, { timeout: TIMEOUTS.ui });
      await lensInView();
      assert.ok(Math.min(...(await visibleLines())) > lines - 200, 'the view is at the end of the file');
      assert.ok((await lensZones()) < 200, 'still only the lines near the view');
    }),
  );

  it('shows lenses in the middle after Go to Line, and at the top again', { timeout: 8 * TIMEOUTS.ui }, () =>
    session.step('middle', async () => {
      const middle = Math.floor(lines / 2);
      await page.keyboard.press('Control+G');
      await page.keyboard.type(String(middle));
      await page.keyboard.press('Enter');
      await page.waitForFunction((n) => Array.from(document.querySelectorAll('.editor-group-container.active .line-numbers')).some((e) => Number(e.textContent) === n), middle, { timeout: TIMEOUTS.ui });
      await lensInView();
      await page.keyboard.press('Control+Home');
      await page.waitForFunction(() => Array.from(document.querySelectorAll('.editor-group-container.active .line-numbers')).some((e) => e.textContent === '1'), undefined, { timeout: TIMEOUTS.ui });
      await lensInView();
    }),
  );
});

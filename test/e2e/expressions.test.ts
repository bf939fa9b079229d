/// <reference lib="dom" />
/**
 * Expressions in a real VS Code (code-server + chromium), as a user meets
 * them: a field inside a filter condition hovers with its type and where it
 * comes from (not the `condition` key's doc); VX016 (a number compared with
 * '100') and VX015 (a method call) are in the Problems panel, and their
 * quick fixes rewrite the condition until both are gone. Screenshots in
 * test-artifacts/e2e/expr-*.png.
 *
 * Run (one e2e at a time machine-wide):
 *   flock /tmp/veltrix-e2e.lock node --import tsx --test test/e2e/expressions.test.ts
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { TIMEOUTS, chooseQuickFix, editorText, openFile, problemsRows, screenshotOnFailure, typeAt, waitFor, skipWithoutE2E, workbenchSession } from './harness';

const log = (...a: unknown[]) => console.error('[e2e expr]', ...a);

const PIPELINE = `veltrix: 1
pipeline:
  name: orders
  delivery: at-most-once
schemas:
  Order:
    order_id: string
    amount: float
    fx_rate: float
sources:
  orders_in:
    type: kafka
    brokers: ["kafka-1:9092"]
    topic: orders
    group: orders
    schema: Order
processors:
  enrich_fx:
    type: map
    inputs: [orders_in]
    set:
      total: amount * fx_rate
  large:
    type: filter
    inputs: [enrich_fx]
    condition: total > '100' && amount.abs() > 0
sinks:
  archive:
    type: s3
    inputs: [large]
    bucket: orders-archive
`;
const CONDITION_LINE = PIPELINE.split('\n').findIndex((l) => l.includes('condition:')) + 1;
const CONDITION_COL = PIPELINE.split('\n')[CONDITION_LINE - 1].indexOf('total') + 1;

describe('Expressions in VS Code', { skip: skipWithoutE2E(), timeout: 15 * 60_000 }, () => {
  let page: Page;

  const session = workbenchSession('expr', {
    settings: { 'editor.minimap.enabled': false, 'files.autoSave': 'off', 'editor.hover.delay': 200 },
    prepare: (tmp) => {
      fs.writeFileSync(path.join(tmp, 'orders.veltrix.yaml'), PIPELINE);
      return tmp;
    },
  });
  before(() => (page = session.page));

  const step = session.step;

  /** Problems rows naming `code`. */
  async function rowsWith(code: string): Promise<string[]> {
    return (await problemsRows(page)).filter((r) => new RegExp(`\\b${code}\\b`).test(r));
  }

  /** Puts the cursor at line:col and applies the quick fix titled `title`. */
  async function applyFix(line: number, col: number, title: string): Promise<void> {
    await typeAt(page, line, col, '', { insert: true });
    log(`quick fixes: ${JSON.stringify(await chooseQuickFix(page, title))}`);
  }

  it('a field in a condition hovers with its type and origin', { timeout: 8 * TIMEOUTS.ui }, () =>
    step('hover', async () => {
      await openFile(page, 'orders.veltrix.yaml');
      await waitFor(async () => (await rowsWith('VX016')).length === 1 && (await rowsWith('VX015')).length === 1, {
        timeout: TIMEOUTS.extension,
        message: 'one VX016 and one VX015 in the Problems panel',
      });
      log(`problems: ${JSON.stringify(await problemsRows(page))}`);
      // The keyboard hover (Ctrl+K Ctrl+I) at the cursor on `total`, as a user without a mouse gets it.
      await typeAt(page, CONDITION_LINE, CONDITION_COL + 2, '', { insert: true });
      const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /set by map/ });
      const text = await waitFor(
        async () => {
          await page.keyboard.press('Escape');
          await page.keyboard.press('Control+K');
          await page.keyboard.press('Control+I');
          await hover.first().waitFor({ state: 'visible', timeout: 5_000 });
          return (await hover.first().innerText()).trim();
        },
        { timeout: TIMEOUTS.extension, interval: 500, message: 'the hover on total' },
      );
      log(`hover: ${text.replace(/\n/g, ' | ')}`);
      assert.match(text, /total: float — set by map enrich_fx: amount \* fx_rate/);
      assert.doesNotMatch(text, /^condition\b/m, 'the hover is about the field, not the condition key');
      await screenshotOnFailure(page, 'expr-hover-field');
      await page.keyboard.press('Escape');
    }),
  );

  it('the VX016 and VX015 quick fixes rewrite the condition and the problems go', { timeout: 10 * TIMEOUTS.ui }, () =>
    step('fixes', async () => {
      const line = PIPELINE.split('\n')[CONDITION_LINE - 1];
      await applyFix(CONDITION_LINE, line.indexOf("'100'") + 2, 'Compare with the number 100');
      await waitFor(async () => (await editorText(page)).includes("condition: total > 100 && amount.abs() > 0"), { message: 'the quotes dropped' });
      await screenshotOnFailure(page, 'expr-after-vx016-fix');
      await applyFix(CONDITION_LINE, line.indexOf('amount.abs') + 3, 'Rewrite as abs(amount)');
      await waitFor(async () => (await editorText(page)).includes('condition: total > 100 && abs(amount) > 0'), { message: 'the method call rewritten' });
      await waitFor(async () => (await rowsWith('VX016')).length === 0 && (await rowsWith('VX015')).length === 0, {
        timeout: TIMEOUTS.extension,
        message: 'VX015 and VX016 to leave the Problems panel',
      });
      await screenshotOnFailure(page, 'expr-fixed');
    }),
  );
});

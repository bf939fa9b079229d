/// <reference lib="dom" />
/**
 * Pipeline tests in a real VS Code (code-server + chromium), as a user meets
 * them with the example orders pipeline and its test file (one expectation
 * made wrong in the temp copy): the Test Explorer lists the file and its
 * tests, the "Run test" lens runs one test, Run All shows the failure peek
 * with the diff at the failing expectation, and "Show trace on graph"
 * highlights the test's events in the graph preview. Screenshots in
 * test-artifacts/e2e/ptests-*.png.
 *
 * Run (one e2e at a time machine-wide):
 *   flock /tmp/veltrix-e2e.lock node --import tsx --test test/e2e/pipeline-tests.test.ts
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { REPO_ROOT, TIMEOUTS, openFile, runCommand, screenshotOnFailure, typeAt, waitFor, skipWithoutE2E, workbenchSession } from './harness';

const log = (...a: unknown[]) => console.error('[e2e ptests]', ...a);

const TEST_FILE = 'orders.veltrix-test.yaml';
const example = fs.readFileSync(path.join(REPO_ROOT, 'examples', TEST_FILE), 'utf8');
// The first test's EU order is converted at fx_rate 1: 21 is wrong on purpose.
const WRONG = example.replace('amount_eur: 20, is_large_order: false', 'amount_eur: 21, is_large_order: false');
const names = [...example.matchAll(/^ {2}- name: (.*)$/gm)].map((m) => m[1]);

describe('Pipeline tests in VS Code', { skip: skipWithoutE2E(), timeout: 20 * 60_000 }, () => {
  let page: Page;

  const session = workbenchSession('ptests', {
    settings: { 'editor.minimap.enabled': false, 'files.autoSave': 'off', 'editor.codeLens': true, 'testing.automaticallyOpenPeekView': 'failureAnywhere' },
    prepare: (tmp) => {
      assert.notEqual(WRONG, example, 'the wrong expectation is in place');
      fs.copyFileSync(path.join(REPO_ROOT, 'examples', 'orders.veltrix.yaml'), path.join(tmp, 'orders.veltrix.yaml'));
      fs.writeFileSync(path.join(tmp, TEST_FILE), WRONG);
      return tmp;
    },
  });
  before(() => (page = session.page));

  const step = session.step;
  const sidebarRows = () => page.locator('.part.sidebar .monaco-list-row');

  /** The Test Explorer row of a test (aria-label starts with its name). */
  async function rowOf(name: string) {
    return waitFor(
      async () => {
        const rows = sidebarRows();
        const n = await rows.count();
        for (let i = 0; i < n; i++) if (((await rows.nth(i).getAttribute('aria-label')) ?? '').startsWith(name)) return rows.nth(i);
        return undefined;
      },
      { timeout: TIMEOUTS.extension, message: `the Test Explorer row of "${name}"` },
    );
  }

  /** Test result icons of this state in the active editor's gutter. */
  const gutter = (state: 'passed' | 'failed') =>
    page.evaluate(
      (cls) => Array.from(document.querySelectorAll(`.editor-group-container.active .monaco-editor .${cls}`)).filter((e) => !e.closest('.peekview-widget, .zone-widget')).length,
      `codicon-testing-${state}-icon`,
    );

  /** Clicks a code lens with this title on the line above the test named `name` (again while none is visible). */
  async function clickLens(name: string, title: string): Promise<void> {
    const lensLine = example.split('\n').findIndex((l) => l.includes(`- name: ${name}`)) + 1;
    await typeAt(page, lensLine, 1, '', { insert: true });
    const lenses = page.locator('.editor-group-container.active .codelens-decoration a', { hasText: title });
    const target = page.locator('.editor-group-container.active .view-line', { hasText: `- name: ${name.slice(0, 30)}` }).first();
    const pick = await waitFor(
      async () => {
        const line = await target.boundingBox();
        let best: { l: ReturnType<typeof lenses.nth>; y: number } | undefined;
        for (const l of await lenses.all()) {
          const b = (await l.isVisible()) ? await l.boundingBox() : null;
          if (b && line && b.y < line.y && (!best || b.y > best.y)) best = { l, y: b.y };
        }
        return best?.l;
      },
      { timeout: TIMEOUTS.extension, message: `a visible "${title}" lens above "${name}"` },
    );
    await pick.click({ timeout: 10_000 });
  }

  it('the Test Explorer lists the example test file and its tests', { timeout: 10 * TIMEOUTS.ui }, () =>
    step('explorer', async () => {
      await openFile(page, TEST_FILE);
      // The Testing view from the activity bar (its beaker icon), as a user opens it.
      await page.locator('.part.activitybar .action-item a[aria-label^="Testing"], .part.activitybar .codicon-beaker').first().click();
      const file = await rowOf(TEST_FILE);
      if ((await file.getAttribute('aria-expanded')) !== 'true') await file.locator('.monaco-tl-twistie').click();
      for (const n of names) await rowOf(n);
      const labels = await sidebarRows().evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      log(`explorer rows: ${JSON.stringify(labels)}`);
      assert.equal(labels.filter((l) => names.some((n) => l.startsWith(n))).length, names.length);
    }),
  );

  it('the Run test lens runs that one test', { timeout: 10 * TIMEOUTS.ui }, () =>
    step('lens-run', async () => {
      await openFile(page, TEST_FILE);
      // The gutter beside the test shows its result; only that test ran (the wrong one has not failed yet).
      await waitFor(
        async () => {
          await clickLens(names[1], 'Run test');
          return waitFor(async () => (await gutter('passed')) === 1, { timeout: 15_000, message: 'passed' }).catch(() => false);
        },
        { timeout: TIMEOUTS.extension, message: `"${names[1]}" passed in the gutter` },
      );
      assert.equal(await gutter('failed'), 0);
      const row = await rowOf(names[1]);
      assert.equal(await row.locator('.codicon-testing-passed-icon').count(), 1, 'passed in the Test Explorer');
    }),
  );

  it('Run All shows the failure peek with the diff at the expectation', { timeout: 12 * TIMEOUTS.ui }, () =>
    step('failure-peek', async () => {
      await runCommand(page, 'Test: Run All Tests');
      // The failed test in the gutter and in the Test Explorer. (Counted exactly, the gutter once stayed at another
      // count in a CI run while the screenshot showed the one icon; which test failed is read from the explorer.)
      await waitFor(async () => (await gutter('failed')) >= 1 && (await (await rowOf(names[0])).locator('.codicon-testing-failed-icon').count()) === 1, {
        timeout: TIMEOUTS.extension,
        message: `"${names[0]}" failed in the gutter and the Test Explorer`,
      });
      for (const n of names.slice(1)) assert.equal(await (await rowOf(n)).locator('.codicon-testing-failed-icon').count(), 0, `only "${names[0]}" failed, not "${n}"`);
      const peek = page.locator('.peekview-widget');
      await waitFor(async () => (await peek.count()) > 0 && (await peek.first().isVisible()), { timeout: TIMEOUTS.extension, message: 'the failure peek' });
      const text = (await peek.first().innerText()).replace(/\s+/g, ' ');
      log(`peek: ${text.slice(0, 400)}`);
      assert.match(text, /amount_eur/);
      // The diff editor shows expected and actual side by side (key-sorted JSON).
      assert.ok((await peek.locator('.monaco-diff-editor').count()) > 0, 'a diff editor in the peek');
      assert.match(text, /21/);
      assert.match(text, /20/);
      // The event's path as stack frames: in the peek's call stack, below the frame of the test (collapsed here to make
      // room); VS Code shows each frame as the component's lines of the pipeline, a click opens it there.
      const chevron = peek.locator('.codicon-chevron-down').first();
      if (await chevron.count()) await chevron.click().catch(() => undefined);
      await waitFor(async () => /orders\.veltrix\.yaml[\s\S]*orders_in:/.test(await peek.first().innerText()), { timeout: TIMEOUTS.ui, message: 'the path frames in the peek' });
      await screenshotOnFailure(page, 'ptests-frames');
    }),
  );

  it('Run with route coverage reports the pipeline\'s branches as coverage of its file', { timeout: 12 * TIMEOUTS.ui }, () =>
    step('coverage', async () => {
      await page.keyboard.press('Escape');
      await runCommand(page, 'Test: Run All Tests with Coverage');
      // The Test Coverage view lists the pipeline file with the share of its branches the tests take.
      const row = await waitFor(
        async () => {
          const labels = await sidebarRows().evaluateAll((els) => els.map((e) => `${e.getAttribute('aria-label') ?? ''} ${(e as HTMLElement).innerText ?? ''}`));
          return labels.find((l) => /orders\.veltrix\.yaml/.test(l) && /\d+(\.\d+)?%/.test(l));
        },
        { timeout: TIMEOUTS.extension, message: 'orders.veltrix.yaml in the Test Coverage view' },
      );
      log(`coverage row: ${row.replace(/\s+/g, ' ')}`);
    }),
  );

  it('Show trace on graph highlights the path of a test\'s events', { timeout: 12 * TIMEOUTS.ui }, () =>
    step('trace', async () => {
      await page.keyboard.press('Escape');
      await openFile(page, TEST_FILE);
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      // A lens clicked while VS Code re-fetches the lenses runs nothing ("Actual command not found"): click again then.
      await waitFor(
        async () => {
          await clickLens(names[names.length - 1], 'Show trace on graph');
          return waitFor(async () => (await frame.locator('g.vx-trace-count').count()) > 0, { timeout: 15_000, message: 'counts on the traced edges' }).catch(() => false);
        },
        { timeout: TIMEOUTS.extension, message: 'the trace drawn on the graph' },
      );
      const marks = await frame.locator('g.vx-trace-mark text').allTextContents();
      log(`trace marks: ${JSON.stringify(marks)}`);
      assert.ok(marks.some((m) => /dead-lettered/.test(m)), 'the failing sink dead-letters the event');
      assert.match((await frame.locator('#trace-bar').innerText()).trim(), /Trace of test/);
    }),
  );
});

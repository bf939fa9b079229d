/// <reference lib="dom" />
/**
 * The first minutes of a new user, in a real VS Code (code-server +
 * chromium) at 1600x1000: Veltrix: New Pipeline, a whole pipeline from an
 * empty file by completion, top-level keys suggested as you type, Enter after
 * `veltrix: 1`, no word-list junk where the server has nothing to offer,
 * Format Document, the status item, and the graph preview readable at its
 * default size beside the editor. Screenshots: test-artifacts/e2e/newuser-*.png.
 *
 * Run (one e2e at a time machine-wide):
 *   flock /tmp/veltrix-e2e.lock node --import tsx --test test/e2e/new-user.test.ts
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { REPO_ROOT, TIMEOUTS, editorText, hideBottomPanel, openFile, problemsRows, runCommand, screenshotOnFailure, statusBarItems, typeAt, waitFor, skipWithoutE2E, workbenchSession } from './harness';

const log = (...a: unknown[]) => console.error('[e2e new-user]', ...a);

/** Badly indented, with comments: what Format Document is for. */
const MESSY = `# A pipeline typed in a hurry.
veltrix: 1
pipeline:
    name: messy   # keep this comment
sources:
    clicks_in:
        type: generator
        rate: 100/s


sinks:
    store:   # where clicks go
        type: s3
        bucket: clicks
        inputs:
        - clicks_in
`;

describe('A new user in VS Code', { skip: skipWithoutE2E(), timeout: 15 * 60_000 }, () => {
  // No settings of ours: what the extension contributes (configurationDefaults) is what a new user gets.
  const session = workbenchSession('newuser', {
    settings: { 'editor.minimap.enabled': false, 'files.autoSave': 'off' },
    prepare: (tmp) => {
      fs.writeFileSync(path.join(tmp, 'README.md'), '# pipelines\n');
      fs.writeFileSync(path.join(tmp, 'empty.veltrix.yaml'), '');
      fs.writeFileSync(path.join(tmp, 'typed.veltrix.yaml'), '');
      fs.writeFileSync(path.join(tmp, 'messy.veltrix.yaml'), MESSY);
      fs.copyFileSync(path.join(REPO_ROOT, 'examples', 'orders.veltrix.yaml'), path.join(tmp, 'orders.veltrix.yaml'));
      return tmp;
    },
  });
  let page: Page;
  before(async () => {
    page = session.page;
    await page.setViewportSize({ width: 1600, height: 1000 });
  });
  const step = session.step;

  const suggestRows = () => page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
  async function suggestLabels(): Promise<string[]> {
    return suggestRows().evaluateAll((els) => els.map((e) => (e.querySelector('.label-name')?.textContent ?? e.textContent ?? '').trim()));
  }
  async function closeEditors(): Promise<void> {
    await runCommand(page, 'View: Close All Editors');
    // An untitled file asks to be saved: don't.
    const dontSave = page.getByRole('button', { name: "Don't Save" });
    if (await dontSave.isVisible().catch(() => false)) await dontSave.click();
  }

  it('the walkthrough: from the first file to diagnostics, the graph and CI', { timeout: 8 * TIMEOUTS.ui }, () =>
    step('walkthrough', async () => {
      // The command opens a second quick pick (the walkthroughs): runCommand would wait for the first to close.
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible' });
      await input.fill('>Welcome: Open Walkthrough');
      await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Open Walkthrough' }).first().click();
      await waitFor(async () => !(await input.inputValue()).startsWith('>'), { message: 'the walkthrough picker' });
      await input.fill('Veltrix');
      const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Get started with Veltrix pipelines' }).first();
      await row.waitFor({ state: 'visible', timeout: TIMEOUTS.extension });
      // Chosen with the keyboard: the mouse, left over the list by the first pick, can raise a hover that covers
      // this row and takes its click (seen in a CI run).
      const focused = page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused');
      await waitFor(async () => ((await focused.first().textContent().catch(() => '')) ?? '').includes('Get started with Veltrix pipelines'), {
        message: 'the Veltrix walkthrough chosen in the picker',
      });
      await page.keyboard.press('Enter');
      for (const title of ['Write your first pipeline', 'See problems as you type', 'Open the live graph', 'Run the same checks in CI'])
        await page.getByText(title, { exact: true }).first().waitFor({ state: 'visible', timeout: TIMEOUTS.extension });
      // The step's markdown page renders beside the steps (a webview).
      await waitFor(
        async () => {
          for (const f of page.frames()) {
            const body = await f.evaluate(() => document.body?.innerText ?? '').catch(() => '');
            if (body.includes('Run Veltrix: New Pipeline')) return true;
          }
          return false;
        },
        { timeout: TIMEOUTS.extension, message: 'the first step\'s page (docs/walkthrough/first-pipeline.md) rendered' },
      );
      await screenshotOnFailure(page, 'newuser-walkthrough-page');
      await closeEditors();
    }),
  );

  it('Veltrix: New Pipeline opens a complete pipeline with tab stops, and it has no problem', { timeout: 10 * TIMEOUTS.ui }, () =>
    step('new-pipeline', async () => {
      await openFile(page, 'README.md');
      await runCommand(page, 'Veltrix: New Pipeline');
      await waitFor(async () => (await page.locator('#status\\.editor\\.mode').innerText()).includes('Veltrix'), { timeout: TIMEOUTS.extension, message: 'an editor in Veltrix mode' });
      await waitFor(async () => (await editorText(page)).includes('dead_letter: dead_letters'), { message: 'the skeleton in the new editor' });
      // The first tab stop is the pipeline name: typing replaces it; Tab goes on to the delivery choice.
      await page.keyboard.type('clicks-to-s3');
      const text = await editorText(page);
      log(`new pipeline:\n${text}`);
      assert.match(text, /name: clicks-to-s3/);
      for (const key of ['sources:', 'processors:', 'sinks:', 'inputs: [events_in]', 'inputs: [keep_valid]']) assert.ok(text.includes(key), key);
      await waitFor(async () => (await statusBarItems(page)).some((s) => s === 'Veltrix ready'), { timeout: TIMEOUTS.extension, message: 'the status item says ready (no counts)' });
      const rows = (await problemsRows(page)).filter((r) => /VX\d{3}/.test(r));
      assert.deepEqual(rows, [], 'a new pipeline has no problem');
      await screenshotOnFailure(page, 'newuser-new-pipeline-editor');
      await closeEditors();
    }),
  );

  it('an empty file: Ctrl+Space offers the whole pipeline first, and it is inserted', { timeout: 10 * TIMEOUTS.ui }, () =>
    step('empty-file', async () => {
      await openFile(page, 'empty.veltrix.yaml');
      await waitFor(async () => (await page.locator('#status\\.editor\\.mode').innerText()).includes('Veltrix'), { timeout: TIMEOUTS.extension, message: 'Veltrix mode' });
      await typeAt(page, 1, 1, '', { insert: true });
      const labels = await waitFor(
        async () => {
          await page.keyboard.press('Control+Space');
          await suggestRows().first().waitFor({ state: 'visible', timeout: 5_000 });
          const l = await suggestLabels();
          return l.length ? l : undefined;
        },
        { timeout: TIMEOUTS.extension, interval: 500, message: 'the suggest list in the empty file' },
      );
      log(`suggestions: ${labels.join(', ')}`);
      assert.equal(labels[0], 'New Veltrix pipeline');
      assert.ok(labels.includes('veltrix') && labels.includes('sources'), 'the top-level keys follow');
      await screenshotOnFailure(page, 'newuser-empty-file-suggest');
      await page.keyboard.press('Enter');
      await waitFor(async () => (await editorText(page)).includes('dead_letter: dead_letters'), { message: 'the skeleton inserted' });
      // Tab through: name, delivery (a choice), then the source id, renamed with its reference.
      await page.keyboard.type('first');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Escape'); // closes the delivery choice list, keeps at-least-once
      await page.keyboard.press('Tab');
      await page.keyboard.type('clicks_in');
      const text = await editorText(page);
      assert.match(text, /name: first/);
      assert.match(text, /^ {2}clicks_in:$/m);
      assert.match(text, /inputs: \[clicks_in\]/, 'the reference follows the renamed id');
      await screenshotOnFailure(page, 'newuser-empty-file-skeleton');
      await page.keyboard.press('Escape');
    }),
  );

  it('top-level keys are suggested as you type; Enter after veltrix: 1 starts a new line; no word-list junk', { timeout: 10 * TIMEOUTS.ui }, () =>
    step('typing', async () => {
      await openFile(page, 'typed.veltrix.yaml');
      await typeAt(page, 1, 1, '', { insert: true });
      await page.keyboard.type('veltrix: 1', { delay: 60 });
      await page.keyboard.press('Enter');
      await page.keyboard.type('pi', { delay: 80 });
      // Quick suggestions, no Ctrl+Space.
      await waitFor(async () => (await suggestLabels()).includes('pipeline'), { timeout: TIMEOUTS.extension, message: '"pipeline" suggested while typing' });
      await screenshotOnFailure(page, 'newuser-typing-suggest');
      const text = await editorText(page);
      assert.match(text, /^veltrix: 1\npi/, `Enter after "veltrix: 1" made a new line:\n${text}`);
      await page.keyboard.press('Enter');
      await waitFor(async () => /^veltrix: 1\npipeline:\n {2}\S*/m.test(await editorText(page)), { message: 'pipeline: inserted with an indented line under it' });
      // The suggest list reopens with the keys of pipeline.
      await waitFor(async () => (await suggestLabels()).includes('name'), { timeout: TIMEOUTS.extension, message: 'the keys of pipeline suggested after inserting it' });
      await page.keyboard.type('description: ', { delay: 40 });
      await page.keyboard.press('Escape');
      // A free-text value: the server has nothing to offer, and VS Code must not offer words of the file.
      await page.keyboard.press('Control+Space');
      await page.waitForTimeout(1500);
      const junk = await suggestLabels();
      log(`suggestions in a description: ${JSON.stringify(junk)}`);
      assert.deepEqual(junk.filter((l) => /^[^A-Za-z]*$/.test(l) || ['veltrix', 'pipeline', 'description', 'pi'].includes(l)), [], 'no words of the file or punctuation offered');
      await screenshotOnFailure(page, 'newuser-no-junk');
      await page.keyboard.press('Escape');
    }),
  );

  it('Format Document: 2-space YAML, comments kept', { timeout: 8 * TIMEOUTS.ui }, () =>
    step('format', async () => {
      await openFile(page, 'messy.veltrix.yaml');
      await waitFor(async () => (await page.locator('#status\\.editor\\.mode').innerText()).includes('Veltrix'), { timeout: TIMEOUTS.extension, message: 'Veltrix mode' });
      await typeAt(page, 1, 1, '', { insert: true });
      await runCommand(page, 'Format Document');
      const text = await waitFor(async () => {
        const t = await editorText(page);
        return t.includes('  name: messy # keep this comment') ? t : undefined;
      }, { timeout: TIMEOUTS.extension, message: 'the file formatted' });
      log(`formatted:\n${text}`);
      assert.match(text, /^# A pipeline typed in a hurry\.$/m);
      assert.match(text, /^ {2}store: # where clicks go$/m);
      assert.match(text, /^ {6}- clicks_in$/m);
      assert.doesNotMatch(text, /\n\n\n/, 'at most one blank line');
      await screenshotOnFailure(page, 'newuser-formatted');
    }),
  );

  it('the graph beside the editor: readable at its default size, side panel closed, search and code lenses centre a component', { timeout: 10 * TIMEOUTS.ui }, () =>
    step('graph', async () => {
      await closeEditors();
      // As a new user has it: no panel at the bottom (the Problems panel was opened by earlier steps).
      await hideBottomPanel(page);
      await openFile(page, 'orders.veltrix.yaml');
      await runCommand(page, 'Veltrix: Open Graph Preview');
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      const nodes = frame.locator('g.vx-node[data-id]');
      await waitFor(async () => (await nodes.count()) >= 10, { timeout: TIMEOUTS.extension, message: 'the graph drawn' });
      await page.waitForTimeout(500); // the panel settles to its size; the picture refits
      const m = await frame.locator('#canvas').evaluate((canvas) => {
        const editorFont = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-font-size'));
        const ids = Array.from(document.querySelectorAll('#canvas g.vx-node .vx-id')).map((t) => parseFloat(getComputedStyle(t).fontSize) * (t as SVGGraphicsElement).getScreenCTM()!.a);
        const r = canvas.getBoundingClientRect();
        return { editorFont, minId: Math.min(...ids), canvas: { w: r.width, h: r.height }, sideHidden: (document.getElementById('side') as HTMLElement).hidden };
      });
      log(`graph panel: ${JSON.stringify(m)}`);
      assert.ok(m.editorFont >= 10, 'VS Code gives the webview its editor font size');
      assert.ok(m.minId >= m.editorFont - 0.01, `ids at ${m.minId.toFixed(1)} px, the editor's font is ${m.editorFont} px`);
      assert.equal(m.sideHidden, true, 'the side panel starts closed beside the editor');
      await screenshotOnFailure(page, 'newuser-graph-default');
      await frame.locator('#search').fill('revenue_es');
      await frame.locator('g.vx-node.vx-found[data-id="revenue_es"]').waitFor({ state: 'attached', timeout: TIMEOUTS.ui });
      await screenshotOnFailure(page, 'newuser-graph-search');
      // A code lens shows its component in the graph: centred and highlighted.
      const orders = fs.readFileSync(path.join(session.tmp, 'orders.veltrix.yaml'), 'utf8').split('\n');
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click(); // back to the text editor's group
      await typeAt(page, orders.findIndex((l) => l.startsWith('  with_customer:')) + 1, 3, '', { insert: true });
      const lens = page.locator('.editor-instance .monaco-editor .codelens-decoration a', { hasText: /busy/ }).filter({ visible: true }).first();
      await lens.waitFor({ state: 'visible', timeout: TIMEOUTS.extension });
      log(`lens: ${await lens.innerText()}`);
      await lens.click();
      const lit = frame.locator('g.vx-node.vx-highlight');
      await lit.waitFor({ state: 'attached', timeout: TIMEOUTS.extension });
      const inView = await lit.evaluate((g) => {
        const c = document.getElementById('canvas')!.getBoundingClientRect();
        const r = g.getBoundingClientRect();
        return { id: g.getAttribute('data-id'), inside: r.left >= c.left && r.right <= c.right && r.top >= c.top && r.bottom <= c.bottom };
      });
      log(`lens -> graph: ${JSON.stringify(inView)}`);
      assert.ok(inView.inside, `the lens's component ${inView.id} is in view`);
      await screenshotOnFailure(page, 'newuser-graph-from-lens');
    }),
  );
});

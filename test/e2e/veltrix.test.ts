/// <reference lib="dom" />
/**
 * The extension end to end, as a user meets it: the real
 * veltrix-pipelines.vsix (built once by scripts/e2e/package-vsix.mjs unless a
 * fresh one exists) installed into a real VS Code (code-server) on loopback,
 * driven by Debian's chromium, on a temporary copy of examples/.
 *
 * One code-server for the whole file, and the steps run in order (node:test
 * runs files in parallel processes, and two code-servers on a 2-core machine
 * are too many): later steps rely on the files earlier steps opened.
 *
 * Run:  npm run test:e2e   (after `npm run e2e:setup`)
 * Without chromium or code-server the suite is skipped loudly, or fails when
 * VELTRIX_REQUIRE_E2E=1 (CI). A screenshot per step lands in
 * test-artifacts/e2e/; on a failure also the code-server and VS Code logs.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  ARTIFACTS_DIR,
  REPO_ROOT,
  TIMEOUTS,
  activeEditor,
  chooseQuickFix,
  checkE2EEnvironment,
  collectLogs,
  editorText,
  openFile,
  openWorkbench,
  problemsRows,
  runCommand,
  screenshotOnFailure,
  startCodeServer,
  statusBarItems,
  typeAt,
  waitFor,
  type CodeServer,
  type Workbench,
} from './harness';

const REQUIRE = process.env.VELTRIX_REQUIRE_E2E === '1';
const SUITE_TIMEOUT = 15 * 60_000;
const log = (...a: unknown[]) => console.error('[e2e]', ...a);

// ------------------------------------------------------------ positions ---

/** 1-based line and column of `token` on the first line of `file` matching `line` (a substring or regex). */
function find(file: string, line: string | RegExp, token: string): { line: number; col: number } {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => (typeof line === 'string' ? l.includes(line) : line.test(l)));
  assert.ok(i >= 0, `no line matching ${line} in ${file}`);
  const c = lines[i].indexOf(token);
  assert.ok(c >= 0, `no '${token}' on line ${i + 1} of ${file}: ${lines[i]}`);
  return { line: i + 1, col: c + 1 };
}

// ------------------------------------------------------------- UI helpers ---

/** The cursor position from the status bar ("Ln 57, Col 14"). */
async function cursor(page: Page): Promise<{ line: number; col: number } | undefined> {
  const text = await page.locator('#status\\.editor\\.selection').innerText().catch(() => '');
  const m = /Ln (\d+), Col (\d+)/.exec(text);
  return m ? { line: Number(m[1]), col: Number(m[2]) } : undefined;
}

async function waitCursorLine(page: Page, line: number, message: string): Promise<void> {
  await waitFor(async () => (await cursor(page))?.line === line, { message: `${message} (status bar Ln ${line})` });
}

/** Puts the cursor at line:col with Go to Line and waits for the status bar to say so. */
async function goTo(page: Page, line: number, col: number): Promise<void> {
  await typeAt(page, line, col, '', { insert: true });
  await waitFor(async () => {
    const c = await cursor(page);
    return c?.line === line && c.col === col;
  }, { message: `cursor at ${line}:${col}` });
}

/**
 * Screen position (centre) of `token` on the rendered editor line containing
 * `lineText`. The line must be in the viewport (goTo() scrolls it there).
 */
async function tokenPoint(page: Page, lineText: string, token: string): Promise<{ x: number; y: number }> {
  const editor = activeEditor(page);
  return waitFor(
    () =>
      editor.locator('.view-lines').evaluate(
        (el, [want, tok]) => {
          for (const line of Array.from(el.querySelectorAll<HTMLElement>(':scope > .view-line'))) {
            const text = (line.textContent ?? '').replace(/\u00a0/g, ' ');
            if (!text.includes(want)) continue;
            let at = text.indexOf(tok, text.indexOf(want));
            if (at < 0) at = text.indexOf(tok);
            if (at < 0) return undefined;
            // Walk the text nodes to the token's first and last characters.
            const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
            let offset = 0;
            const range = document.createRange();
            let started = false;
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const len = n.textContent?.length ?? 0;
              if (!started && at < offset + len) {
                range.setStart(n, at - offset);
                started = true;
              }
              if (started && at + tok.length <= offset + len) {
                range.setEnd(n, at + tok.length - offset);
                const r = range.getBoundingClientRect();
                return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
              }
              offset += len;
            }
          }
          return undefined;
        },
        [lineText, token] as const,
      ),
    { message: `'${token}' on the rendered line '${lineText}'` },
  );
}

/** Hovers the mouse over `token` and returns the hover widget's text. */
async function hoverText(page: Page, lineText: string, token: string, expect: RegExp): Promise<string> {
  const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: expect });
  return waitFor(
    async () => {
      // Move away first so the next move is a fresh hover.
      await page.mouse.move(5, 5);
      const p = await tokenPoint(page, lineText, token);
      await page.mouse.move(p.x, p.y, { steps: 3 });
      await hover.first().waitFor({ state: 'visible', timeout: 8_000 });
      return (await hover.first().innerText()).trim();
    },
    { timeout: TIMEOUTS.extension, interval: 500, message: `hover over '${token}' matching ${expect}` },
  );
}

async function activeTab(page: Page): Promise<string> {
  return (await page.locator('.editor-group-container.active .tabs-container .tab.active').first().getAttribute('aria-label').catch(() => '')) ?? '';
}

/** The Problems panel's filter box. */
function problemsFilter(page: Page) {
  return page.locator('.markers-panel-container .viewpane-filter input, .viewpane-filter input').first();
}

/** All Problems rows (with an empty filter; the list is virtualised, so maximise the panel first to see them all). */
async function allProblems(page: Page): Promise<string[]> {
  await problemsRows(page);
  await problemsFilter(page).fill('');
  return problemsRows(page);
}

/** Problems rows that mention `code` (the panel filtered by it, so virtualisation hides none). */
async function problemsWith(page: Page, code: string): Promise<string[]> {
  await problemsRows(page); // shows the panel
  const filter = problemsFilter(page);
  if ((await filter.inputValue()) !== code) await filter.fill(code);
  return (await problemsRows(page)).filter((r) => new RegExp(`\\b${code}\\b`).test(r));
}

// ----------------------------------------------------------------- suite ---

const env = checkE2EEnvironment();
if (!env.ok) {
  const reason = `e2e environment missing: ${env.problems.join('; ')}. Run: npm run e2e:setup (bash scripts/e2e/setup.sh)`;
  if (REQUIRE) {
    test('Veltrix in a real VS Code (environment)', () => assert.fail(`${reason} (VELTRIX_REQUIRE_E2E=1)`));
  } else {
    console.error(`\n${'!'.repeat(78)}\n!! SKIPPING the real-VS-Code e2e suite: ${reason}\n${'!'.repeat(78)}\n`);
    test('Veltrix in a real VS Code', { skip: reason }, () => undefined);
  }
} else {
  describe('Veltrix in a real VS Code (code-server + chromium)', { timeout: SUITE_TIMEOUT }, () => {
    const t0 = Date.now();
    let tmp = '';
    let ws = '';
    let server: CodeServer | undefined;
    let wb: Workbench | undefined;
    let page: Page;
    let shotNo = 0;
    let anyFailed = false;
    const timings: string[] = [];

    const mistakes = () => path.join(ws, 'mistakes.veltrix.yaml');
    const clickstream = () => path.join(ws, 'clickstream', 'clickstream.veltrix.yaml');
    const enrichment = () => path.join(ws, 'clickstream', 'enrichment.veltrix.yaml');

    /** A screenshot into test-artifacts/e2e/NN-name.png (with the browser console's errors when `failed`). */
    async function shot(name: string, failed = false): Promise<void> {
      shotNo++;
      await screenshotOnFailure(page, `${String(shotNo).padStart(2, '0')}-${name}`, failed ? wb?.consoleLines : undefined);
    }

    // node:test does not cancel a step that times out: the next step waits
    // for it (bounded) so that two steps never drive the workbench at once.
    let previous: Promise<unknown> = Promise.resolve();

    /** One step: timed, a screenshot after it, logs on failure. */
    function step(name: string, fn: () => Promise<void>, timeout = 4 * TIMEOUTS.ui): void {
      it(name, { timeout }, async () => {
        await Promise.race([previous, new Promise((r) => setTimeout(r, TIMEOUTS.ui).unref())]);
        const run = runStep(name, fn);
        previous = run.catch(() => undefined);
        await run;
      });
    }

    async function runStep(name: string, fn: () => Promise<void>): Promise<void> {
      const s = Date.now();
      try {
        await fn();
        await shot(name);
      } catch (e) {
        anyFailed = true;
        await shot(`FAILED-${name}`, true);
        if (server) log(`logs copied to ${collectLogs(server, `FAILED-${name}`)}`);
        // Close whatever widget the failed step left open, so the next step starts clean.
        await page?.keyboard.press('Escape').catch(() => undefined);
        await page?.keyboard.press('Escape').catch(() => undefined);
        throw e;
      } finally {
        timings.push(`${((Date.now() - s) / 1000).toFixed(1).padStart(6)} s  ${name}`);
      }
    }

    before(async () => {
      // Only this file's artifacts: npm test runs the other e2e files before it, and their screenshots stay.
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      for (const name of fs.readdirSync(ARTIFACTS_DIR)) {
        if (/^(\d\d-|FAILED-|timings\.txt$)/.test(name)) fs.rmSync(path.join(ARTIFACTS_DIR, name), { recursive: true, force: true });
      }
      // The real package, built once (or reused when newer than its sources).
      const pk = Date.now();
      const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'e2e', 'package-vsix.mjs')], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        timeout: 600_000,
      });
      assert.equal(r.status, 0, `packaging the extension failed (status ${r.status})`);
      const vsix = r.stdout.trim().split('\n').pop()!;
      timings.push(`${((Date.now() - pk) / 1000).toFixed(1).padStart(6)} s  package (or reuse) the .vsix`);

      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-e2e-'));
      ws = path.join(tmp, 'examples');
      fs.cpSync(path.join(REPO_ROOT, 'examples'), ws, { recursive: true });
      const st = Date.now();
      server = await startCodeServer({
        workspace: ws,
        vsixPath: vsix,
        settings: {
          // Keep the workbench quiet and predictable for the test.
          'editor.minimap.enabled': false,
          'editor.hover.delay': 200,
          'files.autoSave': 'off',
          'workbench.editor.enablePreview': false,
          'editor.codeLens': true,
        },
      });
      wb = await openWorkbench(server.url, ws);
      page = wb.page;
      timings.push(`${((Date.now() - st) / 1000).toFixed(1).padStart(6)} s  install + start code-server + open the workbench`);
    });

    after(async () => {
      if (anyFailed && server) log(`logs copied to ${collectLogs(server, 'suite')}`);
      await wb?.close().catch(() => undefined);
      await server?.stop();
      if (tmp && process.env.VELTRIX_E2E_KEEP !== '1') fs.rmSync(tmp, { recursive: true, force: true });
      timings.push(`${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s  TOTAL`);
      const report = timings.join('\n');
      log(`timings:\n${report}`);
      try {
        fs.writeFileSync(path.join(ARTIFACTS_DIR, 'timings.txt'), `${report}\n`);
      } catch {
        /* artifacts dir gone */
      }
    });

    step('activation and the status bar item', async () => {
      await openFile(page, 'mistakes.veltrix.yaml');
      await waitFor(async () => (await page.locator('#status\\.editor\\.mode').innerText()).includes('Veltrix'), {
        timeout: TIMEOUTS.extension,
        message: 'language mode "Veltrix" in the status bar',
      });
      // "Veltrix ready": the server's state only (the counts are the Problems badge's).
      const item = await waitFor(
        async () => (await statusBarItems(page)).find((s) => /^Veltrix ready$/.test(s)),
        { timeout: TIMEOUTS.extension * 2, message: 'status bar item "Veltrix ready" (no counts)' },
      );
      log(`status bar: ${item}`);
    });

    step('mistakes.veltrix.yaml: findings in the Problems panel, squiggles at their lines', async () => {
      // Room for every row (the list is virtualised).
      await problemsRows(page);
      await runCommand(page, 'View: Toggle Maximized Panel');
      try {
        const want = ['VX012', 'VX100', 'VX014', 'VX011', 'VX300', 'VX206', 'VX207', 'VX110', 'VX200', 'VX113', 'VX106', 'VX205', 'VX201', 'VX302'];
        let lastRows: string[] = [];
        const rows = await waitFor(
          async () => {
            const r = await allProblems(page);
            lastRows = r;
            return want.every((c) => r.some((x) => new RegExp(`\\b${c}\\b`).test(x))) ? r : undefined;
          },
          { timeout: TIMEOUTS.extension, message: `Problems rows with ${want.join(', ')}` },
        ).catch((e: Error) => {
          throw new Error(`${e.message}\nrows: ${JSON.stringify(lastRows, null, 1)}`);
        });
        log(`Problems panel: ${rows.length} rows, e.g. ${JSON.stringify(rows.find((r) => r.includes('VX100')))}`);
        assert.ok(rows.some((r) => r.includes('mistakes.veltrix.yaml')), 'a file row for mistakes.veltrix.yaml');
        await shot('problems-panel');
      } finally {
        await runCommand(page, 'View: Toggle Maximized Panel');
      }
      // Each row leads to its place: clicking it puts the cursor on the finding, where a squiggle is drawn.
      const filter = problemsFilter(page);
      for (const [code, line, token] of [
        ['VX100', 'inputs: [parse_jsn]', 'parse_jsn'],
        ['VX300', 'payments_archive:', 'payments_archive'],
        ['VX206', 'parallelism: 8', '8'],
      ] as const) {
        const at = find(mistakes(), line, token);
        await filter.fill(code);
        const row = page.locator('.markers-panel .monaco-list-row').filter({ hasText: code }).first();
        await row.waitFor({ state: 'visible' });
        // Click the message, not the code (a link to the rule's docs).
        await row.click({ position: { x: 80, y: 8 } });
        // The row selects the finding's range: the cursor ends up on its line, at the start or the end of the token.
        await waitFor(async () => {
          const c = await cursor(page);
          return c?.line === at.line && c.col >= at.col && c.col <= at.col + token.length;
        }, { message: `cursor at ${at.line}:${at.col} after clicking the ${code} row` });
        // A squiggle is drawn on that line: the decoration's top equals the line's top.
        const ok = await waitFor(() => activeEditor(page).evaluate((ed, lineNo) => {
          const lineEl = Array.from(ed.querySelectorAll<HTMLElement>('.margin-view-overlays .line-numbers')).find((e) => e.textContent?.trim() === String(lineNo));
          if (!lineEl) return false;
          const top = lineEl.getBoundingClientRect().top;
          return Array.from(ed.querySelectorAll('.squiggly-error, .squiggly-warning')).some((s) => Math.abs(s.getBoundingClientRect().top - top) < 3);
        }, at.line), { message: `a squiggle on line ${at.line}` }).catch(() => false);
        assert.ok(ok, `a squiggle on line ${at.line} (${code})`);
      }
      await filter.fill('');
    });

    step('the model figures in code lenses', async () => {
      // Lenses sit above component ids: bring one into view.
      const at = find(mistakes(), /^ {2}payments_archive:/, 'payments_archive');
      await goTo(page, at.line, at.col);
      const lens = await waitFor(
        async () => {
          const texts = await activeEditor(page).locator('.codelens-decoration').allInnerTexts();
          return texts.find((t) => /busy/.test(t) && /\/s/.test(t));
        },
        { timeout: TIMEOUTS.extension, message: 'a code lens with "busy" and "/s"' },
      );
      log(`code lens: ${lens}`);
    });

    step('hover on a key and on a component', async () => {
      const key = find(mistakes(), 'start_from: earlist', 'start_from');
      await goTo(page, key.line, key.col);
      const keyHover = await hoverText(page, 'start_from: earlist', 'start_from', /Where to start reading/i);
      log(`hover on start_from: ${keyHover.slice(0, 160).replace(/\n/g, ' | ')}`);
      const comp = find(mistakes(), /^ {2}fraud_score:/, 'fraud_score');
      await goTo(page, comp.line, comp.col);
      const compHover = await hoverText(page, '  fraud_score:', 'fraud_score', /enrich/);
      log(`hover on fraud_score: ${compHover.slice(0, 200).replace(/\n/g, ' | ')}`);
      assert.match(compHover, /card_only/, 'the component hover lists its input');
      assert.match(compHover, /\/s|busy|util/i, 'the component hover shows modelled figures');
      await shot('hover-on-a-component');
      await page.mouse.move(5, 5);
    });

    step('a quick fix: VX100 → the closest id', async () => {
      const at = find(mistakes(), 'inputs: [parse_jsn]', 'parse_jsn');
      await goTo(page, at.line, at.col + 2);
      const titles = await chooseQuickFix(page, "Change to 'parse_json'", () => shot('quick-fix-menu'));
      log(`quick fixes: ${JSON.stringify(titles)}; chosen`);
      await waitFor(async () => (await editorText(page)).includes('inputs: [parse_json]   # VX100'), {
        message: "the line to read 'inputs: [parse_json]' after the fix",
      });
      log('quick fix applied to the text');
      // The finding goes away (the Problems panel loses its VX100 row).
      await waitFor(async () => (await problemsWith(page, 'VX100')).length === 0, {
        timeout: TIMEOUTS.extension,
        message: 'VX100 to leave the Problems panel',
      });
    });

    step('completion of an input id', async () => {
      const at = find(mistakes(), 'inputs: [big_refunds]', ']');
      await typeAt(page, at.line, at.col, ', card');
      await page.keyboard.press('Control+Space');
      const row = page.locator('.suggest-widget .monaco-list-row').filter({ hasText: 'card_only' }).first();
      await row.waitFor({ state: 'visible', timeout: TIMEOUTS.extension });
      const labels = await page.locator('.suggest-widget .monaco-list-row').allInnerTexts();
      log(`completion rows: ${JSON.stringify(labels.slice(0, 6))}`);
      await shot('completion-widget');
      await page.keyboard.press('Enter');
      await waitFor(async () => (await editorText(page)).includes('inputs: [big_refunds, card_only]'), {
        message: "the line to read 'inputs: [big_refunds, card_only]'",
      });
      await page.keyboard.press('Escape');
    });

    step('go to definition into the imported fragment', async () => {
      await openFile(page, 'clickstream.veltrix.yaml');
      const ref = find(clickstream(), 'inputs: [strip_pii]', 'strip_pii');
      const def = find(enrichment(), /^ {2}strip_pii:/, 'strip_pii');
      await goTo(page, ref.line, ref.col + 1);
      await page.keyboard.press('F12');
      await waitFor(async () => (await activeTab(page)).includes('enrichment.veltrix.yaml'), {
        timeout: TIMEOUTS.extension,
        message: 'the active tab to become enrichment.veltrix.yaml',
      });
      await waitCursorLine(page, def.line, 'cursor on the definition of strip_pii');
    });

    step('rename across the import', async () => {
      // The cursor is on strip_pii's definition in the fragment (previous step).
      const def = find(enrichment(), /^ {2}strip_pii:/, 'strip_pii');
      await goTo(page, def.line, def.col + 1);
      await page.keyboard.press('F2');
      const input = page.locator('.rename-box input');
      await input.waitFor({ state: 'visible', timeout: TIMEOUTS.extension });
      await input.fill('scrub_pii');
      await page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden' });
      await waitFor(async () => (await editorText(page)).includes('  scrub_pii:'), { message: 'the definition renamed in the fragment' });
      await runCommand(page, 'File: Save All');
      await waitFor(
        () => {
          const frag = fs.readFileSync(enrichment(), 'utf8');
          const main = fs.readFileSync(clickstream(), 'utf8');
          return !/\bstrip_pii\b/.test(frag.replace(/#.*$/gm, '')) && frag.includes('inputs: [scrub_pii]') && main.includes('inputs: [scrub_pii]') && !main.includes('inputs: [strip_pii]');
        },
        { timeout: TIMEOUTS.ui, message: 'both files on disk to use scrub_pii (after Save All)' },
      );
    });

    step('the graph preview: nodes, and a click moves the cursor', async () => {
      await openFile(page, 'mistakes.veltrix.yaml');
      await runCommand(page, 'Veltrix: Open Graph Preview');
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      const nodes = frame.locator('g.vx-node[data-id]');
      await waitFor(async () => (await nodes.count()) >= 10, { timeout: TIMEOUTS.extension, message: 'at least 10 nodes in the graph preview' });
      const ids = await nodes.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
      log(`graph nodes: ${ids.join(', ')}`);
      for (const id of ['payments_in', 'parse_json', 'fraud_score', 'payments_archive']) assert.ok(ids.includes(id), `node ${id} in the graph`);
      const def = find(mistakes(), /^ {2}fraud_score:/, 'fraud_score');
      const other = find(mistakes(), 'inputs: [big_refunds', 'inputs');
      await goTo(page, other.line, other.col);
      await frame.locator('g.vx-node[data-id="fraud_score"]').click();
      await waitCursorLine(page, def.line, 'the editor cursor on fraud_score after clicking its node');
      assert.ok((await activeTab(page)).includes('mistakes.veltrix.yaml'), 'the editor shows mistakes.veltrix.yaml');
    });

    step('a YAML syntax error: the preview keeps its nodes with a banner, Problems shows VX001', async () => {
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      const at = find(mistakes(), /^pipeline:/, 'pipeline');
      // An unclosed flow sequence on a new line above `pipeline:`.
      await typeAt(page, at.line, 1, 'broken: [oops\n', { insert: true });
      await frame.locator('#banner:not([hidden])').waitFor({ state: 'visible', timeout: TIMEOUTS.extension });
      const banner = await frame.locator('#banner').innerText();
      log(`banner: ${banner}`);
      assert.match(banner, /syntax/i);
      assert.ok((await frame.locator('g.vx-node[data-id]').count()) >= 10, 'the last good graph stays visible');
      await waitFor(async () => (await problemsWith(page, 'VX001')).length > 0, {
        timeout: TIMEOUTS.extension,
        message: 'VX001 in the Problems panel',
      });
    });
  });
}

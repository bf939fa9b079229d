/// <reference lib="dom" />
/**
 * Typing in a big pipeline in a real VS Code (code-server + chromium), as the
 * performance issue measures it: the time per typed character in a
 * `description` (from the key press until the character is on screen) in a
 * small file and in generated files of 1,000 and 5,000 components, and the
 * time from an edit that breaks a reference to its error squiggle. Prints
 * the figures (docs/performance.md); asserts only that the squiggle comes.
 * Screenshots in test-artifacts/e2e/typing-*.png.
 *
 * Run (one e2e at a time machine-wide):
 *   flock /tmp/veltrix-e2e.lock node --import tsx --test test/e2e/typing-perf.test.ts
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { TIMEOUTS, openFile, typeAt, skipWithoutE2E, workbenchSession } from './harness';
import { generatePipeline } from '../../bench/generate';

const log = (...a: unknown[]) => console.error('[e2e typing]', ...a);

const SIZES = [10, 1000, 5000];
const CHARACTERS = 20;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

/** Lines (1-based) to type at in a generated file: the middle group's filter description and the input of its map. */
function spots(size: number): { description: number; input: number; inputCol: number } {
  const g = generatePipeline(size);
  const lines = g.text.split('\n');
  const description = g.editLine + 7 + 1;
  const input = g.probeLine + 1;
  const inputCol = lines[g.probeLine].indexOf(']') + 1;
  return { description, input, inputCol };
}

/** Counts a marker character in the rendered line that holds `anchor` (the line being typed into). */
function countOnScreen(page: Page, anchor: string, ch: string): Promise<number> {
  return page.evaluate(
    ([a, c]) => {
      for (const el of Array.from(document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line'))) {
        const t = (el.textContent ?? '').replace(/\u00a0/g, ' ');
        if (t.includes(a)) return t.split(c).length - 1;
      }
      return -1;
    },
    [anchor, ch] as const,
  );
}

describe('Typing in big pipelines in VS Code', { skip: skipWithoutE2E(), timeout: 30 * 60_000 }, () => {
  let page: Page;
  const figures: string[] = [];
  let smallPerChar = NaN;

  const session = workbenchSession('typing', {
    // Code lenses on (VS Code's default, said outright): their requests are part of what a keystroke costs.
    settings: { 'editor.minimap.enabled': false, 'files.autoSave': 'off', 'editor.codeLens': true },
    prepare: (tmp) => {
      for (const size of SIZES) fs.writeFileSync(path.join(tmp, `p${size}.veltrix.yaml`), generatePipeline(size).text);
      return tmp;
    },
  });
  before(() => (page = session.page));

  after(() => {
    log(`\n| components | per typed character, median / p95 | vs the small file | edit → error squiggle |\n|---:|---:|---:|---:|\n${figures.join('\n')}`);
  });

  for (const size of SIZES)
    it(`${size} components: time per typed character and edit to squiggle`, { timeout: 10 * TIMEOUTS.ui }, () =>
      session.step(`${size}`, async () => {
        await openFile(page, `p${size}.veltrix.yaml`);
        const at = spots(size);
        // The open's analysis done: the status item says the server is ready for this file.
        await page.locator('.statusbar-item', { hasText: 'Veltrix ready' }).first().waitFor({ state: 'visible', timeout: TIMEOUTS.extension });
        await typeAt(page, at.description, 200, ' ', { insert: true });
        const times: number[] = [];
        for (let k = 1; k <= CHARACTERS; k++) {
          const t0 = Date.now();
          await page.keyboard.press('q');
          await page.waitForFunction(
            ([n]) => {
              for (const el of Array.from(document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line'))) {
                const t = (el.textContent ?? '').replace(/\u00a0/g, ' ');
                if (t.includes('drop empty events')) return t.split('q').length - 1 >= n;
              }
              return false;
            },
            [k] as const,
            { polling: 'raf', timeout: TIMEOUTS.ui },
          );
          times.push(Date.now() - t0);
        }
        assert.equal(await countOnScreen(page, 'drop empty events', 'q'), CHARACTERS);
        const perChar = median(times);
        if (size === SIZES[0]) smallPerChar = perChar;
        // A reference broken by one keystroke: the time until its error squiggle is drawn.
        await page.locator('.statusbar-item', { hasText: 'Veltrix ready' }).first().waitFor({ state: 'visible', timeout: TIMEOUTS.extension });
        await typeAt(page, at.input, at.inputCol, '', { insert: true });
        const errorsBefore = await page.locator('.editor-group-container.active .squiggly-error').count();
        const t0 = Date.now();
        await page.keyboard.press('z');
        await page.waitForFunction((n) => document.querySelectorAll('.editor-group-container.active .squiggly-error').length > n, errorsBefore, { polling: 'raf', timeout: TIMEOUTS.extension });
        const squiggle = Date.now() - t0;
        figures.push(`| ${size} | ${perChar} / ${p95(times)} ms | ${(perChar / smallPerChar).toFixed(2)}× | ${squiggle} ms |`);
        log(figures[figures.length - 1]);
      }),
    );
});

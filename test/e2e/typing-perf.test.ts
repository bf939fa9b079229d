/// <reference lib="dom" />
/**
 * Typing in a big pipeline in a real VS Code (code-server + chromium), as the
 * performance issue measures it: the time per typed character in a
 * `description` (from the key press until the character is on screen) in a
 * small file and in generated files of 1,000 and 5,000 components, and the
 * time from an edit that breaks a reference to its error squiggle; the
 * largest again as plain YAML (VS Code alone in a file that long); and the
 * CPU each part spends per character (the renderer's main thread from
 * Chromium's metrics, the extension host and the language server from
 * /proc). Prints the figures (docs/performance.md); asserts only that the
 * characters and the squiggle come.
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
import { TIMEOUTS, openFile, typeAt, skipWithoutE2E, waitFor, workbenchSession } from './harness';
import { generatePipeline } from '../../bench/generate';

const log = (...a: unknown[]) => console.error('[e2e typing]', ...a);

// VELTRIX_TYPING_SIZES=10,5000 narrows a local run; the first size is the small file the others are compared with.
const SIZES = (process.env.VELTRIX_TYPING_SIZES ?? '10,1000,5000').split(',').map(Number);
/**
 * Each size as a pipeline, then the largest again as plain YAML: the same text in a file no extension of the
 * workbench claims, so what VS Code itself costs per character in a file that long (the baseline our part is read on).
 */
const CASES = [...SIZES.map((size) => ({ size, plain: false })), { size: SIZES[SIZES.length - 1], plain: true }];
const fileOf = (c: { size: number; plain: boolean }) => (c.plain ? `plain${c.size}.yaml` : `p${c.size}.veltrix.yaml`);
const CHARACTERS = 20;

/** CPU time (ms) of code-server's descendants whose command line matches: the extension host, our language server. */
function cpuMs(root: number, match: RegExp): number {
  const stat = (pid: string) => {
    try {
      const t = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = t.slice(t.lastIndexOf(')') + 2).split(' ');
      return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
    } catch {
      return undefined;
    }
  };
  const procs = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const children = new Map<number, string[]>();
  for (const pid of procs) {
    const s = stat(pid);
    if (s) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  }
  let ticks = 0;
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      let cmd = '';
      try {
        cmd = fs.readFileSync(`/proc/${c}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        /* gone */
      }
      if (match.test(cmd)) ticks += stat(c)?.ticks ?? 0;
      walk(Number(c));
    }
  };
  walk(root);
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** Waits until the renderer's main thread has been nearly idle for a second (at most 30 s); the ms since `since`. */
async function rendererQuiet(rendererMs: () => Promise<number>, since: number): Promise<number> {
  const samples: number[] = [];
  while (Date.now() - since < 30_000) {
    samples.push(await rendererMs());
    if (samples.length >= 5 && samples[samples.length - 1] - samples[samples.length - 5] < 60) return Date.now() - since - 1000;
    await new Promise((r) => setTimeout(r, 250));
  }
  return Date.now() - since;
}

/** The server's account of the last edit of `file` (VELTRIX_TRACE_EDITS=1), from the Veltrix output channel's log. */
function lastEditTrace(userDataDir: string, file: string): string | undefined {
  const logs: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/Veltrix\.log$/.test(e.name)) logs.push(p);
    }
  };
  walk(path.join(userDataDir, 'logs'));
  const lines = logs.flatMap((l) => fs.readFileSync(l, 'utf8').split('\n')).filter((l) => l.includes(`edit `) && l.includes(`${file} v`));
  const m = /wait ([\d.]+),.*analysis ([\d.]+) \(work ([\d.]+)\).*; total ([\d.]+) ms/.exec(lines[lines.length - 1] ?? '');
  const ms = (i: number) => Math.round(Number(m![i]));
  return m ? `${ms(4)} ms (wait ${ms(1)}, analysis ${ms(2)} of which its own work ${ms(3)})` : undefined;
}

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
  let smallRenderer = NaN;

  const session = workbenchSession('typing', {
    // Code lenses on (VS Code's default, said outright): their requests are part of what a keystroke costs.
    settings: { 'editor.minimap.enabled': false, 'files.autoSave': 'off', 'editor.codeLens': true },
    // The server logs each edit's stages (server/src/analyzer.ts): the squiggle's time is split into ours and VS Code's.
    env: { VELTRIX_TRACE_EDITS: '1' },
    prepare: (tmp) => {
      for (const c of CASES) fs.writeFileSync(path.join(tmp, fileOf(c)), generatePipeline(c.size).text);
      return tmp;
    },
  });
  before(() => (page = session.page));

  after(() => {
    log(`\n| components | per typed character, median / p95 | vs the small file | renderer main thread per character | extension host / language server CPU per character | open → editor quiet | edit → error squiggle; of it, the server from reading the change to writing the diagnostics |\n|---:|---:|---:|---:|---:|---:|---:|\n${figures.join('\n')}`);
  });

  for (const { size, plain } of CASES)
    it(`${size} components${plain ? ' as plain YAML' : ''}: time per typed character${plain ? '' : ' and edit to squiggle'}`, { timeout: 10 * TIMEOUTS.ui }, () =>
      session.step(`${size}${plain ? '-plain' : ''}`, async () => {
        // The renderer's own main-thread time (Chromium's Performance metrics): a CPU figure, steadier than the clock
        // on a shared machine, and the part of a keystroke that grows with what the editor keeps per file.
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Performance.enable');
        const rendererMs = async () => {
          const { metrics } = await cdp.send('Performance.getMetrics');
          return 1000 * (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN);
        };
        const opened = Date.now();
        await openFile(page, fileOf({ size, plain }));
        const at = spots(size);
        // The open's analysis done: the status item says the server is ready for this file.
        if (!plain) await page.locator('.statusbar-item', { hasText: 'Veltrix ready' }).first().waitFor({ state: 'visible', timeout: TIMEOUTS.extension });
        else await waitFor(async () => (await page.locator('#status\\.editor\\.mode').innerText()).trim() === 'YAML', { timeout: TIMEOUTS.ui, message: 'language mode "YAML"' });
        // VS Code's work on opening a long file (its background tokenization above all: about 5 s and 1.5 s of the
        // renderer's CPU for 55,000 lines, as much for plain YAML) is over before the typing, in every file alike:
        // the figures are those of typing, and the time the open kept the editor busy is printed beside them.
        const quietAfter = await rendererQuiet(rendererMs, opened);
        await typeAt(page, at.description, 200, ' ', { insert: true });
        // As many characters again, not measured, in every file alike: the first file typed into would otherwise
        // carry the renderer's own warm-up (its typing path not yet compiled), and look slower than it is.
        await page.keyboard.type('w'.repeat(CHARACTERS), { delay: 30 });
        await rendererQuiet(rendererMs, Date.now());
        const busyBefore = await rendererMs();
        const hostBefore = cpuMs(session.server!.pid, /--type=extensionHost/);
        const serverBefore = cpuMs(session.server!.pid, /dist\/server\.js/);
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
        const rendererPerChar = ((await rendererMs()) - busyBefore) / CHARACTERS;
        const hostPerChar = (cpuMs(session.server!.pid, /--type=extensionHost/) - hostBefore) / CHARACTERS;
        const serverPerChar = (cpuMs(session.server!.pid, /dist\/server\.js/) - serverBefore) / CHARACTERS;
        await cdp.detach();
        const perChar = median(times);
        if (size === SIZES[0] && !plain) smallPerChar = perChar;
        if (size === SIZES[0] && !plain) smallRenderer = rendererPerChar;
        const row = `| ${size}${plain ? ', plain YAML' : ''} | ${perChar} / ${p95(times)} ms | ${(perChar / smallPerChar).toFixed(2)}× | ${rendererPerChar.toFixed(1)} ms (${(rendererPerChar / smallRenderer).toFixed(2)}×) | ${hostPerChar.toFixed(1)} / ${serverPerChar.toFixed(1)} ms | ${quietAfter} ms |`;
        if (plain) {
          figures.push(`${row} – |`);
          log(figures[figures.length - 1]);
          return;
        }
        // A reference broken by one keystroke: the time until its error squiggle is drawn.
        await page.locator('.statusbar-item', { hasText: 'Veltrix ready' }).first().waitFor({ state: 'visible', timeout: TIMEOUTS.extension });
        await typeAt(page, at.input, at.inputCol, '', { insert: true });
        const errorsBefore = await page.locator('.editor-group-container.active .squiggly-error').count();
        const t0 = Date.now();
        await page.keyboard.press('z');
        await page.waitForFunction((n) => document.querySelectorAll('.editor-group-container.active .squiggly-error').length > n, errorsBefore, { polling: 'raf', timeout: TIMEOUTS.extension });
        const squiggle = Date.now() - t0;
        // The server's own part of it: from reading the change to writing the diagnostics (logged just after them).
        let ours: string | undefined;
        for (let i = 0; i < 20 && !ours; i++) {
          ours = lastEditTrace(session.server!.userDataDir, fileOf({ size, plain }));
          if (!ours) await new Promise((r) => setTimeout(r, 250));
        }
        figures.push(`${row} ${squiggle} ms; the server ${ours ?? 'not logged'} |`);
        log(figures[figures.length - 1]);
      }),
    );
});

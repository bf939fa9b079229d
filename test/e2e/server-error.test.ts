/**
 * The status item's error state in the real VS Code (code-server + Chromium):
 * `veltrix.server.path` points at a module that exits at once (the workspace
 * is trusted in these runs), so every start fails; the client's restarts run
 * out and the item shows "Veltrix server error" on the error background, its
 * tooltip says what happened and names the restart command. The module is
 * then mended (it loads the real server) and a click on the item restarts
 * the server: "Veltrix ready".
 *
 *   flock /tmp/veltrix-e2e.lock node --import tsx --test test/e2e/server-error.test.ts
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, TIMEOUTS, openFile, skipWithoutE2E, statusBarItems, waitFor, workbenchSession } from './harness';

const CRASHING_SERVER = path.join(os.tmpdir(), `veltrix-e2e-exits-at-once-${process.pid}.js`);
const ERROR_TEXT = 'Veltrix server error';

describe('The status item when the server cannot run', { skip: skipWithoutE2E(), timeout: 10 * 60_000 }, () => {
  const session = workbenchSession('servererror', {
    settings: { 'veltrix.server.path': CRASHING_SERVER },
    prepare: (tmp) => {
      fs.writeFileSync(CRASHING_SERVER, 'process.exit(3);\n');
      fs.writeFileSync(path.join(tmp, 'p.veltrix.yaml'), 'version: 1\n');
      return tmp;
    },
  });

  it('shows the error and why; a click restarts the server', { timeout: 8 * 60_000 }, async () => {
    try {
      await session.step('error-state', async () => {
        const page = session.page;
        await openFile(page, 'p.veltrix.yaml');
        await waitFor(async () => (await statusBarItems(page)).includes(ERROR_TEXT), { timeout: 2 * TIMEOUTS.extension, message: `the status item says "${ERROR_TEXT}"` });
        const item = page.locator('.statusbar-item', { hasText: ERROR_TEXT }).first();
        assert.match((await item.getAttribute('class')) ?? '', /error-kind/, 'shown on the error background');
        await item.hover();
        const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Veltrix' }).first();
        await hover.waitFor({ state: 'visible', timeout: TIMEOUTS.extension });
        const tip = ((await hover.textContent()) ?? '').replace(/\s+/g, ' ');
        assert.match(tip, /The Veltrix language server (crashed \d+ times in 3 minutes and was not restarted|failed to start)/, tip);
        assert.match(tip, /"Veltrix: Restart Language Server"/, tip);
      });
      await session.step('click-restarts', async () => {
        const page = session.page;
        // The module now loads the bundled server: only a restart can pick it up, and the click is that restart.
        fs.writeFileSync(CRASHING_SERVER, `require(${JSON.stringify(path.join(REPO_ROOT, 'dist', 'server.js'))});\n`);
        await page.locator('.statusbar-item', { hasText: ERROR_TEXT }).first().click();
        await waitFor(async () => (await statusBarItems(page)).includes('Veltrix ready'), { timeout: 2 * TIMEOUTS.extension, message: 'the click restarted the server: "Veltrix ready"' });
        assert.ok(!(await statusBarItems(page)).includes(ERROR_TEXT), 'the error state is gone');
      });
    } finally {
      fs.rmSync(CRASHING_SERVER, { force: true });
    }
  });
});

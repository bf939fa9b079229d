/**
 * The status item's error state in the real VS Code (code-server + Chromium):
 * `veltrix.server.path` points at a module that exits at once (the workspace
 * is trusted in these runs), so the start fails and the item shows "Veltrix
 * server error" on the error background, its tooltip says what happened and
 * names the restart command. The module is
 * then mended (it loads the real server) and a click on the item restarts
 * the server: "Veltrix ready".
 *
 * Then a server that runs but answers `initialize` with an error (a failed
 * initialize, not a crash): "Veltrix: Restart Language Server" shows the
 * error with the server's message; mended, a click starts it again (a
 * LanguageClient whose initialize failed cannot start again: the click makes
 * a new one). Last, a server that crashes two seconds after each start: a new
 * client each time, until the fifth crash in three minutes leaves the error
 * "crashed 5 times"; mended, a click starts it again.
 *
 *   flock /tmp/veltrix-e2e.lock node --import tsx --test test/e2e/server-error.test.ts
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { REPO_ROOT, TIMEOUTS, openFile, runCommand, skipWithoutE2E, statusBarItems, waitFor, workbenchSession } from './harness';

const CRASHING_SERVER = path.join(os.tmpdir(), `veltrix-e2e-exits-at-once-${process.pid}.js`);
const ERROR_TEXT = 'Veltrix server error';
/** A server that stays up but refuses `initialize` (LSP base protocol on stdio, nothing else). */
const REFUSING_SERVER = `let buf = Buffer.alloc(0);
process.stdin.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  for (;;) {
    const end = buf.indexOf('\\r\\n\\r\\n');
    if (end < 0) return;
    const len = Number(/Content-Length: *(\\d+)/i.exec(buf.subarray(0, end).toString())[1]);
    if (buf.length < end + 4 + len) return;
    const msg = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString());
    buf = buf.subarray(end + 4 + len);
    if (msg.method !== 'initialize') continue;
    const body = JSON.stringify({ jsonrpc: '2.0', id: msg.id, error: { code: -32603, message: 'initialize refused by the test server' } });
    process.stdout.write('Content-Length: ' + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body);
  }
});
`;
const REAL_SERVER = `require(${JSON.stringify(path.join(REPO_ROOT, 'dist', 'server.js'))});\n`;
const CRASHES_AFTER_START = `${REAL_SERVER}setTimeout(() => process.exit(5), 2000);\n`;

/** `module` as the server, then "Veltrix: Restart Language Server": the error state's tooltip. */
async function restartInto(page: Page, module: string, what: string): Promise<string> {
  fs.writeFileSync(CRASHING_SERVER, module);
  await runCommand(page, 'Veltrix: Restart Language Server');
  await waitFor(async () => (await statusBarItems(page)).includes(ERROR_TEXT), { timeout: 3 * TIMEOUTS.extension, message: `${what} shows "${ERROR_TEXT}"` });
  return errorTooltip(page);
}

/** The module mended (it loads the bundled server): only a restart picks it up, and a click on the item is that restart. */
async function mendAndClick(page: Page, what: string): Promise<void> {
  fs.writeFileSync(CRASHING_SERVER, REAL_SERVER);
  await page.keyboard.press('Escape');
  await page.locator('.statusbar-item', { hasText: ERROR_TEXT }).first().click();
  await waitFor(async () => (await statusBarItems(page)).includes('Veltrix ready'), { timeout: 2 * TIMEOUTS.extension, message: `${what}: "Veltrix ready"` });
  assert.ok(!(await statusBarItems(page)).includes(ERROR_TEXT), 'the error state is gone');
}

async function errorTooltip(page: Page): Promise<string> {
  await page.locator('.statusbar-item', { hasText: ERROR_TEXT }).first().hover();
  const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Veltrix' }).first();
  await hover.waitFor({ state: 'visible', timeout: TIMEOUTS.extension });
  return ((await hover.textContent()) ?? '').replace(/\s+/g, ' ');
}

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
        const tip = await errorTooltip(page);
        // vscode-languageclient resolves start() when the server exits during it: the session still calls it a failed start.
        assert.match(tip, /The Veltrix language server failed to start: the server process exited while starting\./, tip);
        assert.match(tip, /"Veltrix: Restart Language Server"/, tip);
      });
      await session.step('click-restarts', () => mendAndClick(session.page, 'the click restarted the server'));
      await session.step('initialize-refused', async () => {
        const page = session.page;
        const tip = await restartInto(page, REFUSING_SERVER, 'a refused initialize');
        assert.match(tip, /The Veltrix language server failed to start: initialize refused by the test server\./, tip);
        // It stays in the error state: no restart loop (the refusing server is up, nothing crashed).
        await new Promise((r) => setTimeout(r, 5000));
        assert.ok((await statusBarItems(page)).includes(ERROR_TEXT), (await statusBarItems(page)).join(' | '));
      });
      await session.step('click-after-refused-initialize', () => mendAndClick(session.page, 'a new client started the mended server'));
      await session.step('crash-loop', async () => {
        const tip = await restartInto(session.page, CRASHES_AFTER_START, 'five crashes in a row');
        assert.match(tip, /The Veltrix language server crashed 5 times in 3 minutes and was not restarted\./, tip);
      });
      await session.step('click-after-crash-loop', () => mendAndClick(session.page, 'the click started the mended server'));
    } finally {
      fs.rmSync(CRASHING_SERVER, { force: true });
    }
  });
});

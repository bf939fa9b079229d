/// <reference lib="dom" />
/**
 * End-to-end harness: a real VS Code workbench (code-server, installed by
 * scripts/e2e/setup.sh into <repo>/.code-server) driven by playwright-core in
 * Debian's chromium. See shared/design/e2e-in-real-vscode.md.
 *
 * Everything here waits on conditions with timeouts; nothing sleeps a fixed time.
 *
 * Env:
 *   CODE_SERVER_BIN     code-server binary (default <repo>/.code-server/node_modules/.bin/code-server)
 *   CHROMIUM_BIN        browser (default /usr/bin/chromium)
 *   VELTRIX_E2E_KEEP=1  keep temp dirs (user data, extensions, logs) after stop()
 *   VELTRIX_E2E_HEADED=1  launch the browser headed (needs a display)
 *   VELTRIX_E2E_TIMEOUT_SCALE=N  multiply every timeout by N (slow or busy machines)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
export const CODE_SERVER_BIN =
  process.env.CODE_SERVER_BIN ?? path.join(REPO_ROOT, '.code-server', 'node_modules', '.bin', 'code-server');
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

const SCALE = Math.max(1, Number(process.env.VELTRIX_E2E_TIMEOUT_SCALE) || 1);

/**
 * Default timeouts (ms). Generous: the machine has 2 cores and may be busy
 * (a load average of 20 was seen while other suites ran). Multiply them all
 * with VELTRIX_E2E_TIMEOUT_SCALE=2 etc.
 */
export const TIMEOUTS = {
  install: 120_000 * SCALE,
  serverStart: 60_000 * SCALE,
  workbench: 90_000 * SCALE,
  ui: 30_000 * SCALE,
  /** extension activation + first diagnostics */
  extension: 60_000 * SCALE,
  stop: 15_000 * SCALE,
  /** one whole e2e test (node:test timeout) */
  test: 300_000 * SCALE,
};

const log = (...args: unknown[]) => console.error('[e2e]', ...args);

// ---------------------------------------------------------------- env check

export interface EnvCheck {
  ok: boolean;
  problems: string[];
}

/** Is everything needed for the e2e tests installed? (run scripts/e2e/setup.sh if not) */
export function checkE2EEnvironment(): EnvCheck {
  const problems: string[] = [];
  if (!isExecutable(CHROMIUM_BIN)) problems.push(`chromium not found at ${CHROMIUM_BIN}`);
  if (!isExecutable(CODE_SERVER_BIN)) problems.push(`code-server not found at ${CODE_SERVER_BIN}`);
  return { ok: problems.length === 0, problems };
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// ------------------------------------------------------------------ polling

export interface WaitOptions {
  timeout?: number;
  interval?: number;
  message?: string;
}

/**
 * Polls `fn` until it returns a truthy value (which is returned) or the
 * timeout passes. Exceptions thrown by `fn` count as "not yet"; the last one
 * is reported on timeout.
 */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  { timeout = TIMEOUTS.ui, interval = 100, message = 'condition' }: WaitOptions = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  let lastValue: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      lastValue = v;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const detail = lastError
        ? ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`
        : ` (last value: ${JSON.stringify(lastValue)})`;
      throw new Error(`Timed out after ${timeout} ms waiting for ${message}${detail}`);
    }
    await delay(Math.min(interval, Math.max(0, deadline - Date.now())));
  }
}

/** Poll pause used only inside waitFor and process-exit waits. */
function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// ------------------------------------------------------------- code-server

export interface StartOptions {
  /** Folder opened in the workbench. */
  workspace: string;
  /** Extensions dir to use (default: a fresh temp dir). */
  extensionsDir?: string;
  /** A .vsix to install before starting. */
  vsixPath?: string;
  /** Extra user settings merged over the defaults. */
  settings?: Record<string, unknown>;
  /** Extra environment for the server (and so for extension hosts). */
  env?: Record<string, string>;
}

export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  userDataDir: string;
  extensionsDir: string;
  logPath: string;
  /** Kills the whole process group and waits for it to exit. Idempotent. */
  stop(): Promise<void>;
}

/** Settings seeded into <user-data-dir>/User/settings.json before start. */
export const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none', // the welcome page otherwise swallows Quick Open
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'update.mode': 'none',
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'editor.quickSuggestionsDelay': 10,
};

const liveServers = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when a test crashes without calling stop(): kill the groups.
  process.on('exit', () => {
    for (const child of liveServers) killGroup(child.pid, 'SIGKILL');
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/** Is any non-zombie process left in process group `pgid`? (reads /proc; zombies of reparented children don't count) */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return true; // no /proc: trust kill(0)
  }
  for (const e of entries) {
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ...; comm may contain spaces and parens
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
    } catch {
      /* process went away */
    }
  }
  return false;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

function serverEnv(root: string, extra?: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Do not leak the test runner's loaders or an outer VS Code into the server.
  for (const k of Object.keys(env)) {
    // (PORT: code-server's own variable, it would override --bind-addr)
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k === 'NODE_OPTIONS' || k === 'NODE_TEST_CONTEXT' || k === 'PORT') {
      delete env[k];
    }
  }
  // Keep code-server from writing into the real home folder.
  env.XDG_CONFIG_HOME = path.join(root, 'xdg-config');
  env.XDG_DATA_HOME = path.join(root, 'xdg-data');
  env.XDG_CACHE_HOME = path.join(root, 'xdg-cache');
  // VS Code's IPC sockets (vscode-ipc-*.sock) and extension temp files go here, removed by stop().
  env.TMPDIR = path.join(root, 'tmp');
  fs.mkdirSync(env.TMPDIR, { recursive: true });
  return { ...env, ...extra };
}

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Installs a .vsix into `extensionsDir` with code-server's CLI. */
export function installVsix(vsixPath: string, opts: { userDataDir: string; extensionsDir: string; configPath: string; env: NodeJS.ProcessEnv }): void {
  const t0 = Date.now();
  const res = spawnSync(
    CODE_SERVER_BIN,
    [
      '--config', opts.configPath,
      '--user-data-dir', opts.userDataDir,
      '--extensions-dir', opts.extensionsDir,
      '--install-extension', path.resolve(vsixPath),
      '--force',
    ],
    { env: opts.env, encoding: 'utf8', timeout: TIMEOUTS.install, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const out = `${res.stdout ?? ''}${res.stderr ?? ''}`;
  if (res.error || res.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(
      `code-server --install-extension ${vsixPath} failed (status ${res.status}${res.error ? `, ${res.error.message}` : ''}):\n${out}`,
    );
  }
  log(`installed ${path.basename(vsixPath)} in ${Date.now() - t0} ms`);
}

export async function startCodeServer(opts: StartOptions): Promise<CodeServer> {
  const check = checkE2EEnvironment();
  if (!isExecutable(CODE_SERVER_BIN)) throw new Error(`${check.problems.join('; ')} (run scripts/e2e/setup.sh)`);
  const t0 = Date.now();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-e2e-cs-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = opts.extensionsDir ?? path.join(root, 'extensions');
  const logPath = path.join(root, 'code-server.log');
  const configPath = path.join(root, 'config.yaml');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  // Without --config, code-server writes a password config into the home folder.
  fs.writeFileSync(configPath, 'auth: none\ncert: false\n');
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...opts.settings }, null, 2),
  );
  const env = serverEnv(root, opts.env);

  if (opts.vsixPath) {
    try {
      installVsix(opts.vsixPath, { userDataDir, extensionsDir, configPath, env });
    } catch (e) {
      if (process.env.VELTRIX_E2E_KEEP !== '1') fs.rmSync(root, { recursive: true, force: true });
      throw e;
    }
  }

  installExitHook();
  let lastError: Error | undefined;
  // A free port can be taken between freePort() and the bind: retry once.
  for (let attempt = 1; attempt <= 2; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const logFd = fs.openSync(logPath, 'a');
    const child = spawn(
      CODE_SERVER_BIN,
      [
        '--config', configPath,
        '--user-data-dir', userDataDir,
        '--extensions-dir', extensionsDir,
        '--bind-addr', `127.0.0.1:${port}`,
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        path.resolve(opts.workspace),
      ],
      { env, detached: true, stdio: ['ignore', logFd, logFd] },
    );
    fs.closeSync(logFd);
    child.unref(); // a forgotten stop() must not keep the test process alive (exit hook kills it)
    liveServers.add(child);
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const exitPromise = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        exited = { code, signal };
        resolve();
      });
    });
    child.once('error', (e) => {
      exited = { code: -1, signal: null };
      lastError = e;
    });
    const pid = child.pid;
    if (!pid) throw new Error(`could not spawn ${CODE_SERVER_BIN}`);

    let stopped = false;
    const stopInternal = async (keepFiles: boolean): Promise<void> => {
      if (stopped) return;
      stopped = true;
      killGroup(pid, 'SIGTERM');
      const deadline = Date.now() + TIMEOUTS.stop;
      // Wait for the whole group (extension hosts, language servers), not just the leader.
      while (Date.now() < deadline && (groupAlive(pid) || !exited)) {
        await Promise.race([exitPromise, delay(100)]);
      }
      if (groupAlive(pid)) {
        log(`code-server group ${pid} still alive after SIGTERM, sending SIGKILL`);
        killGroup(pid, 'SIGKILL');
        await waitFor(() => !groupAlive(pid), { timeout: 5_000, message: `process group ${pid} to die` }).catch((e) =>
          log(`warning: ${(e as Error).message}`),
        );
      }
      liveServers.delete(child);
      if (!keepFiles) {
        // (call collectLogs() before stop() to keep the logs of a failed test)
        fs.rmSync(root, { recursive: true, force: true });
      } else {
        log(`kept ${root}`);
      }
    };
    const stop = () => stopInternal(process.env.VELTRIX_E2E_KEEP === '1');

    try {
      await waitFor(
        async () => {
          if (exited) throw new Error(`code-server exited early (${JSON.stringify(exited)})`);
          const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
          if (!res.ok) return false;
          const body = (await res.json()) as { status?: string };
          return body.status === 'alive' || body.status === 'expired';
        },
        { timeout: TIMEOUTS.serverStart, interval: 200, message: `code-server /healthz on ${url}` },
      );
      log(`code-server up on ${url} (pid ${pid}) in ${Date.now() - t0} ms; log ${logPath}`);
      return { url, port, pid, userDataDir, extensionsDir, logPath, stop };
    } catch (e) {
      const logText = tail(logPath);
      await stopInternal(true); // keep the files for the retry and the error report
      lastError = new Error(`${(e as Error).message}\n--- ${logPath} (tail) ---\n${logText}`);
      if (!/EADDRINUSE/.test(logText)) break;
      log(`port ${port} was taken, retrying`);
    }
  }
  throw lastError ?? new Error('code-server did not start');
}

/** Copies the server log and VS Code's own logs (exthost, renderer...) into test-artifacts/e2e/<name>/. */
export function collectLogs(server: CodeServer, name: string): string {
  const dest = path.join(ARTIFACTS_DIR, sanitize(name));
  try {
    fs.mkdirSync(dest, { recursive: true });
    if (fs.existsSync(server.logPath)) fs.copyFileSync(server.logPath, path.join(dest, 'code-server.log'));
    const logs = path.join(server.userDataDir, 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(dest, 'vscode-logs'), { recursive: true });
  } catch (e) {
    log(`collectLogs: ${(e as Error).message}`);
  }
  return dest;
}

// ------------------------------------------------------------------ browser

export interface Workbench {
  browser: Browser;
  page: Page;
  /** Browser console lines (errors and warnings), for failure reports. */
  consoleLines: string[];
  close(): Promise<void>;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Opens the workbench for `folder` and waits until the explorer shows it. */
export async function openWorkbench(url: string, folder: string): Promise<Workbench> {
  const t0 = Date.now();
  // Chromium writes crash reports (~/.config/chromium) and dconf caches (~/.cache) under the home folder: keep them in a temp dir.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-e2e-browser-'));
  const cleanup = () => fs.rmSync(home, { recursive: true, force: true });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_BIN,
      args: CHROMIUM_ARGS,
      headless: process.env.VELTRIX_E2E_HEADED !== '1',
      timeout: TIMEOUTS.ui,
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') },
    });
  } catch (e) {
    cleanup();
    throw e;
  }
  const consoleLines: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUTS.ui);
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleLines.push(`[${m.type()}] ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    await page.goto(`${url}/?folder=${encodeURIComponent(path.resolve(folder))}`, {
      waitUntil: 'domcontentloaded',
      timeout: TIMEOUTS.workbench,
    });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: TIMEOUTS.workbench });
    // The explorer lists the folder once the workbench has restored its views.
    await page
      .locator('.explorer-folders-view .monaco-list-row')
      .first()
      .waitFor({ state: 'visible', timeout: TIMEOUTS.workbench });
    log(`workbench ready in ${Date.now() - t0} ms`);
    const close = async () => {
      await browser.close().catch(() => undefined);
      cleanup();
    };
    return { browser, page, consoleLines, close };
  } catch (e) {
    await browser.close().catch(() => undefined);
    cleanup();
    throw e;
  }
}

// ------------------------------------------------------------------ helpers

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;

async function waitQuickInputClosed(page: Page): Promise<void> {
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: TIMEOUTS.ui });
}

/** Opens `name` (a file name or relative path) through Quick Open and waits for its editor tab. */
export async function openFile(page: Page, name: string): Promise<void> {
  const base = path.basename(name);
  // The list re-renders while Quick Open filters, so a click can land on a
  // neighbour (`x.veltrix-test.yaml` beside `x.veltrix.yaml`): open the row
  // whose file name is exactly `base`, then check the active tab, and retry.
  const exact = new RegExp(`^${escapeRegExp(base)}$`);
  // Already open: its tab, by its exact name.
  const tab = page.locator('.tabs-container .tab').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  if ((await tab.count()) > 0) {
    await tab.click();
    await page.locator('.tabs-container .tab.active').filter({ has: page.locator('.label-name', { hasText: exact }) }).waitFor({ state: 'visible' });
    await activeEditor(page).locator('.view-lines').waitFor({ state: 'visible' });
    return;
  }
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+P');
    const input = page.locator(QUICK_INPUT_BOX);
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    // Move the keyboard focus to the row whose file name is exactly `base`
    // (the list may still be filtering), then open it with Enter.
    const rows = page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`);
    await rows.filter({ has: page.locator('.label-name', { hasText: exact }) }).first().waitFor({ state: 'visible' });
    for (let i = 0; i < 10; i++) {
      const focused = rows.filter({ has: page.locator('.label-name', { hasText: exact }) }).and(page.locator('.focused'));
      if ((await focused.count()) > 0) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await waitQuickInputClosed(page);
    const active = page.locator('.tabs-container .tab.active .label-name');
    await active.waitFor({ state: 'visible' });
    if ((await active.innerText()).trim() === base) break;
    if (attempt >= 3) throw new Error(`Quick Open opened ${await active.innerText()} instead of ${base}`);
  }
  await activeEditor(page).locator('.view-lines').waitFor({ state: 'visible' });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Opens the quick-fix menu (Ctrl+.) at the cursor and applies the fix titled
 * `title` with the keyboard (the menu's pointer block swallows synthetic
 * clicks). `whileOpen` runs with the menu shown (a screenshot of it).
 * Returns the titles the menu offered.
 */
export async function chooseQuickFix(page: Page, title: string, whileOpen?: () => Promise<void>): Promise<string[]> {
  await page.keyboard.press('Control+.');
  const rows = page.locator('.action-widget .monaco-list-row');
  await rows.filter({ hasText: title }).first().waitFor({ state: 'visible', timeout: TIMEOUTS.extension });
  const titles = await rows.allInnerTexts();
  await whileOpen?.();
  await waitFor(
    async () => {
      // Read the focused row without waiting (a locator would wait for one to exist).
      const focused = await page.evaluate(() => document.querySelector('.action-widget .monaco-list-row.focused')?.textContent ?? '');
      if (focused.includes(title)) return true;
      await page.keyboard.press('ArrowDown');
      return false;
    },
    { interval: 200, message: `focus on the quick fix "${title}"` },
  );
  await page.keyboard.press('Enter');
  return titles;
}

/** Runs a command from the command palette by its title (e.g. "View: Toggle Word Wrap"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator(QUICK_INPUT_BOX);
  // F1 pressed while the focus is inside a webview (a graph tab just clicked) is now and then lost on its way to the
  // workbench: pressed again until the palette shows.
  let pressed = 0;
  await waitFor(
    async () => {
      if (await input.isVisible()) return true;
      if (pressed++ % 20 === 0) await page.keyboard.press('F1');
      return false;
    },
    { interval: 100, message: `the command palette, for "${title}"` },
  );
  await input.fill(`>${title}`);
  // Pick the row whose label is exactly the title, else the first match.
  const rows = page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`);
  const row = await waitFor(
    async () => {
      const n = await rows.count();
      let first: number | undefined;
      for (let i = 0; i < n; i++) {
        const label = ((await rows.nth(i).getAttribute('aria-label')) ?? '').trim();
        if (label === title || label.startsWith(`${title},`)) return rows.nth(i);
        if (first === undefined && label.toLowerCase().includes(title.toLowerCase())) first = i;
      }
      return first === undefined ? undefined : rows.nth(first);
    },
    { message: `command "${title}" in the command palette` },
  );
  await row.click();
  await waitQuickInputClosed(page);
}

/** The editor of the active editor group. */
export function activeEditor(page: Page) {
  return page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
}

/**
 * Moves the cursor to `line`:`col` (1-based) with Go to Line (Ctrl+G) and
 * types `text` with the keyboard, as a user would (so auto-closing brackets,
 * auto-indent and completion acceptance on Enter all apply; pass
 * `{ insert: true }` to insert the text as one input event instead).
 */
export async function typeAt(page: Page, line: number, col: number, text: string, opts: { insert?: boolean } = {}): Promise<void> {
  const editor = activeEditor(page);
  await editor.waitFor({ state: 'visible' });
  await page.keyboard.press('Control+G');
  const input = page.locator(QUICK_INPUT_BOX);
  await input.waitFor({ state: 'visible' });
  // Ctrl+G opens Quick Open with the ':' prefix; fill() replaces the whole value, so keep it.
  await input.fill(`:${line}:${col}`);
  await page
    .locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`, { hasText: `${line}` })
    .first()
    .waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await waitQuickInputClosed(page);
  // Focus is back in the editor once its hidden textarea is the active element.
  await waitFor(
    () => page.evaluate(() => !!document.activeElement?.closest('.monaco-editor')),
    { message: 'editor focus after Go to Line' },
  );
  if (opts.insert) await page.keyboard.insertText(text);
  else await page.keyboard.type(text);
}

/**
 * Text of the active editor as rendered (lines in the viewport only: fine for
 * small test files; save and read the file for large ones).
 */
export async function editorText(page: Page): Promise<string> {
  const editor = activeEditor(page);
  await editor.waitFor({ state: 'visible' });
  return editor.locator('.view-lines').evaluate((el) => {
    const lines = Array.from(el.querySelectorAll<HTMLElement>(':scope > .view-line'));
    lines.sort((a, b) => parseFloat(a.style.top || '0') - parseFloat(b.style.top || '0'));
    return lines.map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
  });
}

/** Shows the Problems panel (without toggling it closed) and returns its rows' texts. */
/** Hides the panel at the bottom (Problems, Output…) if it is open: the editor area at its full height. */
export async function hideBottomPanel(page: Page): Promise<void> {
  const panel = page.locator('.part.panel.bottom');
  if (!(await panel.isVisible().catch(() => false))) return;
  await page.keyboard.press('Control+J');
  await panel.waitFor({ state: 'hidden', timeout: TIMEOUTS.ui }).catch(() => undefined);
}

export async function problemsRows(page: Page): Promise<string[]> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible().catch(() => false))) {
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible' });
  }
  // One snapshot of the rows in the page: the list re-renders as diagnostics
  // change, and reading row by row would wait on rows that have just gone.
  // The aria-label has the message and position, the rendered text the source and code ("veltrix(VX100)").
  const rows = await panel
    .locator('.monaco-list-row')
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('aria-label') ?? ''} | ${(e as HTMLElement).innerText ?? ''}`))
    .catch(() => [] as string[]);
  return rows.map((r) => r.replace(/\s+/g, ' ').trim());
}

/** Status bar items' texts. */
export async function statusBarItems(page: Page): Promise<string[]> {
  return page.locator('.statusbar-item').evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()).filter(Boolean));
}

function sanitize(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').slice(0, 120);
}

/**
 * Saves a full-page screenshot to test-artifacts/e2e/<name>.png (and the
 * page's console errors next to it). Never throws; returns the path or undefined.
 */
export async function screenshotOnFailure(page: Page | undefined, name: string, consoleLines?: string[]): Promise<string | undefined> {
  if (!page) return undefined;
  try {
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const file = path.join(ARTIFACTS_DIR, `${sanitize(name)}.png`);
    await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
    if (consoleLines?.length) fs.writeFileSync(file.replace(/\.png$/, '.console.txt'), consoleLines.join('\n'));
    log(`screenshot saved: ${file}`);
    return file;
  } catch (e) {
    log(`screenshot failed: ${(e as Error).message}`);
    return undefined;
  }
}

/** The real package: built by scripts/e2e/package-vsix.mjs, or reused when newer than its sources. Returns its path. */
export function packagedVsix(): string {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'e2e', 'package-vsix.mjs')], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 });
  if (r.status !== 0) throw new Error(`packaging the extension failed (status ${r.status})`);
  return r.stdout.trim().split('\n').pop()!;
}

/**
 * One named step of an e2e file: a screenshot `<prefix>-<name>.png` after
 * it; on failure a `<prefix>-FAILED-<name>` screenshot with the browser
 * console, and the code-server and VS Code logs beside it.
 */
export async function shotStep(prefix: string, session: { page?: Page; server?: CodeServer; wb?: Workbench }, name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
    await screenshotOnFailure(session.page, `${prefix}-${name}`);
  } catch (e) {
    await screenshotOnFailure(session.page, `${prefix}-FAILED-${name}`, session.wb?.consoleLines);
    if (session.server) log(`logs copied to ${collectLogs(session.server, `${prefix}-FAILED-${name}`)}`);
    throw e;
  }
}

/**
 * The `skip` option of an e2e file's describe(): false when chromium and
 * code-server are installed, else the reason (the suite skips loudly); under
 * VELTRIX_REQUIRE_E2E=1 (CI) a missing environment fails the file instead.
 */
export function skipWithoutE2E(): false | string {
  const env = checkE2EEnvironment();
  if (env.ok) return false;
  if (process.env.VELTRIX_REQUIRE_E2E === '1') throw new Error(`e2e environment missing: ${env.problems.join('; ')}`);
  return `e2e environment missing (${env.problems.join('; ')}): run npm run e2e:setup`;
}

export interface WorkbenchSession {
  /** The temp folder `prepare` wrote the workspace into. */
  tmp: string;
  server?: CodeServer;
  wb?: Workbench;
  /** Set once `before` has opened the workbench. */
  page: Page;
  /** A named step: `<prefix>-<name>.png` after it; on failure the FAILED screenshot, console and logs (shotStep). */
  step(name: string, fn: () => Promise<void>): Promise<void>;
}

/**
 * One code-server and workbench for the enclosing describe(). `before`
 * packages the extension, makes a temp folder, lets `prepare(tmp)` write the
 * workspace and return its folder, starts code-server with `settings` and
 * opens the workbench (`env`: for code-server, so its extension hosts and
 * our server); `after` closes the browser, stops code-server and
 * removes the temp folder (kept with VELTRIX_E2E_KEEP=1), whether the steps
 * passed or not. Call it inside describe(), before the file's own hooks.
 */
export function workbenchSession(prefix: string, opts: { settings: Record<string, unknown>; prepare: (tmp: string) => string | Promise<string>; env?: Record<string, string> }): WorkbenchSession {
  const session = {
    tmp: '',
    step: (name: string, fn: () => Promise<void>) => shotStep(prefix, session, name, fn),
  } as WorkbenchSession;
  before(async () => {
    const vsix = packagedVsix();
    session.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `veltrix-e2e-${prefix}-`));
    const workspace = await opts.prepare(session.tmp);
    session.server = await startCodeServer({ workspace, vsixPath: vsix, settings: opts.settings, env: opts.env });
    session.wb = await openWorkbench(session.server.url, workspace);
    session.page = session.wb.page;
  });
  after(async () => {
    await session.wb?.close().catch(() => undefined);
    await session.server?.stop();
    if (session.tmp && process.env.VELTRIX_E2E_KEEP !== '1') fs.rmSync(session.tmp, { recursive: true, force: true });
  });
  return session;
}

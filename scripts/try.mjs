#!/usr/bin/env node
// `npm run try`: the extension in a real VS Code in your browser, in one command.
//
//   1. packages veltrix-pipelines.vsix unless a fresh one exists
//      (scripts/e2e/package-vsix.mjs);
//   2. installs code-server (scripts/e2e/setup.sh) if it is missing;
//   3. starts code-server on 127.0.0.1 with the extension installed, on a
//      temporary copy of examples/ (your checkout is never modified);
//   4. prints the URL and stays in the foreground until Ctrl+C, then stops
//      code-server (its whole process group) and removes the temp folders.
//
// Env: PORT (default 8080; a free port is used if it is taken),
//      CODE_SERVER_BIN (default .code-server/node_modules/.bin/code-server),
//      VELTRIX_TRY_KEEP=1 keeps the temp folder (your edits to the examples).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT, ensureVsix } from './e2e/package-vsix.mjs';

const { fetch, AbortSignal } = globalThis;
const CODE_SERVER_BIN = process.env.CODE_SERVER_BIN || path.join(REPO_ROOT, '.code-server', 'node_modules', '.bin', 'code-server');
const say = (s) => console.log(`[try] ${s}`);
const die = (s) => {
  console.error(`[try] ERROR: ${s}`);
  process.exit(1);
};

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function anyFreePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// ------------------------------------------------------------------ 1, 2 --
try {
  ensureVsix({ log: (s) => say(s) });
} catch (e) {
  die(e instanceof Error ? e.message : String(e));
}
const vsix = path.join(REPO_ROOT, 'veltrix-pipelines.vsix');

if (!fs.existsSync(CODE_SERVER_BIN)) {
  say('code-server is not installed: running scripts/e2e/setup.sh (about a minute)');
  const r = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'e2e', 'setup.sh')], { stdio: 'inherit' });
  if (r.status !== 0) die('scripts/e2e/setup.sh failed');
}

// -------------------------------------------------------------------- 3 --
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-try-'));
const workspace = path.join(root, 'examples');
const userData = path.join(root, 'user-data');
const extensions = path.join(root, 'extensions');
const config = path.join(root, 'config.yaml');
fs.cpSync(path.join(REPO_ROOT, 'examples'), workspace, { recursive: true });
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.mkdirSync(extensions, { recursive: true });
fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
// Without --config, code-server writes a password config into the home folder.
fs.writeFileSync(config, 'auth: none\ncert: false\n');
fs.writeFileSync(
  path.join(userData, 'User', 'settings.json'),
  JSON.stringify(
    {
      'workbench.startupEditor': 'none',
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'workbench.enableExperiments': false,
      'update.mode': 'none',
      'git.enabled': false,
      'security.workspace.trust.enabled': false,
    },
    null,
    2,
  ),
);
const env = { ...process.env, XDG_CONFIG_HOME: path.join(root, 'xdg-config'), XDG_DATA_HOME: path.join(root, 'xdg-data'), XDG_CACHE_HOME: path.join(root, 'xdg-cache'), TMPDIR: path.join(root, 'tmp') };
// code-server's own PORT variable would override --bind-addr.
for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || ['ELECTRON_RUN_AS_NODE', 'NODE_OPTIONS', 'PORT'].includes(k)) delete env[k];
const base = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];

let child;
let cleaned = false;
const groupAlive = (pid) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** Stops code-server's whole process group (extension host, language server), then removes the temp folder. */
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  const pid = child?.pid;
  if (pid && groupAlive(pid)) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    const deadline = Date.now() + 10_000;
    while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
    if (groupAlive(pid)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
  if (process.env.VELTRIX_TRY_KEEP === '1') say(`kept ${root}`);
  else fs.rmSync(root, { recursive: true, force: true });
}
process.on('exit', () => {
  if (child?.pid && !cleaned) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

say(`installing ${path.relative(REPO_ROOT, vsix)} into a fresh extensions folder`);
const inst = spawnSync(CODE_SERVER_BIN, [...base, '--install-extension', vsix, '--force'], { env, encoding: 'utf8' });
if (inst.status !== 0 || !/successfully installed/i.test(`${inst.stdout}${inst.stderr}`)) {
  await cleanup();
  die(`installing the extension failed:\n${inst.stdout}${inst.stderr}`);
}

const wanted = Number(process.env.PORT) || 8080;
const port = (await portFree(wanted)) ? wanted : await anyFreePort();
if (port !== wanted) say(`port ${wanted} is taken, using ${port}`);
const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
const logFile = path.join(root, 'code-server.log');
const logFd = fs.openSync(logFile, 'a');
child = spawn(
  CODE_SERVER_BIN,
  [...base, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', workspace],
  { env, detached: true, stdio: ['ignore', logFd, logFd] },
);
fs.closeSync(logFd);
let exited = false;
child.on('exit', (code, signal) => {
  exited = true;
  if (!cleaned) {
    console.error(`[try] code-server exited (${signal ?? code}); its log:\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')}`);
    void cleanup().then(() => process.exit(1));
  }
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.log('');
    say('stopping code-server');
    void cleanup().then(() => process.exit(0));
  });
}

// Poll /healthz until the server answers (never a fixed sleep for readiness).
const deadline = Date.now() + 90_000;
for (;;) {
  if (exited) break;
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
    if (res.ok) break;
  } catch {
    /* not yet */
  }
  if (Date.now() > deadline) {
    await cleanup();
    die(`code-server did not answer on port ${port} within 90 s; log: ${logFile}`);
  }
  await sleep(250);
}
// Exited before answering: the exit handler prints the log and ends the process.
if (exited) await new Promise(() => undefined);

console.log(`
  Veltrix in VS Code is running. Open this URL in a browser:

      ${url}

  Workspace: a temporary copy of examples/ (${workspace})
  Try: open mistakes.veltrix.yaml (Problems panel, Ctrl+. for quick fixes),
       hover a component id, F12 in clickstream/, and "Veltrix: Open Graph
       Preview" from the command palette (F1).
  From another machine: ssh -L ${port}:127.0.0.1:${port} <this host>
  Press Ctrl+C to stop.
`);
// Stay in the foreground: the child's exit or a signal ends the process.

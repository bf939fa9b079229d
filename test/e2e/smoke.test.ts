/**
 * Smoke test for the e2e harness: a throwaway extension (not ours; ours will
 * replace it once it is packaged) is built into a .vsix, installed into a
 * real code-server, and checked through the real workbench in chromium.
 *
 * Run:  node --import tsx --test test/e2e/smoke.test.ts
 * Needs scripts/e2e/setup.sh first. Without chromium or code-server the test
 * is skipped loudly, or fails when VELTRIX_REQUIRE_E2E=1 (CI).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  REPO_ROOT,
  TIMEOUTS,
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

const DIAG_MESSAGE = 'Veltrix smoke diagnostic';

const EXTENSION_JS = `
const vscode = require('vscode');
function activate(context) {
  const item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 1000);
  item.text = 'Veltrix ready';
  item.show();
  const diags = vscode.languages.createDiagnosticCollection('veltrix-smoke');
  const isVeltrix = (doc) => doc.languageId === 'veltrix' || doc.fileName.endsWith('.veltrix.yaml');
  const publish = (doc) => {
    if (!isVeltrix(doc)) return;
    const first = doc.lineAt(0);
    const range = new vscode.Range(0, 0, 0, Math.max(first.text.length, 1));
    const d = new vscode.Diagnostic(range, ${JSON.stringify(DIAG_MESSAGE)}, vscode.DiagnosticSeverity.Error);
    d.source = 'veltrix-smoke';
    diags.set(doc.uri, [d]);
  };
  vscode.workspace.textDocuments.forEach(publish);
  context.subscriptions.push(
    item,
    diags,
    vscode.workspace.onDidOpenTextDocument(publish),
    vscode.workspace.onDidCloseTextDocument((doc) => diags.delete(doc.uri)),
    vscode.commands.registerCommand('veltrixSmoke.hello', () => { item.text = 'Veltrix hello'; }),
  );
}
function deactivate() {}
module.exports = { activate, deactivate };
`;

const PACKAGE_JSON = {
  name: 'veltrix-e2e-smoke',
  displayName: 'Veltrix e2e smoke (throwaway)',
  description: 'Throwaway extension that proves the e2e harness.',
  version: '0.0.1',
  publisher: 'veltrix-test',
  license: 'MIT',
  engines: { vscode: '^1.82.0' },
  main: './extension.js',
  activationEvents: ['onLanguage:veltrix'],
  contributes: {
    languages: [{ id: 'veltrix', aliases: ['Veltrix'], extensions: ['.veltrix.yaml'] }],
    commands: [{ command: 'veltrixSmoke.hello', title: 'Veltrix Smoke: Hello' }],
  },
};

function buildThrowawayVsix(dir: string): string {
  const t0 = Date.now();
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(PACKAGE_JSON, null, 2));
  fs.writeFileSync(path.join(dir, 'extension.js'), EXTENSION_JS);
  fs.writeFileSync(path.join(dir, 'README.md'), '# Veltrix e2e smoke\n\nThrowaway extension for the e2e harness.\n');
  const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  assert.ok(fs.existsSync(vsce), `vsce not found at ${vsce} (npm install in the repo)`);
  const out = path.join(dir, 'smoke.vsix');
  const res = spawnSync(
    process.execPath,
    [vsce, 'package', '--allow-missing-repository', '--skip-license', '--no-dependencies', '--out', out],
    { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 },
  );
  assert.equal(res.status, 0, `vsce package failed:\n${res.stdout}\n${res.stderr}`);
  assert.ok(fs.existsSync(out), `vsce did not write ${out}`);
  console.error(`[e2e] packaged throwaway extension in ${Date.now() - t0} ms`);
  return out;
}

test('e2e harness smoke: throwaway extension in real code-server', { timeout: TIMEOUTS.test }, async (t) => {
  const env = checkE2EEnvironment();
  if (!env.ok) {
    const reason = `e2e environment missing: ${env.problems.join('; ')}. Run scripts/e2e/setup.sh`;
    if (process.env.VELTRIX_REQUIRE_E2E === '1') assert.fail(`${reason} (VELTRIX_REQUIRE_E2E=1)`);
    console.error(`\n!!!!!!!! SKIPPING E2E: ${reason} !!!!!!!!\n`);
    t.skip(reason);
    return;
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-e2e-smoke-'));
  const extDir = path.join(tmp, 'ext');
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(extDir);
  fs.mkdirSync(workspace);
  fs.writeFileSync(path.join(workspace, 'a.veltrix.yaml'), 'version: 1\npipelines: []\n');

  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  let failed = true;
  try {
    const vsix = buildThrowawayVsix(extDir);
    server = await startCodeServer({ workspace, vsixPath: vsix });
    wb = await openWorkbench(server.url, workspace);
    const { page } = wb;

    await openFile(page, 'a.veltrix.yaml');

    // The language contribution wins over the built-in yaml for *.veltrix.yaml.
    await waitFor(
      async () => (await page.locator('#status\\.editor\\.mode').innerText()).includes('Veltrix'),
      { timeout: TIMEOUTS.extension, message: 'language mode "Veltrix" in the status bar' },
    );
    // Activation: the status bar item.
    await waitFor(async () => (await statusBarItems(page)).includes('Veltrix ready'), {
      timeout: TIMEOUTS.extension,
      message: 'status bar item "Veltrix ready"',
    });
    // The diagnostic as a squiggle in the editor...
    await page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor({
      state: 'attached',
      timeout: TIMEOUTS.extension,
    });
    // ...and in the Problems panel.
    const rows = await waitFor(
      async () => {
        const r = await problemsRows(page);
        return r.some((x) => x.includes(DIAG_MESSAGE)) ? r : undefined;
      },
      { timeout: TIMEOUTS.extension, message: `Problems panel row "${DIAG_MESSAGE}"` },
    );
    assert.ok(rows.some((r) => r.includes('a.veltrix.yaml')), `Problems panel has no file row: ${JSON.stringify(rows)}`);

    // Command palette, typing and reading the editor back.
    await runCommand(page, 'Veltrix Smoke: Hello');
    await waitFor(async () => (await statusBarItems(page)).includes('Veltrix hello'), {
      message: 'status bar item "Veltrix hello" after the command',
    });
    await typeAt(page, 3, 1, 'owner: smoke');
    await waitFor(async () => (await editorText(page)).includes('owner: smoke'), {
      message: 'typed text in the editor',
    });
    const text = await editorText(page);
    assert.match(text, /^version: 1\npipelines: \[\]\nowner: smoke/);
    failed = false;
  } finally {
    if (failed && wb) await screenshotOnFailure(wb.page, 'smoke', wb.consoleLines);
    if (failed && server) console.error(`[e2e] logs copied to ${collectLogs(server, 'smoke')}`);
    await wb?.close().catch(() => undefined);
    await server?.stop();
    if (process.env.VELTRIX_E2E_KEEP !== '1') fs.rmSync(tmp, { recursive: true, force: true });
  }
});

// Builds the real extension package, veltrix-pipelines.vsix, unless the one
// in the repository root is newer than everything that goes into it.
// Used by the end-to-end suite (test/e2e/veltrix.test.ts, in its `before`
// hook) and by `npm run try` (scripts/try.mjs).
//
//   node scripts/e2e/package-vsix.mjs [--force]   prints the .vsix path
//
// The package is written to a temporary name and renamed into place, so a
// concurrent reader never sees half a file.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VSIX_PATH = path.join(REPO_ROOT, 'veltrix-pipelines.vsix');

/** The code that dist/ is bundled from. */
const CODE = ['client/src', 'server/src', 'core/src', 'protocol/src', 'webview/src', 'scripts/bundle.mjs'];
/** Everything that ends up in (or decides) the package. */
const INPUTS = [
  ...CODE, 'dist/extension.js', 'dist/server.js', 'dist/server-main.js', 'dist/webview.js', 'dist/codicons',
  'schemas', 'syntaxes', 'docs/rules', 'docs/editor.md', 'docs/walkthrough',
  'package.json', 'language-configuration.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'images',
];

function newestMtime(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, e)));
  return max;
}

/** Why the existing package cannot be reused, or undefined if it can. */
export function staleReason(vsix = VSIX_PATH) {
  let vsixTime;
  try {
    vsixTime = fs.statSync(vsix).mtimeMs;
  } catch {
    return `${path.basename(vsix)} does not exist`;
  }
  for (const rel of INPUTS) {
    const t = newestMtime(path.join(REPO_ROOT, rel));
    if (t > vsixTime) return `${rel} changed after ${path.basename(vsix)} was built`;
  }
  return undefined;
}

function run(args, what) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  if (r.status !== 0) {
    throw new Error(`${what} failed (status ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  }
  return Date.now() - t0;
}

/**
 * Returns the path of an up-to-date veltrix-pipelines.vsix, building it
 * (bundle + vsce package) when missing or older than its inputs.
 * `log` receives one line per step.
 */
export function ensureVsix({ force = false, log = (s) => console.error(s) } = {}) {
  const reason = force ? 'forced' : staleReason();
  if (!reason) {
    log(`[vsix] reusing ${path.relative(REPO_ROOT, VSIX_PATH)} (newer than its sources)`);
    return VSIX_PATH;
  }
  log(`[vsix] packaging: ${reason}`);
  // Re-bundle only when dist/ is older than the code (CI has just run `npm run
  // build`; rewriting dist/ under the other test files running in parallel
  // would be needless churn).
  const bundles = ['extension.js', 'server.js', 'server-main.js', 'webview.js', 'codicons/codicon.css', 'codicons/codicon.ttf'].map((f) => path.join(REPO_ROOT, 'dist', f));
  const oldestBundle = Math.min(...bundles.map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)));
  const codeTime = Math.max(...CODE.map((rel) => newestMtime(path.join(REPO_ROOT, rel))));
  const bundleMs = force || oldestBundle < codeTime ? run([path.join(REPO_ROOT, 'scripts', 'bundle.mjs')], 'node scripts/bundle.mjs') : 0;
  const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!fs.existsSync(vsce)) throw new Error(`vsce not found at ${vsce}: run npm ci`);
  const tmp = path.join(REPO_ROOT, `.veltrix-pipelines.${process.pid}.tmp.vsix`);
  try {
    const vsceMs = run([vsce, 'package', '--no-dependencies', '--skip-license', '-o', tmp], 'vsce package');
    fs.renameSync(tmp, VSIX_PATH);
    log(`[vsix] built ${path.relative(REPO_ROOT, VSIX_PATH)} (${fs.statSync(VSIX_PATH).size} bytes; ${bundleMs ? `bundle ${bundleMs} ms` : 'dist/ was up to date'}, vsce ${vsceMs} ms)`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return VSIX_PATH;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${ensureVsix({ force: process.argv.includes('--force') })}\n`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}

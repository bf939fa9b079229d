// The server's loader (server/src/boot.ts, dist/server.js) keeps V8's code
// cache of the bundle in the user's cache folder: the first start writes it
// (private to the user), the next start accepts it (and so leaves it as it
// is: a rejected cache would be written again), and the server works either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchClient } from '../../bench/lsp-client';
import { repoRoot } from './lsp-client';

const loader = path.join(repoRoot, 'dist', 'server.js');
const bundle = path.join(repoRoot, 'dist', 'server-main.js');

async function startAndCheck(cacheHome: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-boot-'));
  const client = new BenchClient(
    { name: 'veltrix', command: process.execPath, args: [loader, '--stdio'], configuration: () => ({}), initializationOptions: { debounceMs: 0 } },
    dir,
    { ...process.env, XDG_CACHE_HOME: cacheHome, VELTRIX_CODE_CACHE: '1' },
  );
  try {
    await client.initialize(pathToFileURL(dir).toString());
    const uri = pathToFileURL(path.join(dir, 'p.veltrix.yaml')).toString();
    const published = client.nextDiagnostics(uri, 1, 30_000);
    client.open(uri, 'veltrix', 'veltrix: 1\npipeline:\n  name: p\nsinks:\n  out:\n    type: stdout\n    inputs: [nowhere]\n', 1);
    const p = await published;
    assert.ok(p.diagnostics.length > 0, 'the server analyses');
  } finally {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the code cache is written at the first start and accepted at the next', { skip: !fs.existsSync(bundle) && 'dist/server-main.js is missing: run npm run build' }, async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-cache-home-'));
  await startAndCheck(home);
  const dir = path.join(home, 'veltrix');
  const files = fs.readdirSync(dir);
  assert.equal(files.length, 1, files.join(' '));
  const file = path.join(dir, files[0]);
  assert.equal(fs.statSync(file).mode & 0o077, 0, 'private to the user');
  assert.equal(fs.statSync(dir).mode & 0o077, 0, 'a private folder');
  const written = fs.statSync(file).mtimeMs;
  await new Promise((r) => setTimeout(r, 20));
  await startAndCheck(home);
  assert.equal(fs.statSync(file).mtimeMs, written, 'accepted, so not written again');
  fs.rmSync(home, { recursive: true, force: true });
});

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
import { generatePipeline } from '../../bench/generate';
import type { ServerStats } from '../../protocol/src/index';
import { TIER_UP_CHARS } from '../../server/src/tier-up';

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

// The start-up tier (server/src/tier-up.ts): V8's optimising compiler is off from the start until the first
// diagnostics, or from the open of a document too big for the interpreter alone.
async function tierAfterOpen(text: string, env: NodeJS.ProcessEnv = {}): Promise<{ before: boolean | undefined; opened: boolean | undefined; published: boolean | undefined }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-tier-'));
  const client = new BenchClient(
    { name: 'veltrix', command: process.execPath, args: [loader, '--stdio'], configuration: () => ({}), initializationOptions: { debounceMs: 0 } },
    dir,
    { ...process.env, VELTRIX_CODE_CACHE: '0', ...env },
  );
  const tier = async () => (await client.request<ServerStats>('veltrix/stats', undefined)).startupTier;
  try {
    await client.initialize(pathToFileURL(dir).toString());
    const before = await tier();
    const uri = pathToFileURL(path.join(dir, 'p.veltrix.yaml')).toString();
    const diagnostics = client.nextDiagnostics(uri, 1, 60_000);
    client.open(uri, 'veltrix', text, 1);
    // Answered between the analysis's first steps, before its diagnostics (the analysis takes far longer than a step).
    const opened = await tier();
    await diagnostics;
    return { before, opened, published: await tier() };
  } finally {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the server starts with the optimising compiler off and turns it on with its first diagnostics', { skip: !fs.existsSync(bundle) && 'dist/server-main.js is missing: run npm run build' }, async () => {
  // Big enough that its analysis takes several steps (the stats request is answered between them), under the size
  // that turns the compiler on at once.
  const text = generatePipeline(5000).text;
  assert.ok(text.length < TIER_UP_CHARS);
  assert.deepEqual(await tierAfterOpen(text), { before: true, opened: true, published: false });
});

test('a document too big for the interpreter alone turns the optimising compiler on when it opens', { skip: !fs.existsSync(bundle) && 'dist/server-main.js is missing: run npm run build' }, async () => {
  const text = generatePipeline(7000).text;
  assert.ok(text.length > TIER_UP_CHARS);
  assert.deepEqual(await tierAfterOpen(text), { before: true, opened: false, published: false });
});

test('VELTRIX_START_TIER=0 starts the server with the optimising compiler on', { skip: !fs.existsSync(bundle) && 'dist/server-main.js is missing: run npm run build' }, async () => {
  assert.deepEqual(await tierAfterOpen('veltrix: 1\npipeline:\n  name: p\n', { VELTRIX_START_TIER: '0' }), { before: false, opened: false, published: false });
});

/** A server started through the loader in a workspace of `files` generated pipelines of `size` components each. */
async function inWorkspace(files: number, size: number, check: (client: BenchClient, dir: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-tier-ws-'));
  for (let i = 0; i < files; i++) fs.writeFileSync(path.join(dir, `p${i}.veltrix.yaml`), generatePipeline(size).text.replace(/synthetic/g, `p${i}`));
  const client = new BenchClient(
    { name: 'veltrix', command: process.execPath, args: [loader, '--stdio'], configuration: () => ({}), initializationOptions: { debounceMs: 0 } },
    dir,
    { ...process.env, VELTRIX_CODE_CACHE: '0' },
  );
  try {
    await client.initialize(pathToFileURL(dir).toString());
    await check(client, dir);
  } finally {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const startupTier = async (client: BenchClient) => (await client.request<ServerStats>('veltrix/stats', undefined)).startupTier;

test('a first document opened after the scan of a small workspace is still analysed in the start-up tier', { skip: !fs.existsSync(bundle) && 'dist/server-main.js is missing: run npm run build' }, async () => {
  await inWorkspace(3, 20, async (client, dir) => {
    // The scan starts 100 ms after `initialized` and reads three small files in one slice.
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await startupTier(client), true);
    const uri = pathToFileURL(path.join(dir, 'p0.veltrix.yaml')).toString();
    const diagnostics = client.nextDiagnostics(uri, 1, 60_000);
    client.open(uri, 'veltrix', fs.readFileSync(path.join(dir, 'p0.veltrix.yaml'), 'utf8'), 1);
    await diagnostics;
    assert.equal(await startupTier(client), false);
  });
});

test('the scan of a big workspace turns the optimising compiler on', { skip: !fs.existsSync(bundle) && 'dist/server-main.js is missing: run npm run build' }, async () => {
  await inWorkspace(300, 100, async (client) => {
    const until = Date.now() + 60_000;
    while ((await startupTier(client)) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await startupTier(client), false, 'on before any document was opened');
  });
});

// The start-up index of the workspace stops at `veltrix.index.maxFiles`
// pipeline files and says so.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer, type TestServer } from './lsp-client';
import { normalise } from '../../server/src/settings';

const servers: TestServer[] = [];
after(async () => Promise.all(servers.map((s) => s.stop())));

function folder(files: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-cap-'));
  for (let i = 0; i < files; i++) fs.writeFileSync(path.join(dir, `p${i}.veltrix.yaml`), `veltrix: 1\npipeline:\n  name: p${i}\n`);
  return dir;
}

async function scan(dir: string, settings: Record<string, unknown>): Promise<{ logs: string[]; messages: string[] }> {
  const server = await startServer({ rootDir: dir, settings });
  servers.push(server);
  const messages: string[] = [];
  server.conn.onRequest('window/showMessageRequest', (p: { message: string }) => {
    messages.push(p.message);
    return null;
  });
  const deadline = Date.now() + 15_000;
  while (!server.logs.some((l) => l.includes('indexed')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 200));
  return { logs: server.logs, messages };
}

test('the scan stops at veltrix.index.maxFiles and says so', async () => {
  const dir = folder(5);
  const { logs, messages } = await scan(dir, { index: { maxFiles: 3 } });
  assert.ok(logs.some((l) => /indexed 3 pipeline files/.test(l)), logs.join('\n'));
  assert.equal(messages.length, 1);
  assert.match(messages[0], /first 3 pipeline files.*veltrix\.index\.maxFiles/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('below the cap there is no message', async () => {
  const dir = folder(2);
  const { logs, messages } = await scan(dir, {});
  assert.ok(logs.some((l) => /indexed 2 pipeline files/.test(l)), logs.join('\n'));
  assert.deepEqual(messages, []);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the setting is read as a non-negative integer, else the default', () => {
  assert.equal(normalise({ index: { maxFiles: 20000 } }).index.maxFiles, 20000);
  assert.equal(normalise({ index: { maxFiles: -1 } }).index.maxFiles, 5000);
  assert.equal(normalise({ index: { maxFiles: 'many' } }).index.maxFiles, 5000);
  assert.equal(normalise({}).index.maxFiles, 5000);
});

// VELTRIX_TRACE_EDITS=1: the server logs each edit's path, stage by stage, once its diagnostics are written (how the
// real-editor tests tell where a late squiggle's time went). Without it, nothing of the kind is logged.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generatePipeline } from '../../bench/generate';
import { startServer, type TestServer } from './lsp-client';

let traced: TestServer;
let plain: TestServer;
before(async () => {
  traced = await startServer({ debounceMs: 0, env: { VELTRIX_TRACE_EDITS: '1' } });
  plain = await startServer({ debounceMs: 0 });
});
after(async () => {
  await traced.stop();
  await plain.stop();
});

const TRACE = /^edit (\S+) v(\d+): parse ([\d.]+), wait ([\d.]+), settings ([\d.]+), config ([\d.]+), analysis ([\d.]+) \(work ([\d.]+)\), publish ([\d.]+); total ([\d.]+) ms after the change was read$/;

async function edit(server: TestServer, uri: string): Promise<void> {
  const g = generatePipeline(30);
  server.open(uri, g.text, 1);
  await server.diagnostics(uri, 1);
  server.change(uri, g.text.replace('description: drop empty events', 'description: drop empty eventsx'), 2);
  await server.diagnostics(uri, 2, 20_000);
}

test('each edit is logged with its stages, which add up to no more than its total', async () => {
  const uri = 'file:///trace/a.veltrix.yaml';
  await edit(traced, uri);
  // Logged right after the diagnostics are written: it may arrive just after them.
  let line: string | undefined;
  for (let i = 0; i < 50 && !line; i++) {
    line = traced.logs.find((l) => l.startsWith(`edit ${uri} v2:`));
    if (!line) await new Promise((r) => setTimeout(r, 40));
  }
  assert.ok(line, traced.logs.join('\n'));
  const m = TRACE.exec(line);
  assert.ok(m, line);
  const [parse, wait, settings, config, analysis, work, publish, total] = m.slice(3).map(Number);
  assert.ok(work <= analysis + 0.1, line);
  assert.ok(parse + wait + settings + config + analysis + publish <= total + 0.6, line);
});

test('without VELTRIX_TRACE_EDITS the server logs no edits', async () => {
  const uri = 'file:///trace/b.veltrix.yaml';
  await edit(plain, uri);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(plain.logs.filter((l) => l.startsWith('edit ')), []);
});

// Responsiveness. At start-up the documents the editor opens are analysed at
// once (no typing debounce on open), before the workspace scan, which runs in
// the background; a fragment opened meanwhile waits for the scan, so its
// first diagnostics are already those of its importers' context. While the
// user types, completion and hover answer from the newest parse without
// waiting for (or running) the re-analysis.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cursor, fixtures, read, startServer, uriOf, type TestServer } from './lsp-client';
import { LONG_FILE_CHARS, WorkspaceIndex } from '../../server/src/workspace-index';

const servers: TestServer[] = [];
after(async () => Promise.all(servers.map((s) => s.stop())));

const MAIN = `veltrix: 1
pipeline:
  name: p
imports:
  - ./frag.veltrix.yaml
sources:
  orders_in:
    type: kafka
    brokers: ["k:9092"]
    topic: orders
    rate: 1k/s
sinks:
  out:
    type: stdout
    inputs: [paid]
`;
const FRAGMENT = `veltrix: 1
processors:
  paid:
    type: filter
    inputs: [orders_inn]
    condition: amount > 0
`;

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-startup-'));
  fs.writeFileSync(path.join(dir, 'main.veltrix.yaml'), MAIN);
  fs.writeFileSync(path.join(dir, 'frag.veltrix.yaml'), FRAGMENT);
  return dir;
}

test('an opened document is analysed at once, not after the typing debounce', async () => {
  // A debounce longer than the wait below: only an undebounced open can answer in time.
  const server = await startServer({ debounceMs: 600_000 });
  servers.push(server);
  const uri = uriOf(path.join(fixtures, 'main.veltrix.yaml'));
  server.open(uri, read(path.join(fixtures, 'main.veltrix.yaml')).replace('inputs: [paid]', 'inputs: [payd]'), 1);
  const diags = await server.diagnostics(uri, 1, 15_000);
  assert.ok(diags.some((d) => d.code === 'VX100'), JSON.stringify(diags));
});

test('a fragment opened at start-up is first published in the context of its importers', async () => {
  const dir = workspace();
  const server = await startServer({ rootDir: dir, debounceMs: 0 });
  servers.push(server);
  const uri = uriOf(path.join(dir, 'frag.veltrix.yaml'));
  server.open(uri, FRAGMENT, 1);
  // Standalone, a fragment's unknown input is no finding; only main.veltrix.yaml (found by the scan) defines orders_in.
  const diags = await server.diagnostics(uri, 1);
  const d = diags.find((x) => x.code === 'VX100');
  assert.ok(d, JSON.stringify(diags));
  assert.match(d.message, /did you mean 'orders_in'/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the workspace scan yields before each slice and skips files already recorded', async () => {
  const dir = workspace();
  const index = new WorkspaceIndex();
  const mainUri = uriOf(path.join(dir, 'main.veltrix.yaml'));
  const fragUri = uriOf(path.join(dir, 'frag.veltrix.yaml'));
  index.update(fragUri, FRAGMENT); // an open document, recorded by the analyzer
  const read: string[] = [];
  let pauses = 0;
  assert.equal(index.isReady, false);
  const count = await index.scan(
    [dir],
    (u) => {
      read.push(u);
      return fs.readFileSync(new URL(u), 'utf8');
    },
    async () => {
      pauses++;
    },
  );
  assert.equal(count, 2);
  assert.deepEqual(read, [mainUri]);
  assert.ok(pauses >= 1);
  assert.equal(index.isReady, true);
  assert.deepEqual(index.importersOf(fragUri), [mainUri]);
  await index.ready(); // resolves once scanned
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the scan waits for a pause in the typing before parsing a long file, and skips it if it was opened meanwhile', async () => {
  const dir = workspace();
  // A long main file (its parse cannot be sliced) beside the short ones.
  const padding = `# ${'x'.repeat(LONG_FILE_CHARS)}\n`;
  const longUri = uriOf(path.join(dir, 'long.veltrix.yaml'));
  fs.writeFileSync(path.join(dir, 'long.veltrix.yaml'), MAIN + padding);
  const run = async (openedDuringPause: boolean) => {
    const index = new WorkspaceIndex();
    const events: string[] = [];
    await index.scan(
      [dir],
      (u) => {
        events.push(`read ${path.basename(new URL(u).pathname)}`);
        return fs.readFileSync(new URL(u), 'utf8');
      },
      async (long) => {
        if (!long) return;
        events.push('pause for typing');
        // The user opens the long file while the scan waits: the analyzer records its parse (here: no imports).
        if (openedDuringPause) index.update(longUri, 'veltrix: 1\npipeline:\n  name: opened\n');
      },
    );
    return { events, index };
  };
  const scanned = await run(false);
  const longRead = scanned.events.indexOf('read long.veltrix.yaml');
  assert.equal(scanned.events[longRead + 1], 'pause for typing', 'the long file waits for a pause before its parse');
  assert.equal(scanned.events.filter((e) => e === 'pause for typing').length, 1, 'only the long file waits');
  assert.deepEqual(scanned.index.importersOf(uriOf(path.join(dir, 'frag.veltrix.yaml'))), [longUri, uriOf(path.join(dir, 'main.veltrix.yaml'))].sort());
  const opened = await run(true);
  assert.equal(opened.events.filter((e) => e === 'read long.veltrix.yaml').length, 1, 'not read again once opened');
  assert.deepEqual(opened.index.importersOf(uriOf(path.join(dir, 'frag.veltrix.yaml'))), [uriOf(path.join(dir, 'main.veltrix.yaml'))], "the open document's record is kept");
  fs.rmSync(dir, { recursive: true, force: true });
});

test('completion and hover after an edit answer from the new text without running the re-analysis', async () => {
  const server = await startServer({ debounceMs: 600_000 });
  servers.push(server);
  const uri = uriOf(path.join(fixtures, 'typing-completion.veltrix.yaml'));
  const text = read(path.join(fixtures, 'main.veltrix.yaml'));
  server.open(uri, text, 1);
  await server.diagnostics(uri, 1);
  // Version 2 adds a key being typed to the kafka source; its analysis waits for the (ten-minute) debounce.
  const { text: typed, position } = cursor(text.replace('    partitions: 4\n', '    partitions: 4\n    st|\n'));
  server.change(uri, typed, 2);
  type Item = { label: string };
  const res = await server.request<Item[] | { items: Item[] } | null>('textDocument/completion', { textDocument: { uri }, position });
  const labels = (Array.isArray(res) ? res : (res?.items ?? [])).map((i) => i.label);
  assert.ok(labels.includes('start_from'), labels.join());
  assert.ok(!labels.includes('partitions'), 'a key present in the new text is not offered');
  // Hover on the new line's key reads the new text too.
  const hover = await server.request<{ contents: { value: string } } | null>('textDocument/hover', {
    textDocument: { uri },
    position: { line: position.line - 1, character: 6 },
  });
  assert.match(hover?.contents.value ?? '', /partition/i);
  // Neither request ran the analysis of version 2: nothing was published for it.
  await assert.rejects(server.diagnostics(uri, 2, 500), /no diagnostics/);
});

test('a scan that fails still releases the fragments waiting for it', async () => {
  const dir = workspace();
  const index = new WorkspaceIndex();
  const waiting = index.ready();
  await assert.rejects(
    index.scan([dir], () => {
      throw new Error('disk on fire');
    }),
    /disk on fire/,
  );
  assert.equal(index.isReady, true);
  await waiting;
  fs.rmSync(dir, { recursive: true, force: true });
});

test('imports completion offers the workspace pipeline files the scan found', async () => {
  const dir = workspace();
  fs.mkdirSync(path.join(dir, 'lib'));
  fs.writeFileSync(path.join(dir, 'lib', 'extra.veltrix.yaml'), 'veltrix: 1\nsinks:\n  extra:\n    type: s3\n    bucket: b\n');
  const server = await startServer({ rootDir: dir, debounceMs: 0 });
  servers.push(server);
  const uri = uriOf(path.join(dir, 'main.veltrix.yaml'));
  const { text, position } = cursor(MAIN.replace('  - ./frag.veltrix.yaml\n', '  - ./frag.veltrix.yaml\n  - |\n'));
  server.open(uri, text, 1);
  await server.diagnostics(uri, 1);
  // The scan runs in the background: wait until it has indexed lib/ (a fragment opened now would wait for it).
  server.open(uriOf(path.join(dir, 'frag.veltrix.yaml')), FRAGMENT, 1);
  await server.diagnostics(uriOf(path.join(dir, 'frag.veltrix.yaml')), 1);
  type Item = { label: string; kind: number; textEdit?: { newText: string } };
  const res = await server.request<Item[] | { items: Item[] } | null>('textDocument/completion', { textDocument: { uri }, position });
  const items = Array.isArray(res) ? res : (res?.items ?? []);
  assert.deepEqual(
    items.map((i) => i.label),
    ['./lib/extra.veltrix.yaml'],
  );
  assert.equal(items[0].kind, 17); // CompletionItemKind.File
  fs.rmSync(dir, { recursive: true, force: true });
});

// The real language server over stdio, fed hostile requests: positions
// outside the document, unknown and closed documents, didChange with
// impossible ranges, garbage params, a 20 MB document and an alias bomb.
// Every request gets an answer (a result or an error) and the process is
// still alive and answering afterwards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer, uriOf, type TestServer } from '../lsp/lsp-client';

const ANSWER_MS = 60_000;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-robust-lsp-'));
const docUri = (name: string) => uriOf(path.join(root, name));
const GOOD = 'veltrix: 1\npipeline:\n  name: p\nsources:\n  a:\n    type: file\n    path: /tmp/x\nsinks:\n  s:\n    type: stdout\n    inputs: [a]\n';

let server: TestServer;
let answered = 0;

before(async () => {
  server = await startServer({ rootDir: root });
});
after(async () => {
  await server?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

/** Sends a request; resolves with its result or its error, fails when there is no answer in time. */
async function ask(method: string, params: unknown): Promise<{ result?: unknown; error?: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${method} ${JSON.stringify(params)?.slice(0, 200)} within ${ANSWER_MS} ms`)), ANSWER_MS);
  });
  try {
    const result = await Promise.race([server.conn.sendRequest(method, params), timeout]);
    answered++;
    return { result };
  } catch (error) {
    if ((error as Error)?.message?.startsWith('no answer')) throw error;
    answered++;
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

function assertAlive() {
  assert.equal(server.child.exitCode, null, `the server exited; stderr: ${server.stderr.join('').slice(-2000)}`);
  assert.equal(server.child.signalCode, null);
}

const POSITION_METHODS = ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/references', 'textDocument/prepareRename', 'textDocument/documentHighlight', 'textDocument/signatureHelp'];

async function everyPositionRequest(uri: string, position: unknown) {
  for (const method of POSITION_METHODS) await ask(method, { textDocument: { uri }, position, context: { includeDeclaration: true } });
  await ask('textDocument/rename', { textDocument: { uri }, position, newName: 'renamed' });
}

async function everyDocumentRequest(uri: string) {
  for (const method of ['textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/documentLink', 'textDocument/codeLens', 'textDocument/semanticTokens/full', 'textDocument/formatting'])
    await ask(method, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
  await ask('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
  await ask('veltrix/graph', { uri });
}

describe('hostile requests to the language server', () => {
  test('positions outside the document', async () => {
    const uri = docUri('pos.veltrix.yaml');
    server.open(uri, GOOD, 1);
    await server.diagnostics(uri, 1, ANSWER_MS);
    const positions = [
      { line: -1, character: 0 },
      { line: 0, character: -7 },
      { line: 10_000, character: 0 },
      { line: 3, character: 1_000_000 },
      { line: 2 ** 31, character: 2 ** 31 },
      { line: 1.5, character: 0.25 },
      { line: Number.MAX_SAFE_INTEGER, character: 0 },
    ];
    for (const p of positions) await everyPositionRequest(uri, p);
    const r = await ask('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 3 } });
    assert.ok(r.result, 'a good hover still answers');
    assertAlive();
  });

  test('unknown and closed documents', async () => {
    const closed = docUri('closed.veltrix.yaml');
    server.open(closed, GOOD, 1);
    await server.diagnostics(closed, 1, ANSWER_MS);
    server.close(closed);
    for (const uri of [closed, docUri('never-opened.veltrix.yaml'), 'untitled:Untitled-1', 'not a uri at all', '', 'file:///%E0%A4%A']) {
      await everyPositionRequest(uri, { line: 0, character: 0 });
      await everyDocumentRequest(uri);
    }
    assertAlive();
  });

  test('didChange with impossible ranges, unknown documents and old versions', async () => {
    const uri = docUri('change.veltrix.yaml');
    server.open(uri, GOOD, 1);
    await server.diagnostics(uri, 1, ANSWER_MS);
    const changes = [
      { range: { start: { line: 999, character: 0 }, end: { line: 1000, character: 5 } }, text: 'x' },
      { range: { start: { line: 5, character: 3 }, end: { line: 1, character: 0 } }, text: 'reversed' }, // end before start
      { range: { start: { line: -3, character: -1 }, end: { line: 0, character: 2 } }, text: 'neg' },
      { range: { start: { line: 0, character: 500 }, end: { line: 0, character: 900 } }, text: '\u0000\ud800' },
      { text: 42 },
      {},
    ];
    let v = 2;
    for (const change of changes) void server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v++ }, contentChanges: [change] });
    void server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 1 }, contentChanges: [{ text: 'old version' }] });
    void server.conn.sendNotification('textDocument/didChange', { textDocument: { uri: docUri('nobody.veltrix.yaml'), version: 3 }, contentChanges: [{ text: 'x' }] });
    void server.conn.sendNotification('textDocument/didChange', null);
    void server.conn.sendNotification('textDocument/didOpen', { textDocument: null });
    void server.conn.sendNotification('textDocument/didClose', { textDocument: { uri: docUri('never.veltrix.yaml') } });
    await everyPositionRequest(uri, { line: 0, character: 1 });
    await everyDocumentRequest(uri);
    // A full replacement afterwards is analysed normally.
    server.change(uri, GOOD.replace('inputs: [a]', 'inputs: [zz]'), 100);
    const diags = await server.diagnostics(uri, 100, ANSWER_MS);
    assert.ok(diags.some((d) => d.code === 'VX100'), JSON.stringify(diags.map((d) => d.code)));
    assertAlive();
  });

  test('garbage params', async () => {
    const uri = docUri('garbage.veltrix.yaml');
    server.open(uri, GOOD, 1);
    await server.diagnostics(uri, 1, ANSWER_MS);
    const garbage: unknown[] = [null, {}, [], 'text', 42, { textDocument: 5, position: 'here' }, { textDocument: { uri }, position: null }, { textDocument: { uri: 7 }, position: { line: '1', character: {} } }];
    for (const method of [...POSITION_METHODS, 'textDocument/rename', 'textDocument/documentSymbol', 'textDocument/codeAction', 'textDocument/codeLens', 'textDocument/foldingRange', 'textDocument/documentLink', 'workspace/symbol', 'veltrix/graph', 'codeAction/resolve', 'completionItem/resolve', 'codeLens/resolve'])
      for (const params of garbage) await ask(method, params);
    await ask('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } }, context: { diagnostics: 'zzz' } });
    await ask('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [{ code: 'VX100', range: { start: { line: 900, character: 0 }, end: { line: -1, character: 0 } }, message: 'x', data: { kind: 'create-stub', id: 5, section: 'nowhere' } }, { code: 'VX010', range: null, data: { kind: 'insert-key', parentRange: 'x' } }, { code: 12 }] },
    });
    await ask('textDocument/rename', { textDocument: { uri }, position: { line: 4, character: 3 }, newName: { not: 'a string' } });
    await ask('workspace/symbol', { query: '\u0000'.repeat(10_000) });
    await ask('workspace/executeCommand', { command: 'veltrix.nope', arguments: [null, { a: 1 }] });
    const unknown = await ask('veltrix/doesNotExist', { x: 1 });
    assert.ok(unknown.error, 'an unknown method is an error, not silence');
    assertAlive();
  });

  test('an alias-bomb document: VX001, and the server keeps answering', async () => {
    const uri = docUri('bomb.veltrix.yaml');
    let text = 'veltrix: 1\npipeline: {name: p}\nx-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 10; i++) text += `x-${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]\n`;
    server.open(uri, text, 1);
    const diags = await server.diagnostics(uri, 1, ANSWER_MS);
    assert.ok(diags.some((d) => d.code === 'VX001' && /alias bomb/.test(d.message)), JSON.stringify(diags.map((d) => d.message)));
    await everyPositionRequest(uri, { line: 3, character: 12 });
    await everyDocumentRequest(uri);
    assertAlive();
  });

  test('a 20 MB document: one VX001, and the server keeps answering', async () => {
    const uri = docUri('huge.veltrix.yaml');
    const text = `veltrix: 1\npipeline: {name: p}\nx: "${'a'.repeat(20 * 1024 * 1024)}"\n`;
    server.open(uri, text, 1);
    const diags = await server.diagnostics(uri, 1, 120_000);
    assert.ok(diags.some((d) => d.code === 'VX001' && /too large/.test(d.message)), JSON.stringify(diags.map((d) => d.message)));
    await everyPositionRequest(uri, { line: 2, character: 5_000_000 });
    await everyDocumentRequest(uri);
    server.close(uri);
    assertAlive();
  });

  test('afterwards: a normal request on a normal document still answers', async () => {
    const uri = docUri('after.veltrix.yaml');
    server.open(uri, GOOD, 1);
    assert.deepEqual((await server.diagnostics(uri, 1, ANSWER_MS)).map((d) => d.code).filter((c) => c === 'VX001' || c === 'VX099'), []);
    const r = await ask('textDocument/definition', { textDocument: { uri }, position: { line: 10, character: 14 } });
    assert.ok(Array.isArray(r.result) && r.result.length > 0, `definition of 'a': ${JSON.stringify(r)}`);
    assertAlive();
    assert.doesNotMatch(server.stderr.join(''), /FATAL|heap out of memory|Maximum call stack/);
    const failures = server.logs.filter((l) => / failed: /.test(l));
    console.log(`# language server: ${answered} hostile requests answered; ${failures.length} handler exceptions caught by the server's guard`);
    for (const f of new Set(failures.map((l) => l.split('\n').slice(0, 2).join(' | ')))) console.log(`#   ${f}`);
  });

  test('malformed document requests are answered with InvalidParams, not a logged exception', async () => {
    const uri = docUri('invalid-params.veltrix.yaml');
    for (const params of [null, [], { textDocument: 5, position: { line: 0, character: 0 } }, { textDocument: { uri }, position: null }, { textDocument: { uri }, position: { line: -1, character: 0 } }]) {
      const { error } = await ask('textDocument/hover', params);
      assert.equal((error as { code?: number } | undefined)?.code, -32602, `hover ${JSON.stringify(params)} should be InvalidParams`);
    }
    const { error } = await ask('veltrix/graph', null);
    assert.equal((error as { code?: number } | undefined)?.code, -32602);
    assertAlive();
  });
});

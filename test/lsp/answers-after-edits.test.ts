// The answers VS Code asks for after every keystroke (symbols, folding
// ranges, lenses, links) are joined from JSON kept per component and spliced
// into the message by the server's writer (server/src/answer-json.ts,
// transport.ts). Differential: through a sequence of edits to one document,
// each answer equals the answer for the same text opened fresh (no piece of
// it kept). Also: the folding ranges of a big file are cut to the client's
// rangeLimit as VS Code would cut them, and a request cancelled before it ran
// is answered as cancelled.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import type { CodeLens, DocumentLink, DocumentSymbol, FoldingRange } from 'vscode-languageserver-protocol';
import { generatePipeline } from '../../bench/generate';
import { extractFile } from '../../core/src/index';
import { foldingRanges } from '../../core/src/language/index';
import { startServer, type TestServer } from './lsp-client';
import type { ServerStats } from '../../protocol/src/index';

let server: TestServer;
before(async () => {
  server = await startServer({ debounceMs: 0 });
});
after(async () => server?.stop());

const ask = <R>(method: string, uri: string) => server.request<R>(method, { textDocument: { uri } });

/** The after-keystroke answers of `uri`, lenses as [range, component id] (their document number differs per document). */
async function answers(uri: string) {
  const [symbols, folding, lenses, links] = await Promise.all([
    ask<DocumentSymbol[]>('textDocument/documentSymbol', uri),
    ask<FoldingRange[]>('textDocument/foldingRange', uri),
    ask<CodeLens[]>('textDocument/codeLens', uri),
    ask<DocumentLink[]>('textDocument/documentLink', uri),
  ]);
  return { symbols, folding, lenses: lenses.map((l) => [l.range, l.command?.title ?? (l.data as [number, string])[1]]), links };
}

test('after each of a sequence of edits, the answers equal those for the same text opened fresh', async () => {
  const uri = 'file:///answers/edited.veltrix.yaml';
  const lines = generatePipeline(150).text.split('\n');
  lines.splice(3, 0, '# a comment', '# run');
  server.open(uri, lines.join('\n'), 1);
  await server.diagnostics(uri, 1);
  let seed = 11;
  const rand = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % k);
  for (let step = 0; step < 40; step++) {
    const i = 10 + rand(lines.length - 20);
    const kind = rand(6);
    if (kind === 0) lines[i] += 'x'; // typing at the end of a line
    else if (kind === 1) lines.splice(i, 0, '    # note'); // a new line: everything after it moves
    else if (kind === 2) lines.splice(i, 1); // a line removed (may break the component)
    else if (kind === 3) lines[i] = lines[i].replace(/^( {2})(\w+):/, '$1$2_b:'); // a component renamed
    else if (kind === 4) lines.splice(i, 0, ''); // an empty line
    else lines[i] = ` ${lines[i]}`; // indentation changed
    const text = lines.join('\n');
    const version = 2 + step;
    server.change(uri, text, version);
    await server.diagnostics(uri, version, 20_000);
    const fresh = `file:///answers/fresh-${step}.veltrix.yaml`;
    server.open(fresh, text, 1);
    await server.diagnostics(fresh, 1, 20_000);
    assert.deepEqual(await answers(uri), await answers(fresh), `step ${step} (edit kind ${kind} at line ${i})`);
    server.close(fresh);
  }
  server.close(uri);
});

test('folding ranges beyond the client rangeLimit: the outer levels whole, then the next level in order', async () => {
  const uri = 'file:///answers/big.veltrix.yaml';
  // About 2.2 folding ranges per component: 3,000 components give more than VS Code's 5,000.
  const text = generatePipeline(3000).text;
  server.open(uri, text, 1);
  await server.diagnostics(uri, 1, 60_000);
  const folds = await ask<FoldingRange[]>('textDocument/foldingRange', uri);
  assert.equal(folds.length, 5000);
  // Every section and every component folds (the outer two levels: one range each).
  const lines = text.split('\n');
  const starts = new Set(folds.map((f) => f.startLine));
  lines.forEach((l, n) => {
    if (/^(sources|processors|sinks):/.test(l) || /^ {2}\w+:\s*$/.test(l)) assert.ok(starts.has(n), `line ${n} folds: ${l}`);
  });
  // The ranges kept are sorted; those inside components are the first ones of their level: every range left out
  // (of all the file has, from the core) starts after the last one kept inside a component.
  for (let k = 1; k < folds.length; k++) assert.ok(folds[k].startLine > folds[k - 1].startLine);
  const inner = folds.filter((f) => /^ {4}/.test(lines[f.startLine]));
  assert.ok(inner.length > 0);
  const all = foldingRanges(extractFile(uri, text));
  const left = all.filter((r) => !starts.has(r.startLine));
  assert.equal(left.length, all.length - 5000);
  for (const r of left) assert.ok(/^ {4}/.test(lines[r.startLine]) && r.startLine > inner[inner.length - 1].startLine, `left out: line ${r.startLine}`);
  server.close(uri);
});

test('a request the client cancelled before the server ran it is answered as cancelled', async () => {
  const uri = 'file:///answers/cancel.veltrix.yaml';
  // A big document keeps the server busy (its parse on open) while the request and its cancellation arrive.
  server.open(uri, generatePipeline(3000).text, 1);
  const source = new CancellationTokenSource();
  const answer = server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }, source.token);
  source.cancel();
  await assert.rejects(answer, (e: { code?: number }) => e.code === -32800);
  // Not cancelled: answered.
  assert.ok((await ask<DocumentSymbol[]>('textDocument/documentSymbol', uri)).length > 0);
  server.close(uri);
});

test('changes read while requests are still answered: the debounce analyses none of the versions already overtaken', async () => {
  const uri = 'file:///answers/queued.veltrix.yaml';
  const g = generatePipeline(1000);
  const lines = g.text.split('\n');
  server.open(uri, g.text, 1);
  await server.diagnostics(uri, 1, 60_000);
  const stats = () => server.request<ServerStats>('veltrix/stats', undefined);
  const start = await stats();
  // Written at once: each change followed by the requests VS Code sends, all read before most are answered.
  const answers: Array<Promise<unknown>> = [];
  const line = g.editLine + 7;
  for (let k = 0; k < 20; k++) {
    lines[line] += 'x';
    server.change(uri, lines.join('\n'), 2 + k);
    for (const m of ['textDocument/codeLens', 'textDocument/documentSymbol', 'textDocument/foldingRange']) answers.push(ask(m, uri));
  }
  await Promise.all(answers);
  await server.diagnostics(uri, 21, 20_000);
  const end = await stats();
  const analyses = end.analysesStarted - start.analysesStarted;
  // How many the server starts before the next change is read depends on the machine's load: 1-4 on a quiet one,
  // 10-11 there without the check of changes already read (newerChangeQueued).
  assert.ok(analyses <= 6, `${analyses} analyses for 20 changes read together`);
  server.close(uri);
});

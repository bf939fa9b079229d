// What VS Code sends after every keystroke (codeLens, documentSymbol,
// foldingRange, documentLink, a codeAction at the cursor) must not run an
// analysis: the typing debounce decides when one runs. Counted with the
// server's `veltrix/stats`, not timed. The answers are of the newest text
// (syntax) or of the last analysis placed on it (lenses), and the final
// diagnostics are those of the last version.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, CodeLens, Diagnostic, DocumentSymbol, FoldingRange } from 'vscode-languageserver-protocol';
import { generatePipeline } from '../../bench/generate';
import { resolvedLenses, startServer, type TestServer } from './lsp-client';
import type { ServerStats } from '../../protocol/src/index';

let server: TestServer;
before(async () => {
  // A debounce far longer than a burst: any analysis during the burst was run by a request.
  server = await startServer({ debounceMs: 3000 });
});
after(async () => server?.stop());

const stats = () => server.request<ServerStats>('veltrix/stats', undefined);
const AFTER_KEYSTROKE = ['textDocument/codeLens', 'textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/documentLink', 'textDocument/codeAction'];

function ask(method: string, uri: string, position: { line: number; character: number }): Promise<unknown> {
  const textDocument = { uri };
  if (method !== 'textDocument/codeAction') return server.request(method, { textDocument });
  return server.request(method, { textDocument, range: { start: position, end: position }, context: { diagnostics: [], triggerKind: 2 } });
}

test('a burst of keystrokes with the requests VS Code sends after each runs one analysis, for the last version', async () => {
  const uri = 'file:///typing/burst.veltrix.yaml';
  const g = generatePipeline(200);
  const lines = g.text.split('\n');
  server.open(uri, g.text, 1);
  await server.diagnostics(uri, 1);
  const start = await stats();
  const line = g.editLine + 7; // the middle group's filter description
  for (let k = 0; k < 12; k++) {
    lines[line] += 'x';
    server.change(uri, lines.join('\n'), 2 + k);
    const answers = await Promise.all(AFTER_KEYSTROKE.map((m) => ask(m, uri, { line, character: lines[line].length })));
    assert.ok((answers[0] as CodeLens[]).length > 0, 'lenses while typing');
    assert.ok((answers[1] as DocumentSymbol[]).length > 0, 'symbols while typing');
  }
  const during = await stats();
  assert.equal(during.analysesStarted - start.analysesStarted, 0, 'no analysis ran during the burst');
  await server.diagnostics(uri, 13, 20_000);
  const end = await stats();
  assert.equal(end.analysesStarted - start.analysesStarted, 1, 'one analysis after the burst');
  assert.equal(end.publishes - start.publishes, 1, 'one publish, for the last version');
  server.close(uri);
});

test('symbols and folding ranges are those of the newest text, lenses the last figures placed on it', async () => {
  const uri = 'file:///typing/newest.veltrix.yaml';
  const g = generatePipeline(50);
  server.open(uri, g.text, 1);
  await server.diagnostics(uri, 1);
  const lensesBefore = await resolvedLenses<CodeLens>(server, uri);
  const start = await stats();
  // Three comment lines at the top move everything down; a component is renamed.
  const text = `# one\n# two\n# three\n${g.text.replace('g2_valid:', 'g2_checked:')}`;
  server.change(uri, text, 2);
  const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  const processors = symbols.find((s) => s.name === 'processors');
  const renamed = processors?.children?.find((c) => c.name === 'g2_checked');
  assert.ok(renamed, 'the renamed component is in the outline at once');
  assert.equal(text.split('\n')[renamed.selectionRange.start.line].trim(), 'g2_checked:');
  const folds = await server.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
  assert.deepEqual(folds[0], { startLine: 0, endLine: 2, kind: 'comment' });
  const lenses = await resolvedLenses<CodeLens>(server, uri);
  const lines = text.split('\n');
  // Every lens sits on a component id of the new text, with the title it had (the figures are the last analysis').
  const titleOf = new Map(lensesBefore.map((l) => [g.text.split('\n')[l.range.start.line].trim(), l.command?.title]));
  for (const l of lenses) {
    const at = lines[l.range.start.line].slice(l.range.start.character, l.range.end.character);
    assert.ok(/^g\d+_\w+$/.test(at), `lens on '${at}'`);
    if (at !== 'g2_checked') assert.equal(l.command?.title, titleOf.get(`${at}:`), at);
  }
  assert.equal((await stats()).analysesStarted, start.analysesStarted, 'answered without an analysis');
  server.close(uri);
});

test('a code action on a diagnostic while typing waits for the scheduled analysis instead of running its own', async () => {
  const uri = 'file:///typing/fix.veltrix.yaml';
  const g = generatePipeline(50);
  const broken = g.text.replace('inputs: [g2_valid]', 'inputs: [g2_vlid]');
  server.open(uri, broken, 1);
  const diags = await server.diagnostics(uri, 1);
  const d = diags.find((x: Diagnostic) => x.code === 'VX100');
  assert.ok(d, JSON.stringify(diags.map((x) => x.code)));
  const start = await stats();
  // A line added at the top: the fix must be computed on this text, not the published one.
  const text = `# moved\n${broken}`;
  server.change(uri, text, 2);
  const moved = { ...d, range: { start: { ...d.range.start, line: d.range.start.line + 1 }, end: { ...d.range.end, line: d.range.end.line + 1 } } };
  const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: moved.range, context: { diagnostics: [moved] } });
  const fix = actions.find((a) => a.title.includes("'g2_valid'"));
  assert.ok(fix, actions.map((a) => a.title).join(' | '));
  const edit = fix.edit!.changes![uri][0];
  assert.equal(text.split('\n')[edit.range.start.line].slice(edit.range.start.character, edit.range.end.character), 'g2_vlid');
  const end = await stats();
  assert.equal(end.analysesStarted - start.analysesStarted, 1, 'the one analysis the debounce scheduled');
  assert.ok((await server.diagnostics(uri, 2)).some((x) => x.code === 'VX100'));
  server.close(uri);
});

test('the server accounts for an edit stage by stage, from the change to the written diagnostics', async () => {
  const uri = 'file:///typing/breakdown.veltrix.yaml';
  const g = generatePipeline(50);
  server.open(uri, g.text, 1);
  await server.diagnostics(uri, 1);
  server.change(uri, g.text.replace('description: drop empty events', 'description: drop empty eventsx'), 2);
  await server.diagnostics(uri, 2, 20_000);
  const b = (await stats()).lastEdit;
  assert.ok(b, 'a breakdown of the last edit');
  for (const k of ['parse', 'wait', 'settings', 'config', 'analysis', 'work', 'publish', 'total'] as const) assert.ok(b[k] >= 0, `${k}: ${b[k]}`);
  // This server's debounce is long: the wait holds it, and the stages add up to no more than the whole.
  assert.ok(b.wait >= 2500, `wait ${b.wait}`);
  assert.ok(b.work <= b.analysis + 1e-6);
  assert.ok(b.parse + b.wait + b.settings + b.config + b.analysis + b.publish <= b.total + 1);
  server.close(uri);
});

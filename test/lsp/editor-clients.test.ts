// The server as other editors and VS Code meet it: a client that declares no
// VS Code extras (Neovim, Helix) gets no command it cannot run, no dynamic
// registration, and the rule documentation through window/showDocument; the
// VS Code client gets the suggest list reopened and clickable lenses. Both
// get formatting, the new-pipeline skeleton, and `inputs` completion without
// the components that would close a cycle.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { cursor, fixtures, resolvedLenses, startServer, uriOf, type TestServer } from './lsp-client';
import { docsUrl } from '../../core/src/index';
import { SERVER_SHOW_DOCS_COMMAND } from '../../protocol/src/index';
import { PIPELINE_SKELETON, snippetDefaults } from '../../core/src/language/skeleton';

type Item = { label: string; insertText?: string; textEdit?: { newText: string }; command?: { command: string }; insertTextFormat?: number };
type Action = { title: string; command?: { command: string; arguments?: unknown[] }; edit?: unknown };
type Lens = { command?: { title: string; command: string; arguments?: unknown[] } };

const PIPE = `veltrix: 1
pipeline:
  name: p
sources:
  src:
    type: generator
    rate: 100/s
processors:
  a:
    type: map
    inputs: [src]
    set:
      x: "1"
  b:
    type: map
    inputs: [a]
    set:
      y: "2"
  side:
    type: map
    inputs: [src]
    set:
      z: "3"
sinks:
  out:
    type: s3
    bucket: b
    inputs: [b]
    dead_letter: dlq
  other:
    type: s3
    bucket: c
    inputs: [side]
  dlq:
    type: s3
    bucket: d
`;

let n = 0;
async function completeAt(server: TestServer, textWithMarker: string): Promise<Item[]> {
  const { text, position } = cursor(textWithMarker);
  const uri = uriOf(path.join(fixtures, `editor-clients-${n++}.veltrix.yaml`));
  server.open(uri, text, 1);
  await server.diagnostics(uri, 1);
  const res = await server.request<Item[] | { items: Item[] } | null>('textDocument/completion', { textDocument: { uri }, position });
  server.close(uri);
  return Array.isArray(res) ? res : (res?.items ?? []);
}

async function openScratch(server: TestServer, text: string): Promise<string> {
  const uri = uriOf(path.join(fixtures, `editor-clients-${n++}.veltrix.yaml`));
  server.open(uri, text, 1);
  await server.diagnostics(uri, 1);
  return uri;
}

describe('a client without VS Code extras (Neovim, Helix)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ plain: true });
  });
  after(async () => server?.stop());

  test('no dynamic registration is asked of it', async () => {
    await openScratch(server, PIPE);
    assert.deepEqual(server.fromServer.filter((r) => r.method === 'client/registerCapability'), []);
  });

  test('completions carry no command and no snippet syntax: the skeleton comes as its default text', async () => {
    const items = await completeAt(server, '|');
    assert.equal(items[0].label, 'New Veltrix pipeline');
    assert.notEqual(items[0].insertTextFormat, 2);
    assert.equal(items[0].textEdit?.newText, snippetDefaults(PIPELINE_SKELETON));
    assert.ok(items.every((i) => !/\$\{?\d/.test(i.textEdit?.newText ?? i.insertText ?? '')), 'no $1 or ${1:...} left for the user to delete');
    assert.ok(items.every((i) => i.command === undefined), 'no editor.action.triggerSuggest');
    const inputs = await completeAt(server, PIPE.replace('    set:\n      y: "2"', '    set:\n      y: "2"\n    |'));
    assert.ok(inputs.some((i) => i.label === 'parallelism'));
    assert.ok(inputs.every((i) => i.command === undefined));
  });

  test('"Show documentation" runs in the server: window/showDocument opens the rule page', async () => {
    const uri = await openScratch(server, PIPE.replace('    dead_letter: dlq\n', ''));
    const diags = await server.diagnostics(uri, 1);
    const vx201 = diags.find((d) => d.code === 'VX201');
    assert.ok(vx201, JSON.stringify(diags.map((d) => d.code)));
    const actions = await server.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: vx201.range, context: { diagnostics: [vx201] } });
    const docs = actions.find((a) => a.title === 'Show documentation for VX201');
    assert.equal(docs?.command?.command, SERVER_SHOW_DOCS_COMMAND);
    assert.ok(actions.every((a) => a.command?.command !== 'veltrix.showRuleDocumentation'));
    await server.request('workspace/executeCommand', { command: docs!.command!.command, arguments: docs!.command!.arguments });
    assert.deepEqual(server.fromServer.filter((r) => r.method === 'window/showDocument').map((r) => r.params), [{ uri: docsUrl('VX201'), external: true }]);
  });

  test('code lenses are labels (no command it cannot run)', async () => {
    const uri = await openScratch(server, PIPE);
    const lenses = await resolvedLenses<Lens>(server, uri);
    assert.ok(lenses.length > 0);
    for (const l of lenses) assert.equal(l.command?.command, '');
  });
});

describe('the VS Code client', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server?.stop());

  test('keys whose value is an id or nested keys reopen the suggest list; a type is a choice', async () => {
    const items = await completeAt(server, PIPE.replace('  side:\n    type: map\n    inputs: [src]', '  side:\n    |'));
    const cmd = (label: string) => items.find((i) => i.label === label)?.command?.command;
    assert.match(items.find((i) => i.label === 'type')?.textEdit?.newText ?? '', /^type: \$\{1\|[a-z,]+\|\}$/, 'the types as a choice (its own list)');
    assert.equal(cmd('inputs'), 'editor.action.triggerSuggest');
    const sinkKeys = await completeAt(server, PIPE.replace('    inputs: [side]', '    inputs: [side]\n    |'));
    assert.equal(sinkKeys.find((i) => i.label === 'dead_letter')?.command?.command, 'editor.action.triggerSuggest');
    assert.equal(sinkKeys.find((i) => i.label === 'bucket'), undefined, 'keys already written are not offered');
  });

  test('code lenses show the component in the graph', async () => {
    const uri = await openScratch(server, PIPE);
    // Listed without title or command (after every keystroke, for every component), resolved for those in view.
    const listed = await server.request<Array<Lens & { data?: unknown }>>('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(listed.length > 0 && listed.every((l) => l.command === undefined && Array.isArray(l.data)), JSON.stringify(listed[0]));
    assert.ok(JSON.stringify(listed).length < 100 * listed.length, 'about 70 bytes a lens');
    const lenses = await resolvedLenses<Lens>(server, uri);
    assert.ok(lenses.length > 0);
    for (const l of lenses) {
      assert.equal(l.command?.command, 'veltrix.revealComponent');
      assert.equal(l.command?.arguments?.[0], uri);
    }
  });

  test('"Show documentation" stays the client\'s own command', async () => {
    const uri = await openScratch(server, PIPE.replace('    dead_letter: dlq\n', ''));
    const vx201 = (await server.diagnostics(uri, 1)).find((d) => d.code === 'VX201')!;
    const actions = await server.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: vx201.range, context: { diagnostics: [vx201] } });
    assert.equal(actions.find((a) => a.title === 'Show documentation for VX201')?.command?.command, 'veltrix.showRuleDocumentation');
  });
});

describe('both clients (as VS Code declares itself)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server?.stop());

  test('an empty file offers the whole skeleton first; accepted with its defaults it has no finding', async () => {
    const items = await completeAt(server, '|');
    const skeleton = items[0];
    assert.equal(skeleton.label, 'New Veltrix pipeline');
    assert.equal(skeleton.insertTextFormat, 2, 'a snippet with tab stops');
    assert.equal(skeleton.textEdit?.newText, PIPELINE_SKELETON);
    const uri = uriOf(path.join(fixtures, `editor-clients-${n++}.veltrix.yaml`));
    server.open(uri, snippetDefaults(PIPELINE_SKELETON), 1);
    assert.deepEqual(await server.diagnostics(uri, 1), []);
    // Not offered once the file has content.
    assert.ok(!(await completeAt(server, 'veltrix: 1\n|')).some((i) => i.label === 'New Veltrix pipeline'));
    // `veltrix` inserts its only value: no suggestion left open to swallow Enter.
    assert.equal((await completeAt(server, 'pipeline:\n  name: x\n|')).find((i) => i.label === 'veltrix')?.textEdit?.newText, 'veltrix: 1');
  });

  test('typing into an empty file: each version is analysed afresh (the way a new file starts)', async () => {
    const uri = uriOf(path.join(fixtures, `editor-clients-${n++}.veltrix.yaml`));
    server.open(uri, '', 1);
    assert.deepEqual((await server.diagnostics(uri, 1)).map((d) => d.code), ['VX003']);
    let version = 2;
    for (const text of ['v', 'veltrix: 1', 'veltrix: 1\np', snippetDefaults(PIPELINE_SKELETON)]) {
      server.change(uri, text, version);
      const codes = (await server.diagnostics(uri, version++)).map((d) => d.code);
      if (text.startsWith('veltrix: 1')) assert.ok(!codes.includes('VX003'), `${JSON.stringify(text)}: ${codes.join(', ')}`);
    }
    assert.deepEqual(await server.diagnostics(uri, version - 1), [], 'the finished skeleton is clean');
    server.close(uri);
  });

  test('inputs completion leaves out the component itself and everything downstream of it (a cycle)', async () => {
    const labels = (await completeAt(server, PIPE.replace('    inputs: [src]\n    set:\n      x: "1"', '    inputs: [src, |]\n    set:\n      x: "1"'))).map((i) => i.label);
    assert.ok(labels.includes('side'), 'a sibling branch is fine');
    assert.ok(!labels.includes('a') && !labels.includes('b'), `a and b (downstream of a) left out: ${labels.join(', ')}`);
  });

  test('new sink snippets name a dead letter, the one the file already uses first', async () => {
    const items = await completeAt(server, PIPE.replace('  dlq:\n', '  |\n  dlq:\n'));
    const s3 = items.find((i) => i.label === 's3 sink');
    assert.match(s3?.textEdit?.newText ?? '', /dead_letter: \$\{\d+\|dlq,out,other\|\}/);
    // At at-most-once delivery no dead letter is needed.
    const amo = await completeAt(server, PIPE.replace('  name: p\n', '  name: p\n  delivery: at-most-once\n').replace('  dlq:\n', '  |\n  dlq:\n'));
    assert.doesNotMatch(amo.find((i) => i.label === 's3 sink')?.textEdit?.newText ?? '', /dead_letter/);
  });

  test('the VX201 fix names the dead letter the other sinks already use first, then a new stub', async () => {
    const uri = await openScratch(server, PIPE);
    const vx201 = (await server.diagnostics(uri, 1)).find((d) => d.code === 'VX201' && d.message.includes("'other'"))!;
    assert.ok(vx201);
    const actions = await server.request<Array<Action & { isPreferred?: boolean }>>('textDocument/codeAction', { textDocument: { uri }, range: vx201.range, context: { diagnostics: [vx201] } });
    const fixes = actions.filter((a) => a.title.startsWith('Add dead_letter'));
    assert.deepEqual(
      fixes.map((a) => [a.title, !!a.isPreferred]),
      [
        ['Add dead_letter: dlq', true],
        ["Add dead_letter: other_dlq and a stub sink 'other_dlq'", false],
      ],
    );
  });

  test('document and range formatting', async () => {
    const text = 'veltrix: 1\npipeline:\n    name: p   # the name\nsources:\n    src:\n        type: generator\n';
    const uri = await openScratch(server, text);
    const edits = await server.request<Array<{ newText: string }>>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    assert.ok(edits.length > 0);
    assert.ok(edits.map((e) => e.newText).join('').includes('  name: p # the name\n'));
    const ranged = await server.request<Array<{ range: { start: { line: number }; end: { line: number } } }>>('textDocument/rangeFormatting', {
      textDocument: { uri },
      range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.ok(ranged.length > 0 && ranged.every((e) => e.range.start.line >= 4));
  });
});

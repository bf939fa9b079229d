// The real language server over a real stdio connection: diagnostics,
// completion, hover, navigation, rename, symbols and robustness.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { cursor, fixtures, positionOf, read, resolvedLenses, startServer, uriOf, type TestServer } from './lsp-client';

const mainPath = path.join(fixtures, 'main.veltrix.yaml');
const sharedPath = path.join(fixtures, 'shared.veltrix.yaml');
const mainUri = uriOf(mainPath);
const sharedUri = uriOf(sharedPath);
const mainText = read(mainPath);

let server: TestServer;
let version = 100;

before(async () => {
  server = await startServer();
  server.open(mainUri, mainText, 1);
  await server.diagnostics(mainUri, 1);
});
after(async () => server?.stop());

type Item = { label: string; documentation?: { value: string }; detail?: string };

/** Completion labels at the `|` marker of a variant of the main file (opened as a scratch document). */
async function completeAt(textWithMarker: string): Promise<Item[]> {
  const { text, position } = cursor(textWithMarker);
  const uri = uriOf(path.join(fixtures, `scratch-${version}.veltrix.yaml`));
  server.open(uri, text, version++);
  const res = await server.request<Item[] | { items: Item[] } | null>('textDocument/completion', { textDocument: { uri }, position });
  server.close(uri);
  return Array.isArray(res) ? res : (res?.items ?? []);
}

const labels = (items: Item[]) => items.map((i) => i.label);

describe('diagnostics', () => {
  test('a clean main file has none; an error carries code, docs link, source and data', async () => {
    assert.deepEqual(await server.diagnostics(mainUri, 1), []);
    const uri = uriOf(path.join(fixtures, 'broken.veltrix.yaml'));
    server.open(uri, mainText.replace('inputs: [paid]', 'inputs: [payd]'), 1);
    const diags = await server.diagnostics(uri, 1);
    const d = diags.find((x) => x.code === 'VX100');
    assert.ok(d, JSON.stringify(diags));
    assert.equal(d.source, 'veltrix');
    assert.match(d.codeDescription!.href, /docs\/rules\/VX100\.md$/);
    assert.deepEqual(d.range.start, positionOf(mainText.replace('inputs: [paid]', 'inputs: [payd]'), 'payd'));
    assert.deepEqual((d.data as { kind: string; candidates: string[] }).candidates, ['paid']);
    server.close(uri);
  });

  test('only the latest version is published after quick edits', async () => {
    const uri = uriOf(path.join(fixtures, 'typing.veltrix.yaml'));
    server.open(uri, mainText, 1);
    for (let v = 2; v <= 6; v++) server.change(uri, mainText.replace('inputs: [paid]', `inputs: [pai${'x'.repeat(v)}]`), v);
    const diags = await server.diagnostics(uri, 6);
    assert.ok(diags.some((d) => d.code === 'VX100'));
    server.close(uri);
  });

  test('editing an imported fragment re-checks the open main file', async () => {
    const shared = read(sharedPath);
    server.open(sharedUri, shared, 1);
    await server.diagnostics(sharedUri, 1);
    server.change(sharedUri, shared.replace('  failed:', '  failures:'), 2);
    const deadline = Date.now() + 10000;
    let diags = await server.diagnostics(mainUri);
    while (!diags.some((d) => d.code === 'VX109') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      diags = await server.diagnostics(mainUri);
    }
    assert.ok(diags.some((d) => d.code === 'VX109'), JSON.stringify(diags.map((d) => d.code)));
    server.change(sharedUri, shared, 3);
    await server.diagnostics(sharedUri, 3);
    server.close(sharedUri);
  });
});

describe('completion', () => {
  test('keys of the component type, with docs, skipping present ones', async () => {
    const items = await completeAt(mainText.replace('    partitions: 4\n', '    partitions: 4\n    st|\n'));
    assert.ok(labels(items).includes('start_from'), labels(items).join());
    assert.ok(!labels(items).includes('topic'));
    assert.ok(items.find((i) => i.label === 'start_from')!.documentation?.value);
    const sink = await completeAt(mainText.replace('    topic: orders.eu\n', '    topic: orders.eu\n    |\n'));
    assert.ok(labels(sink).includes('acks') && labels(sink).includes('transactional'), labels(sink).join());
  });

  test('enum values', async () => {
    const items = await completeAt(mainText.replace('    partitions: 4\n', '    partitions: 4\n    start_from: |\n'));
    assert.deepEqual(labels(items).sort(), ['committed', 'earliest', 'latest']);
  });

  test('inputs: ids, route outputs, _unmatched, wildcards, in a flow list', async () => {
    const items = await completeAt(mainText.replace('inputs: [by_region.eu]', 'inputs: [by_region.eu, |]'));
    const l = labels(items);
    for (const want of ['orders_in', 'paid', 'by_region.us', 'by_region._unmatched']) assert.ok(l.includes(want), `${want} in ${l.join()}`);
    assert.ok(!l.includes('by_region.eu'), 'already listed');
    assert.ok(!l.includes('us_store'), 'sinks are no inputs');
  });

  test('fields in expressions and schema names', async () => {
    const fields = await completeAt(mainText.replace('condition: amount > 0', 'condition: amount > 0 && reg|'));
    assert.ok(labels(fields).includes('region'), labels(fields).join());
    const schemas = await completeAt(mainText.replace('schema: Order', 'schema: |'));
    assert.deepEqual(labels(schemas), ['Order']);
  });

  test('snippets for a new component of each type', async () => {
    const items = await completeAt(mainText.replace('processors:\n', 'processors:\n  |\n'));
    for (const t of ['filter processor', 'map processor', 'route processor', 'window processor', 'enrich processor', 'dedupe processor']) assert.ok(labels(items).includes(t), labels(items).join());
  });
});

describe('hover', () => {
  test('units are normalised; keys show schema docs; ids show the component', async () => {
    const text = mainText.replace('    partitions: 4\n', '    partitions: 4\n    cost: 1.5s\n');
    const uri = uriOf(path.join(fixtures, 'hover.veltrix.yaml'));
    server.open(uri, text, 1);
    const hov = (pos: { line: number; character: number }) => server.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: pos });
    assert.match((await hov(positionOf(text, '1.5s', 1)))!.contents.value, /1\.5s = 1,500 ms/);
    assert.match((await hov(positionOf(text, 'group', 1)))!.contents.value, /group/i);
    const id = (await hov(positionOf(text, '  paid:', 3)))!.contents.value;
    assert.match(id, /filter processor/);
    assert.match(id, /Consumers: `by_region`/);
    assert.match(id, /Modelled|estimate/i);
    server.close(uri);
  });
});

describe('navigation and rename', () => {
  test('definition of dead_letter crosses the import', async () => {
    const locs = await server.request<Array<{ uri: string; range: { start: { line: number } } }>>('textDocument/definition', { textDocument: { uri: mainUri }, position: positionOf(mainText, 'dead_letter: failed', 14) });
    assert.equal(locs.length, 1);
    assert.equal(locs[0].uri, sharedUri);
    assert.equal(locs[0].range.start.line, positionOf(read(sharedPath), 'failed:').line);
  });

  test('definition of a route reference goes to the route entry; a schema to its definition', async () => {
    const route = await server.request<Array<{ uri: string; range: { start: { line: number } } }>>('textDocument/definition', { textDocument: { uri: mainUri }, position: positionOf(mainText, 'by_region.eu', 11) });
    assert.equal(route[0].range.start.line, positionOf(mainText, 'eu: region').line);
    const schema = await server.request<Array<{ uri: string }>>('textDocument/definition', { textDocument: { uri: mainUri }, position: positionOf(mainText, 'schema: Order', 9) });
    assert.equal(schema[0].uri, sharedUri);
  });

  test('references of a component id', async () => {
    const locs = await server.request<Array<{ uri: string; range: { start: { line: number } } }>>('textDocument/references', {
      textDocument: { uri: mainUri },
      position: positionOf(mainText, 'by_region:', 2),
      context: { includeDeclaration: true },
    });
    assert.equal(locs.length, 4, JSON.stringify(locs)); // definition + by_region.eu + by_region.us + by_region._unmatched
  });

  test('rename edits every occurrence; invalid and taken names are refused', async () => {
    const pos = positionOf(mainText, '  paid:', 3);
    const prep = await server.request<{ placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: mainUri }, position: pos });
    assert.equal(prep.placeholder, 'paid');
    const edit = await server.request<{ changes: Record<string, Array<{ newText: string }>> }>('textDocument/rename', { textDocument: { uri: mainUri }, position: pos, newName: 'paid_orders' });
    assert.equal(edit.changes[mainUri].length, 2);
    await assert.rejects(server.request('textDocument/rename', { textDocument: { uri: mainUri }, position: pos, newName: 'Paid-Orders' }), /not a valid component id/);
    await assert.rejects(server.request('textDocument/rename', { textDocument: { uri: mainUri }, position: pos, newName: 'orders_in' }), /already exists/);
  });

  test('document symbols: an outline by section', async () => {
    const syms = await server.request<Array<{ name: string; children?: Array<{ name: string }> }>>('textDocument/documentSymbol', { textDocument: { uri: mainUri } });
    assert.deepEqual(syms.map((s) => s.name), ['veltrix', 'pipeline', 'imports', 'sources', 'processors', 'sinks']);
    assert.deepEqual(syms.find((s) => s.name === 'processors')!.children!.map((c) => c.name), ['paid', 'by_region']);
  });

  test('folding ranges, document links and code lenses', async () => {
    const folds = await server.request<unknown[]>('textDocument/foldingRange', { textDocument: { uri: mainUri } });
    assert.ok(folds.length >= 8);
    const links = await server.request<Array<{ target: string }>>('textDocument/documentLink', { textDocument: { uri: mainUri } });
    assert.deepEqual(links.map((l) => l.target), [sharedUri]);
    const lenses = await resolvedLenses<{ command: { title: string } }>(server, mainUri);
    assert.ok(lenses.length >= 5 && lenses.every((l) => /est\./.test(l.command.title)), JSON.stringify(lenses[0]));
  });

  test('workspace symbols find components across files', async () => {
    const syms = await server.request<Array<{ name: string; location: { uri: string } }>>('workspace/symbol', { query: 'fail' });
    assert.ok(syms.some((s) => s.name === 'failed' && s.location.uri === sharedUri));
  });
});

describe('robustness', () => {
  test('requests for unknown documents are answered', async () => {
    const uri = uriOf(path.join(fixtures, 'never-opened.veltrix.yaml'));
    const position = { line: 0, character: 0 };
    assert.equal(await server.request('textDocument/hover', { textDocument: { uri }, position }), null);
    assert.deepEqual(await server.request('textDocument/completion', { textDocument: { uri }, position }), []);
    assert.deepEqual(await server.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
    assert.deepEqual(await server.request('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } }), []);
    assert.equal(await server.request('veltrix/graph', { uri }), null);
  });

  test('garbage input and odd positions never kill the server', async () => {
    const uri = uriOf(path.join(fixtures, 'garbage.veltrix.yaml'));
    server.open(uri, 'veltrix: [1\n  : : :\n\t- {{\n', 1);
    const diags = await server.diagnostics(uri, 1);
    assert.ok(diags.some((d) => d.code === 'VX001'));
    for (const position of [{ line: 0, character: 3 }, { line: 99, character: 99 }, { line: 2, character: 1 }]) {
      await server.request('textDocument/hover', { textDocument: { uri }, position });
      await server.request('textDocument/completion', { textDocument: { uri }, position });
      await server.request('textDocument/definition', { textDocument: { uri }, position });
    }
    server.close(uri);
    assert.equal(server.child.exitCode, null);
  });
});

/**
 * The published JSON Schemas work in other people's tools as they are:
 * ajv in its default strict mode and with `--strict=true` (ajv-cli, as a user
 * runs it), and yaml-language-server (the Red Hat YAML extension) through a
 * `# yaml-language-server: $schema=...` modeline, validating and hovering.
 * Editor annotations live in `<name>.annotations.json` beside each schema
 * (scripts/schema-annotations.mjs).
 *
 * Run: node --import tsx --test test/schema-strict.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import { ANNOTATION_KEYWORDS, SCHEMA_FILES, annotatedSchema, annotationsFileOf, extractAnnotations } from '../scripts/schema-annotations.mjs';
import { BenchClient } from '../bench/lsp-client';

const root = fileURLToPath(new URL('..', import.meta.url));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const files = SCHEMA_FILES.filter((f) => existsSync(path.join(root, f)));
const read = (file: string): Json => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

for (const file of files) {
  test(`${file}: compiles with new Ajv() (default strict mode) without a warning`, () => {
    const messages: unknown[] = [];
    const log = (...a: unknown[]) => messages.push(a.join(' '));
    new Ajv({ logger: { log, warn: log, error: log } }).compile(read(file));
    assert.deepEqual(messages, []);
  });

  test(`${file}: compiles with new Ajv({strict: true}) (strictTypes, strictTuples, strictRequired too)`, () => {
    assert.equal(typeof new Ajv({ strict: true }).compile(read(file)), 'function');
  });

  test(`${file}: ajv-cli "ajv compile --strict=true" accepts it`, () => {
    const out = execFileSync(process.execPath, [path.join(root, 'node_modules/ajv-cli/dist/index.js'), 'compile', '-s', path.join(root, file), '--strict=true'], { encoding: 'utf8' });
    assert.match(out, /is valid/);
  });

  test(`${file}: no editor annotation written inline (run node scripts/schema-annotations.mjs)`, () => {
    assert.deepEqual(Object.keys(extractAnnotations(read(file))), []);
  });

  test(`${file}: every entry of its annotations file (if any) names a schema node and carries only annotation keywords`, () => {
    const schema = read(file);
    const { annotations } = existsSync(path.join(root, annotationsFileOf(file))) ? read(annotationsFileOf(file)) : { annotations: {} };
    const stale: string[] = [];
    for (const [pointer, keywords] of Object.entries(annotations as Record<string, Json>)) {
      let node = schema;
      for (const token of pointer.split('/').slice(1)) node = node?.[token.replace(/~1/g, '/').replace(/~0/g, '~')];
      if (!node || typeof node !== 'object') stale.push(pointer);
      for (const k of Object.keys(keywords)) assert.ok(ANNOTATION_KEYWORDS.includes(k), `${pointer}: ${k}`);
    }
    assert.deepEqual(stale, []);
  });
}

test('the annotation file round-trips: extracting from the annotated schema gives the file back', () => {
  const schema = annotatedSchema('schemas/veltrix-v1.schema.json');
  assert.deepEqual(extractAnnotations(schema), read('schemas/veltrix-v1.annotations.json').annotations);
  assert.deepEqual(schema, read('schemas/veltrix-v1.schema.json'));
});

test('yaml-language-server validates and hovers through a "# yaml-language-server: $schema=" modeline', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'veltrix-yls-'));
  // A plain .yaml name, so that nothing but the modeline associates the schema.
  const file = path.join(dir, 'pipeline.yaml');
  const schemaUrl = pathToFileURL(path.join(root, 'schemas/veltrix-v1.schema.json')).toString();
  const text = [
    `# yaml-language-server: $schema=${schemaUrl}`,
    'veltrix: 1',
    'pipeline:',
    '  name: orders',
    '  delivery: sometimes',
    'sources:',
    '  orders:',
    '    type: generator',
    '    rate: 5 per second',
    '',
  ].join('\n');
  writeFileSync(file, text);
  const yaml = { validate: true, hover: true, completion: true, format: { enable: false }, schemaStore: { enable: false } };
  const client = new BenchClient(
    {
      name: 'yaml-language-server',
      command: process.execPath,
      args: [path.join(root, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
      configuration: (section) => (section === 'yaml' ? yaml : section ? {} : { yaml }),
    },
    dir,
  );
  try {
    await client.initialize(pathToFileURL(dir).toString());
    const uri = pathToFileURL(file).toString();
    const published = client.nextDiagnostics(uri, 1);
    client.open(uri, 'yaml', text);
    const diagnostics = (await published).diagnostics as Array<{ message: string; range: { start: { line: number } } }>;
    const lines = diagnostics.map((d) => d.range.start.line).sort();
    assert.deepEqual(lines, [4, 8], JSON.stringify(diagnostics)); // the bad enum and the bad rate, nothing else
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 3 } });
    assert.match(hover.contents.value, /Pipeline/);
    assert.match(hover.contents.value, /delivery/);
  } finally {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

// The chunked (incremental) parser must agree with the whole-text parser:
// same values and the same offsets for every key and scalar, on generated
// pipelines, on the examples, and after edits that reuse cached chunks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseYaml } from '../../core/src/parse/yaml';
import { ChunkCache, splitChunks } from '../../core/src/parse/chunked';
import { toJS, walk, type YNode } from '../../core/src/parse/tree';
import { generatePipeline } from '../../bench/generate';

function scalars(root: YNode | undefined): string[] {
  const out: string[] = [];
  walk(root, (n) => {
    if (n.kind === 'scalar') out.push(`${n.start}-${n.end}:${JSON.stringify(n.value)}`);
  });
  return out;
}

function assertSame(text: string, cache = new ChunkCache()) {
  const whole = parseYaml(text);
  const chunked = parseYaml(text, cache);
  assert.deepEqual(toJS(chunked.root), toJS(whole.root));
  assert.deepEqual(scalars(chunked.root), scalars(whole.root));
  assert.deepEqual(chunked.problems.map((p) => [p.code, p.start]), whole.problems.map((p) => [p.code, p.start]));
}

test('generated pipelines are split into one chunk per component and parse identically', () => {
  const g = generatePipeline(100);
  const chunks = splitChunks(g.text);
  assert.ok(chunks, 'generated text should be chunkable');
  assert.ok(chunks.filter((c) => c.section).length === g.components);
  assertSame(g.text);
});

test('examples parse identically chunked and whole', () => {
  const dir = path.join(__dirname, '..', '..', 'examples');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.ya?ml$/.test(f)) : [];
  for (const f of files) assertSame(fs.readFileSync(path.join(dir, f), 'utf8'));
});

test('files with anchors, several documents or tabs are parsed whole', () => {
  assert.equal(splitChunks('x-a: &a {b: 1}\nsources:\n  s:\n    <<: *a\n'), undefined);
  assert.equal(splitChunks('veltrix: 1\n---\nveltrix: 1\n'), undefined);
  assert.equal(splitChunks('veltrix: 1\n\tpipeline: x\n'), undefined);
});

test('duplicate component ids and syntax errors are reported as by the whole parser', () => {
  assertSame('veltrix: 1\nsources:\n  a:\n    type: file\n  a:\n    type: file\n');
  assertSame('veltrix: 1\nsources:\n  a:\n    type: "file\n  b:\n    type: x\n');
  assertSame('veltrix: 1\nsources:\nsinks:\n  s: {type: s3}\n');
});

test('an edit re-parses only the edited component and still agrees with the whole parse', () => {
  const g = generatePipeline(50);
  const cache = new ChunkCache();
  parseYaml(g.text, cache);
  const lines = g.text.split('\n');
  lines[g.editLine] = lines[g.editLine].replace('amount > 0', 'amount > 10');
  const edited = lines.join('\n');
  let parses = 0;
  const counting = new ChunkCache();
  parseYaml(g.text, counting);
  const original = (counting as unknown as { get: ChunkCache['get'] }).get.bind(counting);
  (counting as unknown as { get: ChunkCache['get'] }).get = (t, s, e, parse) => original(t, s, e, (x, a, b) => (parses++, parse(x, a, b)));
  parseYaml(edited, counting);
  assert.equal(parses, 1, 'only the edited component should be parsed again');
  assertSame(edited, cache);
  // Inserting a line shifts every later chunk: they are found again, not re-parsed.
  parses = 0;
  const inserted = edited.replace('    description: drop empty events', '    description: drop empty events\n    note: added');
  assert.notEqual(inserted, edited);
  parseYaml(inserted, counting);
  assert.equal(parses, 1, 'an insertion re-parses only its component');
  assertSame(inserted, cache);
});

test('a sequence of edits through one cache always agrees with the whole parse', () => {
  const base = generatePipeline(20).text.split('\n');
  const cache = new ChunkCache();
  fc.assert(
    fc.property(fc.integer({ min: 0, max: base.length - 1 }), fc.constantFrom('', '    x: 1', '    inputs: [a]', 'sinks:', '  z:', '#'), (line, text) => {
      const lines = [...base];
      lines.splice(line, 0, text);
      assertSame(lines.join('\n'), cache);
    }),
    { numRuns: 200, seed: 11 },
  );
});

test('random line edits of a generated pipeline parse the same chunked and whole', () => {
  const base = generatePipeline(20).text.split('\n');
  fc.assert(
    fc.property(fc.integer({ min: 0, max: base.length - 1 }), fc.constantFrom('', '  ', '    x: 1', 'y:', '  - a', '    inputs: [a, b', '#c', 'z: "q', '      deep: {a: 1}'), fc.boolean(), (line, text, replace) => {
      const lines = [...base];
      if (replace) lines[line] = text;
      else lines.splice(line, 0, text);
      assertSame(lines.join('\n'));
    }),
    { numRuns: 300, seed: 42 },
  );
});

test('an edit that adds an anchor and an alias makes the next parse whole (the check covers edited lines)', () => {
  const base = 'veltrix: 1\nx-d:\n  size: 5\nsources:\n  a:\n    type: file\n    path: p\n  b:\n    type: file\n    path: q\n';
  const cache = new ChunkCache();
  assertSame(base, cache);
  const withAnchor = base.replace('x-d:\n', 'x-d: &d\n');
  assertSame(withAnchor, cache);
  const withAlias = withAnchor.replace('    path: q\n', '    path: q\n    <<: *d\n');
  assertSame(withAlias, cache);
  const parsed = parseYaml(withAlias, cache);
  assert.ok(!parsed.chunked, 'a text with anchors is parsed whole');
});

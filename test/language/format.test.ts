// Formatting: idempotent on every example and fixture, comments kept, the
// data unchanged (checked with the yaml package's own reading), range
// formatting limited to the lines asked for, never a throw (fast-check).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { formatEdits, formatText } from '../../core/src/language/format';
import type { TextEdit } from '../../core/src/language/types';

const repo = path.resolve(__dirname, '..', '..');
/** The data a text reads as (duplicate keys allowed: the formatter formats such files too; VX002 reports them). */
const parse = (t: string): unknown => parseYaml(t, { uniqueKeys: false });

function yamlFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(repo, dir), { recursive: true })
    .map(String)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => path.join(dir, f));
}

/** Applies non-overlapping whole-line edits (as formatEdits makes them). */
function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n').map((l, i, all) => (i < all.length - 1 ? `${l}\n` : l));
  for (const e of [...edits].sort((a, b) => b.range.start.line - a.range.start.line)) lines.splice(e.range.start.line, e.range.end.line - e.range.start.line, e.newText);
  return lines.join('');
}

const commentTexts = (t: string) => t.split('\n').flatMap((l) => /(?:^|\s)(#.*)$/.exec(l)?.[1].trim() ?? []);

test('every example and fixture: formatting is idempotent, keeps the data and every comment, and the edits give the formatted text', () => {
  const files = [...yamlFiles('examples'), ...yamlFiles('test/fixtures')];
  assert.ok(files.length > 40, `found ${files.length} files`);
  let formatted = 0;
  for (const f of files) {
    const text = fs.readFileSync(path.join(repo, f), 'utf8');
    const out = formatText(text);
    if (out === undefined) {
      assert.throws(() => parse(text), `${f}: left alone only when it does not parse`);
      continue;
    }
    formatted++;
    assert.equal(formatText(out), out, `${f}: idempotent`);
    assert.deepEqual(parse(out), parse(text), `${f}: same data`);
    assert.deepEqual(commentTexts(out), commentTexts(text), `${f}: same comments in the same order`);
    assert.equal(apply(text, formatEdits(text)), out, `${f}: the edits produce the formatted text`);
    // Comments stay on the line they were written on.
    for (const line of text.split('\n')) {
      const m = /^(\s*[\w-]+:)\s+(#.*)$/.exec(line);
      if (m) assert.ok(out.includes(`${m[1].trim()} ${m[2]}`), `${f}: "${line.trim()}" keeps its comment on its line`);
    }
  }
  assert.ok(formatted >= files.length - 3);
});

test('YAML conventions: 2-space indent, sequences under their key, key order and quoting kept, one blank line at most', () => {
  const text = [
    'veltrix: 1   # version',
    'sources:',
    '    b_in:     # second id first',
    '        type: kafka',
    '        brokers: [ "k1:9092",  k2 ]',
    "        topic: 'orders'",
    '',
    '',
    '',
    '    a_in: {type: http, listen: ":8080"}',
    'processors:',
    '  f:',
    '    type: filter',
    '    inputs:',
    '    - b_in',
    '    - a_in',
    '    condition: amount > 10',
    '',
  ].join('\n');
  const out = formatText(text);
  assert.equal(
    out,
    [
      'veltrix: 1 # version',
      'sources:',
      '  b_in: # second id first',
      '    type: kafka',
      '    brokers: ["k1:9092", k2]',
      "    topic: 'orders'",
      '',
      '  a_in: {type: http, listen: ":8080"}',
      'processors:',
      '  f:',
      '    type: filter',
      '    inputs:',
      '      - b_in',
      '      - a_in',
      '    condition: amount > 10',
      '',
    ].join('\n'),
  );
});

test('block scalars keep their blank lines and text', () => {
  const text = 'veltrix: 1\nx:\n    note: |\n        one\n\n\n\n          two\n';
  const out = formatText(text)!;
  assert.deepEqual(parse(out), parse(text));
  assert.match(out, /^ {2}note: \|\n {4}one\n\n\n\n {6}two\n$/m);
});

test('a text with a syntax error is left alone', () => {
  assert.equal(formatText('veltrix: 1\nsources: [a\n'), undefined);
  assert.deepEqual(formatEdits('veltrix: 1\nsources: [a\n'), []);
});

test('range formatting changes only the lines the range touches', () => {
  const text = 'veltrix: 1\nsources:\n    a:\n        type: kafka\nsinks:\n    s:\n        type: s3\n';
  const edits = formatEdits(text, { start: { line: 5, character: 0 }, end: { line: 6, character: 4 } });
  assert.ok(edits.length > 0);
  for (const e of edits) assert.ok(e.range.start.line >= 4 && e.range.end.line <= 7, JSON.stringify(e));
  const out = apply(text, edits);
  assert.match(out, /^sources:\n {4}a:\n {8}type: kafka\n/m, 'lines outside the range unchanged');
  assert.match(out, /\n {2}s:\n {4}type: s3\n$/, 'the range formatted');
});

test('a file without a final newline gets one', () => {
  const text = 'veltrix: 1\npipeline:\n  name: x';
  assert.equal(apply(text, formatEdits(text)), 'veltrix: 1\npipeline:\n  name: x\n');
});

test('property: formatting never throws; its result reads as the same data and formats to itself', () => {
  const scalar = fc.oneof(fc.constantFrom('1', 'true', 'x', '"q"', "'s'", '10k/s', '${ENV}', '[a, b]', '{a: 1}', '|\n  block', '# c', ''), fc.string({ maxLength: 6 }));
  const line = fc.tuple(fc.nat({ max: 8 }), fc.constantFrom('a', 'b', '- ', 'type', 'inputs', '#', ''), fc.constantFrom(': ', ':', ' ', ''), scalar, fc.constantFrom('', '   # note', '  #x'));
  const text = fc.array(line, { maxLength: 14 }).map((ls) => ls.map(([ind, k, sep, v, c]) => `${' '.repeat(ind)}${k}${sep}${v}${c}`).join('\n'));
  fc.assert(
    fc.property(text, (t) => {
      const out = formatText(t);
      formatEdits(t, { start: { line: 1, character: 0 }, end: { line: 3, character: 0 } });
      if (out === undefined) return;
      assert.deepEqual(parse(out), parse(t));
      assert.equal(formatText(out), out);
    }),
    { numRuns: 400, seed: 17 },
  );
});

test('an alias bomb and a file over the size limit are left alone (bounded work, no hang)', { timeout: 30_000 }, () => {
  let bomb = 'veltrix: 1\npipeline: {name: p}\nx-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i < 10; i++) bomb += `x-${String.fromCharCode(97 + i)}:   &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]\n`;
  assert.equal(formatText(bomb), undefined);
  assert.deepEqual(formatEdits(bomb), []);
  const huge = `veltrix: 1\nx:    "${'a'.repeat(11 * 1024 * 1024)}"\n`;
  assert.equal(formatText(huge), undefined);
});

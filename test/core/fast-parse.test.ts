// The fast parser (core/src/parse/fast.ts) must build exactly the tree the
// `yaml` package gives (parse/yaml.ts) — values, quoting, and the offsets of
// every map, list, pair and scalar — or decline. Checked on the examples, on
// generated pipelines chunk by chunk, on hand-picked tricky inputs and on
// random mutations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { fastParse } from '../../core/src/parse/fast';
import { parseYaml } from '../../core/src/parse/yaml';
import { splitChunks } from '../../core/src/parse/chunked';
import type { YNode } from '../../core/src/parse/tree';
import { generatePipeline } from '../../bench/generate';

function dump(n: YNode | undefined): unknown {
  if (!n) return null;
  if (n.kind === 'scalar') return ['S', n.start, n.end, n.value, n.source, n.quoted];
  if (n.kind === 'seq') return ['Q', n.start, n.end, n.flow, n.items.map(dump)];
  return ['M', n.start, n.end, n.flow, n.pairs.map((p) => [p.start, p.end, dump(p.key), dump(p.value)])];
}

/** Returns whether the fast path accepted the text; when it did, it must agree with the full parser. */
function check(text: string): boolean {
  checkRange(text);
  const fast = fastParse(text);
  if (!fast) return false;
  const whole = parseYaml(text);
  assert.deepEqual(whole.problems, [], `fast path accepted text the full parser rejects:\n${text}`);
  assert.deepEqual(dump(fast.root), dump(whole.root), `trees differ for:\n${text}`);
  return true;
}

function chunksOf(text: string): string[] {
  return (splitChunks(text) ?? []).map((c) => text.slice(c.start, c.end));
}

test('generated pipelines: every chunk takes the fast path and agrees', () => {
  const g = generatePipeline(60, { errors: true });
  const chunks = chunksOf(g.text);
  assert.ok(chunks.length > 60);
  for (const c of chunks) assert.ok(check(c), `fast path declined:\n${c}`);
});

test('examples agree chunk by chunk (declining is allowed, disagreeing is not)', () => {
  const dir = path.join(__dirname, '..', '..', 'examples');
  let accepted = 0;
  for (const f of fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.ya?ml$/.test(f))) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const c of chunksOf(text)) if (check(c)) accepted++;
  }
  assert.ok(accepted > 10, `only ${accepted} example chunks took the fast path`);
});

test('tricky inputs agree or are declined', () => {
  const cases = [
    'a: 1\nb: 1.5\nc: -2\nd: +3\ne: .5\nf: 5.\ng: 1e3\nh: 007\n',
    'a: true\nb: False\nc: NULL\nd: ~\ne: yes\nf: on\n',
    'a:\nb:  \nc: # note\n',
    'a: x # c\nb: x#y\nc: "q # r"\nd: \'s\'\n',
    'a: [x, "y", 1, true]\nb: []\nc: {k: 1, l: "m"}\nd: {}\n',
    'a: [x,]\nb: [x, [y]]\nc: {k: {l: 1}}\n',
    'a:\n  - x\n  - 2\nb:\n- y\n',
    'a:\n  b:\n    c: 1\n\n  # comment\n  d: 2\n',
    'a: 0x1F\nb: .inf\nc: 1_000\nd: 12345678901234567890\n',
    'a: x: y\nb: c:\n',
    'a: |\n  text\n',
    'a: "x\\ty"\n',
    'a: b\n c\n',
    '  a: 1\n  b: 2\n',
    'a: 1\na: 2\n',
    '"q": 1\n',
    'a: ${X:-k:9092}\nb: [${Y}, "${Z:-a}"]\n',
    'a: 1',
    '',
    '# only a comment\n',
    // Flow collections: spacing, key characters, comments, duplicates.
    'a: [ x , y ]\nb: { k: 1 , l: 2 }\nc: {a-b.c$_1: x}\nd: {k:1}\ne: [x #c]\nf: [x, y] # c\ng: {k: 1, k: 2}\nh: [x, y, ]\n',
    // Comments and `: ` found on a later line than the one asked about.
    'a:\n  - x # c\n  - y\nb: c # d\ne: f\n',
    'a:\n  - x\n  - y: z\n',
    'a: b\nc:\n  - d\n  - e #\n',
  ];
  for (const c of cases) check(c);
});

test('duplicate keys are declined in small and large mappings alike', () => {
  // Up to 16 keys are compared directly, more through a Set (core/src/parse/fast.ts).
  for (const n of [2, 15, 16, 17, 40]) {
    const keys = Array.from({ length: n }, (_, i) => `k${i}: ${i}\n`).join('');
    assert.ok(check(keys), `${n} distinct keys are accepted`);
    assert.equal(fastParse(`${keys}k0: again\n`), undefined, `a repeated key after ${n} is declined`);
    assert.equal(fastParse(`${keys}k${n - 1}: again\n`), undefined, `a repeated last key after ${n} is declined`);
  }
});

test('a range is parsed alone: what follows it in the text (a comment, a `: `) is not read', () => {
  const range = 'a: plain value here\nb:\n  - item one\n  - item two\nc: [x, y]\n';
  assert.ok(fastParse(range));
  for (const after of ['z: w # comment\n', 'z:\n  - k: v\n', '# c\nz: "q # r"\n']) checkRange(range, after);
});

test('random mutations of generated chunks agree or are declined', () => {
  const chunks = chunksOf(generatePipeline(10).text);
  const bits = ['', ' ', '  ', ':', ': ', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '-', '- ', '\n', '\n  ', 'x', '1', '.', '~', 'true', '${A}', '*a', '&a', '|', '>'];
  fc.assert(
    fc.property(fc.integer({ min: 0, max: chunks.length - 1 }), fc.nat(), fc.array(fc.constantFrom(...bits), { minLength: 1, maxLength: 3 }), fc.boolean(), (ci, at, ins, del) => {
      const c = chunks[ci];
      const pos = at % (c.length + 1);
      const text = c.slice(0, pos) + ins.join('') + c.slice(del ? Math.min(c.length, pos + 1) : pos);
      check(text);
    }),
    { numRuns: 2000, seed: 5 },
  );
});

/** Parsing a range of a larger text in place gives the same tree as parsing the slice, moved. */
function checkRange(text: string, after = '\ny: 2\n'): void {
  const padded = `x: 1\n${text}${after}`;
  const inPlace = fastParse(padded, 5, 5 + text.length);
  const alone = fastParse(text);
  assert.equal(!!inPlace, !!alone);
  if (!inPlace || !alone) return;
  const moved = JSON.stringify(dump(alone.root)).replace(/\["(S|Q|M)",(\d+),(\d+)/g, (_m, k, a, b) => `["${k}",${Number(a) + 5},${Number(b) + 5}`);
  assert.equal(JSON.stringify(dump(inPlace.root)).replace(/\[(\d+),(\d+),\["S"/g, '[P,P,["S"'), moved.replace(/\[(\d+),(\d+),\["S"/g, '[P,P,["S"'));
}

test('deep nesting is declined, so the full parser applies its depth limit', () => {
  let text = '';
  for (let i = 0; i < 40; i++) text += `${'  '.repeat(i)}k${i}:\n`;
  text += `${'  '.repeat(40)}leaf: 1\n`;
  assert.equal(fastParse(text), undefined);
  let shallow = '';
  for (let i = 0; i < 5; i++) shallow += `${'  '.repeat(i)}k${i}:\n`;
  assert.ok(check(`${shallow}${'  '.repeat(5)}leaf: 1\n`));
});

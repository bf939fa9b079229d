// The outline symbols, folding ranges and code lenses VS Code asks for after
// every keystroke are carried from one parse of a document to the next
// (core/src/language/carry.ts, outline.ts, lenses.ts): unchanged components
// keep their entries, moved by the lines an edit added. Differential: through
// random edits of many kinds parsed by one cache, with no analysis between
// them (the lenses keep the last model's figures, as while typing), every
// answer equals the one computed for the same text parsed fresh; and a
// keystroke that adds no line makes no entry for the components it did not
// touch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generatePipeline } from '../../bench/generate';
import { analyzeDocument, extractFile } from '../../core/src/index';
import { FileCache } from '../../core/src/pipeline/workspace';
import { componentLenses, documentSymbols, foldingRanges, foldingWithin, withNewerFile } from '../../core/src/language/index';
import { figuresLine } from '../../core/src/language/figures';
import { settle, settleUntil, type PipelineFile } from '../../core/src/pipeline/file';
import { walk, type YNode } from '../../core/src/parse/tree';
import { parseYaml } from '../../core/src/parse/yaml';
import { ChunkCache } from '../../core/src/parse/chunked';

const host = { readFile: () => undefined };

/** A pipeline with comments between and inside components. */
function commented(n: number): string[] {
  const out: string[] = [];
  generatePipeline(n)
    .text.split('\n')
    .forEach((l, i) => {
      if (i % 41 === 5 && /^ {2}\S/.test(l)) out.push('  # about the next one', '  # and more');
      out.push(l);
    });
  return out;
}

/** One random edit of `lines`, in place; its kind, for the message. */
function edit(lines: string[], rand: (k: number) => number): string {
  const i = 8 + rand(lines.length - 12);
  const kinds: Array<[string, () => void]> = [
    ['a character typed at the end of a line', () => (lines[i] += 'x')],
    ['a character typed inside a line', () => (lines[i] = lines[i].slice(0, 6) + 'y' + lines[i].slice(6))],
    ['a character deleted', () => (lines[i] = lines[i].slice(0, -1))],
    ['a new line (Enter)', () => lines.splice(i, 0, lines[i].replace(/\S.*$/, 'extra: 1'))],
    ['a line removed', () => lines.splice(i, 1)],
    ['an empty line', () => lines.splice(i, 0, '')],
    ['a comment typed', () => (lines[i] += ' # note')],
    ['a comment line', () => lines.splice(i, 0, '    # inside')],
    ['indentation changed', () => (lines[i] = ` ${lines[i]}`)],
    ['two lines joined', () => lines.splice(i, 2, lines[i] + (lines[i + 1] ?? ''))],
    ['a component renamed', () => (lines[i] = lines[i].replace(/^( {2})(\w+):/, '$1$2_b:'))],
    ['a top-level value typed in', () => (lines[2] += 'z')],
  ];
  const [name, apply] = kinds[rand(kinds.length)];
  apply();
  return `${name} at line ${i}`;
}

/** The lenses of `file` described afresh from the model's figures (what componentLenses must equal). */
function freshLenses(file: PipelineFile, capacity: Parameters<typeof figuresLine>[0]) {
  return file.components.flatMap((c) => {
    if (c.idNode.shared) return [];
    const line = figuresLine(capacity, c.id);
    return line ? [{ id: c.id, title: `est. ${line}`, range: file.lines.range(c.idNode.start, c.idNode.end) }] : [];
  });
}

test('symbols, folding ranges and lenses carried through random edits equal those of a fresh parse', () => {
  const uri = 'file:///carry/typed.veltrix.yaml';
  const lines = commented(80);
  const cache = new FileCache();
  const { analyses } = analyzeDocument(uri, lines.join('\n'), { host, cache });
  const scope = { uri, analyses };
  let seed = 5;
  // The high bits (an LCG's low bits repeat with a short period).
  const rand = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), Math.floor(seed / 65536) % k);
  for (let step = 0; step < 300; step++) {
    let what = edit(lines, rand);
    // Now and then a version no answer asked about (VS Code cancels, or debounces): two edits between parses,
    // or a version parsed (by an analysis, or another request) whose symbols and lenses nobody asked for.
    const gap = rand(5);
    if (gap === 0) what += `, then ${edit(lines, rand)}`;
    if (gap === 1) {
      cache.peek(uri, lines.join('\n'));
      what += `, parsed, then ${edit(lines, rand)}`;
    }
    const text = lines.join('\n');
    // As the server answers: from a peek (the components an edit moved may not be at their offsets yet), each
    // answer settling the file before it reads one; in a random order, so that each one is often the first.
    const file = cache.peek(uri, text);
    // Parsed fresh under another URI: nothing carried.
    const fresh = extractFile(`file:///carry/fresh.veltrix.yaml`, text);
    const answers: Array<() => void> = [
      () => assert.deepEqual(documentSymbols(file), documentSymbols(fresh), `symbols after step ${step}: ${what}`),
      () => assert.deepEqual(foldingRanges(file), foldingRanges(fresh), `folding ranges after step ${step}: ${what}`),
      () => assert.deepEqual(componentLenses(withNewerFile(scope, file)), freshLenses(fresh, analyses[0].capacity), `lenses after step ${step}: ${what}`),
    ];
    const first = rand(3);
    for (const i of [first, (first + 1 + rand(2)) % 3]) answers[i]();
    assert.deepEqual(file.lines.range(0, text.length), fresh.lines.range(0, text.length), `line index after step ${step}: ${what}`);
    // Read through `get`, every node is at its offset.
    assert.equal(cache.get(uri, text), file);
    assert.deepEqual(offsets(file.root), offsets(fresh.root), `offsets after step ${step}: ${what}`);
    assert.deepEqual(file.components.map((c) => [c.pair.start, c.pair.end]), fresh.components.map((c) => [c.pair.start, c.pair.end]), `components after step ${step}: ${what}`);
    assert.deepEqual(file.root, parseYaml(text, new ChunkCache()).root, `the tree after step ${step}: ${what}`);
  }
});

/** Every scalar's offsets, in document order (a section's map starts elsewhere in a whole parse: not compared). */
function offsets(root: YNode | undefined): string {
  const out: string[] = [];
  walk(root, (n) => n.kind === 'scalar' && out.push(`${n.start}-${n.end}`));
  return out.join(' ');
}

/** A generated pipeline of 300 components parsed, its symbols and folding ranges asked for (from there on they are carried). */
function asked(uri: string) {
  const g = generatePipeline(300);
  const cache = new FileCache();
  const before = cache.get(uri, g.text);
  documentSymbols(before);
  foldingRanges(before);
  return { lines: g.text.split('\n'), cache, before, line: g.editLine + 7 };
}

test('a keystroke read through peek moves the later components once, when settled', () => {
  const uri = 'file:///carry/deferred.veltrix.yaml';
  const { lines, cache, before, line } = asked(uri);
  const last = before.components[before.components.length - 1];
  const at = last.pair.start;
  let file = before;
  for (let k = 1; k <= 5; k++) {
    lines[line] += 'x';
    file = cache.peek(uri, lines.join('\n'));
    assert.equal(file.components[file.components.length - 1], last, 'the same component, kept');
    assert.equal(last.pair.start, at, `not moved after ${k} keystrokes`);
    documentSymbols(file);
    foldingRanges(file);
    assert.equal(last.pair.start, at, `not moved by the symbols and folding ranges after ${k} keystrokes`);
  }
  settle(file);
  assert.equal(last.pair.start, at + 5);
  assert.deepEqual(offsets(file.root), offsets(extractFile('file:///carry/fresh.veltrix.yaml', lines.join('\n')).root));
});

test('a line added at the end of a component, read through peek: the next component moves with its entries', () => {
  // The new line ends where the next component's old offset lies: only its settled offset says it comes after the edit.
  const uri = 'file:///carry/line-at-end.veltrix.yaml';
  const { lines, cache, before } = asked(uri);
  const next = before.components[150];
  const nextLine = before.lines.position(next.pair.start).line;
  assert.equal(before.components[149].section, next.section);
  lines.splice(nextLine, 0, '    note: added');
  const text = lines.join('\n');
  const file = cache.peek(uri, text);
  assert.equal(file.origin?.edit?.lineDelta, 1);
  const fresh = extractFile('file:///carry/fresh.veltrix.yaml', text);
  assert.deepEqual(documentSymbols(file), documentSymbols(fresh));
  assert.deepEqual(foldingRanges(file), foldingRanges(fresh));
});

test('a keystroke read through peek is settled in slices: each goes on from the last, the last leaves every offset right', () => {
  const uri = 'file:///carry/slices.veltrix.yaml';
  const g = generatePipeline(1000);
  const lines = g.text.split('\n');
  const cache = new FileCache();
  const before = cache.get(uri, g.text);
  const [second, last] = [before.components[1], before.components[before.components.length - 1]];
  const at = [second.pair.start, last.pair.start];
  lines[3] += 'x'; // the pipeline's name, before every component
  for (const finish of ['in slices', 'at once'] as const) {
    const file = cache.peek(uri, lines.join('\n'));
    // A time already past: one batch of chunks is moved, the first ones.
    assert.equal(settleUntil(file, performance.now() - 1), false);
    assert.equal(second.pair.start, at[0] + 1, `${finish}: the first components moved`);
    assert.equal(last.pair.start, at[1], `${finish}: the last ones not yet`);
    if (finish === 'in slices') while (!settleUntil(file, performance.now() - 1));
    else settle(file);
    assert.equal(last.pair.start, at[1] + 1, `${finish}: all moved, once`);
    assert.equal(settleUntil(file, performance.now() - 1), true, 'nothing left');
    assert.deepEqual(offsets(file.root), offsets(extractFile('file:///carry/fresh.veltrix.yaml', lines.join('\n')).root));
    // The next keystroke moves them again, from where this one put them.
    at[0]++;
    at[1]++;
    lines[3] += 'y';
  }
});

/** A generated pipeline of 300 components analysed, with its symbols and lenses asked for: where the tests below type. */
function analysed(uri: string) {
  const g = generatePipeline(300);
  const cache = new FileCache();
  const { analyses } = analyzeDocument(uri, g.text, { host, cache });
  const scope = { uri, analyses };
  const before = cache.get(uri, g.text);
  return { lines: g.text.split('\n'), cache, scope, before, symbols: documentSymbols(before), lenses: componentLenses(withNewerFile(scope, before)), line: g.editLine + 7 };
}

/** The components' symbols, below their sections. */
const children = (s: ReturnType<typeof documentSymbols>) => s.flatMap((x) => (x.kind === 'section' && x.children ? x.children.filter((c) => c.kind !== 'schema') : []));

test('keystrokes that add no line carry the entries over a version parsed but not asked about', () => {
  const uri = 'file:///carry/skipped.veltrix.yaml';
  const { lines, cache, scope, before, symbols, lenses, line } = analysed(uri);
  lines[line] += 'x';
  cache.peek(uri, lines.join('\n')); // parsed (an analysis), its symbols and lenses never asked for (cancelled)
  lines[line] += 'y';
  const after = cache.peek(uri, lines.join('\n'));
  assert.notEqual(after.origin?.edit?.after, before.origin?.serial, 'a version in between');
  // Carried, not made again: the components after the edit are not even moved to their offsets for them.
  const last = after.components[after.components.length - 1];
  const at = last.pair.start;
  const edited = after.components.find((c) => c.pair.start <= after.origin!.edit!.start && after.origin!.edit!.start <= c.pair.end)!.id;
  const [was, now] = [children(symbols), children(documentSymbols(after))];
  now.forEach((s, i) => (s.name === edited ? assert.notEqual(s, was[i]) : assert.equal(s, was[i], `symbol of ${s.name}`)));
  componentLenses(withNewerFile(scope, after)).forEach((l, i) => (l.id === edited ? assert.deepEqual(l, lenses[i]) : assert.equal(l, lenses[i], `lens of ${l.id}`)));
  assert.equal(last.pair.start, at, 'not moved by the symbols and lenses');
  settle(after);
  assert.equal(last.pair.start, at + 2);
  // A line added in between: the entries after it are made again at their new lines (as a fresh parse has them).
  lines.splice(line + 1, 0, '    cost: 5us');
  cache.peek(uri, lines.join('\n'));
  lines[line] += 'z';
  const moved = cache.peek(uri, lines.join('\n'));
  assert.deepEqual(documentSymbols(moved), documentSymbols(extractFile('file:///carry/fresh.veltrix.yaml', lines.join('\n'))));
});

test('a keystroke that adds no line makes entries for the edited component only', () => {
  const uri = 'file:///carry/keystroke.veltrix.yaml';
  const { lines, cache, scope, before, symbols, lenses, line } = analysed(uri);
  const folding = foldingRanges(before);
  assert.match(lines[line], /description:/);
  lines[line] += 'x';
  const after = cache.get(uri, lines.join('\n'));
  assert.equal(after.origin?.edit?.lineDelta, 0);
  // The same folding ranges: the same array, cut to a client's limit the same way (the same array again).
  assert.equal(foldingRanges(after), folding);
  assert.equal(foldingWithin(foldingRanges(after), 100), foldingWithin(folding, 100));
  const [was, now] = [children(symbols), children(documentSymbols(after))];
  const edited = after.components.find((c) => c.pair.start <= after.origin!.edit!.start && after.origin!.edit!.start <= c.pair.end)!.id;
  assert.equal(now.length, was.length);
  now.forEach((s, i) => (s.name === edited ? assert.notEqual(s, was[i]) : assert.equal(s, was[i], `symbol of ${s.name}`)));
  const lensesNow = componentLenses(withNewerFile(scope, after));
  lensesNow.forEach((l, i) => (l.id === edited ? assert.deepEqual(l, lenses[i]) : assert.equal(l, lenses[i], `lens of ${l.id}`)));
  // A new line moves the entries after it (new objects), and keeps those before it.
  lines.splice(line + 1, 0, '    cost: 5us');
  const moved = cache.get(uri, lines.join('\n'));
  assert.equal(moved.origin?.edit?.lineDelta, 1);
  const movedSymbols = children(documentSymbols(moved));
  const at = movedSymbols.findIndex((s) => s.name === edited);
  assert.equal(movedSymbols[0], now[0]);
  assert.notEqual(movedSymbols[at + 1], now[at + 1]);
  assert.equal(movedSymbols[at + 1].range.start.line, now[at + 1].range.start.line + 1);
  // A line of a component commented out next to a comment line: no line added, but a comment run is made.
  lines.splice(line, 0, '    # why');
  cache.get(uri, lines.join('\n'));
  foldingRanges(cache.get(uri, lines.join('\n')));
  lines[line + 1] = lines[line + 1].replace(/^( *)/, '$1# ');
  const commented = cache.get(uri, lines.join('\n'));
  assert.equal(commented.origin?.edit?.lineDelta, 0);
  assert.deepEqual(foldingRanges(commented), foldingRanges(extractFile('file:///carry/fresh.veltrix.yaml', lines.join('\n'))));
});

// After an edit on inner lines of one chunk, the chunk boundaries are taken
// from the previous split, moved (ChunkCache.resplit), instead of scanning
// the whole text. Differential: through random character edits anywhere
// (newlines, indentation, comments, keys), the boundaries in the cache always
// equal a fresh split of the new text, and the parse the whole parser's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkCache, splitChunks } from '../../core/src/parse/chunked';
import { parseYaml } from '../../core/src/parse/yaml';
import { toJS, walk, type YNode } from '../../core/src/parse/tree';
import { generatePipeline } from '../../bench/generate';

/** Counts the parses that took the previous boundaries (resplit). */
function countResplits(cache: ChunkCache): () => number {
  let resplit = 0;
  const reuse = cache.resplit.bind(cache);
  cache.resplit = (t: string) => {
    const r = reuse(t);
    if (r) resplit++;
    return r;
  };
  return () => resplit;
}

const bounds = (chunks: ReturnType<typeof splitChunks>) => chunks?.map((c) => [c.start, c.end, c.section ?? '']);

/** Values and offsets of every scalar: what two parses must agree on. */
function scalars(root: YNode | undefined): string[] {
  const out: string[] = [];
  walk(root, (n) => {
    if (n.kind === 'scalar') out.push(`${n.start}-${n.end}:${JSON.stringify(n.value)}`);
  });
  return out;
}

test('boundaries from the previous split equal a fresh split through random edits', () => {
  let text = generatePipeline(60).text.replace('  g1_valid:', '  # a comment\n  g1_valid:');
  const cache = new ChunkCache();
  const resplits = countResplits(cache);
  parseYaml(text, cache);
  let seed = 11;
  const rand = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % k);
  const pieces = ['x', ' ', '\n', '\n    ', '\n  ', '#', ':', '\n      y: 1', '0', '\n\n'];
  for (let step = 0; step < 3000; step++) {
    // Half the edits land on a component's inner lines (the usual keystroke), half anywhere.
    let at = rand(text.length);
    if (rand(2)) {
      const inner = text.indexOf('\n    ', at);
      if (inner > 0) at = inner + 5 + rand(6);
    }
    const next = rand(3) === 0 ? text.slice(0, at) + text.slice(at + 1 + rand(3)) : text.slice(0, at) + pieces[rand(pieces.length)] + text.slice(at);
    const parsed = parseYaml(next, cache);
    const fresh = splitChunks(next);
    if (cache.chunks) assert.deepEqual(bounds(cache.chunks), bounds(fresh), `step ${step}`);
    const reference = parseYaml(next);
    assert.deepEqual(toJS(parsed.root), toJS(reference.root), `values at step ${step}`);
    assert.deepEqual(scalars(parsed.root), scalars(reference.root), `offsets at step ${step}`);
    text = next;
    // Keep the text a pipeline: start again from a clean one now and then.
    if (step % 40 === 39) {
      text = generatePipeline(60).text;
      parseYaml(text, cache);
    }
  }
  assert.ok(resplits() > 300, `the previous boundaries were reused ${resplits()} times`);
});

test('an edit inside one component still finds ids repeated elsewhere', () => {
  // The ids are checked again unless the last parse found none repeated: here it did (g2_valid twice).
  const g = generatePipeline(60).text;
  const first = g.indexOf('  g2_valid:');
  const end = g.indexOf('\n  g2_shape:');
  let text = g.slice(0, end) + '\n' + g.slice(first, end).replace('drop empty events', 'again') + g.slice(end);
  const cache = new ChunkCache();
  const codes = (t: string) => parseYaml(t, cache).problems.map((p) => p.code);
  assert.deepEqual(codes(text), ['VX002']);
  const resplits = countResplits(cache);
  const at = text.indexOf('description: Synthetic input stream') + 'description: '.length;
  for (const ch of 'typed') {
    text = text.slice(0, at) + ch + text.slice(at);
    assert.deepEqual(codes(text), ['VX002'], `after typing ${ch}`);
    assert.deepEqual(parseYaml(text, cache).problems, parseYaml(text).problems);
  }
  assert.ok(resplits() >= 5, `the previous boundaries were reused (${resplits()})`);
});

test('a keystroke inside a component rebuilds the last tree: the same as parsing every chunk, the other sections shared', () => {
  let text = generatePipeline(60).text;
  const cache = new ChunkCache();
  let last = parseYaml(text, cache);
  let seed = 3;
  const rand = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), Math.floor(seed / 65536) % k);
  const sections = (root: YNode | undefined) => (root?.kind === 'map' ? root.pairs.flatMap((p) => (p.value?.kind === 'map' && /^(sources|processors|sinks)$/.test(String(p.key.value)) ? [p.value.pairs] : [])) : []);
  let shared = 0;
  for (let step = 0; step < 600; step++) {
    // At the end of a component's inner line: a character typed or deleted, a line added, a quote opened now and then.
    const inner = text.indexOf('\n    ', rand(text.length));
    if (inner < 0) continue;
    const at = text.indexOf('\n', inner + 1);
    const piece = ['x', ' x', `\n    note_${step}: 1`, '1', '"'][rand(5)];
    const next = rand(4) === 0 && /\w/.test(text[at - 1]) ? text.slice(0, at - 1) + text.slice(at) : text.slice(0, at) + piece + text.slice(at);
    const parsed = parseYaml(next, cache);
    // A cache of its own: every chunk parsed and placed by the loop.
    assert.deepEqual(parsed, parseYaml(next, new ChunkCache()), `step ${step}`);
    const [a, b] = [sections(last.root), sections(parsed.root)];
    if (a.some((pairs, i) => pairs === b[i])) shared++;
    text = next;
    last = parsed;
    // Back to a clean pipeline after a syntax error (an open quote, `key:x` over a nested map).
    if (parsed.problems.length) last = parseYaml((text = generatePipeline(60).text), cache);
  }
  assert.ok(shared > 300, `the untouched sections' pairs were shared ${shared} times`);
});

// Test files re-parsed while typing. Parsing YAML is most of what a
// keystroke in a test file costs (the run is under a millisecond), so each
// item of the top-level `tests` list is parsed on its own and kept by its
// text: an edit re-parses the test it touched and the rest of the file, not
// every test. Anything unusual (tabs, CR, directives, several documents, a
// flow-style or oddly indented list, comments at the items' indentation, a
// piece with any syntax problem, such as an alias to an anchor elsewhere)
// falls back to the whole-text parse, which stays the reference:
// test/core/testing-parse.test.ts holds the two to the same tree.
import { parseYaml } from '../parse/yaml';
import type { ParsedYaml, YNode, YPair, YSeq } from '../parse/tree';
import type { PipelineFile } from '../pipeline/file';
import { LineIndex } from '../text';

/** Parsed pieces (`tests:` and one item, offsets relative to the piece) by their text: the list and the piece's root end. */
export type ItemMemo = Map<string, { list: YSeq; rootEnd: number }>;

/** Parses a test file; texts shorter than `minLength` (a few tests) are simply parsed whole. */
export function parseTestText(text: string, memo: ItemMemo, minLength = 2000): ParsedYaml {
  return (text.length >= minLength && parseByItems(text, memo)) || parseYaml(text);
}

interface Region {
  /** The `tests:` pair's key offset, and the items' region [start, end). */
  key: number;
  start: number;
  end: number;
  /** Column of the items' dashes. */
  indent: number;
  items: Array<{ start: number; end: number }>;
}

/** What an item is parsed inside: `tests:` before it, and after it what follows it in the file (the next item, a top-level key, or the end). */
const PREFIX = 'tests:\n';

/** Where the items of `tests:` are, or undefined when the file is not of the plain shape this path handles. */
function itemsRegion(text: string): Region | undefined {
  if (/[\t\r]/.test(text) || /^(?:---|\.\.\.|%)/m.test(text)) return undefined;
  const head = /^tests:[ ]*(?:#[^\n]*)?\n/m.exec(text);
  if (!head || text.indexOf('\ntests:', head.index + 1) >= 0) return undefined;
  const start = head.index + head[0].length;
  let end = text.length;
  let indent = -1;
  const items: Region['items'] = [];
  for (let pos = start; pos < text.length; ) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    let i = pos;
    while (i < eol && text.charCodeAt(i) === 32) i++;
    const blank = i === eol;
    const comment = !blank && text.charCodeAt(i) === 35;
    if (!blank) {
      const col = i - pos;
      if (col === 0 && !comment) {
        if (!/^[A-Za-z_$][\w.$-]*:(?: |$)/.test(text.slice(pos, eol))) return undefined; // only a plain key may follow
        end = pos; // the next top-level key
        break;
      }
      if (indent < 0) {
        if (comment || text.charCodeAt(i) !== 45) return undefined; // the list must start with `- `
        indent = col;
      }
      if (comment && col <= indent) return undefined; // comments at the items' column: ranges the full parser stretches
      if (col < indent) return undefined;
      if (col === indent) {
        if (text.charCodeAt(i) !== 45 || (text.charCodeAt(i + 1) !== 32 && i + 1 !== eol)) return undefined;
        if (items.length) items[items.length - 1].end = pos;
        items.push({ start: pos, end: text.length });
      }
    }
    pos = eol + 1;
  }
  if (!items.length) return undefined;
  items[items.length - 1].end = end;
  return { key: head.index, start, end, indent, items };
}

function parseByItems(text: string, memo: ItemMemo): ParsedYaml | undefined {
  const region = itemsRegion(text);
  if (!region) return undefined;
  // The rest of the file, with the items blanked out (same length, so its offsets stand).
  const rest = text.slice(0, region.start) + text.slice(region.start, region.end).replace(/[^\n]/g, ' ') + text.slice(region.end);
  const parsed = parseYaml(rest);
  if (parsed.problems.length || parsed.root?.kind !== 'map') return undefined;
  const pair = parsed.root.pairs.find((p) => p.key.value === 'tests' && p.key.start === region.key);
  if (!pair || (pair.value && !(pair.value.kind === 'scalar' && pair.value.value === null))) return undefined;
  let items: YNode[] | undefined = [];
  let seq: YSeq | undefined;
  let lastRootEnd = 0;
  const used: ItemMemo = new Map();
  const nextItem = `${' '.repeat(region.indent)}- x\n`;
  const after = region.end < text.length ? 'x: 1\n' : '';
  region.items.forEach((r, k) => {
    if (!items) return;
    // The yaml package's ranges depend on what follows an item (trailing comments stretch them), so the piece ends as the item does in the file.
    const piece = PREFIX + text.slice(r.start, r.end) + (k < region.items.length - 1 ? nextItem : after);
    let parsedPiece = memo.get(piece);
    if (!parsedPiece) {
      const p = parseYaml(piece);
      const list = p.root?.kind === 'map' ? p.root.pairs[0]?.value : undefined;
      if (p.problems.length || list?.kind !== 'seq' || list.items.length !== (k < region.items.length - 1 ? 2 : 1)) {
        items = undefined;
        return;
      }
      parsedPiece = { list, rootEnd: p.root!.end };
    }
    used.set(piece, parsedPiece);
    const shift = r.start - PREFIX.length;
    const item = shifted(parsedPiece.list.items[0], shift);
    items.push(item);
    // The list starts at its first item's dash and ends as the last piece's list ends; so does the file's map when `tests` is its last key.
    seq ??= { kind: 'seq', items: [], flow: false, start: parsedPiece.list.start + shift, end: 0 };
    seq.end = k === region.items.length - 1 ? parsedPiece.list.end + shift : item.end;
    lastRootEnd = parsedPiece.rootEnd + shift;
  });
  if (!items) return undefined;
  // Keep only the items of this version: the memo does not grow while typing.
  memo.clear();
  for (const [k, v] of used) memo.set(k, v);
  const value: YSeq = { kind: 'seq', items, flow: false, start: seq!.start, end: seq!.end };
  const tests: YPair = { ...pair, value, end: Math.max(pair.end, value.end) };
  const at = parsed.root.pairs.indexOf(pair);
  parsed.root.pairs[at] = tests;
  // With `tests` as the last key, the file's map ends as the last piece's map does.
  if (at === parsed.root.pairs.length - 1) parsed.root = { ...parsed.root, end: lastRootEnd };
  return parsed;
}

/** A copy of a parsed tree with every offset moved by `by`. */
function shifted<T extends YNode>(n: T, by: number): T {
  if (n.kind === 'scalar') return { ...n, start: n.start + by, end: n.end + by };
  if (n.kind === 'seq') return { ...n, start: n.start + by, end: n.end + by, items: n.items.map((i) => shifted(i, by)) };
  return {
    ...n,
    start: n.start + by,
    end: n.end + by,
    pairs: n.pairs.map((p) => ({ ...p, start: p.start + by, end: p.end + by, key: shifted(p.key, by), value: p.value && shifted(p.value, by) })),
  };
}

/** A test file as the core's file data (no components: it is not a pipeline). */
export function testFileData(uri: string, text: string, memo: ItemMemo): PipelineFile {
  const { root, problems } = parseTestText(text, memo);
  return { uri, text, lines: new LineIndex(text), root, syntax: problems, isFragment: false, imports: [], schemas: [], components: [], sectionRuns: { sources: [0, 0], processors: [0, 0], sinks: [0, 0] } };
}

const byCache = new WeakMap<object, Map<string, { file: PipelineFile; memo: ItemMemo }>>();

/** The test file's data: the same object while the text is the same, parsed by items after an edit. */
export function testFileIn(cache: object, uri: string, text: string): PipelineFile {
  let files = byCache.get(cache);
  if (!files) byCache.set(cache, (files = new Map()));
  const hit = files.get(uri);
  if (hit && hit.file.text === text) return hit.file;
  const memo = hit?.memo ?? new Map();
  const file = testFileData(uri, text, memo);
  files.set(uri, { file, memo });
  return file;
}

// YAML text -> our tree (parse/tree.ts) plus syntax findings. Uses the `yaml`
// package for the grammar; resolves aliases and merge keys itself so that it
// can bound alias expansion (billion-laughs) and keep offsets for every node.
import { parseDocument, isAlias, isMap, isPair, isScalar, isSeq, Scalar } from 'yaml';
import type { Node as YamlNode, Document } from 'yaml';
import type { ParsedYaml, SyntaxProblem, YMap, YNode, YPair, YScalar, YSeq } from './tree';
import { parseChunked, MAX_SYNTAX_ERRORS, type ChunkCache } from './chunked';

export type { ParsedYaml, SyntaxProblem } from './tree';

/** Above this many nodes after alias expansion (and this many times the written nodes) we call it an alias bomb. */
const MAX_EXPANDED_NODES = 1_000_000;
const MAX_EXPANSION_RATIO = 50;
const MAX_DEPTH = 500;

/**
 * Parses a file. With a ChunkCache (kept per file by FileCache), components
 * unchanged since the last version are not parsed again.
 */
export function parseYaml(text: string, chunks?: ChunkCache): ParsedYaml {
  const refused = refuse(text, chunks);
  if (refused) return refused;
  if (chunks) {
    const fast = parseChunked(text, chunks, parseWhole);
    chunks.commit();
    if (fast) return fast;
  }
  return parseWhole(text);
}

function parseWhole(text: string): ParsedYaml {
  const problems: SyntaxProblem[] = [];
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { uniqueKeys: true, merge: false, keepSourceTokens: false, prettyErrors: false, strict: false });
  } catch (e) {
    // The parser should not throw; if it does (e.g. stack exhaustion on absurd nesting) report it on the first line.
    problems.push({ code: 'VX001', start: 0, end: Math.min(text.length, firstLineEnd(text)), message: `YAML could not be parsed: ${(e as Error).message}` });
    return { root: undefined, problems };
  }
  // A runaway error (10,000 unclosed brackets) is reported a hundred times, not ten thousand.
  if (doc.errors.length > MAX_SYNTAX_ERRORS) {
    const rest = doc.errors.length - MAX_SYNTAX_ERRORS;
    const [start, end] = doc.errors[MAX_SYNTAX_ERRORS].pos;
    problems.push({ code: 'VX001', start, end: Math.max(end, start + 1), message: `${rest.toLocaleString('en-US')} more YAML syntax errors from here on; fix the first ones` });
  }
  for (const err of doc.errors.slice(0, MAX_SYNTAX_ERRORS)) {
    const [start, end] = err.pos;
    const message = cleanMessage(err.message);
    if (err.code === 'DUPLICATE_KEY') problems.push({ code: 'VX002', start, end: Math.max(end, start + 1), message });
    else problems.push({ code: 'VX001', start, end: Math.max(end, start + 1), message: `YAML syntax error: ${message}` });
  }
  const conv = new Converter(doc, problems);
  let root: YNode | undefined;
  try {
    root = doc.contents ? conv.convert(doc.contents as YamlNode, 0, false) : undefined;
  } catch (e) {
    if (!(e instanceof DepthExceeded)) throw e;
    problems.push({ code: 'VX001', start: e.offset, end: e.offset + 1, message: `Nesting deeper than ${MAX_DEPTH} levels is not supported` });
    root = undefined;
  }
  if (root && conv.aliasCount > 0) {
    const written = conv.writtenNodes;
    const expanded = expandedSize(root, new Map(), MAX_EXPANDED_NODES + 1);
    if (expanded > MAX_EXPANDED_NODES || (expanded > 10_000 && expanded > written * MAX_EXPANSION_RATIO)) {
      const at = conv.firstAlias ?? { start: 0, end: 1 };
      problems.push({
        code: 'VX001',
        start: at.start,
        end: at.end,
        message: `Aliases expand to more than ${expanded >= MAX_EXPANDED_NODES ? MAX_EXPANDED_NODES.toLocaleString('en-US') : expanded.toLocaleString('en-US')} nodes (an alias bomb); aliases were not resolved`,
      });
      root = new Converter(doc, [], true).convert(doc.contents as YamlNode, 0, false);
    }
  }
  // In document order (the parser's own errors come before those the conversion finds), as the chunked parse,
  // which reports chunk by chunk, gives them.
  problems.sort((a, b) => a.start - b.start);
  return { root, problems };
}

/** Files above this many UTF-8 bytes are not parsed: one VX001 says so (docs/reliability.md). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** A file too large to analyse, or a binary one (a NUL character, which YAML never allows): one VX001, no tree. */
function refuse(text: string, chunks: ChunkCache | undefined): ParsedYaml | undefined {
  if (text.length * 3 > MAX_FILE_BYTES) {
    const bytes = utf8Length(text);
    if (bytes > MAX_FILE_BYTES) {
      const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
      const message = `File too large to analyse (${mb(bytes)} > ${mb(MAX_FILE_BYTES)} limit); split it into fragments with 'imports'`;
      return { root: undefined, problems: [{ code: 'VX001', start: 0, end: Math.min(firstLineEnd(text), 200), message }] };
    }
  }
  const nul = chunks ? chunks.nulAt(text) : text.indexOf('\u0000');
  if (nul >= 0) return { root: undefined, problems: [{ code: 'VX001', start: nul, end: nul + 1, message: 'Binary file: it contains a NUL character, which YAML does not allow; a pipeline file must be text' }] };
  return undefined;
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xe000 ? 2 : 3; // each half of a surrogate pair: 2 + 2 = 4 bytes
  }
  return n;
}

function firstLineEnd(text: string): number {
  const i = text.indexOf('\n');
  return i < 0 ? text.length : i;
}

function cleanMessage(m: string): string {
  if (/Maximum call stack size exceeded/.test(m)) return 'nesting too deep to parse';
  return m.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
}

class DepthExceeded extends Error {
  constructor(readonly offset: number) {
    super('depth');
  }
}

class Converter {
  aliasCount = 0;
  writtenNodes = 0;
  firstAlias: { start: number; end: number } | undefined;
  private readonly memo = new Map<YamlNode, YNode>();
  private readonly inProgress = new Set<YamlNode>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly problems: SyntaxProblem[],
    private readonly skipAliases = false,
  ) {}

  convert(node: YamlNode, depth: number, shared: boolean): YNode {
    const [start, end] = rangeOf(node);
    if (depth > MAX_DEPTH) throw new DepthExceeded(start);
    if (isAlias(node)) {
      this.aliasCount++;
      this.firstAlias ??= { start, end };
      if (this.skipAliases) return nullScalar(start, end);
      const target = node.resolve(this.doc) as YamlNode | undefined;
      if (!target) {
        this.problems.push({ code: 'VX001', start, end, message: `Unknown alias *${node.source}` });
        return nullScalar(start, end);
      }
      if (this.inProgress.has(target)) {
        this.problems.push({ code: 'VX001', start, end, message: `Alias *${node.source} refers to a node that contains it` });
        return nullScalar(start, end);
      }
      const cached = this.memo.get(target);
      if (cached) return cached;
      const converted = this.convert(target, depth, true);
      this.memo.set(target, converted);
      return converted;
    }
    if (!shared) this.writtenNodes++;
    if (isScalar(node)) return this.scalar(node as Scalar, shared);
    if (isSeq(node)) {
      this.inProgress.add(node);
      const items: YNode[] = [];
      for (const item of node.items) items.push(item ? this.convert(item as YamlNode, depth + 1, shared) : nullScalar(start, start));
      this.inProgress.delete(node);
      const seq: YSeq = { kind: 'seq', items, start, end, flow: !!node.flow, shared: shared || undefined };
      return seq;
    }
    if (isMap(node)) {
      this.inProgress.add(node);
      const pairs: YPair[] = [];
      const merges: YNode[] = [];
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const keyNode = item.key as YamlNode | null;
        const key: YScalar = keyNode
          ? isScalar(keyNode)
            ? this.scalar(keyNode as Scalar, shared)
            : { kind: 'scalar', value: '[complex key]', source: '[complex key]', quoted: false, start: rangeOf(keyNode)[0], end: rangeOf(keyNode)[1], shared: shared || undefined }
          : nullScalar(start, start);
        const valueNode = item.value as YamlNode | null;
        const value = valueNode ? this.convert(valueNode, depth + 1, shared) : undefined;
        if (key.source === '<<' && !key.quoted && value) {
          merges.push(value);
          continue;
        }
        const pairEnd = value ? Math.max(key.end, value.end) : key.end;
        pairs.push({ key, value, start: key.start, end: pairEnd });
      }
      this.inProgress.delete(node);
      const map: YMap = { kind: 'map', pairs, start, end, flow: !!node.flow, shared: shared || undefined };
      for (const m of merges) this.merge(map, m);
      return map;
    }
    return nullScalar(start, end);
  }

  /** `<<: *a` or `<<: [*a, *b]`: keys already present win; earlier sources win over later ones. */
  private merge(map: YMap, source: YNode): void {
    const sources = source.kind === 'seq' ? source.items : [source];
    for (const s of sources) {
      if (s.kind !== 'map') {
        this.problems.push({ code: 'VX001', start: s.start, end: Math.max(s.end, s.start + 1), message: 'A merge key (<<) must refer to a mapping or a list of mappings' });
        continue;
      }
      for (const p of s.pairs) {
        if (map.pairs.some((q) => q.key.value === p.key.value)) continue;
        map.pairs.push({ ...p, merged: true });
      }
    }
  }

  private scalar(node: Scalar, shared: boolean): YScalar {
    const [start, end] = rangeOf(node as YamlNode);
    const value = node.value;
    const v: YScalar['value'] =
      value === null || value === undefined
        ? null
        : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
          ? value
          : typeof value === 'bigint'
            ? Number(value)
            : String(value);
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const source = typeof node.source === 'string' && !quoted ? node.source : v === null ? '' : String(v);
    return { kind: 'scalar', value: v, source, quoted, start, end, shared: shared || undefined };
  }
}

function rangeOf(node: YamlNode): [number, number] {
  const r = node.range;
  if (!r) return [0, 0];
  return [r[0], r[1]];
}

function nullScalar(start: number, end: number): YScalar {
  return { kind: 'scalar', value: null, source: '', quoted: false, start, end };
}

function expandedSize(node: YNode, memo: Map<YNode, number>, cap: number): number {
  const known = memo.get(node);
  if (known !== undefined) return known;
  let size = 1;
  if (node.kind === 'seq') for (const i of node.items) size = Math.min(cap, size + expandedSize(i, memo, cap));
  else if (node.kind === 'map') for (const p of node.pairs) size = Math.min(cap, size + 1 + (p.value ? expandedSize(p.value, memo, cap) : 0));
  memo.set(node, size);
  return size;
}

// Incremental parsing. Top-level blocks, and each component inside the
// `sources`/`processors`/`sinks` sections, are independent YAML: we parse
// them one by one and cache each by its text, so an edit re-parses only the
// component it touched. Anything outside that simple shape (anchors/aliases,
// directives, several documents, flow-style sections, a syntax error that
// reaches past its component) falls back to parsing the whole text, which
// stays the reference behaviour (differential tests keep the two in step).
import type { ParsedYaml, YMap, YNode, YPair, YScalar, YSeq } from './tree';
import { editRegion, ownCopy, type TextEdit } from '../text';
import { fastParse } from './fast';

interface Chunk {
  start: number;
  end: number;
  /** Section name for component chunks; undefined for top-level chunks. */
  section?: string;
  /**
   * Lines indented deeper than this (or blank, or comments) inside the chunk
   * can change without moving any chunk boundary; undefined for a section
   * header's chunk.
   */
  inner?: number;
  /** The chunk's parse, while its text is unchanged (kept on the chunk when an edit moves it: ChunkCache.resplit). */
  parsed?: CachedChunk;
}

interface CachedChunk {
  problems: ParsedYaml['problems'];
  /** The chunk's root when it is not a mapping (then the file is parsed whole). */
  other: boolean;
  /** The chunk's pairs at absolute offsets, for the start they were last placed at. */
  placed: { start: number; pairs: YPair[] };
  length: number;
  /** Every node and pair of the chunk's tree, moved together when an edit before the chunk moves it (moveChunk); listed at its first move, not at the parse (start-up). */
  nodes?: ChunkNodes;
}

/** The top level of a chunked parse, by the chunks it came from. */
interface ChunkTree {
  /** The root's pairs (a section's is a copy of its header's pair, with the section's map). */
  top: YPair[];
  /** Each section: its pair's index in `top`, its header's pair, its map, the chunk of its last component. */
  sections: Array<{ owner: number; header: YPair; map: YMap; last: Chunk | undefined }>;
  /** The chunks of top-level keys (not components): few, moved at once. */
  topChunks: Chunk[];
}

/** A chunk's nodes by kind: a loop over objects of one shape is several times faster than over mixed ones. */
interface ChunkNodes {
  scalars: YScalar[];
  maps: YMap[];
  seqs: YSeq[];
  pairs: YPair[];
}

/**
 * Parses of the chunks of the previous version of a file. An edit changes one
 * span of the text: a chunk wholly before it is found at the same start, one
 * wholly after it at its start moved by the edit's length change (and both
 * must have the same length). No chunk text is hashed or compared. When the
 * edit stays inside one chunk (resplit), the chunks are the previous ones,
 * moved, each with its parse: no look-up at all.
 */
export class ChunkCache {
  private text: string | undefined;
  private previous: string | undefined;
  /** The previous chunks' parses by their start, made when the text is split again (not resplit). */
  private byStart: Map<number, CachedChunk> | undefined;
  private edit: { start: number; oldEnd: number; newEnd: number } | undefined;

  /** True when the previous text passed the whole-text check of splitChunks. */
  chunkable = false;
  /** The chunks of the previous text, when it was split. */
  chunks: Chunk[] | undefined;
  /** True when the last parseChunked returned a tree (so its ids were checked and none repeats). */
  clean = false;
  /** The chunk resplit parses again, with its parse before the edit. */
  redone: { chunk: Chunk; before: CachedChunk | undefined } | undefined;
  /**
   * When true, the components an edit moved keep their old offsets until
   * `settle` (FileCache: the answers VS Code asks for after each keystroke
   * carry the other components' entries and read none of their offsets, so a
   * burst of typing moves them once, for the analysis). Top-level chunks move
   * at once.
   */
  deferMoves = false;
  /** True when the last parse left a component's nodes away from its chunk's start (deferMoves). */
  deferred = false;
  /** Counts the parses (begin), so that only the last one's moves are made. */
  private parses = 0;
  /** The last parse's tree, when it had no syntax problem and no empty section: what a keystroke inside a component rebuilds (retree). */
  tree: ChunkTree | undefined;

  /** The edit from the last parse's text to `text`, found once per text (nulAt, then begin). */
  private regionTo(text: string): TextEdit | undefined {
    if (this.text === undefined) return undefined;
    if (this.region?.from !== this.text || this.region.to !== text) this.region = { from: this.text, to: text, edit: editRegion(this.text, text) };
    return this.region.edit;
  }
  private region: { from: string; to: string; edit: TextEdit } | undefined;

  /**
   * Where `text` has a NUL character (-1: nowhere). The last parse's text had
   * none (a text with one is refused before it is parsed): only the edited
   * span is searched.
   */
  nulAt(text: string): number {
    const e = this.regionTo(text);
    if (!e) return text.indexOf('\u0000');
    const at = text.slice(e.start, e.newEnd).indexOf('\u0000');
    return at < 0 ? -1 : e.start + at;
  }

  /** Starts a parse of `text`: finds what changed since the last one. */
  begin(text: string): void {
    const region = this.regionTo(text);
    this.region = undefined;
    this.edit = this.text === undefined || !region ? undefined : leftmost(this.text, text, region);
    this.previous = this.text;
    this.text = text;
    this.byStart = undefined;
    this.redone = undefined;
    this.deferred = false;
    this.parses++;
  }

  /**
   * What moves the last parse's deferred components to their offsets;
   * undefined when none is deferred. Each call goes on from where the last
   * one stopped: with `until` (a `performance.now()` time) it stops once that
   * has passed, after a batch of chunks, and says whether all are moved.
   * Called after a later parse it does nothing (true): that parse placed or
   * deferred them for its own text.
   */
  settler(): ((until?: number) => boolean) | undefined {
    const chunks = this.chunks;
    if (!this.deferred || !this.clean || !chunks) return undefined;
    const parse = this.parses;
    let next = 0;
    return (until = Infinity) => {
      if (parse !== this.parses) return true;
      while (next < chunks.length) {
        const chunk = chunks[next++];
        if (chunk.parsed && chunk.parsed.placed.start !== chunk.start) moveChunk(chunk.parsed, chunk.start);
        if (next % SETTLE_BATCH === 0 && performance.now() > until) return next >= chunks.length && this.settled();
      }
      return this.settled();
    };
  }

  private settled(): true {
    this.deferred = false;
    return true;
  }

  /** The edit from `previous` to `text`, when the last parse went from the one to the other (else undefined). */
  editFrom(previous: string, text: string): TextEdit | undefined {
    return this.text === text && this.previous === previous ? this.edit : undefined;
  }

  /** The edited lines, when only they need the whole-text check (the rest passed it last time). */
  editedLines(text: string): [number, number] | undefined {
    if (!this.chunkable || !this.edit) return undefined;
    const start = text.lastIndexOf('\n', this.edit.start - 1) + 1;
    const nl = text.indexOf('\n', this.edit.newEnd);
    return [start, nl < 0 ? text.length : nl];
  }

  /**
   * The chunks of `text` from the previous ones, when the edit stays on inner
   * lines of one chunk (the usual keystroke): the boundaries are those of the
   * last split, moved. Undefined when the text must be split again.
   */
  resplit(text: string): Chunk[] | undefined {
    const e = this.edit;
    const old = this.chunks;
    const oldText = this.previous;
    if (!this.chunkable || !e || !old?.length || oldText === undefined) return undefined;
    const lineStart = text.lastIndexOf('\n', e.start - 1) + 1;
    const newLines = linesEnd(text, e.newEnd);
    const oldLines = linesEnd(oldText, e.oldEnd);
    if (NEEDS_WHOLE.test(text.slice(lineStart, newLines))) return undefined;
    let lo = 0;
    let hi = old.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (old[mid].start <= lineStart) lo = mid;
      else hi = mid - 1;
    }
    const at = old[lo];
    if (at.inner === undefined || at.start >= lineStart || oldLines >= at.end) return undefined;
    if (!innerLines(oldText, lineStart, oldLines, at.inner) || !innerLines(text, lineStart, newLines, at.inner)) return undefined;
    // The previous chunks are this cache's own: moved in place, not copied; the edited one is parsed again.
    const delta = e.newEnd - e.oldEnd;
    at.end += delta;
    this.redone = { chunk: at, before: at.parsed };
    at.parsed = undefined;
    for (let i = lo + 1; i < old.length; i++) {
      old[i].start += delta;
      old[i].end += delta;
    }
    return old;
  }

  /**
   * The parse of `chunk` of `text`, kept on it; `parse` returns its tree at
   * absolute offsets. `previous`: the chunks of the last parse, when `chunk`
   * is not one of them (the text was split again).
   */
  get(text: string, chunk: Chunk, previous: Chunk[] | undefined, parse: (text: string, start: number, end: number) => ParsedYaml): CachedChunk {
    const { start, end } = chunk;
    let hit = chunk.parsed;
    const e = this.edit;
    if (!hit && e && previous && previous !== this.chunks) {
      if (!this.byStart) {
        this.byStart = new Map();
        for (const c of previous) if (c.parsed) this.byStart.set(c.start, c.parsed);
      }
      const old = end <= e.start ? start : start >= e.newEnd ? start - (e.newEnd - e.oldEnd) : undefined;
      const candidate = old === undefined ? undefined : this.byStart.get(old);
      if (candidate && candidate.length === end - start) hit = candidate;
    }
    if (!hit) {
      const parsed = parse(text, start, end);
      const root = parsed.root;
      const pairs = root?.kind === 'map' ? root.pairs : [];
      const placed = { start, pairs }; // made apart: V8's interpreter copies an object literal holding another slowly
      hit = { problems: parsed.problems, other: !!root && root.kind !== 'map', placed, length: end - start };
      for (const p of pairs) identities.set(p, { schema: undefined });
    }
    chunk.parsed = hit;
    return hit;
  }

  /** Drops the previous chunks' parses (the chunks of the latest parse hold theirs), so memory follows the file's size. */
  commit(): void {
    this.byStart = undefined;
  }
}

/** The pairs and nodes of a chunk's tree (not those reached through an alias: a chunk has none). */
function nodesOf(pairs: YPair[]): ChunkNodes {
  const out: ChunkNodes = { scalars: [], maps: [], seqs: [], pairs: [] };
  const node = (n: YNode): void => {
    if (n.kind === 'scalar') out.scalars.push(n);
    else if (n.kind === 'map') {
      out.maps.push(n);
      for (const p of n.pairs) pair(p);
    } else {
      out.seqs.push(n);
      for (const i of n.items) if (!i.shared) node(i);
    }
  };
  const pair = (p: YPair): void => {
    out.pairs.push(p);
    node(p.key);
    if (p.value && !p.value.shared) node(p.value);
  };
  for (const p of pairs) pair(p);
  return out;
}

/**
 * An insertion or deletion can often sit at several places (a line inserted
 * before a line it repeats the end of); editRegion takes the rightmost, which
 * can cut into the next chunk's first line. The leftmost keeps it inside the
 * chunk the user typed in, so the next chunk is reused.
 */
function leftmost(before: string, after: string, e: { start: number; oldEnd: number; newEnd: number }): typeof e {
  let { start, oldEnd, newEnd } = e;
  const changed = oldEnd === start ? after : newEnd === start ? before : undefined;
  const end = () => (changed === after ? newEnd : oldEnd);
  if (!changed) return e;
  while (start > 0 && changed.charCodeAt(start - 1) === changed.charCodeAt(end() - 1)) {
    start--;
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

const SECTION_HEADER = /^(sources|processors|sinks):[ \t]*(#.*)?$/;

/** The end of the line holding `offset` (its newline, or the text's end). */
function linesEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

/** Every line of [from, to) is blank, a comment, or indented deeper than `indent` (with spaces). */
function innerLines(text: string, from: number, to: number, indent: number): boolean {
  let pos = from;
  while (pos <= to) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0 || eol > to) eol = to;
    let i = pos;
    while (i < eol && text.charCodeAt(i) === 32) i++;
    const first = i < eol ? text.charCodeAt(i) : -1;
    const blank = first === -1 || first === 35 /* # */ || (first === 13 && i + 1 === eol);
    if (!blank && (i - pos <= indent || first === 9)) return false;
    pos = eol + 1;
  }
  return true;
}
/**
 * Anchors, aliases, directives and document markers make chunks depend on
 * each other. (A false positive, such as `"a *b"` inside quotes, only costs a
 * whole parse.)
 */
const NEEDS_WHOLE = /(^|[\s,[{])[&*][A-Za-z0-9_-]|^(---|\.\.\.|%)|^\t/m;

/** Splits the text into chunks, or returns undefined when it must be parsed whole. */
export function splitChunks(text: string, onlyLines?: [number, number]): Chunk[] | undefined {
  if (NEEDS_WHOLE.test(onlyLines ? text.slice(onlyLines[0], onlyLines[1]) : text)) return undefined;
  const chunks: Chunk[] = [];
  let section: string | undefined;
  let childIndent = -1;
  let pos = 0;
  let current: Chunk | undefined;
  // Indented lines outside a section continue a top-level key; before any key (e.g. after a leading comment) they do not.
  let haveKey = false;
  const open = (start: number, sec?: string, inner?: number) => {
    if (current) current.end = start;
    current = { start, end: text.length, section: sec, inner };
    chunks.push(current);
  };
  while (pos < text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    // Only the indentation and the first character decide; most lines are neither a key nor a component start.
    let i = pos;
    while (i < eol && text.charCodeAt(i) === 32) i++;
    const indent = i - pos;
    const first = i < eol ? text.charCodeAt(i) : -1;
    if (first === -1 || first === 35 /* # */ || (first === 13 && i + 1 === eol)) {
      if (!current) open(pos);
    } else if (indent === 0) {
      const line = text.slice(pos, eol);
      if (!/^[A-Za-z_"'$][^:]*:/.test(line)) return undefined;
      const header = SECTION_HEADER.exec(line.replace(/\r$/, ''));
      section = header ? header[1] : undefined;
      childIndent = -1;
      haveKey = true;
      open(pos, undefined, header ? undefined : 0);
    } else if (section) {
      if (childIndent < 0) childIndent = indent;
      if (indent < childIndent) return undefined;
      if (indent === childIndent) {
        if (first === 45 /* - */ || first === 9 || !/^[A-Za-z0-9_"'$][^:]*:/.test(text.slice(i, eol))) return undefined;
        open(pos, section, childIndent);
      }
    } else if (!current || !haveKey) return undefined;
    pos = eol + 1;
  }
  return chunks;
}

/**
 * Stands for a top-level pair's text: the same object for as long as the text
 * is unchanged, across versions of the file (its chunk is reused, even if
 * moved). Work that depends only on the text hangs on it, with no text hashed
 * or compared: `schema` is the schema rule's memo (rules/schema.ts).
 */
export interface TextIdentity {
  schema: unknown;
}

/** How many chunks a settler moves between looks at the clock. */
const SETTLE_BATCH = 64;

/** One identity per parsed top-level pair, kept by the copies an edit moves. */
const identities = new WeakMap<YPair, TextIdentity>();

/** The pair's text identity, or undefined when the file was parsed whole. */
export function textIdentity(pair: YPair): TextIdentity | undefined {
  return identities.get(pair);
}

/**
 * Moves a cached chunk's tree by `delta`, in place: the same objects, so the
 * components read from them (file.ts) and their text identities stay, and an
 * edit costs no copy of the rest of the file; a pass over the chunk's node
 * lists, no walk of the tree. Earlier versions of the file hold these nodes
 * too; they are not read against their old text again (a stale analysis is
 * dropped at its next step, and the incremental check reads the edited
 * component, whose chunk is parsed anew, not moved).
 */
function moveChunk(c: CachedChunk, start: number): void {
  const d = start - c.placed.start;
  const { scalars, maps, seqs, pairs } = (c.nodes ??= nodesOf(c.placed.pairs));
  // One loop per kind (each property access sees one shape), not one over mixed nodes.
  for (let i = 0; i < scalars.length; i++) {
    scalars[i].start += d;
    scalars[i].end += d;
  }
  for (let i = 0; i < pairs.length; i++) {
    pairs[i].start += d;
    pairs[i].end += d;
  }
  for (let i = 0; i < maps.length; i++) {
    maps[i].start += d;
    maps[i].end += d;
  }
  for (let i = 0; i < seqs.length; i++) {
    seqs[i].start += d;
    seqs[i].end += d;
  }
  c.placed.start = start;
}

/** Copies a parsed chunk to absolute offsets (no copy when already there). */
function shift<T extends YNode | YPair>(node: T, delta: number): T {
  if (delta === 0) return node;
  return shiftNode(node as YNode | YPair, delta) as T;
}

function shiftNode(n: YNode | YPair, d: number): YNode | YPair {
  if (!('kind' in n)) return { ...n, key: shiftNode(n.key, d) as YPair['key'], value: n.value && (shiftNode(n.value, d) as YNode), start: n.start + d, end: n.end + d };
  if (n.kind === 'scalar') return { ...n, start: n.start + d, end: n.end + d };
  if (n.kind === 'seq') return { ...n, items: n.items.map((i) => shiftNode(i, d) as YNode), start: n.start + d, end: n.end + d };
  return { ...n, pairs: n.pairs.map((p) => shiftNode(p, d) as YPair), start: n.start + d, end: n.end + d };
}

/** A chunk parsed on its own (offsets from 0) moved to where it starts. */
function placeWhole(parsed: ParsedYaml, start: number): ParsedYaml {
  return { problems: parsed.problems, root: parsed.root && shift(parsed.root, start) };
}

/**
 * Parses the text chunk by chunk. Returns undefined when the text must be
 * parsed whole (see splitChunks), or when a syntax error is not one that
 * parseBroken can show the whole-text parser reports the same way.
 */
export function parseChunked(text: string, cache: ChunkCache, parseWhole: (t: string) => ParsedYaml): ParsedYaml | undefined {
  cache.begin(text);
  const previous = cache.chunks;
  const chunks = cache.resplit(text) ?? splitChunks(text, cache.editedLines(text));
  cache.chunkable = !!chunks;
  cache.chunks = chunks;
  const clean = cache.clean;
  cache.clean = false;
  if (!chunks) return undefined;
  const parseAlone = (t: string, s: number, e: number) => fastParse(t, s, e) ?? placeWhole(parseWhole(ownCopy(t.slice(s, e))), s);
  const checkIds = !clean || !sameKeysAfterResplit(text, cache, chunks, previous, parseAlone);
  const tree = cache.tree;
  cache.tree = undefined;
  // The usual keystroke: the last tree with one component's pairs replaced, no loop over the chunks.
  const quick = !checkIds && tree && retree(cache, tree);
  if (quick) return quick;
  const top: YPair[] = [];
  const kept: ChunkTree = { top, sections: [], topChunks: [] };
  const sections = new Map<string, YMap>();
  let lastSection: YMap | undefined;
  let sectionIds = new Set<string>();
  const problems: ParsedYaml['problems'] = [];
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    const parsed = cache.get(text, chunk, previous, parseAlone);
    let pairs: YPair[];
    /** How far the chunk's nodes will move when settled (0 when they are in place). */
    let moved = 0;
    if (parsed.problems.length) {
      // A syntax error in one component: that chunk alone is parsed again, in context (see parseBroken).
      const broken = chunk.section && !oldPaths.on ? parseBroken(text, chunks, i, parseWhole, parseAlone) : undefined;
      if (!broken) return undefined;
      problems.push(...broken.problems);
      if (problems.length > MAX_SYNTAX_ERRORS) return undefined; // the whole-text parser cuts the list short
      pairs = broken.pairs;
      if (!pairs.length) continue;
    } else {
      if (parsed.other) return undefined;
      if (!parsed.placed.pairs.length) continue; // comments or blank lines only
      // Chunks before an edit keep their offsets; later ones move (in place), a component when settled if deferred.
      if (parsed.placed.start !== chunk.start) {
        if (chunk.section && cache.deferMoves) {
          cache.deferred = true;
          moved = chunk.start - parsed.placed.start;
        } else moveChunk(parsed, chunk.start);
      }
      pairs = parsed.placed.pairs;
    }
    if (chunk.section) {
      const sec = lastSection;
      if (!sec) return undefined;
      for (const p of pairs) {
        if (checkIds) {
          const id = String(p.key.value);
          // A repeated key: the whole-text parser reports duplicates exactly as it always does.
          if (sectionIds.has(id)) return undefined;
          sectionIds.add(id);
        }
        sec.pairs.push(p);
        sec.end = Math.max(sec.end, p.end + moved);
      }
      const owner = top[top.length - 1];
      owner.end = sec.end;
      kept.sections[kept.sections.length - 1].last = chunk;
      continue;
    }
    kept.topChunks.push(chunk);
    for (const p of pairs) {
      if (top.some((q) => q.key.value === p.key.value)) return undefined; // a repeated key: as above
      const name = String(p.key.value);
      if ((name === 'sources' || name === 'processors' || name === 'sinks') && (p.value === undefined || (p.value.kind === 'scalar' && p.value.value === null))) {
        // The section's components arrive as the following chunks.
        const map: YMap = { kind: 'map', pairs: [], flow: false, start: p.key.end + 1, end: p.key.end + 1 };
        sections.set(name, map);
        lastSection = map;
        sectionIds = new Set();
        kept.sections.push({ owner: top.length, header: p, map, last: undefined });
        top.push({ ...p, value: map });
      } else {
        lastSection = undefined;
        top.push(p);
      }
    }
  }
  if (top.length === 0) return problems.length ? undefined : { root: undefined, problems: [] };
  // An empty section header parses as null, as it does in the whole-text parse.
  for (const p of top) if (p.value?.kind === 'map' && sections.get(String(p.key.value)) === p.value && p.value.pairs.length === 0) p.value = { kind: 'scalar', value: null, source: '', quoted: false, start: p.key.end + 1, end: p.key.end + 1 };
  const root: YMap = { kind: 'map', pairs: top, flow: false, start: top[0].start, end: top[top.length - 1].end };
  cache.clean = true;
  if (!problems.length && kept.sections.every((x) => x.last && x.map.pairs.length)) cache.tree = kept;
  return { root, problems, chunked: true };
}

/**
 * The tree after an edit inside one component (resplit) that kept its keys:
 * the last tree's with that component's pairs replaced, the top-level keys
 * moved, and the sections' maps made again. The other components are not
 * visited: those after the edit move when settled (deferMoves) or here.
 * Undefined when the component's pairs are not found in the last tree.
 */
function retree(cache: ChunkCache, tree: ChunkTree): ParsedYaml | undefined {
  const redone = cache.redone!;
  const before = redone.before!.placed.pairs;
  const now = redone.chunk.parsed!.placed.pairs;
  const target = tree.sections.find((x) => x.map.pairs.indexOf(before[0]) >= 0);
  if (!target || !before.length) return undefined;
  const at = target.map.pairs.indexOf(before[0]);
  if (!before.every((p, i) => target.map.pairs[at + i] === p)) return undefined;
  for (const c of tree.topChunks) if (c.parsed && c.parsed.placed.start !== c.start) moveChunk(c.parsed, c.start);
  const top = tree.top.slice();
  const sections = tree.sections.map((x) => {
    let pairs = x.map.pairs;
    if (x === target) {
      pairs = pairs.slice();
      pairs.splice(at, before.length, ...now);
    }
    // As the loop of parseChunked makes them: from the header's key to the last component's end (where it will be).
    const last = x.last!;
    const start = x.header.key.end + 1;
    const map: YMap = { kind: 'map', pairs, flow: false, start, end: Math.max(start, pairs[pairs.length - 1].end + last.start - last.parsed!.placed.start) };
    top[x.owner] = { ...x.header, value: map, end: map.end };
    return { ...x, map };
  });
  if (cache.deferMoves) cache.deferred = true;
  else for (const c of cache.chunks!) if (c.parsed && c.parsed.placed.start !== c.start) moveChunk(c.parsed, c.start);
  cache.tree = { top, sections, topChunks: tree.topChunks };
  cache.clean = true;
  const root: YMap = { kind: 'map', pairs: top, flow: false, start: top[0].start, end: top[top.length - 1].end };
  return { root, problems: [], chunked: true };
}

/**
 * True when the ids need no check for repeats: the chunks are the last
 * parse's (resplit), that parse had none repeated, and the one chunk parsed
 * again parses cleanly with the same keys as before. A keystroke then costs no
 * set of every component's id.
 */
function sameKeysAfterResplit(text: string, cache: ChunkCache, chunks: Chunk[], previous: Chunk[] | undefined, parse: (text: string, start: number, end: number) => ParsedYaml): boolean {
  const redone = cache.redone;
  if (chunks !== previous || !redone?.before || redone.before.problems.length) return false;
  const now = cache.get(text, redone.chunk, previous, parse);
  const [a, b] = [redone.before.placed.pairs, now.placed.pairs];
  return !now.problems.length && !now.other && a.length === b.length && a.every((p, i) => p.key.value === b[i].key.value);
}

/**
 * For the bench's before/after (bench/edits.ts): `on` restores the paths of
 * before: a syntax error anywhere parses and analyses the whole file, and a
 * key edit runs the whole analysis.
 */
export const oldPaths = { on: false };

/** The whole-text parser reports at most this many syntax errors (parse/yaml.ts). */
export const MAX_SYNTAX_ERRORS = 100;

/**
 * A component chunk with syntax errors, parsed as the whole-text parser sees
 * it: between the chunk before it (its section's header, or the component
 * before it under a section key) and the chunk after it. Its problems and
 * recovered pairs are taken from that parse when the error stays inside the
 * chunk: every problem lies in it, and the chunks around it come out exactly
 * as they do on their own. An error that reaches further (an unclosed flow
 * collection or quote swallows what follows) returns undefined: the file is
 * parsed whole. Run on every parse (not cached): whether the error stays
 * inside depends on its neighbours, and it costs the parse of three components.
 */
function parseBroken(
  text: string,
  chunks: Chunk[],
  i: number,
  parseWhole: (t: string) => ParsedYaml,
  parseAlone: (t: string, s: number, e: number) => ParsedYaml,
): { pairs: YPair[]; problems: ParsedYaml['problems'] } | undefined {
  const chunk = chunks[i];
  const prev = chunks[i - 1];
  const next = chunks[i + 1];
  if (!prev) return undefined;
  // After a component, a stand-in section key; after the header, the header itself.
  const prefix = prev.section ? 'x:\n' : '';
  const end = next ? next.end : chunk.end;
  const delta = prev.start - prefix.length;
  const window = parseWhole(ownCopy(prefix + text.slice(prev.start, end)));
  const root = window.root && shift(window.root, delta);
  if (root?.kind !== 'map' || root.flow) return undefined;
  const section = root.pairs[0]?.value;
  if (section?.kind !== 'map' || section.flow) return undefined;
  const before = section.pairs.filter((p) => p.start < chunk.start);
  const pairs = section.pairs.filter((p) => p.start >= chunk.start && p.start < chunk.end);
  if (pairs.some((p) => p.end > chunk.end)) return undefined;
  const problems = window.problems.map((p) => ({ ...p, start: p.start + delta, end: p.end + delta }));
  if (problems.some((p) => p.start < chunk.start || p.start >= chunk.end)) return undefined;
  const same = (c: Chunk, got: YPair[]) => {
    const alone = parseAlone(text, c.start, c.end);
    return !alone.problems.length && alone.root?.kind === 'map' && canonical(got) === canonical(alone.root.pairs);
  };
  if (prev.section ? !same(prev, before) : before.length || root.pairs[0].key.start !== prev.start) return undefined;
  const after = section.pairs.slice(before.length + pairs.length);
  if (next?.section) {
    if (root.pairs.length !== 1 || !same(next, after)) return undefined;
  } else if (after.length || (next ? !same(next, root.pairs.slice(1)) : root.pairs.length !== 1)) return undefined;
  return { pairs, problems };
}

/** A tree as text: kinds, values and offsets (what the differential tests compare), whatever built it. */
function canonical(pairs: YPair[]): string {
  const node = (n: YNode | undefined): unknown =>
    n === undefined
      ? null
      : n.kind === 'scalar'
        ? [n.start, n.end, n.value, n.quoted]
        : n.kind === 'seq'
          ? [n.start, n.end, n.flow, n.items.map(node)]
          : [n.start, n.end, n.flow, n.pairs.map(pair)];
  const pair = (p: YPair): unknown => [p.start, p.end, node(p.key), node(p.value)];
  return JSON.stringify(pairs.map(pair));
}

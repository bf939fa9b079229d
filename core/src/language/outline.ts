// Document symbols (outline by section), workspace symbols, folding ranges
// from the tree, and document links for imports.
import { isMap, isSeq, walk, type YNode, type YPair } from '../parse/tree';
import { resolveImport } from '../pipeline/workspace';
import { settle, type Component, type PipelineFile, type Section } from '../pipeline/file';
import type { Position } from '../types';
import { carry, CarriedByUri, movedRange, type Carried } from './carry';
import type { FoldingEntry, LinkEntry, SymbolEntry, SymbolKind, WorkspaceSymbolEntry } from './types';

const SECTION_KIND: Record<Section, SymbolKind> = { sources: 'source', processors: 'processor', sinks: 'sink' };

function nodeEnd(file: PipelineFile, start: number, end: number): number {
  // Trim trailing whitespace so ranges end on the last character of the value.
  let e = end;
  while (e > start && /\s/.test(file.text[e - 1])) e--;
  return e;
}

export function documentSymbols(file: PipelineFile): SymbolEntry[] {
  if (!isMap(file.root)) return [];
  const out: SymbolEntry[] = [];
  let components: Carried<SymbolEntry> | undefined;
  for (const p of file.root.pairs) {
    if (p.merged || p.key.shared) continue;
    const key = String(p.key.value);
    const end = nodeEnd(file, p.key.start, Math.max(p.end, p.value && !p.value.shared ? p.value.end : p.end));
    const entry: SymbolEntry = { name: key, kind: 'section', range: file.lines.range(p.key.start, end), selectionRange: file.lines.range(p.key.start, p.key.end) };
    if (key === 'sources' || key === 'processors' || key === 'sinks') {
      components ??= componentSymbols(file);
      const children: SymbolEntry[] = (entry.children = []);
      const [from, to] = file.sectionRuns[key];
      for (let i = from; i < to; i++) if (components.entries[i]) children.push(components.entries[i]!);
    } else if (key === 'schemas') {
      entry.children = file.schemas
        .filter((s) => !s.keyNode.shared)
        .map((s) => {
          const pair = isMap(p.value) ? p.value.pairs.find((x) => x.key === s.keyNode) : undefined;
          const end = pair ? nodeEnd(file, s.keyNode.start, Math.max(pair.end, pair.value?.end ?? 0)) : s.keyNode.end;
          return { name: s.name, detail: `${s.fields.length} fields`, kind: 'schema' as const, range: file.lines.range(s.keyNode.start, end), selectionRange: file.lines.range(s.keyNode.start, s.keyNode.end) };
        });
    } else if (key === 'imports') {
      entry.children = file.imports.map((i) => ({ name: i.path, kind: 'import' as const, range: file.lines.range(i.node.start, i.node.end), selectionRange: file.lines.range(i.node.start, i.node.end) }));
    }
    out.push(entry);
  }
  return out;
}

/** Each component's symbol (none for one reached through an alias), carried from the document's previous parse (carry.ts). */
const lastSymbols = new CarriedByUri<SymbolEntry>();

function componentSymbols(file: PipelineFile): Carried<SymbolEntry> {
  const make = (c: Component) => (c.idNode.shared ? undefined : componentSymbol(file, c));
  const move = (s: SymbolEntry, lines: number): SymbolEntry => ({ ...s, range: movedRange(s.range, lines), selectionRange: movedRange(s.selectionRange, lines) });
  const carried = carry(file, lastSymbols.get(file.uri), make, move);
  lastSymbols.set(file.uri, carried);
  return carried;
}

/** A component's symbol where it starts now: kept while its parse and its first position are (a keystroke elsewhere). */
const symbolsAt = new WeakMap<Component, { at: Position; symbol: SymbolEntry }>();

function componentSymbol(file: PipelineFile, c: Component): SymbolEntry {
  const at = file.lines.position(c.pair.key.start);
  const known = symbolsAt.get(c);
  if (known && known.at.line === at.line && known.at.character === at.character) return known.symbol;
  const symbol: SymbolEntry = {
    name: c.id,
    detail: c.type,
    kind: SECTION_KIND[c.section],
    range: file.lines.range(c.pair.key.start, nodeEnd(file, c.pair.key.start, Math.max(c.pair.end, c.node && !c.node.shared ? c.node.end : c.pair.end))),
    selectionRange: file.lines.range(c.idNode.start, c.idNode.end),
  };
  symbolsAt.set(c, { at, symbol });
  return symbol;
}

export function workspaceSymbols(files: Iterable<PipelineFile>, query: string): WorkspaceSymbolEntry[] {
  const q = query.toLowerCase();
  const matches = (name: string) => !q || fuzzy(name.toLowerCase(), q);
  const out: WorkspaceSymbolEntry[] = [];
  for (const f of files) {
    for (const c of f.components)
      if (!c.idNode.shared && matches(c.id)) out.push({ name: c.id, kind: SECTION_KIND[c.section], container: c.type ? `${c.section} (${c.type})` : c.section, uri: f.uri, range: f.lines.range(c.idNode.start, c.idNode.end) });
    for (const s of f.schemas) if (!s.keyNode.shared && matches(s.name)) out.push({ name: s.name, kind: 'schema', container: 'schemas', uri: f.uri, range: f.lines.range(s.keyNode.start, s.keyNode.end) });
  }
  return out.slice(0, 500);
}

function fuzzy(name: string, q: string): boolean {
  let i = 0;
  for (const ch of name) if (ch === q[i]) i++;
  return i === q.length;
}

/**
 * A component's folding ranges, lines relative to its first line: the same
 * for as long as its pair is (its text is); `placed`: the same at the line it
 * was last asked at (the objects kept, so the server's JSON of each is too).
 */
interface ComponentFolds {
  own?: FoldingEntry;
  inner: FoldingEntry[];
  placed?: { base: number; own?: FoldingEntry; inner: FoldingEntry[] };
}
const componentFolds = new WeakMap<YPair, ComponentFolds>();
const fileFolds = new WeakMap<PipelineFile, FoldingEntry[]>();

/**
 * Folding ranges: every mapping or sequence value over more than one line,
 * and runs of two or more comment lines. Asked for after every keystroke: a
 * component's ranges are kept with its parse (an edit re-parses one
 * component, the others are only moved), so a keystroke re-folds one.
 */
export function foldingRanges(file: PipelineFile): FoldingEntry[] {
  const known = fileFolds.get(file);
  if (known) return known;
  const entry = (startOffset: number, endOffset: number): FoldingEntry | undefined => {
    const start = file.lines.position(startOffset).line;
    const end = file.lines.position(nodeEnd(file, startOffset, endOffset)).line;
    return end > start ? { startLine: start, endLine: end } : undefined;
  };
  const roots = rootFolds(file, entry);
  const last = lastFolds.get(file.uri);
  if (last && sameFolds(file, last, roots, entry)) {
    fileFolds.set(file, last.out);
    lastFolds.set(file.uri, { ...last, serial: file.origin!.serial, text: file.text, components: file.components });
    return last.out;
  }
  // Every component is read below: at its offsets (sameFolds reads only the top-level keys and the re-parsed one).
  settle(file);
  // In document order: each top-level pair, then what is inside it (a component's ranges are kept sorted).
  const ordered: Array<FoldingEntry | undefined> = [];
  const root = file.root;
  if (root && !root.shared && isMap(root))
    for (const p of root.pairs) {
      if (!foldable(p)) continue;
      ordered.push(entry(p.key.start, p.value!.end));
      const key = String(p.key.value);
      if ((key === 'sources' || key === 'processors' || key === 'sinks') && isMap(p.value)) foldComponents(file, p.value.pairs, entry, ordered);
      else ordered.push(...sortedInside(p.value!, entry));
    }
  const out = mergeFolds(file, ordered, commentRuns(file));
  fileFolds.set(file, out);
  lastFolds.set(file.uri, { serial: file.origin?.serial, text: file.text, components: file.components, roots, out });
  return out;
}

/** The folding ranges of each document's last parse, with what they were made from. */
const lastFolds = new Map<string, { serial: number | undefined; text: string; components: readonly Component[]; roots: string; out: FoldingEntry[] }>();

/** The lines of the top-level ranges (the sections' ends move with their last component), as one string. */
function rootFolds(file: PipelineFile, entry: (s: number, e: number) => FoldingEntry | undefined): string {
  let key = '';
  if (isMap(file.root) && !file.root.shared)
    for (const p of file.root.pairs) {
      const e = foldable(p) ? entry(p.key.start, p.value!.end) : undefined;
      key += e ? `${e.startLine}-${e.endLine},` : ',';
    }
  return key;
}

/**
 * Whether `file`'s folding ranges are those of the parse just before it: the
 * edit stayed on one line, added no line and no comment (no `#` on that line
 * before or after), re-parsed one component only, and that component folds
 * on the same lines as before, as do the top-level keys (the usual keystroke).
 * The other components' ranges are then the same objects at the same lines.
 */
function sameFolds(file: PipelineFile, last: { serial: number | undefined; text: string; components: readonly Component[]; roots: string }, roots: string, entry: (s: number, e: number) => FoldingEntry | undefined): boolean {
  const edit = file.origin?.edit;
  if (!edit || last.serial === undefined || edit.after !== last.serial || edit.lineDelta !== 0 || roots !== last.roots) return false;
  const lineStart = file.text.lastIndexOf('\n', edit.start - 1) + 1;
  const newLine = file.text.slice(lineStart, lineEnd(file.text, edit.newEnd));
  const oldLine = last.text.slice(lineStart, lineEnd(last.text, edit.oldEnd));
  if (newLine.includes('#') || oldLine.includes('#') || file.text.slice(edit.start, edit.newEnd).includes('\n') || last.text.slice(edit.start, edit.oldEnd).includes('\n')) return false;
  const now = file.components;
  const old = last.components;
  if (now.length !== old.length) return false;
  let changed = -1;
  for (let i = 0; i < now.length; i++)
    if (now[i] !== old[i]) {
      if (changed >= 0) return false;
      changed = i;
    }
  // The edited line must be the changed component's (a component with a syntax error is parsed again on every edit).
  if (changed < 0 || lineStart < now[changed].pair.start || lineStart > now[changed].pair.end) return false;
  const a = componentFolds.get(old[changed].pair);
  const base = file.lines.position(now[changed].pair.start).line;
  if (!a?.placed || a.placed.base !== base) return false;
  const b = foldsOf(now[changed].pair, base, entry);
  const same = (x: FoldingEntry | undefined, y: FoldingEntry | undefined) => x?.startLine === y?.startLine && x?.endLine === y?.endLine;
  if (!same(a.own, b.own) || a.inner.length !== b.inner.length || !a.inner.every((x, i) => same(x, b.inner[i]))) return false;
  // The same ranges, placed at the same lines: the objects the last answer holds.
  b.placed = a.placed;
  return true;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

/** The ranges of the pairs inside `node`, sorted by start line. */
function sortedInside(node: YNode, entry: (s: number, e: number) => FoldingEntry | undefined): FoldingEntry[] {
  const inner: FoldingEntry[] = [];
  walk(node, (n) => {
    if (isMap(n))
      for (const q of n.pairs) {
        const e = foldable(q) ? entry(q.key.start, q.value!.end) : undefined;
        if (e) inner.push(e);
      }
  });
  return inner.sort((a, b) => a.startLine - b.startLine);
}

/**
 * One range per start line (the outer one: it comes first in document
 * order), merged with the comment runs by start line. The ranges come in
 * document order, so no sort is needed; should they not, they are sorted.
 */
function mergeFolds(file: PipelineFile, ordered: Array<FoldingEntry | undefined>, comments: FoldingEntry[]): FoldingEntry[] {
  const seen = new Uint8Array(file.lines.lineCount + 1);
  const out: FoldingEntry[] = [];
  let c = 0;
  let last = -1;
  let sorted = true;
  for (const e of ordered) {
    if (!e || seen[e.startLine]) continue;
    seen[e.startLine] = 1;
    while (c < comments.length && comments[c].startLine < e.startLine) out.push(comments[c++]);
    if (e.startLine < last) sorted = false;
    last = e.startLine;
    out.push(e);
  }
  while (c < comments.length) out.push(comments[c++]);
  return sorted ? out : out.sort((a, b) => a.startLine - b.startLine);
}

/**
 * At most `limit` folding ranges (the client's `rangeLimit`; VS Code sends
 * 5,000, its `editor.foldingMaximumRegions`), chosen as VS Code chooses among
 * more: the outer nesting levels whole, then the first ranges of the next
 * level until the limit. VS Code drops the others anyway; at 5,000 components
 * they would triple the answer sent after every keystroke. `ranges` is sorted
 * by start line, one range per start line (as foldingRanges returns them).
 */
export function foldingWithin(ranges: FoldingEntry[], limit: number): FoldingEntry[] {
  if (!(limit >= 0) || ranges.length <= limit) return ranges;
  // The same list (a keystroke that changed no range) is cut the same way: the same array.
  const known = within.get(ranges);
  if (known?.limit === limit) return known.kept;
  const kept = cutFolding(ranges, limit);
  within.set(ranges, { limit, kept });
  return kept;
}
const within = new WeakMap<FoldingEntry[], { limit: number; kept: FoldingEntry[] }>();

function cutFolding(ranges: FoldingEntry[], limit: number): FoldingEntry[] {
  // Each range's nesting level: how many kept-open ranges enclose it (VS Code's sanitizeRanges).
  const levels = new Array<number>(ranges.length);
  const counts: number[] = [];
  const open: FoldingEntry[] = [];
  ranges.forEach((r, i) => {
    const top = open[open.length - 1];
    // VS Code drops a range that starts where the innermost open one does.
    if (top && r.startLine <= top.startLine) return void (levels[i] = -1);
    if (!top || r.endLine <= top.endLine) levels[i] = open.length;
    else if (r.startLine > top.endLine) {
      do open.pop();
      while (open.length && r.startLine > open[open.length - 1].endLine);
      levels[i] = open.length;
    } else {
      // Overlapping the innermost open range: counted beside it, not opened.
      levels[i] = open.length - 1;
      return void (counts[levels[i]] = (counts[levels[i]] ?? 0) + 1);
    }
    open.push(r);
    counts[levels[i]] = (counts[levels[i]] ?? 0) + 1;
  });
  let kept = 0;
  let maxLevel = counts.length;
  for (let l = 0; l < counts.length; l++) {
    if (kept + (counts[l] ?? 0) > limit) {
      maxLevel = l;
      break;
    }
    kept += counts[l] ?? 0;
  }
  return ranges.filter((_, i) => levels[i] >= 0 && (levels[i] < maxLevel || (levels[i] === maxLevel && kept++ < limit)));
}

const foldable = (p: YPair) => !p.merged && !!p.value && !p.value.shared && (isMap(p.value) || isSeq(p.value));

/** A section's components in order: each one's own range, then the ranges inside it (kept per component). */
function foldComponents(file: PipelineFile, pairs: YPair[], entry: (s: number, e: number) => FoldingEntry | undefined, out: Array<FoldingEntry | undefined>): void {
  for (const p of pairs) {
    const base = file.lines.position(p.start).line;
    const f = foldsOf(p, base, entry);
    if (f.placed?.base !== base) {
      const at = (e: FoldingEntry) => ({ startLine: e.startLine + base, endLine: e.endLine + base });
      f.placed = { base, own: f.own && at(f.own), inner: f.inner.map(at) };
    }
    out.push(f.placed.own, ...f.placed.inner);
  }
}

/** A component's ranges relative to its first line, `base` (kept with its pair). */
function foldsOf(p: YPair, base: number, entry: (s: number, e: number) => FoldingEntry | undefined): ComponentFolds {
  let f = componentFolds.get(p);
  if (!f) {
    const rel = (e: FoldingEntry | undefined) => e && { startLine: e.startLine - base, endLine: e.endLine - base };
    const inner = p.value && !p.value.shared ? sortedInside(p.value, entry).map((e) => rel(e)!) : [];
    f = { own: foldable(p) ? rel(entry(p.key.start, p.value!.end)) : undefined, inner };
    componentFolds.set(p, f);
  }
  return f;
}

/** Runs of two or more comment lines, found from the `#` characters (most lines have none). */
function commentRuns(file: PipelineFile): FoldingEntry[] {
  const out: FoldingEntry[] = [];
  const text = file.text;
  let runStart = -1;
  let runEnd = -1;
  for (let h = text.indexOf('#'); h >= 0; h = text.indexOf('#', h + 1)) {
    const lineStart = text.lastIndexOf('\n', h - 1) + 1;
    if (!/^\s*$/.test(text.slice(lineStart, h))) continue;
    const line = file.lines.position(h).line;
    if (line === runEnd + 1 && runStart >= 0) runEnd = line;
    else {
      if (runEnd > runStart) out.push({ startLine: runStart, endLine: runEnd, kind: 'comment' });
      runStart = runEnd = line;
    }
    const eol = text.indexOf('\n', h);
    if (eol < 0) break;
    h = eol;
  }
  if (runEnd > runStart) out.push({ startLine: runStart, endLine: runEnd, kind: 'comment' });
  return out;
}

export function documentLinks(file: PipelineFile): LinkEntry[] {
  return file.imports.map((i) => {
    const quoted = file.text[i.node.start] === '"' || file.text[i.node.start] === "'";
    return {
      range: file.lines.range(i.node.start + (quoted ? 1 : 0), i.node.end - (quoted ? 1 : 0)),
      target: resolveImport(file.uri, i.path),
      tooltip: `Open ${i.path}`,
    };
  });
}

import type { Position, Range } from './types';

/** A change of one span: [start, oldEnd) of the text before became [start, newEnd) (editRegion). */
export interface TextEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** Converts between string offsets and 0-based line/character positions. */
export class LineIndex {
  private readonly starts: Int32Array;
  /** True when the text has a carriage return (an edit can then join or split a line break: indexed again whole). */
  private readonly cr: boolean;

  constructor(
    readonly text: string,
    starts?: Int32Array,
  ) {
    this.cr = text.indexOf('\r') >= 0;
    if (starts) {
      this.starts = starts;
      return;
    }
    const found = [0];
    if (!this.cr) {
      // The common case: native search for newlines.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) found.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) found.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          found.push(i + 1);
        }
      }
    }
    this.starts = Int32Array.from(found);
  }

  /**
   * The index of `text`, which is `before`'s text changed by `edit`: the line
   * starts before the edit are copied, those after it moved, and only the
   * edited span is searched for line breaks (a keystroke in a 55,000-line file
   * costs a copy, not a scan of the text).
   */
  static edited(before: LineIndex, text: string, edit: TextEdit): LineIndex {
    if (before.cr || text.slice(edit.start, edit.newEnd).indexOf('\r') >= 0) return new LineIndex(text);
    const old = before.starts;
    // Lines starting at or before the edit keep their start; those after a removed line break go.
    let kept = 0;
    let hi = old.length;
    while (kept < hi) {
      const mid = (kept + hi) >> 1;
      if (old[mid] <= edit.start) kept = mid + 1;
      else hi = mid;
    }
    let after = kept;
    while (after < old.length && old[after] <= edit.oldEnd) after++;
    const added: number[] = [];
    for (let i = text.indexOf('\n', edit.start); i >= 0 && i < edit.newEnd; i = text.indexOf('\n', i + 1)) added.push(i + 1);
    const starts = new Int32Array(kept + added.length + old.length - after);
    starts.set(old.subarray(0, kept));
    for (let i = 0; i < added.length; i++) starts[kept + i] = added[i];
    const delta = edit.newEnd - edit.oldEnd;
    for (let i = after, j = kept + added.length; i < old.length; i++, j++) starts[j] = old[i] + delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    // An offset between the \r and \n of a line break is the end of the line, not a character past it.
    const inCrLf = o > this.starts[lo] && this.text.charCodeAt(o) === 10 && this.text.charCodeAt(o - 1) === 13;
    return { line: lo, character: o - this.starts[lo] - (inCrLf ? 1 : 0) };
  }

  offset(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line];
    const end = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, pos.character), end);
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  lineText(line: number): string {
    const start = this.lineStart(line);
    const end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }
}

export function rangeContains(r: Range, p: Position): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  if (p.line === r.end.line && p.character > r.end.character) return false;
  return true;
}

/** The changed span: common prefix and suffix of the two texts. */
export function editRegion(a: string, b: string): { start: number; oldEnd: number; newEnd: number } {
  // Whole blocks compared natively first (large, then small: each comparison cuts a string), then characters.
  let start = 0;
  const min = Math.min(a.length, b.length);
  for (const block of BLOCKS) while (start + block <= min && a.substr(start, block) === b.substr(start, block)) start += block;
  while (start < min && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let ea = a.length;
  let eb = b.length;
  for (const block of BLOCKS)
    while (ea - block >= start && eb - block >= start && a.substr(ea - block, block) === b.substr(eb - block, block)) {
      ea -= block;
      eb -= block;
    }
  while (ea > start && eb > start && a.charCodeAt(ea - 1) === b.charCodeAt(eb - 1)) {
    ea--;
    eb--;
  }
  return { start, oldEnd: ea, newEnd: eb };
}
const BLOCKS = [65536, 4096, 256];

/**
 * A copy of `s` that shares no memory with the string it was cut from. V8
 * keeps a whole text alive while any slice of it lives; parse results that
 * outlive their version (the chunk cache, memos) must hold copies.
 */
export function ownCopy(s: string): string {
  // Slicing a concatenation flattens it into a fresh string first: a copy in one pass, with nothing escaped or parsed.
  return (' ' + s).slice(1);
}

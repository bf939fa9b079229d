import type { Position, Range } from './types';

/** Converts between string offsets and 0-based line/character positions. */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      // The common case: native search for newlines.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.starts = starts;
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
  const BLOCK = 4096; // compare whole blocks natively first, then characters
  let start = 0;
  const min = Math.min(a.length, b.length);
  while (start + BLOCK <= min && a.substr(start, BLOCK) === b.substr(start, BLOCK)) start += BLOCK;
  while (start < min && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let ea = a.length;
  let eb = b.length;
  while (ea - BLOCK >= start && eb - BLOCK >= start && a.substr(ea - BLOCK, BLOCK) === b.substr(eb - BLOCK, BLOCK)) {
    ea -= BLOCK;
    eb -= BLOCK;
  }
  while (ea > start && eb > start && a.charCodeAt(ea - 1) === b.charCodeAt(eb - 1)) {
    ea--;
    eb--;
  }
  return { start, oldEnd: ea, newEnd: eb };
}

/**
 * A copy of `s` that shares no memory with the string it was cut from. V8
 * keeps a whole text alive while any slice of it lives; parse results that
 * outlive their version (the chunk cache, memos) must hold copies.
 */
export function ownCopy(s: string): string {
  // Slicing a concatenation flattens it into a fresh string first: a copy in one pass, with nothing escaped or parsed.
  return (' ' + s).slice(1);
}

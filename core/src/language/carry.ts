// Per-component entries (outline symbols, code lenses) carried from one parse
// of a document to the next. VS Code asks for them after every keystroke; a
// keystroke re-parses one component and moves the others (parse/chunked.ts),
// so the other components' entries are those of the previous parse: the same
// objects when the edit added no line (the usual keystroke), moved by the
// lines it added otherwise. No position is looked up for them.
import { settle, type Component, type PipelineFile } from '../pipeline/file';
import type { Range } from '../types';

/** One entry (or none) per component of one parse, in `file.components` order. */
export interface Carried<T> {
  serial: number | undefined;
  /** The parse's FileOrigin.lineEpoch. */
  lineEpoch: number | undefined;
  components: readonly Component[];
  entries: Array<T | undefined>;
}

/**
 * The entries of `file`'s components. With `last` made for the parse just
 * before this one (`file.origin.edit.after`), a component found unchanged
 * (the same object, from a chunk the parse reused) keeps its entry, moved by
 * `move` when it lies after an edit that added or removed lines; the
 * components between the unchanged ones at either end are made with `make`.
 * The same with `last` made for an earlier parse when no line was added or
 * removed since (the parses between went unasked: VS Code cancels a request
 * a newer keystroke overtook), none moved. Otherwise every entry is made.
 */
export function carry<T>(file: PipelineFile, last: Carried<T> | undefined, make: (c: Component) => T | undefined, move: (entry: T, lines: number) => T): Carried<T> {
  const components = file.components;
  const n = components.length;
  const entries = new Array<T | undefined>(n);
  const edit = file.origin?.edit;
  const serial = file.origin?.serial;
  const lineEpoch = file.origin?.lineEpoch;
  if (last && serial !== undefined && last.serial === serial && last.components === components) return last;
  const next = !!last && !!edit && last.serial !== undefined && edit.after === last.serial;
  const sameLines = !!last && lineEpoch !== undefined && last.lineEpoch === lineEpoch;
  if (!last || (!next && !sameLines)) {
    settle(file);
    for (let i = 0; i < n; i++) entries[i] = make(components[i]);
    return { serial, lineEpoch, components, entries };
  }
  const lineDelta = next ? edit!.lineDelta : 0;
  const old = last.components;
  const [head, tail] = sameEnds(old, components);
  // The file may come from FileCache.peek: the components the parse kept are read at their offsets only when lines
  // moved (below), or when one of them is made again (the edit re-parsed the components between the kept runs).
  if (lineDelta !== 0 || keptBetween(old, components, head, tail)) settle(file);
  // A reused chunk lies wholly before the edit (in place) or wholly after it (moved by the edit's lines).
  const kept = (c: Component, entry: T | undefined) => (entry === undefined || lineDelta === 0 || c.pair.start < edit!.newEnd ? entry : move(entry, lineDelta));
  for (let i = 0; i < head; i++) entries[i] = kept(components[i], last.entries[i]);
  for (let i = head; i < n - tail; i++) entries[i] = make(components[i]);
  for (let i = n - tail, j = old.length - tail; i < n; i++, j++) entries[i] = kept(components[i], last.entries[j]);
  return { serial, lineEpoch, components, entries };
}

/** Whether one of the components between the unchanged runs at either end was in the last parse too (kept, not re-parsed). */
function keptBetween(old: readonly Component[], now: readonly Component[], head: number, tail: number): boolean {
  if (now.length - tail - head <= 0) return false;
  const before = new Set(old.slice(head, old.length - tail));
  for (let i = head; i < now.length - tail; i++) if (before.has(now[i])) return true;
  return false;
}

/** How many items at the start and at the end of `now` are the very ones of `before` (the two runs do not overlap). */
export function sameEnds(before: readonly unknown[], now: readonly unknown[]): [number, number] {
  const n = now.length;
  const m = Math.min(n, before.length);
  let head = 0;
  while (head < m && now[head] === before[head]) head++;
  let tail = 0;
  while (tail < m - head && now[n - 1 - tail] === before[before.length - 1 - tail]) tail++;
  return [head, tail];
}

/** The last entries made per document (by URI), a few documents at a time. */
export class CarriedByUri<T> {
  private readonly byUri = new Map<string, Carried<T>>();

  get(uri: string): Carried<T> | undefined {
    return this.byUri.get(uri);
  }

  set(uri: string, c: Carried<T>): void {
    this.byUri.delete(uri);
    this.byUri.set(uri, c);
    if (this.byUri.size > 16) this.byUri.delete(this.byUri.keys().next().value!);
  }
}

/** A range moved down by `lines` (up when negative). */
export function movedRange(r: Range, lines: number): Range {
  return { start: { line: r.start.line + lines, character: r.start.character }, end: { line: r.end.line + lines, character: r.end.character } };
}

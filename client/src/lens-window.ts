// Code lenses near the view only, in a file with many of them. VS Code keeps a
// widget and a view zone for every lens it is given, and after every
// keystroke it walks all of them to move their zones (its CodeLens
// contribution, on each content change): at 5,000 components that walk is
// most of what a typed character costs the renderer beyond a small file. It
// shows, and resolves, only the lenses in view; so in a file with more than
// MANY_LENSES lenses it is given those within MARGIN_LINES of what its
// editors show, and asked to fetch them again (the provider's change event)
// when the view comes near the edge of what it was given. No `vscode` import
// at run time: unit-tested in node.

/** Up to this many lenses a file gets them all (a file of a few hundred components). */
export const MANY_LENSES = 300;
/** Lines above and below the visible ranges whose lenses are given. */
export const MARGIN_LINES = 300;
/** The view may come this close to the edge of the lines given before they are asked for again. */
const SLACK_LINES = 100;

export interface LineSpan {
  /** 0-based, inclusive. */
  start: number;
  end: number;
}

/** The lines whose lenses to give for these visible spans (merged, sorted), or undefined when nothing is visible. */
export function lensLines(visible: readonly LineSpan[], lineCount: number): LineSpan[] | undefined {
  if (!visible.length) return undefined;
  const spans = visible
    .map((v) => ({ start: Math.max(0, v.start - MARGIN_LINES), end: Math.min(lineCount - 1, v.end + MARGIN_LINES) }))
    .sort((a, b) => a.start - b.start);
  const merged: LineSpan[] = [spans[0]];
  for (const s of spans.slice(1)) {
    const last = merged[merged.length - 1];
    if (s.start <= last.end + 1) last.end = Math.max(last.end, s.end);
    else merged.push(s);
  }
  return merged;
}

/** The lenses that start on the given lines (all of them up to MANY_LENSES, or when `lines` is undefined). */
export function cutLenses<L extends { range: { start: { line: number } } }>(lenses: readonly L[], lines: readonly LineSpan[] | undefined): L[] {
  if (lenses.length <= MANY_LENSES || !lines) return lenses.slice();
  return lenses.filter((l) => lines.some((s) => l.range.start.line >= s.start && l.range.start.line <= s.end));
}

/** Whether the view has come near the edge of the lines given (an edge at the file's start or end is no edge). */
export function viewLeftLines(given: readonly LineSpan[], visible: readonly LineSpan[], lineCount: number): boolean {
  return visible.some((v) => {
    const within = given.find((g) => v.start >= g.start && v.end <= g.end);
    if (!within) return true;
    const nearTop = within.start > 0 && v.start - within.start < SLACK_LINES;
    const nearBottom = within.end < lineCount - 1 && within.end - v.end < SLACK_LINES;
    return nearTop || nearBottom;
  });
}

/**
 * Per document: which lines its lenses were last given for, so a scroll asks
 * again only when it leaves them. `refresh(uri)` fires the provider's change
 * event for that document; scrolls are coalesced over `delayMs`.
 */
export class LensWindow {
  private readonly given = new Map<string, LineSpan[]>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly refresh: (uri: string) => void,
    private readonly delayMs = 60,
  ) {}

  /** The lenses to give VS Code for a document with these visible spans. */
  cut<L extends { range: { start: { line: number } } }>(uri: string, lenses: readonly L[], visible: readonly LineSpan[], lineCount: number): L[] {
    if (lenses.length <= MANY_LENSES) {
      this.given.delete(uri);
      return lenses.slice();
    }
    // No editor shows it (yet): the top of the file, as an editor opening it would show.
    const lines = lensLines(visible.length ? visible : [{ start: 0, end: 0 }], lineCount)!;
    this.given.set(uri, lines);
    this.cancel(uri); // a scroll's refresh still to come is this request
    return cutLenses(lenses, lines);
  }

  /** The visible spans of a document's editor changed: ask for its lenses again if the view left what was given. */
  scrolled(uri: string, visible: readonly LineSpan[], lineCount: number): void {
    const given = this.given.get(uri);
    if (!given || !visible.length || !viewLeftLines(given, visible, lineCount)) return;
    this.cancel(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.refresh(uri);
      }, this.delayMs),
    );
  }

  forget(uri: string): void {
    this.given.delete(uri);
    this.cancel(uri);
  }

  private cancel(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.given.clear();
  }
}

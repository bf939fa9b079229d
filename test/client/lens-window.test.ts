// The lenses VS Code is given in a file with many components: those near the view, asked for again once the view
// comes near the edge of what was given (client/src/lens-window.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LensWindow, MANY_LENSES, MARGIN_LINES, cutLenses, lensLines, viewLeftLines } from '../../client/src/lens-window';

/** One lens every 11 lines, as a generated pipeline has one per component. */
const lensesOf = (n: number) => Array.from({ length: n }, (_, i) => ({ range: { start: { line: i * 11 } }, id: `c${i}` }));
const LINES = 5000 * 11;

test('a file with few lenses gets them all, wherever the view is', () => {
  const few = lensesOf(MANY_LENSES);
  assert.deepEqual(cutLenses(few, [{ start: 0, end: 10 }]), few);
  const w = new LensWindow(() => assert.fail('no refresh for a small file'));
  assert.deepEqual(w.cut('a', few, [{ start: 2000, end: 2040 }], 3400), few);
  w.scrolled('a', [{ start: 0, end: 40 }], 3400);
  w.dispose();
});

test('a file with many lenses gets those within the margin of each visible span, each once', () => {
  const all = lensesOf(5000);
  const lines = lensLines(
    [
      { start: 30000, end: 30040 },
      { start: 100, end: 140 },
      { start: 30020, end: 30060 },
    ],
    LINES,
  )!;
  assert.deepEqual(lines, [
    { start: 0, end: 140 + MARGIN_LINES },
    { start: 30000 - MARGIN_LINES, end: 30060 + MARGIN_LINES },
  ]);
  const cut = cutLenses(all, lines);
  const expected = all.filter((l) => lines.some((s) => l.range.start.line >= s.start && l.range.start.line <= s.end));
  assert.deepEqual(cut, expected);
  assert.ok(cut.length > 50 && cut.length < 200, `${cut.length} lenses`);
  assert.equal(new Set(cut).size, cut.length);
  // The end of the file is a hard edge.
  assert.deepEqual(lensLines([{ start: LINES - 30, end: LINES - 1 }], LINES), [{ start: LINES - 30 - MARGIN_LINES, end: LINES - 1 }]);
  assert.equal(lensLines([], LINES), undefined);
});

test('the view asks again only when it comes near an edge of what was given, not at the file’s own edges', () => {
  const given = lensLines([{ start: 1000, end: 1040 }], LINES)!;
  assert.equal(viewLeftLines(given, [{ start: 1000, end: 1040 }], LINES), false);
  assert.equal(viewLeftLines(given, [{ start: 1200, end: 1240 }], LINES), false);
  assert.equal(viewLeftLines(given, [{ start: 1260, end: 1300 }], LINES), true, 'near the bottom edge');
  assert.equal(viewLeftLines(given, [{ start: 740, end: 780 }], LINES), true, 'near the top edge');
  assert.equal(viewLeftLines(given, [{ start: 40000, end: 40040 }], LINES), true, 'far away');
  const top = lensLines([{ start: 0, end: 40 }], LINES)!;
  assert.equal(viewLeftLines(top, [{ start: 0, end: 40 }], LINES), false, 'the file starts there');
  const end = lensLines([{ start: LINES - 41, end: LINES - 1 }], LINES)!;
  assert.equal(viewLeftLines(end, [{ start: LINES - 41, end: LINES - 1 }], LINES), false, 'the file ends there');
});

test('a scroll past the lenses given refreshes that document once, after the scrolls settle; a new list cancels it', async () => {
  const refreshed: string[] = [];
  const w = new LensWindow((uri) => refreshed.push(uri), 5);
  const all = lensesOf(5000);
  const cut = w.cut('doc', all, [{ start: 0, end: 40 }], LINES);
  assert.ok(cut.length < all.length && cut.every((l) => l.range.start.line <= 40 + MARGIN_LINES));
  w.scrolled('doc', [{ start: 100, end: 140 }], LINES); // still inside
  w.scrolled('other', [{ start: 9000, end: 9040 }], LINES); // never given: not ours to refresh
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(refreshed, []);
  for (const start of [20000, 20100, 20200]) w.scrolled('doc', [{ start, end: start + 40 }], LINES);
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(refreshed, ['doc']);
  // The list VS Code asks for meanwhile is the refresh: the pending one is dropped.
  w.scrolled('doc', [{ start: 40000, end: 40040 }], LINES);
  const again = w.cut('doc', all, [{ start: 40000, end: 40040 }], LINES);
  assert.ok(again.some((l) => l.range.start.line >= 40000 && l.range.start.line <= 40040));
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(refreshed, ['doc']);
  // Closed: forgotten, nothing more to refresh.
  w.forget('doc');
  w.scrolled('doc', [{ start: 0, end: 40 }], LINES);
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(refreshed, ['doc']);
  w.dispose();
});

test('a document no editor shows yet gets the lenses at its top', () => {
  const w = new LensWindow(() => undefined);
  const cut = w.cut('doc', lensesOf(5000), [], LINES);
  assert.ok(cut.length > 0 && cut.every((l) => l.range.start.line <= MARGIN_LINES));
  w.dispose();
});

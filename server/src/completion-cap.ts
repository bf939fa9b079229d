// A very big file offers a very long completion list: 11,000 ids in a
// 10,000-component pipeline, 2 MB of JSON per keystroke. Past a limit, the
// list is cut to the entries the typed word could match and marked
// incomplete, so the editor asks again as the user types (as the LSP
// intends). Smaller lists are sent whole and complete, for the editor to
// filter.
import type { CompletionEntry } from '../../core/src/language/index';

export const MAX_COMPLETION_ITEMS = 1000;

/** The word being typed: the identifier-like text just before the cursor on its line (a backward scan: linear on any line). */
export function typedWord(lineBeforeCursor: string): string {
  let i = lineBeforeCursor.length;
  while (i > 0 && WORD.test(lineBeforeCursor[i - 1])) i--;
  return lineBeforeCursor.slice(i);
}
const WORD = /[A-Za-z0-9_.$*-]/;

/**
 * The entries to send. Past `max`: those whose filter text contains the
 * typed word as a subsequence (the editor's fuzzy match never shows any
 * other), the first `max` of them — those that begin with the word first,
 * then in the editor's order (sort text, then label) — and `isIncomplete`.
 */
export function capCompletions(entries: CompletionEntry[], typed: string, max = MAX_COMPLETION_ITEMS): { entries: CompletionEntry[]; isIncomplete: boolean } {
  if (entries.length <= max) return { entries, isIncomplete: false };
  const want = typed.toLowerCase();
  const matching = want ? entries.filter((e) => isSubsequence(want, (e.filterText ?? e.label).toLowerCase())) : entries;
  if (matching.length <= max) return { entries: matching, isIncomplete: true };
  const ranked = matching.map((e, i) => ({ e, i, prefix: (e.filterText ?? e.label).toLowerCase().startsWith(want) ? 0 : 1, key: e.sortText ?? e.label }));
  const first = ranked
    .sort((a, b) => a.prefix - b.prefix || (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i))
    .slice(0, max)
    .map((x) => x.e);
  return { entries: first, isIncomplete: true };
}

function isSubsequence(want: string, text: string): boolean {
  let j = 0;
  for (let i = 0; i < text.length && j < want.length; i++) if (text[i] === want[j]) j++;
  return j === want.length;
}

// "Did you mean" suggestions: the closest candidates by edit distance. Used
// for keys, enum values, component types, ids, route names and fields.

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  // The table is |a| x |b|: for absurdly long strings (a 100k-character id) answer the upper bound instead of running out of memory.
  if (a.length * b.length > 4_000_000) return Math.max(a.length, b.length);
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  return rows[a.length][b.length];
}

/** Default tolerance: a third of the word's length, at least 1, at most 3. */
export function defaultMaxDistance(word: string): number {
  return Math.max(1, Math.min(3, Math.floor(word.length / 3)));
}

/**
 * Candidates within `maxDistance` edits of `word` (case differences count as
 * half an edit), closest first, ties in the candidates' order. `word` itself
 * is never suggested.
 */
export function closest(word: string, candidates: Iterable<string>, maxDistance = defaultMaxDistance(word)): string[] {
  const scored: Array<{ c: string; d: number; i: number }> = [];
  let i = 0;
  for (const c of candidates) {
    i++;
    if (c === word || scored.some((s) => s.c === c)) continue;
    const d = c.toLowerCase() === word.toLowerCase() ? 0.5 : editDistance(word.toLowerCase(), c.toLowerCase());
    if (d <= maxDistance) scored.push({ c, d, i });
  }
  return scored.sort((x, y) => x.d - y.d || x.i - y.i).map((s) => s.c);
}

/** ` ; did you mean 'x'?` or the empty string. */
export function didYouMean(suggestions: string[]): string {
  return suggestions.length ? `; did you mean '${suggestions[0]}'?` : '';
}

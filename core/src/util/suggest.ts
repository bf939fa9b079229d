// "Did you mean" suggestions, the one home of them: the closest candidates by
// edit distance, for keys, enum values, component types, ids, route names,
// schemas, fields and functions. `closest` is the reference ranking (a
// property test holds it to `editDistance`, the plain table); `nearest`
// gives its best three fast, for the rules that search thousands of ids (a
// property test holds the two together); `didYouMean` words the hint.

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
  const w = word.toLowerCase();
  // Distances are whole numbers: within maxDistance is within its floor, and the banded alignment stops past it
  // (hundreds of unknown fields in a big file each compared with their component's fields: no table per pair).
  const limit = Math.floor(maxDistance);
  let i = 0;
  for (const c of candidates) {
    i++;
    if (c === word || scored.some((s) => s.c === c)) continue;
    const lower = c.toLowerCase();
    const d = lower === w ? 0.5 : w.length * lower.length > 4_000_000 ? editDistance(w, lower) : boundedOsa(w, lower, limit);
    if (d <= maxDistance) scored.push({ c, d, i });
  }
  return scored.sort((x, y) => x.d - y.d || x.i - y.i).map((s) => s.c);
}

/**
 * `; did you mean 'x'?`, `; did you mean 'x' or 'y'?` (the first `max`
 * candidates), or '' when there is none.
 */
export function didYouMean(candidates: string[], max = 1): string {
  if (candidates.length === 0) return '';
  const quoted = candidates.slice(0, max).map((c) => `'${c}'`);
  return `; did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`}?`;
}

/**
 * Did-you-mean candidates for `word`, best first (at most 3), by the
 * project's rule (util/suggest `closest`, which a property test holds it to).
 * Cheap exact bounds and a banded distance with an early exit discard far
 * candidates; the survivors are ranked as they come. Each
 * analysis has a budget of comparisons (`budget`), so thousands of unknown
 * references against thousands of ids (say, a fragment that failed to load)
 * cost a bounded time; past it, messages go without suggestions.
 */
export function nearest(word: string, candidates: readonly string[], budget?: { left: number }): string[] {
  const max = defaultMaxDistance(word);
  const w = word.toLowerCase();
  const counts = charCounts(w);
  const wordMask = charMask(w);
  const masks = masksOf(candidates);
  // The best three so far, by distance then candidate order (as `closest` ranks them). Once there are three, a
  // later candidate must be strictly closer to enter, so the bound tightens: ids that differ by a digit
  // (`g12_agg`, `g13_agg`) would otherwise send hundreds of candidates of a big file through the alignment.
  const best: Array<{ c: string; d: number }> = [];
  const seen = new Set<string>();
  let limit = max;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (Math.abs(c.length - w.length) > limit) continue;
    if (wordMask !== NO_MASK && masks[i] !== NO_MASK && popcount(wordMask ^ masks[i]) > 2 * limit) continue;
    if (counts && histogramDistance(counts, w.length, c) > 2 * limit) continue;
    if (budget && --budget.left < 0) return [];
    const osa = boundedOsa(w, c.toLowerCase(), limit);
    if (osa > limit || c === word || seen.has(c)) continue;
    seen.add(c);
    const d = osa === 0 ? 0.5 : osa; // a difference of case only counts as half an edit
    let at = best.length;
    while (at > 0 && best[at - 1].d > d) at--;
    best.splice(at, 0, { c, d });
    if (best.length < 3) continue;
    best.length = 3;
    if (best[2].d === 0.5) break; // nothing is closer than a difference of case
    limit = Math.ceil(best[2].d) - 1;
  }
  return best.map((b) => b.c);
}

/**
 * Which characters a word has, as bits (code mod 32, ASCII case ignored).
 * Each character present in one word and absent from the other adds at least
 * 1 to the histogram distance, so more than 2 x max differing bits rules a
 * candidate out in a few instructions (shared bits only weaken the bound).
 */
const NO_MASK = -1; // also what 32 distinct classes give: then the filter merely steps aside

function charMask(s: string): number {
  let m = 0;
  for (let i = 0; i < s.length; i++) {
    let code = s.charCodeAt(i);
    if (code >= 65 && code <= 90) code += 32;
    else if (code >= 128) return NO_MASK; // non-ASCII: lowercasing may change the letters; no bound from the mask
    m |= 1 << (code & 31);
  }
  return m;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Candidates' masks, computed once per list (the id lists are cached per analysis and never modified). */
const maskCache = new WeakMap<readonly string[], Int32Array>();
function masksOf(candidates: readonly string[]): Int32Array {
  let masks = maskCache.get(candidates);
  if (!masks || masks.length !== candidates.length) {
    masks = new Int32Array(candidates.length);
    for (let i = 0; i < candidates.length; i++) masks[i] = charMask(candidates[i]);
    maskCache.set(candidates, masks);
  }
  return masks;
}

/** Character counts of an ASCII word, or undefined (then no histogram filter). */
function charCounts(w: string): Int16Array | undefined {
  const counts = new Int16Array(128);
  for (let i = 0; i < w.length; i++) {
    const code = w.charCodeAt(i);
    if (code >= 128) return undefined;
    counts[code]++;
  }
  return counts;
}

/**
 * The L1 distance between the character counts of the word (`counts`, of a
 * word `length` long) and of `c`, ignoring ASCII case. An edit changes it by
 * at most 2 (a transposition not at all), so a candidate above twice the
 * allowed distance is out without aligning it: a cheap, exact filter.
 * `counts` is restored before returning.
 */
function histogramDistance(counts: Int16Array, length: number, c: string): number {
  let l1 = length;
  let i = 0;
  for (; i < c.length; i++) {
    let code = c.charCodeAt(i);
    if (code >= 128) break;
    if (code >= 65 && code <= 90) code += 32;
    l1 += counts[code] > 0 ? -1 : 1;
    counts[code]--;
  }
  const seen = i;
  for (let j = 0; j < seen; j++) {
    let code = c.charCodeAt(j);
    if (code >= 65 && code <= 90) code += 32;
    counts[code]++;
  }
  return seen === c.length ? l1 : 0; // a non-ASCII candidate: no bound, align it
}

/** Comparisons allowed per analysis for did-you-mean searches. */
export const SUGGEST_BUDGET = 2_000_000;
const budgets = new WeakMap<object, { left: number }>();

/** The did-you-mean budget of one analysis. */
export function suggestBudget(ctx: object): { left: number } {
  let b = budgets.get(ctx);
  if (!b) budgets.set(ctx, (b = { left: SUGGEST_BUDGET }));
  return b;
}

let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Optimal string alignment distance (as util/suggest), or a value above `max` as soon as every alignment exceeds it. */
function boundedOsa(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const n = b.length;
  if (Math.abs(a.length - n) > max) return max + 1;
  if (rows[0].length <= n + 1) rows = [new Int32Array(n + 2), new Int32Array(n + 2), new Int32Array(n + 2)];
  // Plain assignments, no array destructuring: the interpreter (a fresh server's first analysis) allocates an
  // array and an iterator for each.
  let prev2 = rows[0];
  let prev = rows[1];
  let cur = rows[2];
  for (let j = 0; j <= n; j++) prev[j] = j;
  let prevMin = 0;
  for (let i = 1; i <= a.length; i++) {
    // Only the band |i - j| <= max can stay within max (O(len x max), not O(len^2)); the cells just outside it read as max + 1.
    const lo = Math.max(1, i - max);
    const hi = Math.min(n, i + max);
    cur[0] = i;
    if (lo > 1) cur[lo - 1] = max + 1;
    if (hi < n) cur[hi + 1] = max + 1;
    let rowMin = lo === 1 ? i : max + 1;
    const ai = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // OSA can reach back two rows, so stop only when both rows exceed max.
    if (rowMin > max && prevMin > max) return rowMin;
    prevMin = rowMin;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[n];
}


// Maps an index in a scalar's value to an offset in the file, so findings
// inside expressions (and other strings) point at the exact column. Works for
// plain, quoted and block scalars by aligning the value with the raw source:
// every non-blank character of the value appears in order in the source;
// what the source has in addition is quotes, escapes, indentation and folding.
import type { YScalar } from '../parse/tree';

export type OffsetMap = (index: number) => number;

export function scalarOffsetMap(fileText: string, node: YScalar): OffsetMap {
  const value = node.value === null ? '' : String(node.value);
  const raw = fileText.slice(node.start, node.end);
  let from = node.start;
  if (node.quoted) from += 1;
  else if (/^[|>]/.test(raw)) {
    const nl = raw.search(/\r?\n/);
    from = nl < 0 ? node.end : node.start + nl + 1;
  }
  const end = node.quoted ? Math.max(from, node.end - 1) : node.end;
  // Fast path: the value is written verbatim (plain one-liners, quoted without escapes).
  if (fileText.slice(from, from + value.length) === value) return (i) => from + Math.max(0, Math.min(i, value.length));

  const positions: number[] = new Array(value.length);
  let p = from;
  let lastEnd = from;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c.trim() === '') {
      positions[i] = -1;
      continue;
    }
    let q = p;
    while (q < end && fileText[q] !== c) q++;
    if (q < end) {
      positions[i] = q;
      p = q + 1;
      lastEnd = p;
    } else positions[i] = -1; // an escape such as \x41: keep the previous position
  }
  // Blanks and unmatched characters take the position after the previous character.
  let prev = from;
  for (let i = 0; i < value.length; i++) {
    if (positions[i] < 0) positions[i] = prev;
    else prev = positions[i] + 1;
  }
  return (i) => (i < 0 ? from : i < value.length ? positions[i] : lastEnd);
}

// Document and range formatting of pipeline (and test) files: the `yaml`
// package's Document round-trip, which keeps comments, key order, quoting
// styles, flow collections and anchors, printed with the YAML conventions
// (2-space indent, sequences indented under their key, one space before a
// trailing comment, at most one blank line in a row, no line folding).
// Never throws and never changes what the file means: a text that does not
// parse, or whose formatted form would read differently or lose a comment,
// is left alone (no edits).
import { parseDocument, isDocument } from 'yaml';
import { MAX_FILE_BYTES } from '../parse/yaml';
import type { Range } from '../types';
import type { TextEdit } from './types';

/** Alias uses `toJS` may expand while comparing data (the yaml package's guard against alias bombs). */
const MAX_ALIAS_COUNT = 1_000;

const PRINT = { indent: 2, indentSeq: true, lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false } as const;

/** The formatted text, or undefined when the text is left alone (syntax errors, or formatting would change its data or comments). */
export function formatText(text: string): string | undefined {
  // A file the analysis refuses as too large is not formatted either (more
  // characters than the byte limit means more bytes than it too).
  if (text.length > MAX_FILE_BYTES) return undefined;
  try {
    const first = printOnce(text);
    if (first === undefined) return undefined;
    // The printer converges in one step on everything we have seen; a second pass makes sure.
    const second = printOnce(first);
    const out = second ?? first;
    if (printOnce(out) !== out) return undefined;
    if (!sameData(text, out) || comments(text) !== comments(out)) return undefined;
    return out;
  } catch {
    return undefined;
  }
}

function printOnce(text: string): string | undefined {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  if (!isDocument(doc) || doc.errors.length) return undefined;
  const printed = rejoinKeyComments(text, doc.toString(PRINT));
  const squeezed = squeezeBlankLines(printed);
  // Blank lines inside block scalars are content: squeeze only when the data stays the same.
  return squeezed !== printed && !sameData(printed, squeezed) ? printed : squeezed;
}

/**
 * The printer moves a comment that trails a key with a nested value
 * (`by_risk:   # note`) to a line of its own below the key. Put such comments
 * back where the author wrote them, in order.
 */
const KEY_COMMENT = /^\s*(?:- )?[^\s#'"][^#'"]*:\s+(#.*?)\s*$/;

function rejoinKeyComments(original: string, printed: string): string {
  const trailing: string[] = [];
  for (const line of original.split(/\r?\n/)) {
    const m = KEY_COMMENT.exec(line);
    if (m) trailing.push(m[1]);
  }
  if (!trailing.length) return printed;
  const lines = printed.split('\n');
  const out: string[] = [];
  let next = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (next < trailing.length && /:$/.test(line) && !line.trimStart().startsWith('#') && lines[i + 1]?.trim() === trailing[next]) {
      out.push(`${line} ${trailing[next++]}`);
      i++;
      continue;
    }
    if (next < trailing.length && KEY_COMMENT.exec(line)?.[1] === trailing[next]) next++;
    out.push(line);
  }
  return out.join('\n');
}

function squeezeBlankLines(text: string): string {
  return text.replace(/\n(?:[ \t]*\n){2,}/g, '\n\n').replace(/\n+$/, '\n');
}

function sameData(a: string, b: string): boolean {
  const da = parseDocument(a, { uniqueKeys: false });
  const db = parseDocument(b, { uniqueKeys: false });
  // Bounded alias expansion: an alias bomb throws here, and formatText leaves
  // the text alone (the analysis reports it as VX001).
  return JSON.stringify(da.toJS({ maxAliasCount: MAX_ALIAS_COUNT })) === JSON.stringify(db.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
}

/** The comments of a text, in order (their text, not their place). */
function comments(text: string): string {
  const doc = parseDocument(text, { uniqueKeys: false });
  const out: string[] = [];
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    const o = n as { comment?: string | null; commentBefore?: string | null; items?: unknown[]; key?: unknown; value?: unknown };
    if (o.commentBefore) out.push(o.commentBefore);
    if (Array.isArray(o.items)) for (const i of o.items) visit(i);
    if ('key' in o) visit(o.key);
    if ('value' in o) visit(o.value);
    if (o.comment) out.push(o.comment);
  };
  if (doc.commentBefore) out.push(doc.commentBefore);
  visit(doc.contents);
  if (doc.comment) out.push(doc.comment);
  return out
    .join('\n')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
}

/** Edits that turn `text` into its formatted form; with `range`, only the changes on the lines the range touches. */
export function formatEdits(text: string, range?: Range): TextEdit[] {
  const formatted = formatText(text);
  if (formatted === undefined || formatted === text) return [];
  const hunks = lineHunks(text.split('\n'), formatted.split('\n'));
  const keep = range ? hunks.filter((h) => h.start <= range.end.line && h.end >= range.start.line && (h.end > h.start || h.start >= range.start.line)) : hunks;
  return keep.map((h) => ({
    range: { start: { line: h.start, character: 0 }, end: { line: h.end, character: 0 } },
    newText: h.lines.map((l) => `${l}\n`).join(''),
  }));
}

interface Hunk {
  /** Lines [start, end) of the old text are replaced by `lines`. */
  start: number;
  end: number;
  lines: string[];
}

/** Above this many cells the middle part is one hunk (a formatter's changes are few and local). */
const MAX_DIFF_CELLS = 4_000_000;

/** A line diff (longest common subsequence) as replacement hunks. The last line of each side has no newline after it: both are compared with one added. */
function lineHunks(oldLines: string[], newLines: string[]): Hunk[] {
  // Work on "line\n" units: the texts may differ only in a final newline.
  const a = oldLines.map((l, i) => (i < oldLines.length - 1 ? l : l === '' ? null : l));
  const b = newLines.map((l, i) => (i < newLines.length - 1 ? l : l === '' ? null : l));
  if (a[a.length - 1] === null) a.pop();
  if (b[b.length - 1] === null) b.pop();
  const A = a as string[];
  const B = b as string[];
  // An old last line without its newline differs from the same line with one.
  if (oldLines[oldLines.length - 1] !== '' && A.length) A[A.length - 1] += '\u0000';
  let pre = 0;
  while (pre < A.length && pre < B.length && A[pre] === B[pre]) pre++;
  let suf = 0;
  while (suf < A.length - pre && suf < B.length - pre && A[A.length - 1 - suf] === B[B.length - 1 - suf]) suf++;
  const n = A.length - pre - suf;
  const m = B.length - pre - suf;
  if (n === 0 && m === 0) return [];
  if (n * m > MAX_DIFF_CELLS || n === 0 || m === 0) return [{ start: pre, end: pre + n, lines: B.slice(pre, pre + m) }];
  // lcs[i][j]: common lines of A[pre+i..] and B[pre+j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = A[pre + i] === B[pre + j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  let open: Hunk | undefined;
  const close = () => {
    if (open) hunks.push(open);
    open = undefined;
  };
  while (i < n || j < m) {
    if (i < n && j < m && A[pre + i] === B[pre + j]) {
      close();
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      open ??= { start: pre + i, end: pre + i, lines: [] };
      open.lines.push(B[pre + j++]);
    } else {
      open ??= { start: pre + i, end: pre + i, lines: [] };
      open.end = pre + ++i;
    }
  }
  close();
  return hunks;
}

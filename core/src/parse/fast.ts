// A fast path for the plain YAML that pipeline files are made of: block
// mappings, `- scalar` lists, one-line flow lists and maps, plain and simple
// quoted scalars, comments. It builds our tree directly, with the same values
// and offsets as the `yaml` package gives (parse/yaml.ts), several times
// faster. It is deliberately strict: on anything else (block scalars, escapes,
// anchors, multi-line values, odd keys, numbers it is not sure of, any
// irregular indentation) it returns undefined and the `yaml` package parses
// the text, so errors are always that parser's. Differential tests compare
// the two on examples, generated pipelines and random mutations.
import type { ParsedYaml, YMap, YNode, YPair, YScalar, YSeq } from './tree';
import { ownCopy } from '../text';

class Bail extends Error {}

/**
 * The first `what` in [from, to), or -1, remembering the next one in `memo`:
 * the parse asks at places that only move forward, so each occurrence is
 * searched for once, and a line without one costs no scan of the text after it.
 */
function within(text: string, base: number, what: string, memo: { from: number; at: number }, from: number, to: number): number {
  if (from < memo.from || from > memo.at) {
    const i = text.indexOf(what, from - base);
    memo.at = i < 0 ? Infinity : i + base;
  }
  memo.from = from;
  return memo.at + what.length <= to ? memo.at : -1;
}
const bail = (): never => {
  throw new Bail();
};

const KEY = /^[A-Za-z_$][A-Za-z0-9_\-.$]*$/;
const INT = /^[-+]?[0-9]{1,15}$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_WORDS = new Set(['~', 'null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
/**
 * Keys already read, each kept once: a pipeline repeats a few dozen keys
 * thousands of times. One string per key saves memory, and its checks, and
 * lets every later comparison with it be the same string (a key found here
 * passed KEY and SPECIAL_WORDS before). Short keys only (longer cuts share
 * their chunk's text), and at most 4,096 of them.
 */
const KEY_TEXTS = new Map<string, string>();
/** Mappings with more keys than this check for duplicates with a Set. */
const FEW_KEYS = 16;
/** Characters that may not start a plain scalar (or that we leave to the full parser). */
const NO_START = new Set('?:,[]{}#&*!|>\'"%@`-'.split(''));

interface Line {
  start: number;
  /** End of content, excluding the line break. */
  end: number;
  /** Offset after the line break (or the text's end). */
  next: number;
  indent: number;
  /** True for blank and comment-only lines. */
  empty: boolean;
}

/**
 * Parses `text` from `from` to `to` (offsets stay those of `text`), or returns
 * undefined. Long strings in the tree are cut from a private copy of the
 * range, never from `text`: a chunk's tree may outlive its file version, and
 * V8 keeps a whole string alive while any slice of it lives.
 */
export function fastParse(text: string, from = 0, to = text.length): ParsedYaml | undefined {
  const range = text.slice(from, to);
  if (range.indexOf('\t') >= 0 || range.indexOf('\r') >= 0 || range.indexOf('\\') >= 0) return undefined;
  const lines: Line[] = [];
  for (let pos = from; pos < to; ) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0 || eol >= to) eol = to;
    const next = eol < to ? eol + 1 : to;
    let i = pos;
    while (i < eol && text.charCodeAt(i) === 32) i++;
    lines.push({ start: pos, end: eol, next, indent: i - pos, empty: i === eol || text.charCodeAt(i) === 35 });
    pos = next;
  }
  try {
    // Strings in the tree are cut from `source`: the range's own copy when it is part of `text`.
    const whole = from === 0 && to === text.length;
    const p = new FastParser(text, lines, whole ? text : ownCopy(range), from);
    const problems: ParsedYaml['problems'] = [];
    return { root: p.document(), problems };
  } catch (e) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
}

class FastParser {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly lines: Line[],
    /** The text from `base` on, with nothing else: what strings in the tree are cut from. */
    private readonly source: string,
    private readonly base: number,
  ) {}

  /** indexOf bounded to [from, to), in the parsed range alone (a missing character costs no scan of the rest of the file). */
  private find(what: string, from: number, to: number): number {
    const i = this.source.indexOf(what, from - this.base);
    return i >= 0 && i + this.base + what.length <= to ? i + this.base : -1;
  }

  /** text.slice(from, to), cut from the private copy. */
  private cut(from: number, to: number): string {
    return this.source.slice(from - this.base, to - this.base);
  }

  /**
   * The next ` #` and `: ` at or after the place last asked (searched again only when asked before it or past it).
   * Both fields start as doubles (Infinity) and stay so: a field that went from a small integer to a double would
   * change its object's shape in V8, and every later parser's copy of the literal would take V8's slow path.
   */
  private readonly comments = { from: Infinity, at: Infinity };
  private readonly colons = { from: Infinity, at: Infinity };

  /** The first ` #` (a comment) in [from, to), or -1. */
  private comment(from: number, to: number): number {
    return within(this.source, this.base, ' #', this.comments, from, to);
  }

  /** The first `: ` in [from, to), or -1. */
  private colonSpace(from: number, to: number): number {
    return within(this.source, this.base, ': ', this.colons, from, to);
  }

  document(): YNode | undefined {
    this.skipEmpty();
    if (this.i >= this.lines.length) return undefined;
    const first = this.lines[this.i];
    // A comment indented deeper than the content after it stretches the
    // enclosing collection's range in the yaml package: leave those to it.
    let nextIndent = first.indent;
    for (let k = this.lines.length - 1; k >= this.i; k--) {
      const l = this.lines[k];
      if (!l.empty) nextIndent = l.indent;
      else if (l.end > l.start + l.indent && l.indent > nextIndent) bail();
    }
    const node = this.block(first.indent);
    this.skipEmpty();
    if (this.i < this.lines.length) bail();
    return node;
  }

  private skipEmpty(): void {
    while (this.i < this.lines.length && this.lines[this.i].empty) this.i++;
  }

  private depth = 0;

  /** A block mapping or sequence whose items start at `indent`. */
  private block(indent: number): YMap | YSeq {
    // Pipelines nest a few levels; deep nesting is left to the full parser and its limits.
    if (++this.depth > 32) bail();
    const line = this.lines[this.i];
    const c = this.text.charCodeAt(line.start + indent);
    const node = c === 45 /* - */ ? this.seq(indent) : this.map(indent);
    this.depth--;
    return node;
  }

  /** The next line of a block whose items start at `indent`; undefined at the block's end. */
  private itemLine(indent: number): Line | undefined {
    this.skipEmpty();
    const line = this.lines[this.i];
    if (!line || line.indent < indent) return undefined;
    if (line.indent > indent) bail();
    return line;
  }

  private map(indent: number): YMap {
    const pairs: YPair[] = [];
    // Duplicate keys: the full parser reports them. Keys are plain strings here; most mappings have a few,
    // compared directly (a Set per mapping costs more at start-up), and a large one gets a Set.
    let seen: Set<unknown> | undefined;
    let end = 0;
    for (let line = this.itemLine(indent); line; line = this.itemLine(indent)) {
      const pair = this.pair(line, indent);
      const key = pair.key.value;
      if (seen) {
        if (seen.has(key)) bail();
        seen.add(key);
      } else {
        for (let k = 0; k < pairs.length; k++) if (pairs[k].key.value === key) bail();
        if (pairs.length === FEW_KEYS) seen = new Set([...pairs.map((q) => q.key.value), key]);
      }
      pairs.push(pair);
      // As the yaml package does: a block map ends after its last line, or at
      // its last value when that is a nested block or an empty value.
      const v = pair.value;
      end = v && ((v.kind !== 'scalar' && !v.flow) || (v.kind === 'scalar' && v.value === null && v.start === v.end)) ? v.end : this.lastEnd;
    }
    if (!pairs.length) bail();
    return { kind: 'map', pairs, flow: false, start: pairs[0].start, end };
  }

  /** Offset after the line break of the last line consumed. */
  private lastEnd = 0;

  private pair(line: Line, indent: number): YPair {
    const t = this.text;
    const keyStart = line.start + indent;
    const colon = this.find(':', keyStart, line.end);
    if (colon < 0) bail();
    const cutKey = this.cut(keyStart, colon);
    const seen = KEY_TEXTS.get(cutKey);
    let keyText: string;
    if (seen !== undefined) keyText = seen;
    else {
      if (!KEY.test(cutKey) || SPECIAL_WORDS.has(cutKey)) bail();
      keyText = cutKey;
      if (KEY_TEXTS.size < 4096 && cutKey.length < 13) KEY_TEXTS.set(cutKey, cutKey);
    }
    const key: YScalar = { kind: 'scalar', value: keyText, source: keyText, quoted: false, start: keyStart, end: colon };
    let p = colon + 1;
    if (p < line.end && t.charCodeAt(p) !== 32) bail();
    while (p < line.end && t.charCodeAt(p) === 32) p++;
    this.i++;
    this.lastEnd = line.next;
    if (p === line.end || t.charCodeAt(p) === 35) {
      if (p > colon + 1 && t.charCodeAt(p) === 35 && t.charCodeAt(p - 1) !== 32) bail();
      // A nested block, or an empty value.
      const save = this.i;
      this.skipEmpty();
      const nextLine = this.lines[this.i];
      if (nextLine && nextLine.indent > indent) {
        const value = this.block(nextLine.indent);
        return { key, value, start: key.start, end: Math.max(key.end, value.end) };
      }
      // An empty value followed by comment lines: the yaml package stretches ranges over them.
      for (let k = save; k < this.i; k++) if (this.lines[k].end > this.lines[k].start + this.lines[k].indent) bail();
      this.i = save;
      if (t.charCodeAt(p) === 35) bail(); // `key: # comment` then nothing: leave its offsets to the full parser
      const value: YScalar = { kind: 'scalar', value: null, source: '', quoted: false, start: p, end: p };
      return { key, value, start: key.start, end: Math.max(key.end, value.end) };
    }
    const value = this.inlineValue(p, line.end);
    return { key, value, start: key.start, end: Math.max(key.end, value.end) };
  }

  private seq(indent: number): YSeq {
    const items: YNode[] = [];
    let start = -1;
    let end = 0;
    for (let line = this.itemLine(indent); line; line = this.itemLine(indent)) {
      const dash = line.start + indent;
      if (this.text.charCodeAt(dash) !== 45 || this.text.charCodeAt(dash + 1) !== 32) bail();
      if (start < 0) start = dash;
      let p = dash + 1;
      while (p < line.end && this.text.charCodeAt(p) === 32) p++;
      if (p === line.end || this.text.charCodeAt(p) === 35) bail(); // nested or empty items
      // `- key: value` items are mappings: leave them to the full parser.
      if (this.colonSpace(p, line.end) >= 0 || this.text.charCodeAt(line.end - 1) === 58) bail();
      items.push(this.inlineValue(p, line.end));
      this.i++;
      end = line.next;
      this.lastEnd = end;
    }
    if (!items.length) bail();
    return { kind: 'seq', items, flow: false, start, end };
  }

  /** A value that starts at `p` and ends on this line (optionally followed by a comment). */
  private inlineValue(p: number, lineEnd: number): YNode {
    const t = this.text;
    const c = t[p];
    let node: YNode;
    let after: number;
    if (c === '[' || c === '{') {
      [node, after] = this.flow(p, lineEnd);
    } else if (c === '"' || c === "'") {
      const close = this.find(c, p + 1, lineEnd);
      if (close < 0) bail();
      const inner = this.cut(p + 1, close);
      if (c === "'" && t[close + 1] === "'") bail();
      node = { kind: 'scalar', value: inner, source: inner, quoted: true, start: p, end: close + 1 };
      after = close + 1;
    } else {
      // A plain scalar in block context: up to ` #` or the end of the line.
      let end = this.comment(p, lineEnd);
      if (end < 0) end = lineEnd;
      while (end > p && t.charCodeAt(end - 1) === 32) end--;
      const raw = this.cut(p, end);
      if (raw.includes(': ') || raw.endsWith(':')) bail();
      node = this.plain(raw, p, end);
      after = end;
    }
    // Only spaces and a comment may follow.
    let q = after;
    while (q < lineEnd && t.charCodeAt(q) === 32) q++;
    if (q < lineEnd && (t.charCodeAt(q) !== 35 || q === after)) bail();
    return node;
  }

  private plain(raw: string, start: number, end: number): YScalar {
    if (!raw) bail();
    const first = raw[0];
    if (NO_START.has(first) && !(first === '-' && /^-[0-9.]/.test(raw))) bail();
    let value: YScalar['value'] = raw;
    const c = raw.charCodeAt(0);
    if (SPECIAL_WORDS.has(raw)) {
      value = raw === '~' || raw.toLowerCase() === 'null' ? null : raw.toLowerCase() === 'true';
    } else if (c === 45 /* - */ || c === 43 /* + */ || c === 46 /* . */ || (c >= 48 && c <= 57) /* 0-9 */) {
      // `.inf` and `.nan` start with a dot: they are left to the full parser here.
      if (INT.test(raw) || FLOAT.test(raw)) value = Number(raw);
      else if (/^[-+]?(?:0[xob]|\.inf|\.nan)/i.test(raw) || /^[-+]?[0-9]+$/.test(raw)) bail();
    }
    return { kind: 'scalar', value, source: raw, quoted: false, start, end };
  }

  /** A one-line flow list or map of scalars. */
  private flow(p: number, lineEnd: number): [YNode, number] {
    const t = this.text;
    const isMap = t.charCodeAt(p) === 123; /* { */
    const close = isMap ? 125 /* } */ : 93; /* ] */
    const items: YNode[] = [];
    const pairs: YPair[] = [];
    let q = spaces(t, p + 1, lineEnd);
    if (t.charCodeAt(q) === close) {
      q++;
    } else
      for (;;) {
        q = spaces(t, q, lineEnd);
        if (isMap) {
          const ks = q;
          while (q < lineEnd && isKeyChar(t.charCodeAt(q))) q++;
          const k = this.cut(ks, q);
          if (!KEY.test(k) || SPECIAL_WORDS.has(k) || t.charCodeAt(q) !== 58 /* : */ || t.charCodeAt(q + 1) !== 32) bail();
          const key: YScalar = { kind: 'scalar', value: k, source: k, quoted: false, start: ks, end: q };
          q = spaces(t, q + 1, lineEnd);
          const value = this.flowScalar(q, lineEnd);
          q = value.end;
          for (let j = 0; j < pairs.length; j++) if (pairs[j].key.value === k) bail();
          pairs.push({ key, value, start: key.start, end: Math.max(key.end, value.end) });
        } else {
          const item = this.flowScalar(q, lineEnd);
          q = item.end;
          items.push(item);
        }
        q = spaces(t, q, lineEnd);
        const c = t.charCodeAt(q);
        if (c === 44 /* , */) {
          q = spaces(t, q + 1, lineEnd);
          if (t.charCodeAt(q) === close) bail(); // a trailing comma: leave it to the full parser
          continue;
        }
        if (c === close) {
          q++;
          break;
        }
        bail();
      }
    const node: YNode = isMap ? { kind: 'map', pairs, flow: true, start: p, end: q } : { kind: 'seq', items, flow: true, start: p, end: q };
    return [node, q];
  }

  private flowScalar(q: number, lineEnd: number): YScalar {
    const t = this.text;
    const c = t[q];
    if (c === '"' || c === "'") {
      const close = this.find(c, q + 1, lineEnd);
      if (close < 0) bail();
      if (c === "'" && t[close + 1] === "'") bail();
      const inner = this.cut(q + 1, close);
      return { kind: 'scalar', value: inner, source: inner, quoted: true, start: q, end: close + 1 };
    }
    // A plain scalar ends at `,`, a bracket or brace, or a comment.
    let e = q;
    while (e < lineEnd && !endsFlowScalar(t.charCodeAt(e))) e++;
    let end = e;
    while (end > q && t.charCodeAt(end - 1) === 32) end--;
    const raw = this.cut(q, end);
    const stop = t.charCodeAt(e);
    if (raw.includes(':') || raw.includes(' ') || stop === 35 /* # */ || stop === 91 /* [ */ || stop === 123 /* { */) bail();
    return this.plain(raw, q, end);
  }
}

/** The offset of the first non-space at or after `q` (at most `end`). */
function spaces(t: string, q: number, end: number): number {
  while (q < end && t.charCodeAt(q) === 32) q++;
  return q;
}

/** A character of a flow mapping's plain key: [A-Za-z0-9_\-.$]. */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || c === 36;
}

/** `,` `[` `]` `{` `}` `#`: where a plain scalar in a flow collection ends. */
function endsFlowScalar(c: number): boolean {
  return c === 44 || c === 93 || c === 125 || c === 91 || c === 123 || c === 35;
}

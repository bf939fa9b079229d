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

/** indexOf bounded to [from, to): never scans past the current line. */
function find(text: string, what: string, from: number, to: number): number {
  const i = text.slice(from, to).indexOf(what);
  return i < 0 ? -1 : from + i;
}
const bail = (): never => {
  throw new Bail();
};

const KEY = /^[A-Za-z_$][A-Za-z0-9_\-.$]*$/;
const INT = /^[-+]?[0-9]{1,15}$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_WORDS = new Set(['~', 'null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
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
    const p = new FastParser(text, lines);
    const root = p.document();
    if (root && (from > 0 || to < text.length)) detach(root, from, ownCopy(range));
    return { root, problems: [] };
  } catch (e) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
}

/** V8 copies strings shorter than this when slicing; longer ones are views of their parent. */
const SLICE_MIN = 13;

function detach(n: YNode, from: number, copy: string): void {
  if (n.kind === 'scalar') {
    if (typeof n.value === 'string' && n.value.length >= SLICE_MIN) {
      const at = n.start - from + (n.quoted ? 1 : 0);
      const same = n.source === n.value;
      n.value = copy.slice(at, at + n.value.length);
      if (same) n.source = n.value;
    }
  } else if (n.kind === 'seq') for (const i of n.items) detach(i, from, copy);
  else
    for (const p of n.pairs) {
      detach(p.key, from, copy);
      if (p.value) detach(p.value, from, copy);
    }
}

class FastParser {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly lines: Line[],
  ) {}

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
    const seen = new Set<string>();
    let end = 0;
    for (let line = this.itemLine(indent); line; line = this.itemLine(indent)) {
      const pair = this.pair(line, indent);
      if (seen.has(String(pair.key.value))) bail(); // duplicate keys: the full parser reports them
      seen.add(String(pair.key.value));
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
    const colon = find(t, ':', keyStart, line.end);
    if (colon < 0) bail();
    const keyText = t.slice(keyStart, colon);
    if (!KEY.test(keyText) || SPECIAL_WORDS.has(keyText)) bail();
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
      if (find(this.text, ': ', p, line.end) >= 0 || this.text.charCodeAt(line.end - 1) === 58) bail();
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
      const close = find(t, c, p + 1, lineEnd);
      if (close < 0) bail();
      const inner = t.slice(p + 1, close);
      if (c === "'" && t[close + 1] === "'") bail();
      node = { kind: 'scalar', value: inner, source: inner, quoted: true, start: p, end: close + 1 };
      after = close + 1;
    } else {
      // A plain scalar in block context: up to ` #` or the end of the line.
      let end = find(t, ' #', p, lineEnd);
      if (end < 0) end = lineEnd;
      while (end > p && t.charCodeAt(end - 1) === 32) end--;
      const raw = t.slice(p, end);
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
    if (SPECIAL_WORDS.has(raw)) {
      value = raw === '~' || raw.toLowerCase() === 'null' ? null : raw.toLowerCase() === 'true';
    } else if (/^[-+.0-9]/.test(raw)) {
      if (INT.test(raw) || FLOAT.test(raw)) value = Number(raw);
      else if (/^[-+]?(?:0[xob]|\.inf|\.nan)/i.test(raw) || /^[-+]?[0-9]+$/.test(raw)) bail();
    } else if (/^\.(?:inf|nan)$/i.test(raw)) bail();
    return { kind: 'scalar', value, source: raw, quoted: false, start, end };
  }

  /** A one-line flow list or map of scalars. */
  private flow(p: number, lineEnd: number): [YNode, number] {
    const t = this.text;
    const isMap = t[p] === '{';
    const closeCh = isMap ? '}' : ']';
    const items: YNode[] = [];
    const pairs: YPair[] = [];
    let q = p + 1;
    const skip = () => {
      while (q < lineEnd && t.charCodeAt(q) === 32) q++;
    };
    skip();
    if (t[q] === closeCh) {
      q++;
    } else
      for (;;) {
        skip();
        if (isMap) {
          const ks = q;
          while (q < lineEnd && /[A-Za-z0-9_\-.$]/.test(t[q])) q++;
          const k = t.slice(ks, q);
          if (!KEY.test(k) || SPECIAL_WORDS.has(k) || t[q] !== ':' || t[q + 1] !== ' ') bail();
          const key: YScalar = { kind: 'scalar', value: k, source: k, quoted: false, start: ks, end: q };
          q += 1;
          skip();
          const value = this.flowScalar(q, lineEnd, closeCh);
          q = value.end;
          if (pairs.some((x) => x.key.value === k)) bail();
          pairs.push({ key, value, start: key.start, end: Math.max(key.end, value.end) });
        } else {
          const item = this.flowScalar(q, lineEnd, closeCh);
          q = item.end;
          items.push(item);
        }
        skip();
        if (t[q] === ',') {
          q++;
          skip();
          if (t[q] === closeCh) bail(); // a trailing comma: leave it to the full parser
          continue;
        }
        if (t[q] === closeCh) {
          q++;
          break;
        }
        bail();
      }
    const node: YNode = isMap ? { kind: 'map', pairs, flow: true, start: p, end: q } : { kind: 'seq', items, flow: true, start: p, end: q };
    return [node, q];
  }

  private flowScalar(q: number, lineEnd: number, closeCh: string): YScalar {
    const t = this.text;
    const c = t[q];
    if (c === '"' || c === "'") {
      const close = find(t, c, q + 1, lineEnd);
      if (close < 0) bail();
      if (c === "'" && t[close + 1] === "'") bail();
      const inner = t.slice(q + 1, close);
      return { kind: 'scalar', value: inner, source: inner, quoted: true, start: q, end: close + 1 };
    }
    let e = q;
    while (e < lineEnd && t[e] !== ',' && t[e] !== closeCh && t[e] !== '[' && t[e] !== '{' && t[e] !== ']' && t[e] !== '}' && t[e] !== '#') e++;
    let end = e;
    while (end > q && t.charCodeAt(end - 1) === 32) end--;
    const raw = t.slice(q, end);
    if (raw.includes(':') || raw.includes(' ') || t[e] === '#' || t[e] === '[' || t[e] === '{') bail();
    const s = this.plain(raw, q, end);
    return s;
  }
}

// The answers VS Code asks for after every keystroke (document symbols,
// folding ranges, component lenses: one entry per component, 5,000 and more
// in a big file) as JSON text joined from pieces kept per entry. The core
// keeps an unchanged component's entry object from one parse to the next
// (core/src/language/outline.ts, lenses.ts), so a keystroke encodes the
// edited component's entries only; the transport splices the text in as it
// is (server/src/transport.ts).
import type { CodeLens } from 'vscode-languageserver/node';
import { sameEnds, type FoldingEntry, type LensEntry, type SymbolEntry } from '../../core/src/language/index';
import { toDocumentSymbol } from './convert';
import { RawJson } from './transport';

/** Each entry's JSON (the entry objects are never changed once made). */
const pieces = new WeakMap<object, string>();

function piece(entry: object, encode: () => string): string {
  let json = pieces.get(entry);
  if (json === undefined) pieces.set(entry, (json = encode()));
  return json;
}

/**
 * The last list encoded in each slot (a document's answer, or one section of
 * it), with each entry's JSON and the whole text. The next answer's list is
 * mostly the same objects in the same places (the core carries unchanged
 * components' entries from one parse to the next, language/carry.ts): the
 * entries that differ lie between a run of the same objects at the start and
 * one at the end, and only they are encoded; the text is the last one's with
 * that span replaced (the same string when the new pieces are the same text,
 * whose bytes the transport keeps).
 */
const slots = new Map<string, { items: readonly object[]; json: string[]; text: string }>();

function list<T extends object>(slot: string, items: readonly T[], encode: (item: T) => string): string {
  const last = slots.get(slot);
  if (last?.items === items) return last.text;
  if (!last) {
    const json = items.map(encode);
    const text = `[${json.join(',')}]`;
    slots.set(slot, { items, json, text });
    return text;
  }
  const n = items.length;
  const old = last.items;
  const [head, tail] = sameEnds(old, items);
  const middle: string[] = [];
  for (let i = head; i < n - tail; i++) middle.push(encode(items[i]));
  const oldMiddle = old.length - tail - head;
  const json = last.json.slice(0, head).concat(middle, last.json.slice(old.length - tail));
  let text: string;
  if (oldMiddle === middle.length && middle.every((j, k) => j === last.json[head + k])) text = last.text;
  else {
    // The last text's pieces before and after the span, cut out with their separators.
    let from = 1;
    for (let i = 0; i < head; i++) from += last.json[i].length + 1;
    let to = from;
    for (let i = head; i < old.length - tail; i++) to += last.json[i].length + 1;
    const parts: string[] = [];
    if (head) parts.push(last.text.slice(1, from - 1));
    if (middle.length) parts.push(middle.join(','));
    if (tail) parts.push(last.text.slice(to, last.text.length - 1));
    text = `[${parts.join(',')}]`;
  }
  slots.set(slot, { items, json, text });
  return text;
}

/** Forgets what was kept for a document's answers (it was closed). */
export function forgetAnswers(uri: string): void {
  for (const slot of slots.keys()) if (slot.startsWith(`${uri}\n`)) slots.delete(slot);
}

function symbolJson(uri: string, s: SymbolEntry, index: number): string {
  if (!s.children) return piece(s, () => JSON.stringify(toDocumentSymbol(s)));
  // A section: its own fields, then its children's pieces.
  const own = JSON.stringify(toDocumentSymbol({ ...s, children: undefined }));
  const children = list(`${uri}\nsymbols ${index}`, s.children, (c) => symbolJson(uri, c, -1));
  const known = sections.get(own);
  if (known?.children === children) return known.json;
  const json = `${own.slice(0, -1)},"children":${children}}`;
  if (sections.size > 64) sections.clear();
  sections.set(own, { children, json });
  return json;
}
/** A section's JSON by its own fields: the same string while its children's text is (see list). */
const sections = new Map<string, { children: string; json: string }>();

/** `textDocument/documentSymbol`'s answer. */
export const symbolsJson = (uri: string, symbols: readonly SymbolEntry[]): RawJson =>
  new RawJson(list(`${uri}\nsymbols`, symbols.map((s, i) => ({ s, i })), ({ s, i }) => symbolJson(uri, s, i)));

/** `textDocument/foldingRange`'s answer (an entry is a FoldingRange already). */
export const foldingJson = (uri: string, ranges: readonly FoldingEntry[]): RawJson => new RawJson(list(`${uri}\nfolding`, ranges, (r) => piece(r, () => JSON.stringify(r))));

/** Per lens entry: its unresolved lens's JSON for one document number (server/src/component-lenses.ts). */
const lensPieces = new WeakMap<LensEntry, { key: number; json: string }>();

/** `textDocument/codeLens`'s answer: `first` (made per request) before the components' unresolved lenses. */
export function lensesJson(uri: string, first: readonly CodeLens[], lenses: readonly LensEntry[], key: number): RawJson {
  const own = (l: LensEntry) => {
    let p = lensPieces.get(l);
    if (p?.key !== key) lensPieces.set(l, (p = { key, json: JSON.stringify({ range: l.range, data: [key, l.id] }) }));
    return p.json;
  };
  const rest = list(`${uri}\nlenses`, lenses, own);
  if (!first.length) return new RawJson(rest);
  const head = first.map((l) => JSON.stringify(l)).join(',');
  return new RawJson(rest === '[]' ? `[${head}]` : `[${head},${rest.slice(1)}`);
}

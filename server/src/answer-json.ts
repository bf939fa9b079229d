// The answers VS Code asks for after every keystroke (document symbols,
// folding ranges, component lenses: one entry per component, 5,000 and more
// in a big file) as JSON text joined from pieces kept per entry. The core
// keeps an unchanged component's entry object from one parse to the next
// (core/src/language/outline.ts, lenses.ts), so a keystroke encodes the
// edited component's entries only; the transport splices the text in as it
// is (server/src/transport.ts).
import type { CodeLens } from 'vscode-languageserver/node';
import type { FoldingEntry, LensEntry, SymbolEntry } from '../../core/src/language/index';
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
 * it), with each entry's JSON and the whole text: the next answer's list is
 * mostly the same objects in the same places, compared one by one instead of
 * looked up; when every piece is the same text, so is the answer (the same
 * string, whose bytes the transport keeps).
 */
const slots = new Map<string, { items: readonly object[]; json: string[]; text: string }>();

function list<T extends object>(slot: string, items: readonly T[], encode: (item: T) => string): string {
  const last = slots.get(slot);
  let same = !!last && last.items.length === items.length;
  const json = items.map((item, i) => {
    if (last && last.items[i] === item) return last.json[i];
    const j = encode(item);
    same &&= j === last!.json[i];
    return j;
  });
  const text = same ? last!.text : `[${json.join(',')}]`;
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

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
 * The last list of entries encoded for each list the first entry stood in,
 * with their JSON: the next answer's list is mostly the same objects in the
 * same places, compared one by one instead of looked up.
 */
const lastLists = new WeakMap<object, { items: readonly object[]; json: string[] }>();

function list<T extends object>(items: readonly T[], encode: (item: T) => string): string {
  if (!items.length) return '[]';
  // Keyed by the first item: the same list of the next parse usually starts with the same object.
  const last = lastLists.get(items[0]);
  const json = items.map((item, i) => (last && last.items[i] === item ? last.json[i] : encode(item)));
  lastLists.set(items[0], { items, json });
  return `[${json.join(',')}]`;
}

function symbolJson(s: SymbolEntry): string {
  if (!s.children) return piece(s, () => JSON.stringify(toDocumentSymbol(s)));
  // A section: its own fields, then its children's pieces.
  const own = JSON.stringify(toDocumentSymbol({ ...s, children: undefined }));
  return `${own.slice(0, -1)},"children":${list(s.children, symbolJson)}}`;
}

/** `textDocument/documentSymbol`'s answer. */
export const symbolsJson = (symbols: readonly SymbolEntry[]): RawJson => new RawJson(list(symbols, symbolJson));

/** `textDocument/foldingRange`'s answer (an entry is a FoldingRange already). */
export const foldingJson = (ranges: readonly FoldingEntry[]): RawJson => new RawJson(list(ranges, (r) => piece(r, () => JSON.stringify(r))));

/** Per lens entry: its unresolved lens's JSON for one document number (server/src/component-lenses.ts). */
const lensPieces = new WeakMap<LensEntry, { key: number; json: string }>();

/** `textDocument/codeLens`'s answer: `first` (made per request) before the components' unresolved lenses. */
export function lensesJson(first: readonly CodeLens[], lenses: readonly LensEntry[], key: number): RawJson {
  const own = (l: LensEntry) => {
    let p = lensPieces.get(l);
    if (p?.key !== key) lensPieces.set(l, (p = { key, json: JSON.stringify({ range: l.range, data: [key, l.id] }) }));
    return p.json;
  };
  return new RawJson(`[${[...first.map((l) => JSON.stringify(l)), ...lenses.map(own)].join(',')}]`);
}

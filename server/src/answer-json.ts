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
const slots = new Map<string, Slot>();
interface Slot {
  items: readonly object[];
  json: string[];
  text: string;
  /** Whether the last call made a new text (else it returned the one before). */
  changed: boolean;
  /** The text's pieces before and after the span the last call encoded, joined: reused while the span stays (typing in one component). */
  head?: Run;
  tail?: Run;
}
interface Run {
  n: number;
  text: string;
}

function list<T extends object>(slot: string, items: readonly T[], encode: (item: T) => string): string {
  const last = slots.get(slot);
  if (last?.items === items) {
    last.changed = false;
    return last.text;
  }
  if (!last) {
    const json = items.map(encode);
    const text = `[${json.join(',')}]`;
    slots.set(slot, { items, json, text, changed: true });
    return text;
  }
  const n = items.length;
  const old = last.items;
  const [head, tail] = sameEnds(old, items);
  const middle: string[] = [];
  for (let i = head; i < n - tail; i++) middle.push(encode(items[i]));
  const json = last.json.slice(0, head).concat(middle, last.json.slice(old.length - tail));
  if (old.length - tail - head === middle.length && middle.every((j, k) => j === last.json[head + k])) {
    slots.set(slot, { ...last, items, json, changed: false });
    return last.text;
  }
  // Concatenated (V8 keeps the parts; nothing is copied until the bytes are written), not joined.
  const headRun = head === 0 ? undefined : last.head?.n === head ? last.head : { n: head, text: json.slice(0, head).join(',') };
  const tailRun = tail === 0 ? undefined : last.tail?.n === tail ? last.tail : { n: tail, text: json.slice(n - tail).join(',') };
  let text = '[';
  for (const part of [headRun?.text, middle.length ? middle.join(',') : undefined, tailRun?.text]) if (part !== undefined) text += text.length > 1 ? `,${part}` : part;
  text += ']';
  slots.set(slot, { items, json, text, changed: true, head: headRun, tail: tailRun });
  return text;
}

/** The answer last sent from each slot: the same object while its text is (the transport keeps its bytes by it). */
const answers = new Map<string, RawJson>();

function answer(slot: string, text: string): RawJson {
  const known = answers.get(slot);
  if (known && slots.get(slot)?.changed === false) return known;
  const raw = new RawJson(text);
  answers.set(slot, raw);
  return raw;
}

/** Forgets what was kept for a document's answers (it was closed). */
export function forgetAnswers(uri: string): void {
  for (const kept of [slots, answers, sections, symbolAnswers]) for (const slot of kept.keys()) if (slot.startsWith(`${uri}\n`)) kept.delete(slot);
}

/** A section's symbol (its own fields, then its children's pieces): the same string while both are. */
function sectionJson(uri: string, s: SymbolEntry, index: number): { json: string; same: boolean } {
  const slot = `${uri}\nsymbols ${index}`;
  const own = JSON.stringify(toDocumentSymbol({ ...s, children: undefined }));
  const children = list(slot, s.children!, (c) => symbolJson(c));
  const known = sections.get(slot);
  if (known?.own === own && slots.get(slot)!.changed === false) return { json: known.json, same: true };
  const json = `${own.slice(0, -1)},"children":${children}}`;
  sections.set(slot, { own, json });
  return { json, same: false };
}
const sections = new Map<string, { own: string; json: string }>();

/** A symbol without children (a component, a schema, an import, a plain top-level key). */
const symbolJson = (s: SymbolEntry): string => piece(s, () => JSON.stringify(toDocumentSymbol(s)));

/** Each document's last symbols answer with its top-level pieces. */
const symbolAnswers = new Map<string, { parts: string[]; raw: RawJson }>();

/** `textDocument/documentSymbol`'s answer: the last one when no section changed. */
export function symbolsJson(uri: string, symbols: readonly SymbolEntry[]): RawJson {
  const slot = `${uri}\nsymbols`;
  const last = symbolAnswers.get(slot);
  let same = last?.parts.length === symbols.length;
  const parts = symbols.map((s, i) => {
    if (!s.children) {
      const json = symbolJson(s);
      same &&= json === last!.parts[i];
      return json;
    }
    const section = sectionJson(uri, s, i);
    same &&= section.same && section.json === last!.parts[i];
    return section.json;
  });
  if (same) return last!.raw;
  let text = '[';
  parts.forEach((p, i) => (text += i ? `,${p}` : p));
  const raw = new RawJson(`${text}]`);
  symbolAnswers.set(slot, { parts, raw });
  return raw;
}

/** `textDocument/foldingRange`'s answer (an entry is a FoldingRange already). */
export const foldingJson = (uri: string, ranges: readonly FoldingEntry[]): RawJson => {
  const slot = `${uri}\nfolding`;
  return answer(slot, list(slot, ranges, (r) => piece(r, () => JSON.stringify(r))));
};

/** Per lens entry: its unresolved lens's JSON for one document number (server/src/component-lenses.ts). */
const lensPieces = new WeakMap<LensEntry, { key: number; json: string }>();

/** `textDocument/codeLens`'s answer: `first` (made per request) before the components' unresolved lenses. */
export function lensesJson(uri: string, first: readonly CodeLens[], lenses: readonly LensEntry[], key: number): RawJson {
  const own = (l: LensEntry) => {
    let p = lensPieces.get(l);
    if (p?.key !== key) lensPieces.set(l, (p = { key, json: JSON.stringify({ range: l.range, data: [key, l.id] }) }));
    return p.json;
  };
  const slot = `${uri}\nlenses`;
  const rest = list(slot, lenses, own);
  if (!first.length) return answer(slot, rest);
  const head = first.map((l) => JSON.stringify(l)).join(',');
  return new RawJson(rest === '[]' ? `[${head}]` : `[${head},${rest.slice(1)}`);
}

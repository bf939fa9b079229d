// Small helpers shared by the topology and delivery rules: did-you-mean
// candidates, component key lookups, and the range/indent of a mapping for
// insert-style quick fixes.
import { get, getPair, isMap, isScalar, type YMap, type YNode, type YPair } from '../parse/tree';
import type { Component, PipelineFile } from '../pipeline/file';
import type { RuleContext } from './context';
import type { Range } from '../types';
import { isInterpolated } from '../units';

/** Levenshtein distance, bounded: returns max + 1 as soon as it is exceeded. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Candidates close to `word`, best first (at most 3). Close means an edit
 * distance of at most a third of the word's length (at least 1, at most 3), or
 * one is a prefix of the other; case differences cost nothing extra.
 * (Private to the topology/delivery rules; core/src/util/suggest.ts is the general one.)
 */
export function nearest(word: string, candidates: Iterable<string>): string[] {
  const w = word.toLowerCase();
  const max = Math.min(3, Math.max(1, Math.floor(w.length / 3)));
  const scored: Array<[string, number]> = [];
  for (const c of new Set(candidates)) {
    if (c === word) continue;
    const lc = c.toLowerCase();
    let d = lc === w ? 0 : distance(w, lc, max);
    if (d > max && w.length >= 3 && (lc.startsWith(w) || w.startsWith(lc))) d = max;
    if (d <= max) scored.push([c, d]);
  }
  return scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([c]) => c);
}

/** `; did you mean 'x'?` or `; did you mean 'x' or 'y'?`, or '' when there is no candidate. */
export function didYouMean(candidates: string[]): string {
  if (candidates.length === 0) return '';
  const quoted = candidates.map((c) => `'${c}'`);
  return `; did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`}?`;
}

/** A component's key/value pair, e.g. `pair(c, 'buffer', 'when_full')`. */
export function pairAt(c: Component, ...path: string[]): YPair | undefined {
  const parent = path.length > 1 ? get(c.node, ...path.slice(0, -1)) : c.node;
  return getPair(parent, path[path.length - 1]);
}

/** A scalar's value when it is known (not null, not interpolated). */
export function known(node: YNode | undefined): string | number | boolean | undefined {
  if (!isScalar(node) || node.value === null || isInterpolated(node.value)) return undefined;
  return node.value;
}

/** An integer value when it is known. */
export function knownInt(node: YNode | undefined): number | undefined {
  const v = known(node);
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/** The range of a mapping and the column its keys are written at, for inserting a key into it. */
export function insertionPoint(file: PipelineFile, map: YMap | undefined): { parentRange: Range; indent: number } | undefined {
  if (!isMap(map) || map.shared || map.flow) return undefined;
  const first = map.pairs.find((p) => !p.merged && !p.key.shared);
  if (!first) return undefined;
  return { parentRange: file.lines.range(map.start, map.end), indent: file.lines.position(first.key.start).character };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `base`, or `base_2`, `base_3`... when taken. */
export function freeId(ctx: RuleContext, base: string): string {
  if (!ctx.ws.byId.has(base)) return base;
  for (let i = 2; ; i++) if (!ctx.ws.byId.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** True when another sink names `sink` as its dead_letter. */
export function isDeadLetterTarget(ctx: RuleContext, sink: Component): boolean {
  return ctx.ws.components.some((other) => other !== sink && other.section === 'sinks' && known(get(other.node, 'dead_letter')) === sink.id);
}

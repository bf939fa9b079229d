// Small helpers shared by the topology and delivery rules: did-you-mean
// candidates (through util/suggest), component key lookups, and the range/indent of a mapping for
// insert-style quick fixes.
import { get, getPair, isMap, isScalar, type YMap, type YNode, type YPair } from '../parse/tree';
import type { Component, PipelineFile } from '../pipeline/file';
import type { RuleContext } from './context';
import type { Range } from '../types';
import { isInterpolated } from '../units';
import { closest } from '../util/suggest';

/** Did-you-mean candidates for `word`, best first (at most 3), by the project's edit-distance rule. */
export function nearest(word: string, candidates: Iterable<string>): string[] {
  return closest(word, candidates).slice(0, 3);
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

/** `base`, or `base_2`, `base_3`... when taken. */
export function freeId(ctx: RuleContext, base: string): string {
  if (!ctx.ws.byId.has(base)) return base;
  for (let i = 2; ; i++) if (!ctx.ws.byId.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** True when another sink names `sink` as its dead_letter. */
export function isDeadLetterTarget(ctx: RuleContext, sink: Component): boolean {
  return ctx.ws.components.some((other) => other !== sink && other.section === 'sinks' && known(get(other.node, 'dead_letter')) === sink.id);
}

// Small helpers shared by the topology and delivery rules: component key
// lookups and the range/indent of a mapping for insert-style quick fixes.
// (Did-you-mean candidates: util/suggest.ts.)
import { get, getPair, isMap, isScalar, type YMap, type YNode, type YPair } from '../parse/tree';
import type { Component, PipelineFile } from '../pipeline/file';
import type { RuleContext } from './context';
import type { Range } from '../types';
import { isInterpolated } from '../units';

/** A component's key/value pair, e.g. `pair(c, 'buffer', 'when_full')`. */
export function pairAt(c: Component, ...path: string[]): YPair | undefined {
  let parent: YNode | undefined = c.node;
  for (let i = 0; i < path.length - 1 && parent; i++) parent = getPair(parent, path[i])?.value;
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

const deadLetterTargets = new WeakMap<RuleContext, Set<string>>();

/** True when another sink names `sink` as its dead_letter. */
export function isDeadLetterTarget(ctx: RuleContext, sink: Component): boolean {
  let targets = deadLetterTargets.get(ctx);
  if (!targets) {
    targets = new Set();
    for (const other of ctx.ws.components) {
      const id = other.section === 'sinks' ? known(get(other.node, 'dead_letter')) : undefined;
      if (typeof id === 'string' && id !== other.id) targets.add(id);
    }
    deadLetterTargets.set(ctx, targets);
  }
  return targets.has(sink.id);
}

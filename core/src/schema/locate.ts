// Finds the node an ajv instancePath names in our YAML tree, and the closest
// place on that path that is written in the file itself: errors inside
// content reached through an alias or a `<<` merge are reported where the
// alias or merge is used (with related information pointing at the anchor).
import type { YMap, YNode, YPair } from '../parse/tree';

export interface Span {
  start: number;
  end: number;
}

export interface Located {
  /** The node at the path; undefined when the path leads to a missing or empty value. */
  node: YNode | undefined;
  /** The map pair whose value the path ends in. */
  pair: YPair | undefined;
  /** True when the node was reached through an alias or a merge key. */
  shared: boolean;
  /** The deepest key or item on the path that is written in place (undefined at the root). */
  local: Span | undefined;
}

export function parsePointer(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const pairIndex = new WeakMap<YMap, Map<string, YPair>>();

/** The first pair with this key (as toJS keeps the first of duplicates); indexed per map, so many lookups stay linear. */
export function findPair(node: YNode | undefined, key: string): YPair | undefined {
  if (node?.kind !== 'map') return undefined;
  if (node.pairs.length < 16) return node.pairs.find((p) => String(p.key.value) === key);
  let index = pairIndex.get(node);
  if (!index) {
    index = new Map();
    for (const p of node.pairs) if (!index.has(String(p.key.value))) index.set(String(p.key.value), p);
    pairIndex.set(node, index);
  }
  return index.get(key);
}

export function locate(root: YNode | undefined, segments: string[]): Located {
  let node: YNode | undefined = root;
  let pair: YPair | undefined;
  let shared = false;
  let local: Span | undefined;
  for (const seg of segments) {
    if (node?.kind === 'map') {
      pair = findPair(node, seg);
      if (!pair) return { node: undefined, pair: undefined, shared, local };
      if (!shared && (pair.merged || pair.key.shared)) shared = true;
      if (!shared) local = pair.key;
      node = pair.value;
      if (node?.shared) shared = true;
    } else if (node?.kind === 'seq') {
      const item: YNode | undefined = node.items[Number(seg)];
      pair = undefined;
      if (!item) return { node: undefined, pair: undefined, shared, local };
      if (item.shared) shared = true;
      if (!shared) local = item;
      node = item;
    } else return { node: undefined, pair: undefined, shared, local };
  }
  return { node, pair, shared, local };
}

/** An empty value (`key:` with nothing after it). */
export function isEmptyValue(node: YNode | undefined): boolean {
  return !node || (node.kind === 'scalar' && node.value === null && node.end <= node.start);
}


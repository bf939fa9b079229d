// Our own small YAML tree: every node knows its source offsets, aliases and
// `<<` merge keys are already resolved, and nothing here ever throws on user
// input. The rest of the core reads this tree, never the `yaml` package's AST,
// so the parser can be swapped or parsed in pieces (see parse/yaml.ts).

/** A YAML syntax problem (VX001) or a repeated key (VX002), as offsets in the text. */
export interface SyntaxProblem {
  code: 'VX001' | 'VX002';
  start: number;
  end: number;
  message: string;
}

/** A parsed text: the tree (undefined when nothing parses) and its syntax problems. Every parser returns it. */
export interface ParsedYaml {
  root: YNode | undefined;
  problems: SyntaxProblem[];
  /** True when the text was parsed chunk by chunk, which implies it has no anchors or aliases. */
  chunked?: boolean;
}

export interface YBase {
  /** Start and end offsets in the file text. */
  start: number;
  end: number;
  /** True when the node was reached through an alias or a merge key: its offsets point at the anchored original. */
  shared?: boolean;
}

export interface YScalar extends YBase {
  kind: 'scalar';
  value: string | number | boolean | null;
  /** The scalar as written (without quotes for quoted scalars). */
  source: string;
  quoted: boolean;
}

export interface YPair {
  key: YScalar;
  value: YNode | undefined;
  start: number;
  end: number;
  /** True when the pair came from a `<<` merge. */
  merged?: boolean;
}

export interface YMap extends YBase {
  kind: 'map';
  pairs: YPair[];
  flow: boolean;
}

export interface YSeq extends YBase {
  kind: 'seq';
  items: YNode[];
  flow: boolean;
}

export type YNode = YScalar | YMap | YSeq;

export function isMap(n: YNode | undefined): n is YMap {
  return n?.kind === 'map';
}
export function isSeq(n: YNode | undefined): n is YSeq {
  return n?.kind === 'seq';
}
export function isScalar(n: YNode | undefined): n is YScalar {
  return n?.kind === 'scalar';
}

export function getPair(map: YNode | undefined, key: string): YPair | undefined {
  if (map === undefined || map.kind !== 'map') return undefined;
  const pairs = map.pairs;
  let otherKeys = false;
  for (let i = 0; i < pairs.length; i++) {
    const k = pairs[i].key.value;
    if (k === key) return pairs[i];
    if (typeof k !== 'string') otherKeys = true;
  }
  // Keys read as numbers or booleans (`1:`, `true:`) still match their text.
  if (otherKeys) for (let i = 0; i < pairs.length; i++) if (typeof pairs[i].key.value !== 'string' && pairs[i].key.source === key) return pairs[i];
  return undefined;
}

/**
 * The node at `a`, `a.b` or `a.b.c` under a mapping. Fixed parameters, not a
 * rest one: the first analysis of a fresh server runs in V8's interpreter,
 * where a rest parameter allocates an array per call (thousands per document).
 */
export function get(map: YNode | undefined, a: string, b?: string, c?: string): YNode | undefined {
  let node = getPair(map, a)?.value;
  if (b === undefined || !node) return node;
  node = getPair(node, b)?.value;
  return c === undefined || !node ? node : getPair(node, c)?.value;
}

/** The node at a path of any length (`get` for a path held in an array). */
export function getPath(map: YNode | undefined, path: readonly string[]): YNode | undefined {
  let node: YNode | undefined = map;
  for (let i = 0; i < path.length && node; i++) node = getPair(node, path[i])?.value;
  return node;
}

export function scalarString(n: YNode | undefined): string | undefined {
  if (!isScalar(n) || n.value === null) return undefined;
  return String(n.value);
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Converts a tree to plain JS values, within a node budget (alias bombs). */
export function toJS(node: YNode | undefined, budget = { left: 2_000_000 }): unknown {
  if (node === undefined) return null;
  if (--budget.left < 0) throw new BudgetExceeded();
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') {
    const items = node.items;
    const out: unknown[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) out[i] = toJS(items[i], budget);
    return out;
  }
  // A plain object (V8 gives it a fast shape; a null-prototype one is a slow dictionary); `__proto__` is set as data.
  const out: Record<string, unknown> = {};
  const pairs = node.pairs;
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i];
    const key = p.key.value;
    const k = typeof key === 'string' ? key : String(key);
    if (hasOwn.call(out, k)) continue;
    const v = toJS(p.value, budget);
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}

export class BudgetExceeded extends Error {}

/** Path of pairs and items from the root down to the deepest non-shared node containing `offset`. */
export type PathStep = { key: string; pair: YPair } | { index: number; node: YNode };

export function pathAt(root: YNode | undefined, offset: number): { steps: PathStep[]; node: YNode | undefined; inKey: boolean } {
  const steps: PathStep[] = [];
  let node: YNode | undefined = root;
  let inKey = false;
  while (node) {
    let next: YNode | undefined;
    if (node.kind === 'map') {
      for (const p of node.pairs) {
        if (p.merged || p.key.shared) continue;
        const valueEnd = p.value && !p.value.shared ? Math.max(p.end, p.value.end) : p.end;
        if (offset >= p.key.start && offset <= p.key.end) {
          steps.push({ key: String(p.key.value), pair: p });
          inKey = true;
          return { steps, node: p.key, inKey };
        }
        if (offset > p.key.end && offset <= valueEnd) {
          steps.push({ key: String(p.key.value), pair: p });
          next = p.value && !p.value.shared ? p.value : undefined;
          if (!next) return { steps, node: p.value, inKey };
          break;
        }
      }
    } else if (node.kind === 'seq') {
      node.items.forEach((item, index) => {
        if (!next && !item.shared && offset >= item.start && offset <= item.end) {
          steps.push({ index, node: item });
          next = item;
        }
      });
    }
    if (!next) break;
    node = next;
  }
  return { steps, node, inKey };
}

/** Visits every node once (shared nodes are visited where they are defined only). */
export function walk(node: YNode | undefined, visit: (n: YNode) => void): void {
  if (!node || node.shared) return;
  visit(node);
  if (node.kind === 'map')
    for (const p of node.pairs) {
      if (p.merged) continue;
      visit(p.key);
      walk(p.value, visit);
    }
  else if (node.kind === 'seq') for (const i of node.items) walk(i, visit);
}

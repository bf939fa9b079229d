// A test file (`*.veltrix-test.yaml`, section 11.1) as plain data, each part
// with the YAML node it came from so findings and results point at it.
// Reading is lenient: shapes the schema rejects are skipped here (the schema
// findings say why), so nothing throws on user input.
import { BudgetExceeded, get, getPair, isMap, isScalar, isSeq, toJS, type YMap, type YNode, type YPair, type YScalar } from '../parse/tree';
import type { PipelineFile } from '../pipeline/file';
import { UNIT_PATTERNS } from '../units';
import { stringOf, type Value } from './expr';

export const DEFAULT_START = '2026-01-01T00:00:00Z';

/** Test files by name (`.veltrix-test.yaml` / `.yml`). */
export function isTestFile(uri: string): boolean {
  return /\.veltrix-test\.ya?ml$/i.test(uri);
}

export interface InputSpec {
  /** Component id, or `router.route` for a route output. */
  target: string;
  keyNode: YScalar;
  events: Array<{ value: Value; node: YNode }>;
  /** ms between events, and offset of the first one from the test start. */
  every: number;
  start: number;
}

export type ExpectKind = 'list' | 'count' | 'contains' | 'all';

export interface ExpectSpec {
  target: string;
  keyNode: YScalar;
  pair: YPair;
  kind: ExpectKind;
  events: Value[];
  count: number;
  /** For `all`: the expression and its node. */
  expression?: { text: string; node: YScalar };
}

/** enrich id -> string(key) -> answer. */
export interface MockTable {
  tables: Map<string, { keyNode: YScalar; answers: Map<string, Value> }>;
}

export interface TestCase {
  index: number;
  name: string;
  node: YNode;
  nameNode: YNode;
  exhaustive: boolean;
  exhaustivePair?: YPair;
  inputs: InputSpec[];
  expects: ExpectSpec[];
  fail: Array<{ id: string; node: YScalar }>;
  mocks: MockTable;
}

export interface TestSuite {
  file: PipelineFile;
  pipeline?: { path: string; node: YScalar };
  /** Epoch ms of t = 0, or undefined when `start` is not a valid time. */
  start: number | undefined;
  startNode?: YNode;
  mocks: MockTable;
  tests: TestCase[];
}

const MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration in ms (exact for written decimals: `7ms` is 7, not 7.000000000000001), or undefined. */
export function durationMs(node: YNode | undefined): number | undefined {
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  const m = UNIT_PATTERNS.duration.exec(node.value.trim());
  return m ? Number(m[1]) * MS[m[2]] : undefined;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function parseTime(text: string): number | undefined {
  if (!RFC3339.test(text)) return undefined;
  const t = Date.parse(text.replace(' ', 'T'));
  return Number.isFinite(t) ? t : undefined;
}

/** A YAML value as an event value; an alias bomb reads as null (VX001 reports it). */
export function valueOf(node: YNode | undefined): Value {
  try {
    return toJS(node, { left: 1_000_000 }) as Value;
  } catch (e) {
    if (e instanceof BudgetExceeded) return null;
    throw e;
  }
}

const isEvent = (v: Value): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);

function readMocks(node: YNode | undefined): MockTable {
  const tables: MockTable['tables'] = new Map();
  if (isMap(node))
    for (const p of node.pairs) {
      const answers = new Map<string, Value>();
      if (isMap(p.value)) for (const a of p.value.pairs) answers.set(stringOf(a.key.value), valueOf(a.value));
      if (!tables.has(String(p.key.value))) tables.set(String(p.key.value), { keyNode: p.key, answers });
    }
  return { tables };
}

function readInputs(node: YNode | undefined): InputSpec[] {
  const out: InputSpec[] = [];
  if (!isMap(node)) return out;
  for (const p of node.pairs) {
    let list: YNode | undefined = p.value;
    let every = 0;
    let start = 0;
    if (isMap(p.value)) {
      list = get(p.value, 'events');
      every = durationMs(get(p.value, 'every')) ?? 0;
      start = durationMs(get(p.value, 'start')) ?? 0;
    }
    const events: InputSpec['events'] = [];
    if (isSeq(list))
      for (const item of list.items) {
        const value = valueOf(item);
        if (isEvent(value)) events.push({ value, node: item });
      }
    out.push({ target: String(p.key.value), keyNode: p.key, events, every, start });
  }
  return out;
}

function readExpects(node: YNode | undefined): ExpectSpec[] {
  const out: ExpectSpec[] = [];
  if (!isMap(node)) return out;
  for (const p of node.pairs) {
    const base = { target: String(p.key.value), keyNode: p.key, pair: p, events: [] as Value[], count: 0 };
    const v = p.value;
    if (v === undefined || (isScalar(v) && v.value === null)) out.push({ ...base, kind: 'list' }); // `x:` alone: none
    else if (isSeq(v)) out.push({ ...base, kind: 'list', events: v.items.map(valueOf) });
    else if (isMap(v) && v.pairs.length === 1) {
      const inner = v.pairs[0];
      const key = String(inner.key.value);
      if (key === 'count' && isScalar(inner.value) && typeof inner.value.value === 'number' && Number.isInteger(inner.value.value) && inner.value.value >= 0)
        out.push({ ...base, kind: 'count', count: inner.value.value });
      else if (key === 'contains' && isSeq(inner.value)) out.push({ ...base, kind: 'contains', events: inner.value.items.map(valueOf) });
      else if (key === 'all' && isScalar(inner.value) && typeof inner.value.value === 'string')
        out.push({ ...base, kind: 'all', expression: { text: inner.value.value, node: inner.value } });
    }
  }
  return out;
}

function readTest(node: YNode, index: number): TestCase {
  const map: YMap | undefined = isMap(node) ? node : undefined;
  const nameNode = get(map, 'name');
  const fail: TestCase['fail'] = [];
  const failNode = get(map, 'fail');
  if (isSeq(failNode)) for (const item of failNode.items) if (isScalar(item) && item.value !== null) fail.push({ id: String(item.value), node: item });
  const exhaustivePair = getPair(map, 'exhaustive');
  return {
    index,
    name: isScalar(nameNode) && nameNode.value !== null ? String(nameNode.value) : `test ${index + 1}`,
    node,
    nameNode: nameNode ?? node,
    exhaustive: isScalar(exhaustivePair?.value) && exhaustivePair.value.value === true,
    exhaustivePair,
    inputs: readInputs(get(map, 'input')),
    expects: readExpects(get(map, 'expect')),
    fail,
    mocks: readMocks(get(map, 'mocks')),
  };
}

export function readSuite(file: PipelineFile): TestSuite {
  const root = file.root;
  const pipelineNode = get(root, 'pipeline');
  const startNode = get(root, 'start');
  const startText = isScalar(startNode) && startNode.value !== null ? String(startNode.value) : startNode === undefined ? DEFAULT_START : '';
  const testsNode = get(root, 'tests');
  return {
    file,
    pipeline: isScalar(pipelineNode) && typeof pipelineNode.value === 'string' && pipelineNode.value ? { path: pipelineNode.value, node: pipelineNode } : undefined,
    start: parseTime(startText),
    startNode,
    mocks: readMocks(get(root, 'mocks')),
    tests: isSeq(testsNode) ? testsNode.items.map(readTest) : [],
  };
}

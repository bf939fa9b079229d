// The closed set of functions (spec section 10.3): one table read by the
// evaluator (what a call computes), by VX015 (names and numbers of
// arguments) and by type inference / VX016 (result and argument types).
import { parseRfc3339 } from './time';
import { codePointLength, fnv1a32, isObject, stringOf, valuesEqual, type Value } from './values';

/** What type inference knows about a value: its type when it is not null, or `unknown`. */
export type ExprType = 'number' | 'string' | 'bool' | 'list' | 'object' | 'null' | 'unknown';

export interface FunctionInfo {
  name: string;
  min: number;
  /** Infinity for `coalesce`, `min` and `max`. */
  max: number;
  /** The result's type when it is not null (`unknown` for coalesce). */
  result: ExprType;
  /** Argument types that can give a non-null/true result; absent: any argument. The last entry repeats. */
  params?: ReadonlyArray<readonly ExprType[]>;
  /** One line for hovers and completion. */
  doc: string;
  /** `exists` takes a field path, not a value: the evaluator handles it. */
  call?: (args: Value[], now: number) => Value;
}

const STR = ['string'] as const;
const NUM = ['number'] as const;

const num = (f: (n: number) => number) => (a: Value[]) => (typeof a[0] === 'number' ? finite(f(a[0])) : null);
const str = (f: (s: string) => string) => (a: Value[]) => (typeof a[0] === 'string' ? f(a[0]) : null);
const strPair = (f: (s: string, p: string) => boolean) => (a: Value[]) => typeof a[0] === 'string' && typeof a[1] === 'string' && f(a[0], a[1]);
const extreme = (pick: (x: number, y: number) => number) => (a: Value[]) =>
  a.every((v) => typeof v === 'number') ? (a as number[]).reduce((x, y) => pick(x, y)) : null;

/** Arithmetic can overflow to ±Infinity, which is no JSON value: it reads as null. */
export function finite(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}

/** JSON number syntax, nothing around it (no blanks, no `+`, no `0x`, no `.5`). */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const TABLE: FunctionInfo[] = [
  {
    name: 'len', min: 1, max: 1, result: 'number', params: [['string', 'list', 'object']],
    doc: 'Code points of a string, elements of a list, keys of an object; else null.',
    call: ([x]) => (typeof x === 'string' ? codePointLength(x) : Array.isArray(x) ? x.length : isObject(x) ? Object.keys(x).length : null),
  },
  { name: 'lower', min: 1, max: 1, result: 'string', params: [STR], doc: 'The string in lower case; null for a non-string.', call: str((s) => s.toLowerCase()) },
  { name: 'upper', min: 1, max: 1, result: 'string', params: [STR], doc: 'The string in upper case; null for a non-string.', call: str((s) => s.toUpperCase()) },
  { name: 'trim', min: 1, max: 1, result: 'string', params: [STR], doc: 'The string without leading and trailing white space; null for a non-string.', call: str((s) => s.trim()) },
  {
    name: 'contains', min: 2, max: 2, result: 'bool', params: [['string', 'list'], ['unknown']],
    doc: 'String a contains string b, or list a has an element == b; else false.',
    call: ([a, b]) => (typeof a === 'string' ? typeof b === 'string' && a.includes(b) : Array.isArray(a) ? a.some((e) => valuesEqual(e, b)) : false),
  },
  { name: 'starts_with', min: 2, max: 2, result: 'bool', params: [STR, STR], doc: 'String s starts with string p; false unless both are strings.', call: strPair((s, p) => s.startsWith(p)) },
  { name: 'ends_with', min: 2, max: 2, result: 'bool', params: [STR, STR], doc: 'String s ends with string p; false unless both are strings.', call: strPair((s, p) => s.endsWith(p)) },
  { name: 'exists', min: 1, max: 1, result: 'bool', doc: 'The field (a or a.b) is present and not null.' },
  {
    name: 'coalesce', min: 1, max: Infinity, result: 'unknown',
    doc: 'The first argument that is not null.',
    call: (a) => a.find((v) => v !== null) ?? null,
  },
  { name: 'abs', min: 1, max: 1, result: 'number', params: [NUM], doc: 'The absolute value; null for a non-number.', call: num(Math.abs) },
  { name: 'floor', min: 1, max: 1, result: 'number', params: [NUM], doc: 'Rounded down; null for a non-number.', call: num(Math.floor) },
  { name: 'ceil', min: 1, max: 1, result: 'number', params: [NUM], doc: 'Rounded up; null for a non-number.', call: num(Math.ceil) },
  {
    name: 'round', min: 1, max: 1, result: 'number', params: [NUM],
    doc: 'Rounded to the nearest integer, halves away from zero; null for a non-number.',
    call: num((n) => (n < 0 ? -Math.round(-n) : Math.round(n))), // Math.round takes halves up, i.e. away from zero for n >= 0
  },
  { name: 'min', min: 2, max: Infinity, result: 'number', params: [NUM], doc: 'The smallest of two or more numbers; null if any is not a number.', call: extreme(Math.min) },
  { name: 'max', min: 2, max: Infinity, result: 'number', params: [NUM], doc: 'The largest of two or more numbers; null if any is not a number.', call: extreme(Math.max) },
  { name: 'string', min: 1, max: 1, result: 'string', doc: 'Strings unchanged; numbers in shortest form; true/false/null; lists and objects as compact JSON.', call: ([x]) => stringOf(x) },
  {
    name: 'number', min: 1, max: 1, result: 'number', params: [['number', 'string']],
    doc: 'A number unchanged; a string in JSON number syntax parsed; else null.',
    call: ([x]) => (typeof x === 'number' ? x : typeof x === 'string' && JSON_NUMBER.test(x) ? finite(Number(x)) : null),
  },
  {
    name: 'time', min: 1, max: 1, result: 'number', params: [STR],
    doc: 'An RFC 3339 date-time as epoch milliseconds; else null.',
    call: ([s]) => (typeof s === 'string' ? parseRfc3339(s) : null),
  },
  { name: 'now', min: 0, max: 0, result: 'number', doc: 'Processing time in epoch milliseconds (in a test: the test clock).', call: (_a, now) => now },
  {
    name: 'hash', min: 2, max: 2, result: 'number', params: [['unknown'], NUM],
    doc: 'A stable bucket in 0..n-1: FNV-1a 32-bit of the UTF-8 bytes of string(x), modulo n (a positive integer).',
    call: ([x, n]) => (typeof n === 'number' && Number.isInteger(n) && n > 0 ? fnv1a32(stringOf(x)) % n : null),
  },
];

export const FUNCTIONS: ReadonlyMap<string, FunctionInfo> = new Map(TABLE.map((f) => [f.name, f]));

export const FUNCTION_NAMES: readonly string[] = TABLE.map((f) => f.name);

/** `name(a, b)` as written in docs and messages: the arity in words. */
export function arityText(f: FunctionInfo): string {
  if (f.max === Infinity) return `at least ${f.min} argument${f.min === 1 ? '' : 's'}`;
  if (f.min === f.max) return f.min === 0 ? 'no arguments' : `${f.min} argument${f.min === 1 ? '' : 's'}`;
  return `${f.min} to ${f.max} arguments`;
}

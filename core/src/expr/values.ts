// Values of the expression language (spec section 10.1) and the operations
// on them that the evaluator, the functions and the test runner share:
// truthiness, deep strict equality, `string()`, code-point order and FNV-1a.
// Events may be deep or huge: equality and `string()` walk with an explicit
// stack (no recursion), so a 100,000-level object costs time, not the stack.

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };
export type ValueObject = { [key: string]: Value };

const hasOwn = Object.prototype.hasOwnProperty;

export function isObject(v: Value | undefined): v is ValueObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An own property of an object value, `null` when absent (never the prototype's). */
export function property(o: ValueObject, key: string): Value {
  return hasOwn.call(o, key) ? (o[key] ?? null) : null;
}

/** `null`, `false`, `0`, `''` and `[]` are falsy; every other value is truthy. */
export function truthy(v: Value): boolean {
  if (v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return !(typeof v === 'number' && Number.isNaN(v)); // NaN is no Value, but never truthy if one slips in
}

/** Deep strict equality (`==`): same type and value; lists element by element, objects key by key. */
export function valuesEqual(a: Value, b: Value): boolean {
  const stack: Array<[Value, Value]> = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop() as [Value, Value];
    if (x === y) continue;
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i] ?? null, y[i] ?? null]);
    } else if (isObject(x)) {
      if (!isObject(y)) return false;
      const keys = Object.keys(x);
      if (keys.length !== Object.keys(y).length) return false;
      for (const k of keys) {
        if (!hasOwn.call(y, k)) return false;
        stack.push([x[k] ?? null, y[k] ?? null]);
      }
    } else return false; // different scalars (=== failed), or a scalar and a container
  }
  return true;
}

/** The shortest round-trip form of a number; -0 is `0`; non-finite numbers (never Values) as `null`, as in JSON. */
export function numberString(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

/**
 * `string(x)`: strings unchanged; numbers in shortest round-trip form; `true`,
 * `false`, `null`; lists and objects as compact JSON (keys in insertion order).
 */
export function stringOf(v: Value): string {
  if (typeof v === 'string') return v;
  if (v === null || typeof v !== 'object') return scalarJson(v);
  return compactJson(v);
}

function scalarJson(v: null | boolean | number | string): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return numberString(v);
  return String(v);
}

/** Literal JSON text in compactJson's work list (an instance of this class is never a Value). */
class Piece {
  constructor(readonly text: string) {}
}
const CLOSE_LIST = new Piece(']');
const CLOSE_OBJECT = new Piece('}');
const COMMA = new Piece(',');

/** JSON.stringify without recursion: a work list of pieces of text and values still to write. */
function compactJson(root: Value): string {
  const out: string[] = [];
  const todo: Array<Value | Piece> = [root];
  while (todo.length > 0) {
    const v = todo.pop() as Value | Piece;
    if (v instanceof Piece) out.push(v.text);
    else if (Array.isArray(v)) {
      out.push('[');
      todo.push(CLOSE_LIST);
      for (let i = v.length - 1; i >= 0; i--) {
        todo.push(v[i] ?? null);
        if (i > 0) todo.push(COMMA);
      }
    } else if (isObject(v)) {
      out.push('{');
      todo.push(CLOSE_OBJECT);
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        todo.push(v[keys[i]] ?? null);
        todo.push(new Piece(`${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:`));
      }
    } else out.push(scalarJson(v));
  }
  return out.join('');
}

/** Code-point order (not UTF-16 unit order: astral characters sort after U+FFFF). */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Both in the surrogate range or both outside it: unit order is code-point order.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx === sy) return x - y;
    return sx ? 1 : -1; // a surrogate (astral code point) is above every BMP unit that is not one
  }
  return a.length - b.length;
}

/** Number of code points (a lone surrogate counts as one). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** FNV-1a 32-bit over the UTF-8 bytes of `s` (a lone surrogate encodes as U+FFFD, as TextEncoder does). */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  const byte = (b: number): void => {
    h = Math.imul(h ^ b, 0x01000193);
  };
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    }
    if (c < 0x80) byte(c);
    else if (c < 0x800) {
      byte(0xc0 | (c >> 6));
      byte(0x80 | (c & 63));
    } else if (c < 0x10000) {
      byte(0xe0 | (c >> 12));
      byte(0x80 | ((c >> 6) & 63));
      byte(0x80 | (c & 63));
    } else {
      byte(0xf0 | (c >> 18));
      byte(0x80 | ((c >> 12) & 63));
      byte(0x80 | ((c >> 6) & 63));
      byte(0x80 | (c & 63));
    }
  }
  return h >>> 0;
}

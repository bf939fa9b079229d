// The expression evaluator (spec section 10): a pure walk over the jsep AST.
// Nothing from the file is ever run as code, and nothing throws on user
// input: reading a missing field, a bad member or an index out of range gives
// null; operands of the wrong type give null or false as 10.2 says; calls
// that VX015 reports (unknown function, method call, wrong number of
// arguments, `exists` of a non-field) give null.
//
// Bounded work per event: the AST is at most MAX_EXPR_DEPTH deep (parse.ts
// rejects deeper expressions as VX014; a deeper hand-made AST evaluates to
// null), `+` never builds a string over MAX_STRING code units (null
// instead), and values are compared and printed without recursion.
import { isFieldPath, MAX_EXPR_DEPTH, parseCached, type Expr, type ParseResult } from './parse';
import { finite, FUNCTIONS } from './functions';
import { compareStrings, isObject, property, truthy, valuesEqual, type Value } from './values';

export type { Value } from './values';
export { truthy, valuesEqual, stringOf, fnv1a32 } from './values';
export type { Expr, ExprError } from './parse';

export interface EvalEnv {
  /** Processing time, epoch milliseconds: what `now()` returns. */
  now: number;
}

/** The longest string `+` builds (16 Mi UTF-16 units); a longer join is null. */
export const MAX_STRING = 1 << 24;

class TooDeep {}
const TOO_DEEP = new TooDeep();

/** Evaluates `ast` against `event` (a JSON object); never throws on any event. */
export function evaluate(ast: Expr, event: Readonly<Record<string, Value>>, env: EvalEnv): Value {
  try {
    return new Evaluation(event, env.now).value(ast, 0);
  } catch (e) {
    // Too deep, or a resource limit of the engine (a string or list too long to build): no value.
    if (e instanceof TooDeep || e instanceof RangeError) return null;
    throw e; // a bug in the evaluator, not a property of the input
  }
}

/** Parses once per distinct text (the runner evaluates the same expressions for every event). */
export const compile: (text: string) => ParseResult = parseCached;

class Evaluation {
  constructor(
    private readonly event: Readonly<Record<string, Value>>,
    private readonly now: number,
  ) {}

  value(n: Expr, depth: number): Value {
    if (depth > MAX_EXPR_DEPTH) throw TOO_DEEP;
    const d = depth + 1;
    switch (n.type) {
      case 'Literal':
        return literal(n.value);
      case 'Identifier':
        return isObject(this.event as Value) ? property(this.event as Record<string, Value>, n.name as string) : null;
      case 'MemberExpression': {
        const object = this.value(n.object as Expr, d);
        if (!n.computed) return isObject(object) ? property(object, (n.property as Expr).name as string) : null;
        return member(object, this.value(n.property as Expr, d));
      }
      case 'ArrayExpression':
        return (n.elements as Array<Expr | null>).map((e) => (e ? this.value(e, d) : null));
      case 'UnaryExpression': {
        const a = this.value(n.argument as Expr, d);
        if (n.operator === '!') return !truthy(a);
        if (n.operator === '-') return typeof a === 'number' ? -a : null;
        return null;
      }
      case 'BinaryExpression':
        return this.binary(n.operator as string, n.left as Expr, n.right as Expr, d);
      case 'ConditionalExpression':
        return truthy(this.value(n.test as Expr, d)) ? this.value(n.consequent as Expr, d) : this.value(n.alternate as Expr, d);
      case 'CallExpression':
        return this.call(n, d);
      default:
        return null; // nothing else parses (parse.ts), but a hand-made AST may hold anything
    }
  }

  private binary(op: string, l: Expr, r: Expr, d: number): Value {
    // The short-circuit operators evaluate their right side only when needed.
    if (op === '&&') return truthy(this.value(l, d)) && truthy(this.value(r, d));
    if (op === '||') return truthy(this.value(l, d)) || truthy(this.value(r, d));
    if (op === '??') {
      const a = this.value(l, d);
      return a !== null ? a : this.value(r, d);
    }
    return binary(op, this.value(l, d), this.value(r, d));
  }

  private call(n: Expr, d: number): Value {
    const callee = n.callee as Expr;
    const args = n.arguments as Expr[];
    const f = callee.type === 'Identifier' ? FUNCTIONS.get(callee.name as string) : undefined;
    if (!f || args.length < f.min || args.length > f.max) return null;
    if (f.name === 'exists') return isFieldPath(args[0]) ? this.value(args[0], d) !== null : null;
    return f.call ? f.call(args.map((a) => this.value(a, d)), this.now) : null;
  }
}

function literal(v: unknown): Value {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  return typeof v === 'number' ? finite(v) : null; // `1e400` is no JSON number
}

/** `a[i]` on a list (an integer in range) or `a['k']` on an object; anything else is null. */
function member(object: Value, key: Value): Value {
  if (Array.isArray(object)) return typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < object.length ? (object[key] ?? null) : null;
  return isObject(object) && typeof key === 'string' ? property(object, key) : null;
}

function binary(op: string, a: Value, b: Value): Value {
  switch (op) {
    case '==':
    case '===':
      return valuesEqual(a, b);
    case '!=':
    case '!==':
      return !valuesEqual(a, b);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(op, a, b);
    case 'in':
      if (Array.isArray(b)) return b.some((e) => valuesEqual(a, e));
      return typeof a === 'string' && typeof b === 'string' && b.includes(a);
    case '+':
      if (typeof a === 'string' && typeof b === 'string') return a.length + b.length > MAX_STRING ? null : a + b;
      return typeof a === 'number' && typeof b === 'number' ? finite(a + b) : null;
    case '-':
    case '*':
    case '/':
    case '%':
      return typeof a === 'number' && typeof b === 'number' ? arithmetic(op, a, b) : null;
    default:
      return null;
  }
}

function arithmetic(op: '-' | '*' | '/' | '%', a: number, b: number): number | null {
  if (op === '-') return finite(a - b);
  if (op === '*') return finite(a * b);
  if (b === 0) return null; // division or remainder by 0 (or -0)
  return finite(op === '/' ? a / b : a % b);
}

/** Both numbers or both strings (code-point order); any other pair is false. */
function compare(op: '<' | '<=' | '>' | '>=', a: Value, b: Value): boolean {
  let c: number;
  if (typeof a === 'number' && typeof b === 'number') c = a < b ? -1 : a > b ? 1 : 0;
  else if (typeof a === 'string' && typeof b === 'string') c = compareStrings(a, b);
  else return false;
  return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
}

// Result types of expressions (spec section 10): a small inference over the
// AST, from the field types the schema flow knows. Used by VX016 (operations
// that can only give false or null) and by the schema flow (the type of a
// map's `set` field). A type says what a value is when it is not null; any
// field may still be null (missing), which never turns a mismatch into a
// sensible operation: null compares false and computes null.
import { FUNCTIONS, type ExprType, type FunctionInfo } from './functions';
import { span, type Expr } from './parse';

export type { ExprType } from './functions';

/** The type of a field of the input event by name (the root of a member chain); `unknown` when not known. */
export type FieldTypeOf = (name: string) => ExprType;

/** Schema field types (section 2) as expression types; `json`, `any` and disagreeing fan-ins (`a|b`) are unknown. */
export function exprTypeOfSchema(type: string | undefined): ExprType {
  switch (type) {
    case 'int':
    case 'float':
      return 'number';
    case 'string':
    case 'timestamp':
    case 'bytes':
      return 'string';
    case 'bool':
      return 'bool';
    default:
      return 'unknown';
  }
}

export interface TypeMismatch {
  /** The operation's range in the expression text. */
  start: number;
  end: number;
  message: string;
  /**
   * The quick fix: replace [start, end) with `text`. A numeric string literal
   * compared with a number loses its quotes; a timestamp field compared with
   * a number becomes `time(field)`.
   */
  fix?: { start: number; end: number; text: string; title: string };
}

export interface MismatchOptions {
  /** The expression's text, to quote the operation in messages. */
  text?: string;
  /** Fields of schema type `timestamp` (strings, compared with numbers through `time()`). */
  isTimestamp?: (name: string) => boolean;
}

const COMPARISONS = new Set(['<', '<=', '>', '>=']);
const EQUALITY = new Set(['==', '!=', '===', '!==']);
const ARITHMETIC = new Set(['-', '*', '/', '%']);
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const known = (t: ExprType): boolean => t !== 'unknown';
const article = (t: ExprType): string => (t === 'null' ? 'null' : `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t === 'bool' ? 'bool' : t}`);

/** The type of an expression's value. */
export function inferType(ast: Expr, fieldType: FieldTypeOf): ExprType {
  return new Inference(fieldType, undefined, {}).type(ast);
}

/** Operations whose operand types are both known and which can only give false or null (VX016). */
export function typeMismatches(ast: Expr, fieldType: FieldTypeOf, options: MismatchOptions = {}): TypeMismatch[] {
  const out: TypeMismatch[] = [];
  new Inference(fieldType, out, options).type(ast);
  return out;
}

class Inference {
  constructor(
    private readonly fieldType: FieldTypeOf,
    private readonly out: TypeMismatch[] | undefined,
    private readonly options: MismatchOptions,
  ) {}

  type(n: Expr): ExprType {
    switch (n.type) {
      case 'Literal':
        return n.value === null ? 'null' : typeof n.value === 'number' ? 'number' : typeof n.value === 'string' ? 'string' : typeof n.value === 'boolean' ? 'bool' : 'unknown';
      case 'Identifier':
        return this.fieldType(n.name as string);
      case 'MemberExpression':
        this.type(n.object as Expr);
        if (n.computed) this.type(n.property as Expr);
        return 'unknown'; // schema types are flat: what is inside a json field is not known
      case 'ArrayExpression':
        for (const e of n.elements as Expr[]) if (e) this.type(e);
        return 'list';
      case 'UnaryExpression':
        return this.unary(n);
      case 'BinaryExpression':
        return this.binary(n);
      case 'ConditionalExpression': {
        this.type(n.test as Expr);
        const a = this.type(n.consequent as Expr);
        const b = this.type(n.alternate as Expr);
        return a === b ? a : 'unknown';
      }
      case 'CallExpression':
        return this.call(n);
      default:
        return 'unknown';
    }
  }

  private unary(n: Expr): ExprType {
    const t = this.type(n.argument as Expr);
    if (n.operator === '!') return 'bool';
    if (known(t) && t !== 'number') this.report(n, `${this.quote(n)}is always null: '-' negates numbers, not ${article(t)}`);
    return 'number';
  }

  private binary(n: Expr): ExprType {
    const op = n.operator as string;
    const l = n.left as Expr;
    const r = n.right as Expr;
    const a = this.type(l);
    const b = this.type(r);
    const both = known(a) && known(b);
    if (COMPARISONS.has(op)) {
      if (both && !(a === b && (a === 'number' || a === 'string'))) this.mismatch(n, l, r, a, b, `${this.quote(n)}is always false: '${op}' compares two numbers or two strings, not ${article(a)} with ${article(b)}`);
      return 'bool';
    }
    if (EQUALITY.has(op)) {
      if (both && a !== b && a !== 'null' && b !== 'null') {
        const always = op.startsWith('!') ? 'true' : 'false';
        this.mismatch(n, l, r, a, b, `${this.quote(n)}is always ${always}: ${article(a)} is never equal to ${article(b)} ('${op.slice(0, 2)}' compares strictly)`);
      }
      return 'bool';
    }
    if (op === 'in') {
      if (both && !(b === 'list' || (a === 'string' && b === 'string')))
        this.report(n, `${this.quote(n)}is always false: 'in' looks in a list, or for a string in a string, not for ${article(a)} in ${article(b)}`);
      return 'bool';
    }
    if (op === '&&' || op === '||') return 'bool';
    if (op === '??') return a === b ? a : 'unknown';
    if (op === '+') {
      if (both && !(a === b && (a === 'number' || a === 'string'))) this.report(n, `${this.quote(n)}is always null: '+' adds two numbers or joins two strings, not ${article(a)} and ${article(b)}`);
      return a === 'string' || b === 'string' ? (a === 'number' || b === 'number' ? 'unknown' : 'string') : a === 'number' || b === 'number' ? 'number' : 'unknown';
    }
    if (ARITHMETIC.has(op)) {
      if (both && (a !== 'number' || b !== 'number')) this.mismatch(n, l, r, a, b, `${this.quote(n)}is always null: '${op}' takes two numbers, not ${article(a)} and ${article(b)}`);
      return 'number';
    }
    return 'unknown';
  }

  private call(n: Expr): ExprType {
    const callee = n.callee as Expr;
    const args = n.arguments as Expr[];
    const types = args.map((a) => this.type(a));
    const f = callee.type === 'Identifier' ? FUNCTIONS.get(callee.name as string) : undefined;
    if (!f) return 'unknown'; // VX015's
    if (f.params && args.length >= f.min && args.length <= f.max) this.checkArguments(f, args, types); // else VX015's
    if (f.name === 'coalesce') return types.length > 0 && types.every((t) => t === types[0]) ? types[0] : 'unknown';
    return f.result;
  }

  private checkArguments(f: FunctionInfo, args: Expr[], types: ExprType[]): void {
    const params = f.params as ReadonlyArray<readonly ExprType[]>;
    types.forEach((t, i) => {
      const accepted = params[Math.min(i, params.length - 1)];
      if (!known(t) || t === 'null' || accepted.includes('unknown') || accepted.includes(t)) return;
      const gives = f.result === 'bool' ? 'false' : 'null';
      this.report(args[i], `${f.name}() of ${article(t)} is always ${gives}: it takes ${accepted.map((a) => article(a)).join(' or ')} here`);
    });
  }

  /** A mismatch between two operands; a numeric string literal against a number can lose its quotes. */
  private mismatch(n: Expr, l: Expr, r: Expr, a: ExprType, b: ExprType, message: string): void {
    const str = a === 'number' && b === 'string' ? r : b === 'number' && a === 'string' ? l : undefined;
    const text = str?.type === 'Literal' && typeof str.value === 'string' ? str.value.trim() : undefined;
    if (str && text !== undefined && JSON_NUMBER.test(text)) {
      this.report(n, `${message}; did you mean ${text} (a number)?`, { ...span(str), text, title: `Compare with the number ${text}` });
      return;
    }
    const field = str?.type === 'Identifier' ? (str.name as string) : undefined;
    if (str && field && this.options.isTimestamp?.(field)) {
      const call = `time(${field})`;
      this.report(n, `${message}; '${field}' is a timestamp: compare ${call} (epoch milliseconds)`, { ...span(str), text: call, title: `Compare ${call}` });
      return;
    }
    this.report(n, message);
  }

  /** `total > '100' ` as the start of a message (nothing when the text is not known or long). */
  private quote(n: Expr): string {
    const s = span(n);
    const part = (this.options.text ?? '').slice(s.start, s.end);
    return part && part.length <= 60 && !part.includes('\n') ? `${part} ` : 'This ';
  }

  private report(n: Expr, message: string, fix?: TypeMismatch['fix']): void {
    this.out?.push({ ...span(n), message, ...(fix ? { fix } : {}) });
  }
}

/**
 * The schema type of a map `set` value: a field copied as is keeps its
 * schema type (`timestamp`, `int`); otherwise numbers are `int` when they
 * are whole by construction and `float` else, lists and objects `json`,
 * and what is not known `any`.
 */
export function schemaTypeOf(ast: Expr, fieldSchemaType: (name: string) => string | undefined): string {
  if (ast.type === 'Identifier') return fieldSchemaType(ast.name as string) ?? 'any';
  const t = inferType(ast, (name) => exprTypeOfSchema(fieldSchemaType(name)));
  switch (t) {
    case 'number':
      return isWhole(ast, fieldSchemaType) ? 'int' : 'float';
    case 'string':
    case 'bool':
      return t;
    case 'list':
    case 'object':
      return 'json';
    default:
      return 'any';
  }
}

const WHOLE_FUNCTIONS = new Set(['len', 'floor', 'ceil', 'round', 'time', 'now', 'hash']);

/** A number that is whole whenever it is not null: int fields and literals, and + - * % abs min max of those. */
function isWhole(n: Expr, fieldSchemaType: (name: string) => string | undefined): boolean {
  const whole = (x: Expr): boolean => isWhole(x, fieldSchemaType);
  switch (n.type) {
    case 'Literal':
      return typeof n.value === 'number' && Number.isInteger(n.value);
    case 'Identifier':
      return fieldSchemaType(n.name as string) === 'int';
    case 'UnaryExpression':
      return n.operator === '-' && whole(n.argument as Expr);
    case 'BinaryExpression':
      return ['+', '-', '*', '%'].includes(n.operator as string) && whole(n.left as Expr) && whole(n.right as Expr);
    case 'ConditionalExpression':
      return whole(n.consequent as Expr) && whole(n.alternate as Expr);
    case 'CallExpression': {
      const name = (n.callee as Expr).type === 'Identifier' ? ((n.callee as Expr).name as string) : '';
      if (WHOLE_FUNCTIONS.has(name)) return true;
      return ['abs', 'min', 'max', 'coalesce'].includes(name) && (n.arguments as Expr[]).every(whole);
    }
    default:
      return false;
  }
}

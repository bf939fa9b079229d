// Expressions of filter conditions, map `set` values and route conditions
// (spec section 4): JavaScript-like, parsed with jsep. We configure jsep once
// (no bitwise operators, so `a & b` is reported as the typo it usually is;
// `in` for membership: `region in ['eu', 'us']`), accept exactly one
// expression, and record identifier offsets so field checks can point at the
// exact columns.
import jsep from 'jsep';

export type Expr = jsep.Expression;

export interface ExprError {
  /** 0-based index in the expression text. */
  index: number;
  /** Lower-case description without position, e.g. `unexpected '>'`. */
  message: string;
}

export type ParseResult = { ok: true; ast: Expr } | { ok: false; error: ExprError };

/** A field the expression reads: the root identifier of a member chain that is not a call's callee. */
export interface FieldRef {
  name: string;
  start: number;
  end: number;
}

interface JsepParser {
  index: number;
  expr: string;
  readonly char: string;
  gobbleIdentifier(): Expr;
  gobbleToken(): Expr | false;
  gobbleExpression(): Expr | false | undefined;
  gobbleSpaces(): void;
  throwError(message: string): never;
}
type JsepClass = new (expr: string) => JsepParser;

// The operators of spec section 10.2. `===`/`!==` are kept as the same as
// `==`/`!=` (already strict; a JavaScript habit that must not become an
// error); `**` and unary `+` are not in the language and fail to parse.
// Precedence as the spec's table: `in` below `==`, `??` below `||`.
for (const op of ['|', '^', '&', '<<', '>>', '>>>', '**']) jsep.removeBinaryOp(op);
for (const op of ['~', '+']) jsep.removeUnaryOp(op);
jsep.removeBinaryOp('??');
jsep.addBinaryOp('in', 5);
jsep.addBinaryOp('??', 0.5);

/** Deeper expressions are VX014: evaluation, inference and field look-ups recurse over the AST. */
export const MAX_EXPR_DEPTH = 1000;

/** The escapes of a JSON string, plus `\'` for single-quoted strings. */
const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

const Base = (jsep as unknown as { Jsep: JsepClass }).Jsep;
// `this` is a field name like any other.
(Base as unknown as { this_str: string }).this_str = '';

/** jsep with identifier positions and a single expression per input. */
class PositionedParser extends Base {
  /** Every token (literal, field, member chain, call, group, unary) gets its range; see `span` for the rest. */
  override gobbleToken(): Expr | false {
    this.gobbleSpaces();
    const start = this.index;
    const node = super.gobbleToken();
    if (node && node.start === undefined) {
      let end = this.index;
      while (end > start && this.expr[end - 1].trim() === '') end--;
      node.start = start;
      node.end = end;
    }
    return node;
  }

  override gobbleIdentifier(): Expr {
    const start = this.index;
    const node = super.gobbleIdentifier();
    node.start = start;
    node.end = this.index;
    return node;
  }

  /** String literals with JSON escapes (jsep's own takes `\\v`, and `\\u0041` as `u0041`). */
  gobbleStringLiteral(): Expr {
    const start = this.index;
    const quote = this.expr[this.index++];
    let value = '';
    while (this.index < this.expr.length) {
      const ch = this.expr[this.index++];
      if (ch === quote) return { type: 'Literal', value, raw: this.expr.slice(start, this.index) };
      if (ch !== '\\') {
        value += ch;
        continue;
      }
      const e = this.expr[this.index] ?? '';
      const hex = /^u[0-9a-fA-F]{4}/.exec(this.expr.slice(this.index, this.index + 5));
      if (hex) {
        value += String.fromCharCode(parseInt(hex[0].slice(1), 16));
        this.index += 5;
      } else if (Object.prototype.hasOwnProperty.call(ESCAPES, e)) {
        value += ESCAPES[e];
        this.index++;
      } else {
        this.index--;
        this.throwError(e === '' ? 'Unclosed quote' : `Invalid escape '\\${e === 'u' ? 'u' : e}' (strings take the JSON escapes: \\n \\t \\uXXXX ...)`);
      }
    }
    this.throwError(`Unclosed quote after "${value}"`);
  }

  parse(): Expr {
    this.gobbleSpaces();
    if (this.index >= this.expr.length) this.throwError('Expected an expression');
    const node = this.gobbleExpression();
    if (!node) this.throwError(`Unexpected "${this.char}"`);
    this.gobbleSpaces();
    if (this.index < this.expr.length) this.throwError(`Unexpected "${this.char}"`);
    return node as Expr;
  }
}

export function parseExpression(text: string): ParseResult {
  const tooDeep = bracketDepthError(text);
  if (tooDeep) return { ok: false, error: tooDeep };
  try {
    const ast = new PositionedParser(text).parse();
    const shapeError = checkShape(text, ast);
    return shapeError ? { ok: false, error: shapeError } : { ok: true, ast };
  } catch (e) {
    if (e instanceof RangeError) return { ok: false, error: { index: 0, message: `expression nested too deeply (over ${MAX_EXPR_DEPTH} levels)` } };
    const err = e as { index?: unknown; description?: unknown; message?: unknown };
    const index = typeof err.index === 'number' ? Math.max(0, Math.min(err.index, text.length)) : 0;
    const raw = typeof err.description === 'string' ? err.description : String(err.message ?? e);
    return { ok: false, error: { index: errorIndex(text, index, raw), message: describe(text, index, raw) } };
  }
}

const parsed = new Map<string, ParseResult>();
const MAX_PARSED = 10_000;

/**
 * parseExpression, once per distinct text: the rules, the schema flow and the
 * test runner all read the same expressions. The ASTs are shared: never modify one.
 */
export function parseCached(text: string): ParseResult {
  let r = parsed.get(text);
  if (r === undefined) {
    if (parsed.size >= MAX_PARSED) parsed.clear();
    r = parseExpression(text);
    parsed.set(text, r);
  }
  return r;
}

/** `a` or `a.b.c`: what `exists` takes. */
export function isFieldPath(n: Expr): boolean {
  while (n.type === 'MemberExpression' && !n.computed) n = n.object as Expr;
  return n.type === 'Identifier';
}

/** Brackets nested deeper than the limit, found before jsep recurses into them. */
function bracketDepthError(text: string): ExprError | undefined {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') {
      if (++depth > MAX_EXPR_DEPTH) return { index: i, message: `expression nested too deeply (over ${MAX_EXPR_DEPTH} levels)` };
    } else if (c === ')' || c === ']') depth--;
  }
  return undefined;
}

/** What jsep accepts but the language does not: `a?.b`; and ASTs deeper than the limit (long operator chains). */
function checkShape(text: string, ast: Expr): ExprError | undefined {
  const stack: Array<[Expr, number]> = [[ast, 1]];
  while (stack.length > 0) {
    const [n, depth] = stack.pop() as [Expr, number];
    if (depth > MAX_EXPR_DEPTH) return { index: 0, message: `expression nested too deeply (over ${MAX_EXPR_DEPTH} levels)` };
    if (n.optional) return { index: Math.max(0, text.indexOf('?.')), message: "unexpected '?.'; a.b already reads null when a is missing" };
    for (const child of children(n)) stack.push([child, depth + 1]);
  }
  return undefined;
}

/** The range of a node in the expression text: its own, or from its first to its last sub-expression (binary, ternary). */
export function span(n: Expr): { start: number; end: number } {
  if (typeof n.start === 'number' && typeof n.end === 'number') return { start: n.start, end: n.end };
  const parts = children(n).map(span);
  if (!parts.length) return { start: 0, end: 0 };
  return { start: Math.min(...parts.map((p) => p.start)), end: Math.max(...parts.map((p) => p.end)) };
}

/** The sub-expressions of a node. */
export function children(n: Expr): Expr[] {
  const out: Expr[] = [];
  for (let i = 0; i < CHILD_KEYS.length; i++) {
    const c = n[CHILD_KEYS[i]];
    if (c && typeof c === 'object') out.push(c as Expr);
  }
  for (let i = 0; i < CHILD_LISTS.length; i++) {
    const list = n[CHILD_LISTS[i]];
    if (Array.isArray(list)) for (let j = 0; j < list.length; j++) if (list[j]) out.push(list[j] as Expr);
  }
  return out;
}

// Index loops over constant lists, here and in fieldRefs: a for-of allocates an iterator and a result per step in
// V8's interpreter, which runs the first analysis of a fresh server (every expression of the file).
const CHILD_KEYS = ['object', 'property', 'callee', 'left', 'right', 'argument', 'test', 'consequent', 'alternate'] as const;
const CHILD_LISTS = ['arguments', 'elements'] as const;
const OPERANDS = ['left', 'right', 'argument', 'test', 'consequent', 'alternate'] as const;
const OPERAND_LISTS = ['elements', 'expressions', 'body'] as const;

/** jsep reports some errors after the token they are about; point at the token instead. */
function errorIndex(text: string, index: number, raw: string): number {
  if (joinedOperator(text, index, raw)) return index - 1;
  if (/^Unexpected "/.test(raw) || /^Expected /.test(raw)) return index;
  if (/^Unclosed quote/.test(raw)) {
    const q = Math.max(text.lastIndexOf("'", index - 1), text.lastIndexOf('"', index - 1));
    return q >= 0 ? q : index;
  }
  return index;
}

/** `**`: jsep read `*` and then found no operand. */
function joinedOperator(text: string, index: number, raw: string): boolean {
  return raw === 'Expected expression after *' && text.slice(index - 1, index + 1) === '**';
}

function describe(text: string, index: number, raw: string): string {
  const unexpected = /^Unexpected "(.*)"$/s.exec(raw) ?? /^Unexpected (.)$/s.exec(raw);
  if (unexpected) {
    if (index >= text.length || unexpected[1] === '') return 'unexpected end of expression';
    const ch = unexpected[1];
    const hint = ch === '=' ? "; use '==' to compare" : ch === '&' ? "; use '&&' for and" : ch === '|' ? "; use '||' for or" : '';
    return `unexpected '${ch}'${hint}`;
  }
  if (joinedOperator(text, index, raw)) return "unexpected '**'; there is no power operator";
  const expectedAfter = /^Expected expression after (.*)$/.exec(raw);
  if (expectedAfter) {
    const found = /^(?:&&|\|\||\?\?|===?|!==?|<=?|>=?|\*\*|[*/%&|^=)\]}:,;.])/.exec(text.slice(index))?.[0];
    if (found) return `expected an operand after '${expectedAfter[1]}' but found '${found}'`;
    return index < text.length && text[index].trim() ? `unexpected '${text[index]}'` : `expected an operand after '${expectedAfter[1]}'`;
  }
  if (raw === 'Unclosed (' || raw === 'Expected )') return "missing ')'";
  if (raw === 'Unclosed [' || raw === 'Expected ]') return "missing ']'";
  if (/^Unclosed quote/.test(raw)) return 'unclosed string literal';
  if (raw === 'missing unaryOp argument') return 'expected an operand after the unary operator';
  return raw.charAt(0).toLowerCase() + raw.slice(1).replace(/"/g, "'");
}

/** Every field read by the expression, in source order. */
export function fieldRefs(ast: Expr): FieldRef[] {
  const out: FieldRef[] = [];
  const visit = (n: Expr | null | undefined): void => {
    if (!n || typeof n !== 'object') return;
    switch (n.type) {
      case 'Identifier':
        if (typeof n.start === 'number' && typeof n.end === 'number') out.push({ name: n.name as string, start: n.start, end: n.end });
        return;
      case 'MemberExpression':
        visit(n.object as Expr);
        if (n.computed) visit(n.property as Expr);
        return;
      case 'CallExpression':
        // `len(x)`: the callee is a function, not a field; `name.lower()`: `name` is.
        if ((n.callee as Expr).type !== 'Identifier') visit(n.callee as Expr);
        for (let i = 0, args = n.arguments as Expr[]; i < args.length; i++) visit(args[i]);
        return;
      default:
        for (let i = 0; i < OPERANDS.length; i++) visit(n[OPERANDS[i]] as Expr | undefined);
        for (let i = 0; i < OPERAND_LISTS.length; i++) {
          const list = n[OPERAND_LISTS[i]];
          if (Array.isArray(list)) for (let j = 0; j < list.length; j++) visit(list[j] as Expr);
        }
    }
  };
  visit(ast);
  return out.sort((a, b) => a.start - b.start);
}

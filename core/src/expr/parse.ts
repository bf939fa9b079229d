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
  gobbleExpression(): Expr | false | undefined;
  gobbleSpaces(): void;
  throwError(message: string): never;
}
type JsepClass = new (expr: string) => JsepParser;

for (const op of ['|', '^', '&', '<<', '>>', '>>>']) jsep.removeBinaryOp(op);
jsep.removeUnaryOp('~');
jsep.addBinaryOp('in', 7);

const Base = (jsep as unknown as { Jsep: JsepClass }).Jsep;

/** jsep with identifier positions and a single expression per input. */
class PositionedParser extends Base {
  override gobbleIdentifier(): Expr {
    const start = this.index;
    const node = super.gobbleIdentifier();
    node.start = start;
    node.end = this.index;
    return node;
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
  try {
    return { ok: true, ast: new PositionedParser(text).parse() };
  } catch (e) {
    const err = e as { index?: unknown; description?: unknown; message?: unknown };
    const index = typeof err.index === 'number' ? Math.max(0, Math.min(err.index, text.length)) : 0;
    const raw = typeof err.description === 'string' ? err.description : String(err.message ?? e);
    return { ok: false, error: { index: errorIndex(text, index, raw), message: describe(text, index, raw) } };
  }
}

/** jsep reports some errors after the token they are about; point at the token instead. */
function errorIndex(text: string, index: number, raw: string): number {
  if (/^Unexpected "/.test(raw) || /^Expected /.test(raw)) return index;
  if (/^Unclosed quote/.test(raw)) {
    const q = Math.max(text.lastIndexOf("'", index - 1), text.lastIndexOf('"', index - 1));
    return q >= 0 ? q : index;
  }
  return index;
}

function describe(text: string, index: number, raw: string): string {
  const unexpected = /^Unexpected "(.*)"$/s.exec(raw) ?? /^Unexpected (.)$/s.exec(raw);
  if (unexpected) {
    if (index >= text.length || unexpected[1] === '') return 'unexpected end of expression';
    const ch = unexpected[1];
    const hint = ch === '=' ? "; use '==' to compare" : ch === '&' ? "; use '&&' for and" : ch === '|' ? "; use '||' for or" : '';
    return `unexpected '${ch}'${hint}`;
  }
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
        for (const a of n.arguments as Expr[]) visit(a);
        return;
      default:
        for (const key of ['left', 'right', 'argument', 'test', 'consequent', 'alternate'] as const) visit(n[key] as Expr | undefined);
        for (const key of ['elements', 'expressions', 'body'] as const) {
          const list = n[key];
          if (Array.isArray(list)) for (const e of list) visit(e as Expr);
        }
    }
  };
  visit(ast);
  return out.sort((a, b) => a.start - b.start);
}

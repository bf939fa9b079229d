// VX015's findings inside one expression (spec section 10.5): calls to a
// function outside the closed set of 10.3, method calls (`name.lower()`),
// wrong numbers of arguments, and `exists` of something that is not a field
// path. Ranges are indices in the expression text; the rule maps them to
// the file. The evaluator gives null for each of these calls.
import { closest, defaultMaxDistance } from '../util/suggest';
import { arityText, FUNCTION_NAMES, FUNCTIONS } from './functions';
import { children, isFieldPath, span, type Expr } from './parse';

export interface CallProblem {
  start: number;
  end: number;
  message: string;
  /** Function names to replace the range with (an unknown function's name). */
  candidates?: string[];
  /** A method call written as a function call: the text to replace the range with. */
  rewrite?: string;
}

/** Every call problem of the expression `text` (parsed as `ast`), in source order. */
export function callProblems(text: string, ast: Expr): CallProblem[] {
  const out: CallProblem[] = [];
  const stack: Expr[] = [ast];
  while (stack.length > 0) {
    const n = stack.pop() as Expr;
    if (n.type === 'CallExpression') checkCall(text, n, out);
    const below = children(n);
    for (let i = 0; i < below.length; i++) stack.push(below[i]);
  }
  return out.sort((a, b) => a.start - b.start);
}

function checkCall(text: string, n: Expr, out: CallProblem[]): void {
  const callee = n.callee as Expr;
  const args = n.arguments as Expr[];
  const whole = span(n);
  if (callee.type === 'MemberExpression' && !callee.computed) {
    out.push(methodCall(text, callee, args, whole));
    return;
  }
  if (callee.type !== 'Identifier') {
    out.push({ ...whole, message: `Only the functions of the expression language can be called (${FUNCTION_NAMES.join(', ')})` });
    return;
  }
  const name = callee.name as string;
  const f = FUNCTIONS.get(name);
  if (!f) {
    const alias = JS_METHODS[name];
    const candidates = alias ? [alias] : AGGREGATES.has(name) ? [] : closestFunction(name);
    const aggregate = AGGREGATES.has(name) ? `; ${name}() is a window aggregate (under a window's aggregate:), not a function of expressions` : '';
    const hint = candidates.length ? `; did you mean '${candidates[0]}'?` : aggregate || ` (functions: ${FUNCTION_NAMES.join(', ')})`;
    out.push({ ...span(callee), message: `Unknown function '${name}'${hint}`, ...(candidates.length ? { candidates } : {}) });
    return;
  }
  if (args.length < f.min || args.length > f.max) {
    out.push({ ...whole, message: `${name}() takes ${arityText(f)}, not ${args.length}` });
    return;
  }
  if (name === 'exists' && !isFieldPath(args[0])) {
    out.push({ ...span(args[0]), message: `exists() takes a field path (a or a.b), not '${slice(text, args[0])}'; compare the value with null instead` });
  }
}

/** The window aggregates of section 4 (`min` and `max` are functions too). */
const AGGREGATES = new Set(['count', 'sum', 'avg']);

/** Function names are short: `lenght` is 3 edits from `len`, but `sum` must not suggest `min`. */
function closestFunction(name: string): string[] {
  return closest(name, FUNCTION_NAMES, Math.min(3, Math.max(defaultMaxDistance(name), Math.floor(name.length / 2))));
}

/** JavaScript's string and list methods and the functions that do their work here. */
const JS_METHODS: Record<string, string | undefined> = Object.assign(Object.create(null) as Record<string, string>, {
  toLowerCase: 'lower',
  toUpperCase: 'upper',
  includes: 'contains',
  startsWith: 'starts_with',
  endsWith: 'ends_with',
  toString: 'string',
});

/** `x.f(a)`: there are no methods; when `f` is (or is close to) a function, offer `f(x, a)`. */
function methodCall(text: string, callee: Expr, args: Expr[], whole: { start: number; end: number }): CallProblem {
  const method = (callee.property as Expr).name as string;
  const fn = FUNCTIONS.has(method) ? method : (JS_METHODS[method] ?? closestFunction(method)[0]);
  const call = text.slice(whole.start, whole.end);
  if (!fn) return { ...whole, message: `'${call}' is a method call; expressions have no methods, only the functions ${FUNCTION_NAMES.join(', ')}` };
  const f = FUNCTIONS.get(fn)!;
  const operands = [callee.object as Expr, ...args].map((a) => slice(text, a));
  const fits = operands.length >= f.min && operands.length <= f.max;
  const rewrite = `${fn}(${operands.join(', ')})`;
  return {
    ...whole,
    message: `'${call}' is a method call; expressions have functions only: write ${rewrite}`,
    ...(fits ? { rewrite } : {}),
  };
}

function slice(text: string, n: Expr): string {
  const s = span(n);
  return text.slice(s.start, s.end);
}

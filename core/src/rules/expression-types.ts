// VX015 (unknown function, method call, wrong number of arguments, `exists`
// of a non-field) and VX016 (an operation that can only give false or null,
// from the operand types the schema flow knows): spec section 10.5. The
// checks themselves are in core/src/expr (calls.ts, types.ts); this maps
// their ranges to the file and attaches the quick fixes.
import type { PipelineFile } from '../pipeline/file';
import type { YScalar } from '../parse/tree';
import type { FieldSet } from '../flow';
import { callProblems } from '../expr/calls';
import { scalarOffsetMap, type OffsetMap } from '../expr/offsets';
import type { Expr } from '../expr/parse';
import { exprTypeOfSchema, typeMismatches } from '../expr/types';
import type { FixData } from '../types';
import { report, type RuleContext } from './context';

/** An expression in the file: the scalar holding it and its text. */
export interface Site {
  node: YScalar;
  text: string;
}

/** Runs `run` once per key: an expression seen through several paths is reported once. */
export function once(seen: Set<string>, key: string, run: () => void): void {
  if (seen.has(key)) return;
  seen.add(key);
  run();
}

export function checkCalls(ctx: RuleContext, seen: Set<string>, file: PipelineFile, site: Site, ast: Expr): void {
  const problems = callProblems(site.text, ast);
  if (!problems.length) return;
  const at = scalarOffsetMap(file.text, site.node);
  for (const p of problems) {
    const span = fileSpan(at, p.start, p.end);
    let data: FixData | undefined;
    if (p.candidates) data = { kind: 'replace', candidates: p.candidates };
    else if (p.rewrite && verbatim(file, site, span, p.start, p.end))
      data = { kind: 'rewrite', title: `Rewrite as ${p.rewrite}`, range: file.lines.range(span.start, span.end), newText: p.rewrite };
    once(seen, `VX015|${file.uri}|${span.start}|${p.message}`, () => report(ctx, 'VX015', file, span, p.message, data ? { data } : {}));
  }
}

export function checkTypes(ctx: RuleContext, seen: Set<string>, file: PipelineFile, site: Site, ast: Expr, fields: FieldSet | undefined): void {
  const mismatches = typeMismatches(ast, (name) => exprTypeOfSchema(fields?.get(name)), { text: site.text, isTimestamp: (name) => fields?.get(name) === 'timestamp' });
  if (!mismatches.length) return;
  const at = scalarOffsetMap(file.text, site.node);
  for (const m of mismatches) {
    const span = fileSpan(at, m.start, m.end);
    let data: FixData | undefined;
    if (m.fix) {
      const part = fileSpan(at, m.fix.start, m.fix.end);
      if (verbatim(file, site, part, m.fix.start, m.fix.end)) data = { kind: 'rewrite', title: m.fix.title, range: file.lines.range(part.start, part.end), newText: m.fix.text };
    }
    once(seen, `VX016|${file.uri}|${span.start}|${m.message}`, () => report(ctx, 'VX016', file, span, m.message, data ? { data } : {}));
  }
}

/** Indices [start, end) of the expression as a range of the file. */
function fileSpan(at: OffsetMap, start: number, end: number): { start: number; end: number } {
  const s = at(start);
  return { start: s, end: Math.max(s, at(Math.max(start, end - 1)) + 1) };
}

/** The file holds the expression's text as is there (no escapes or folding): a replacement can be written as is. */
function verbatim(file: PipelineFile, site: Site, span: { start: number; end: number }, start: number, end: number): boolean {
  return file.text.slice(span.start, span.end) === site.text.slice(start, end);
}

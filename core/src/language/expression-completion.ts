// Completion of the functions of the expression language (spec 10.3) in
// filter conditions, route conditions and map `set` values, after the fields.
import type { Range } from '../types';
import { arityText, FUNCTIONS } from '../expr/functions';
import type { CompletionEntry } from './types';

/** One entry per function: inserts `name(` … `)` with the cursor inside (none for `now()`). */
export function functionEntries(range: Range): CompletionEntry[] {
  return [...FUNCTIONS.values()].map((f) => ({
    label: f.name,
    kind: 'snippet' as const,
    detail: `function, ${arityText(f)}`,
    documentation: f.doc,
    insertText: f.max === 0 ? `${f.name}()` : `${f.name}($1)`,
    snippet: true,
    range,
    sortText: `1${f.name}`, // after the fields (`0name`)
  }));
}

// VX010-VX013: the file validated against the JSON Schema (schema/load.ts),
// errors mapped to precise findings (schema/errors.ts). A fragment is simply
// a file without `pipeline`, which the schema allows.
//
// Incremental: the top level is validated with the sections emptied, and each
// component on its own (inside a one-component document, so ajv's paths are
// the same as for the whole file). A component's errors depend only on its
// text, so they are memoised on the text's identity (parse/chunked.ts), which
// an edit keeps for every component it does not touch, with nothing hashed.
// (A memo by the text itself, for a file opened again, cost a cold analysis
// more in hashing than it saved: validating a component is cheaper.)
import type { ErrorObject, ValidateFunction } from 'ajv';
import { BudgetExceeded, isMap, toJS } from '../parse/tree';
import { textIdentity } from '../parse/chunked';
import { SECTIONS, type Component, type PipelineFile } from '../pipeline/file';
import type { Finding } from '../types';
import { componentValidator, schemaValidator, SCHEMA, type SchemaNode } from '../schema/load';
import { mapSchemaErrors } from '../schema/errors';

/** What the schema rule keeps on a component's text identity: its ajv errors (position independent). */
interface Memo {
  section: string;
  errors: ErrorObject[];
}

/** A component's ajv errors: memoised, or validated now. */
function componentErrors(c: Component, validate: ValidateFunction): ErrorObject[] {
  // Without an identity the file was parsed whole: anchors may give a component a meaning its text does not show.
  const identity = textIdentity(c.pair);
  const known = identity?.schema as Memo | undefined;
  if (known && known.section === c.section) return known.errors;
  const errors = validateComponent(c, validate);
  if (identity) identity.schema = { section: c.section, errors } satisfies Memo;
  return errors;
}

/**
 * A component's ajv errors as if the whole file were validated: paths under
 * `/<section>/<id>`. A mapping of a known type with a valid id is validated
 * by its type's own validator (2-3x less work than the whole-file validator,
 * which tries every type's condition); anything else inside a one-component
 * file, which reports the id, the type and the shape. The two differ only in
 * wrapper errors (`if`, `allOf`), which the error mapper drops;
 * test/core/schema-standalone.test.ts holds them to the same findings.
 */
export function validateComponent(c: Component, validate: ValidateFunction, route: 'by-type' | 'whole-file' = 'by-type'): ErrorObject[] {
  const value = toJS(c.pair.value);
  const byType = route === 'by-type' && isObject(value) && idPattern(c.section).test(c.id) ? componentValidator(c.section, value.type) : undefined;
  if (byType) {
    if (byType(value)) return [];
    const prefix = `/${c.section}/${c.id.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    return (byType.errors ?? []).map((e) => ({ ...e, instancePath: prefix + e.instancePath }));
  }
  return validate({ veltrix: 1, [c.section]: { [c.id]: value } }) ? [] : [...(validate.errors ?? [])];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The ids a section accepts (its `propertyNames` pattern). */
const idPatterns = new Map<string, RegExp>();
function idPattern(section: string): RegExp {
  let re = idPatterns.get(section);
  if (!re) idPatterns.set(section, (re = new RegExp((SCHEMA.properties?.[section] as SchemaNode | undefined)?.propertyNames?.pattern ?? '(?!)')));
  return re;
}

/** Validates the file; with `only`, just those components (the rest is known to be unchanged). */
export function checkSchema(file: PipelineFile, findings: Finding[], only?: Component[]): void {
  if (!isMap(file.root)) return;
  const validate = schemaValidator();
  const errors: ErrorObject[] = [];
  const types = new Map<string, string | undefined>(); // of the components with errors, for the messages
  try {
    if (!only) {
      // The top level, with each section's components left out.
      const top: Record<string, unknown> = Object.create(null);
      for (const p of file.root.pairs) {
        const k = String(p.key.value);
        if (k in top) continue;
        top[k] = (SECTIONS as readonly string[]).includes(k) && isMap(p.value) ? {} : toJS(p.value);
      }
      if (!validate(top)) errors.push(...(validate.errors ?? []));
    }
    const seen = new Map<string, Set<string>>(); // section -> ids
    for (const c of only ?? file.components) {
      let ids = seen.get(c.section);
      if (!ids) seen.set(c.section, (ids = new Set()));
      if (ids.has(c.id)) continue; // a duplicate id: VX002 says so; the first definition is validated
      ids.add(c.id);
      const found = componentErrors(c, validate);
      if (found.length) types.set(`${c.section}/${c.id}`, c.type);
      for (let i = 0; i < found.length; i++) errors.push(found[i]);
    }
  } catch (e) {
    if (e instanceof BudgetExceeded) return; // an alias bomb: VX001 already says so
    throw e;
  }
  if (!errors.length) return;
  // With a syntax error the tree may be cut short: missing keys would be noise.
  const skipRequired = file.syntax.some((p) => p.code === 'VX001');
  mapSchemaErrors(file, errors, findings, { skipRequired, types });
}

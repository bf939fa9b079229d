// The schema compiled to standalone code at build time (scripts/gen-validator.mjs):
// `root` validates a whole file, `<section>-<type>` (e.g. `processor-filter`) one component.
import type { ValidateFunction } from 'ajv';

declare const validators: { root: ValidateFunction } & Record<string, ValidateFunction | undefined>;
export = validators;

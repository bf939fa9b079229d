// The schema compiled to standalone code at build time (scripts/gen-validator.mjs).
import type { ValidateFunction } from 'ajv';

declare const validate: ValidateFunction;
export default validate;

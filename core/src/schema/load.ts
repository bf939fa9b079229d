// The format's JSON Schema, bundled into the core (esbuild inlines the JSON)
// for completion and hover, and its validators, compiled by ajv at build time
// to standalone code (scripts/gen-validator.mjs): loading them takes a few
// milliseconds where compiling the schema at start-up took over a hundred.
// `verbose` errors carry their schema and data, which the error mapper needs
// for units, enums and suggestions.
// The schema file is standard draft-07; the build puts the editor
// annotations (markdown hovers, `x-` markers) kept beside it back in
// (schema.generated.json; scripts/schema-annotations.mjs explains why).
import type { ValidateFunction } from 'ajv';
import schemaJson from './schema.generated.json';
import validators from './validate.generated';

/** A JSON Schema node as we read it (draft-07 plus our `x-` markers). */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  title?: string;
  description?: string;
  markdownDescription?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  examples?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, SchemaNode | boolean>;
  patternProperties?: Record<string, SchemaNode | boolean>;
  additionalProperties?: SchemaNode | boolean;
  propertyNames?: SchemaNode;
  items?: SchemaNode;
  required?: string[];
  allOf?: SchemaNode[];
  if?: SchemaNode;
  then?: SchemaNode;
  definitions?: Record<string, SchemaNode>;
  'x-unit'?: 'duration' | 'size' | 'rate';
  'x-expression'?: boolean;
  'x-field'?: boolean;
  'x-reference'?: 'component' | 'schema';
  [key: string]: unknown;
}

export const SCHEMA = schemaJson as unknown as SchemaNode;

/** Validates a whole file. */
export function schemaValidator(): ValidateFunction {
  return validators.root;
}

/** section -> type -> validator, indexed on first use (`source-kafka` is `sources` + `kafka`). */
const byType = new Map<string, Map<string, ValidateFunction>>();

/** Validates one component of a known `type`, or undefined. */
export function componentValidator(section: string, type: unknown): ValidateFunction | undefined {
  if (typeof type !== 'string') return undefined;
  let types = byType.get(section);
  if (!types) {
    const prefix = `${section.replace(/s$/, '')}-`;
    types = new Map();
    for (const [name, validate] of Object.entries(validators)) if (validate && name.startsWith(prefix) && /^[a-z0-9]+$/.test(name.slice(prefix.length))) types.set(name.slice(prefix.length), validate);
    byType.set(section, types);
  }
  return types.get(type);
}

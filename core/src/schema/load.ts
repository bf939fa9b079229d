// The format's JSON Schema, bundled into the core (esbuild inlines the JSON)
// and compiled once, lazily, with ajv. `verbose` gives each error its schema
// and data, which the error mapper needs for units, enums and suggestions.
// Compiling takes a few hundred milliseconds: a server may call
// schemaValidator() once at start-up to take that off the first keystroke.
import Ajv, { type ValidateFunction } from 'ajv';
import schemaJson from '../../../schemas/veltrix-v1.schema.json';

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

let validator: ValidateFunction | undefined;

export function schemaValidator(): ValidateFunction {
  // inlineRefs: false keeps the generated code (and the first compile) small: the definitions are reused a lot.
  validator ??= new Ajv({ allErrors: true, strict: false, verbose: true, inlineRefs: false }).compile(SCHEMA);
  return validator;
}

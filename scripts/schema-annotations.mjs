// Keeps the published JSON Schemas standard, so that ajv compiles them in its
// default strict mode (unknown keywords are errors there) and any other tool
// reads them as plain draft-07: the editor annotations (`markdownDescription`
// for hovers, our `x-unit`, `x-expression`, `x-field`, `x-reference` markers)
// live beside each schema in `<name>.annotations.json`, keyed by JSON Pointer,
// and the build puts them back (`annotatedSchema`, called by
// scripts/gen-validator.mjs) for the core and its compiled validators.
//
// `node scripts/schema-annotations.mjs` moves any annotation written inline
// in a schema into its annotations file (so you may write them inline while
// editing, then run this); test/schema-strict.test.ts fails until you do.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Keywords that ajv's strict mode rejects and that only our editor tooling reads. */
export const ANNOTATION_KEYWORDS = ['markdownDescription', 'x-unit', 'x-expression', 'x-field', 'x-reference'];

export const SCHEMA_FILES = ['schemas/veltrix-v1.schema.json', 'schemas/veltrix-test-v1.schema.json', 'schemas/veltrix-lint.schema.json'];

export const annotationsFileOf = (schemaFile) => schemaFile.replace(/\.schema\.json$/, '.annotations.json');

// Keywords whose value is a schema, a list of schemas, or a map of names to schemas.
const SUBSCHEMA = ['items', 'additionalProperties', 'additionalItems', 'propertyNames', 'contains', 'if', 'then', 'else', 'not'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', 'dependencies'];

const escapePointer = (token) => String(token).replace(/~/g, '~0').replace(/\//g, '~1');

/** Visits every schema node (not values such as `default` or `examples`) with its JSON Pointer. */
function eachSchemaNode(node, pointer, visit) {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return;
  visit(node, pointer);
  for (const key of SUBSCHEMA) if (node[key] !== undefined) eachSchemaNode(node[key], `${pointer}/${key}`, visit);
  for (const key of SUBSCHEMA_LISTS) if (Array.isArray(node[key])) node[key].forEach((s, i) => eachSchemaNode(s, `${pointer}/${key}/${i}`, visit));
  for (const key of SUBSCHEMA_MAPS) {
    const map = node[key];
    if (map && typeof map === 'object') for (const [name, s] of Object.entries(map)) eachSchemaNode(s, `${pointer}/${key}/${escapePointer(name)}`, visit);
  }
  if (Array.isArray(node.items)) node.items.forEach((s, i) => eachSchemaNode(s, `${pointer}/items/${i}`, visit));
}

/** Removes the annotation keywords from `schema` (in place) and returns them by pointer, in schema order. */
export function extractAnnotations(schema) {
  const annotations = {};
  eachSchemaNode(schema, '', (node, pointer) => {
    for (const key of ANNOTATION_KEYWORDS) {
      if (node[key] === undefined) continue;
      (annotations[pointer] ??= {})[key] = node[key];
      delete node[key];
    }
  });
  return annotations;
}

/** Adds each pointer's keywords to its node in `schema` (in place); returns the pointers that name no node. */
export function applyAnnotations(schema, annotations) {
  const missing = [];
  for (const [pointer, keywords] of Object.entries(annotations)) {
    let node = schema;
    for (const token of pointer.split('/').slice(1)) node = node?.[token.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node && typeof node === 'object') Object.assign(node, keywords);
    else missing.push(pointer);
  }
  return missing;
}

/** A schema file with its annotations put back: what the core reads and the validators are compiled from. */
export function annotatedSchema(schemaFile) {
  const schema = JSON.parse(fs.readFileSync(path.join(root, schemaFile), 'utf8'));
  const annotationsPath = path.join(root, annotationsFileOf(schemaFile));
  if (fs.existsSync(annotationsPath)) applyAnnotations(schema, JSON.parse(fs.readFileSync(annotationsPath, 'utf8')).annotations);
  return schema;
}

/** The pointers of every schema node, in the order extraction writes them. */
function schemaPointers(schema) {
  const pointers = [];
  eachSchemaNode(schema, '', (_node, pointer) => pointers.push(pointer));
  return pointers;
}

export const annotationsHeader =
  'Editor annotations of the schema beside it, by JSON Pointer: hover text (markdownDescription) and the markers the Veltrix language server reads. Kept out of the schema so that it stays standard draft-07 (ajv strict mode). Written by scripts/schema-annotations.mjs.';

/** Moves inline annotations of one schema file into its annotations file; returns how many nodes had some. */
export function moveInlineAnnotations(schemaFile) {
  const schemaPath = path.join(root, schemaFile);
  const annotationsPath = path.join(root, annotationsFileOf(schemaFile));
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  const known = fs.existsSync(annotationsPath) ? JSON.parse(fs.readFileSync(annotationsPath, 'utf8')).annotations : {};
  const inline = extractAnnotations(schema);
  const moved = Object.keys(inline).length;
  if (moved === 0) return 0;
  // One canonical order (the schema's); inline edits win over the file's.
  const annotations = {};
  const pointers = schemaPointers(schema);
  for (const pointer of pointers) if (known[pointer] || inline[pointer]) annotations[pointer] = { ...known[pointer], ...inline[pointer] };
  for (const pointer of Object.keys(known)) if (!pointers.includes(pointer)) console.warn(`${annotationsFileOf(schemaFile)}: dropped ${pointer} (no such node in the schema)`);
  fs.writeFileSync(schemaPath, `${JSON.stringify(schema, null, 2)}\n`);
  fs.writeFileSync(annotationsPath, `${JSON.stringify({ $comment: annotationsHeader, annotations }, null, 2)}\n`);
  return moved;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = process.argv.length > 2 ? process.argv.slice(2) : SCHEMA_FILES.filter((f) => fs.existsSync(path.join(root, f)));
  for (const file of files) console.log(`${file}: ${moveInlineAnnotations(file)} node(s) moved to ${annotationsFileOf(file)}`);
}

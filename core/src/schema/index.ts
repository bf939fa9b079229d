// The schema index: what the JSON Schema says about a YAML path, for
// completion, hover, quick fixes and the error mapper. Paths are the keys and
// list indices from the document root, e.g. ['processors', 'enrich1',
// 'lookup', 'cache']; the component's per-type definition (`processor-enrich`)
// is chosen by its section and `type`.
import { get, scalarString, type YNode } from '../parse/tree';
import { SCHEMA, type SchemaNode } from './load';

export type { SchemaNode } from './load';
export type SchemaPath = ReadonlyArray<string | number>;
export type ComponentSection = 'sources' | 'processors' | 'sinks';

export interface KeyInfo {
  key: string;
  required: boolean;
  title?: string;
  description?: string;
  markdownDescription?: string;
  default?: unknown;
  enum?: unknown[];
  type?: string | string[];
  unit?: 'duration' | 'size' | 'rate';
  expression?: boolean;
  field?: boolean;
  reference?: 'component' | 'schema';
}

export interface ComponentTypeInfo {
  type: string;
  title?: string;
  description?: string;
  markdownDescription?: string;
  /** Keys the type requires, `type` excluded (for snippets). */
  required: string[];
}

const SINGULAR: Record<ComponentSection, string> = { sources: 'source', processors: 'processor', sinks: 'sink' };

export function isComponentSection(key: unknown): key is ComponentSection {
  return key === 'sources' || key === 'processors' || key === 'sinks';
}

export function sectionSingular(section: ComponentSection): string {
  return SINGULAR[section];
}

/** Follows `$ref` (local `#/definitions/...` only); the referring node's own keywords win (descriptions, `x-unit`). */
export function deref(node: SchemaNode | boolean | undefined, depth = 0): SchemaNode | undefined {
  if (node === undefined || node === false) return undefined;
  if (node === true) return {};
  if (!node.$ref || depth > 20) return node;
  const m = /^#\/definitions\/(.+)$/.exec(node.$ref);
  const target = m ? deref(SCHEMA.definitions?.[decodeURIComponent(m[1])], depth + 1) : undefined;
  const { $ref: _ref, ...own } = node;
  return { ...(target ?? {}), ...own };
}

export function definition(name: string): SchemaNode | undefined {
  return deref(SCHEMA.definitions?.[name]);
}

/** The per-type definition (`processor-filter`), or the section's base definition when the type is unknown. */
export function componentSchema(section: ComponentSection, type?: string): SchemaNode | undefined {
  return (type !== undefined ? definition(`${SINGULAR[section]}-${type}`) : undefined) ?? definition(SINGULAR[section]);
}

/** The `type` values a section allows, with their titles and descriptions. */
export function componentTypes(section: ComponentSection): ComponentTypeInfo[] {
  const base = definition(SINGULAR[section]);
  const values = (deref(base?.properties?.type)?.enum ?? []).filter((v): v is string => typeof v === 'string');
  return values.map((type) => {
    const def = definition(`${SINGULAR[section]}-${type}`);
    return {
      type,
      title: def?.title,
      description: def?.description,
      markdownDescription: def?.markdownDescription,
      required: (def?.required ?? []).filter((k) => k !== 'type'),
    };
  });
}

/** The schema for a child key (or list index) of an object (or array) schema. */
export function childSchema(parent: SchemaNode | undefined, key: string | number): SchemaNode | undefined {
  if (!parent) return undefined;
  const k = String(key);
  if (parent.items && (typeof key === 'number' || /^\d+$/.test(k))) return deref(parent.items);
  const prop = parent.properties?.[k];
  if (prop !== undefined) return deref(prop);
  for (const [pattern, s] of Object.entries(parent.patternProperties ?? {})) if (safeTest(pattern, k)) return deref(s);
  if (parent.additionalProperties !== undefined && parent.additionalProperties !== false) return deref(parent.additionalProperties);
  return undefined;
}

/** The schema node for a YAML path; `componentType` picks the per-type definition of the component on the path. */
export function schemaAt(path: SchemaPath, componentType?: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = deref(SCHEMA);
  for (let i = 0; i < path.length && node; i++) {
    if (i === 1 && isComponentSection(path[0])) node = componentSchema(path[0], componentType);
    else node = childSchema(node, path[i]);
  }
  return node;
}

function keyInfo(key: string, s: SchemaNode | undefined, required: boolean): KeyInfo {
  const info: KeyInfo = { key, required };
  if (!s) return info;
  if (s.title !== undefined) info.title = s.title;
  if (s.description !== undefined) info.description = s.description;
  if (s.markdownDescription !== undefined) info.markdownDescription = s.markdownDescription;
  if (s.default !== undefined) info.default = s.default;
  const values = enumOf(s);
  if (values) info.enum = values;
  if (s.type !== undefined) info.type = s.type;
  if (s['x-unit']) info.unit = s['x-unit'];
  if (s['x-expression']) info.expression = true;
  if (s['x-field']) info.field = true;
  if (s['x-reference']) info.reference = s['x-reference'];
  return info;
}

/**
 * The keys the schema names at a path (for completion and hover). For a
 * component without a known type: `type` plus the keys every type of the
 * section has. Maps of free names (`schemas`, `set`, `routes`) have none.
 */
export function keysAt(path: SchemaPath, componentType?: string): KeyInfo[] {
  if (path.length === 2 && isComponentSection(path[0]) && (componentType === undefined || !definition(`${SINGULAR[path[0]]}-${componentType}`))) {
    const section = path[0];
    const defs = componentTypes(section).map((t) => componentSchema(section, t.type)!);
    const base = componentSchema(section)!;
    const common = Object.keys(defs[0]?.properties ?? {}).filter((k) => defs.every((d) => d.properties?.[k] !== undefined));
    const keys = ['type', ...common.filter((k) => k !== 'type')];
    return keys.map((k) => keyInfo(k, deref(base.properties?.[k] ?? defs[0]?.properties?.[k]), k === 'type'));
  }
  const s = schemaAt(path, componentType);
  if (!s?.properties) return [];
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties).map(([k, v]) => keyInfo(k, deref(v), required.has(k)));
}

/** The schema of one key at a path, with its docs (for hover). */
export function keyAt(path: SchemaPath, componentType?: string): KeyInfo | undefined {
  if (!path.length) return undefined;
  const parentPath = path.slice(0, -1);
  const key = String(path[path.length - 1]);
  const parent = parentPath.length === 1 && isComponentSection(parentPath[0]) ? schemaAt(parentPath) : schemaAt(parentPath, componentType);
  const s = schemaAt(path, componentType);
  if (!s) return undefined;
  return keyInfo(key, s, !!parent?.required?.includes(key));
}

function enumOf(s: SchemaNode): unknown[] | undefined {
  if (s.enum) return s.enum;
  if (s.const !== undefined) return [s.const];
  if (s.type === 'boolean') return [true, false];
  return undefined;
}

export function enumAt(path: SchemaPath, componentType?: string): unknown[] | undefined {
  const s = schemaAt(path, componentType);
  return s ? enumOf(s) : undefined;
}

export function unitAt(path: SchemaPath, componentType?: string): 'duration' | 'size' | 'rate' | undefined {
  return schemaAt(path, componentType)?.['x-unit'];
}

export function isExpressionAt(path: SchemaPath, componentType?: string): boolean {
  return !!schemaAt(path, componentType)?.['x-expression'];
}

export function isFieldAt(path: SchemaPath, componentType?: string): boolean {
  return !!schemaAt(path, componentType)?.['x-field'];
}

export function referenceAt(path: SchemaPath, componentType?: string): 'component' | 'schema' | undefined {
  return schemaAt(path, componentType)?.['x-reference'];
}

/** The `type` of the component a path goes through (`['processors', 'p1', ...]`), read from the tree. */
export function componentTypeAt(root: YNode | undefined, path: SchemaPath): string | undefined {
  if (path.length < 2 || !isComponentSection(path[0])) return undefined;
  return scalarString(get(root, String(path[0]), String(path[1]), 'type'));
}

/** A value to insert for a missing key, as YAML text (quick fixes and snippets). */
export function placeholderFor(s: SchemaNode | undefined): string {
  if (!s) return '""';
  if (s.default !== undefined) return yamlScalar(s.default);
  const values = enumOf(s);
  if (values?.length) return yamlScalar(values[0]);
  if (s['x-unit'] === 'duration') return '1s';
  if (s['x-unit'] === 'size') return '1MiB';
  if (s['x-unit'] === 'rate') return '1k/s';
  if (s['x-expression']) return 'true';
  if (s.examples?.length) return yamlScalar(s.examples[0]);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'integer':
    case 'number':
      return String(s.minimum ?? 1);
    case 'boolean':
      return 'false';
    case 'array':
      return '[]';
    case 'object':
      return '{}';
    default:
      return '""';
  }
}

function yamlScalar(v: unknown): string {
  if (typeof v === 'string') return /^[A-Za-z0-9_./-]+$/.test(v) && !/^(true|false|yes|no|on|off|null|~|[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?)$/i.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v);
}

function safeTest(pattern: string, s: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(s);
  } catch {
    return false;
  }
}

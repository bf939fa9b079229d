// Maps ajv errors to findings VX010-VX013: one clear finding per problem, on
// the exact key or value. Wrapper errors (`if`, `propertyNames`) are dropped;
// a component with a bad `type` gets only that finding; values containing
// `${...}` interpolation are never reported for type, enum, unit or pattern.
import type { ErrorObject } from 'ajv';
import type { Finding, FixData, RelatedInfo } from '../types';
import type { PipelineFile } from '../pipeline/file';
import { isInterpolated } from '../units';
import { report, type Span } from '../rules/context';
import { closest, didYouMean } from '../util/suggest';
import { childSchema, componentTypeAt, componentTypes, isComponentSection, placeholderFor, schemaAt, sectionSingular, type SchemaNode } from './index';
import { isEmptyValue, locate, parsePointer, type Located } from './locate';

type Err = ErrorObject & { parentSchema?: SchemaNode; data?: unknown; propertyName?: string };

const WRAPPERS = new Set(['if', 'propertyNames', 'allOf', 'anyOf', 'oneOf', 'not', 'then', 'else']);
/** Of several value errors on one path, the first in this list is the one reported. */
const VALUE_PRIORITY = ['enum', 'const', 'type', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'uniqueItems', 'multipleOf', 'format'];

const UNIT_HELP = {
  duration: 'use a number followed by us, ms, s, m or h, e.g. 250ms',
  size: 'use a number followed by B, KB, KiB, MB, MiB, GB or GiB, e.g. 512MiB',
  rate: 'use a number, optionally k or M, then /s, /m or /h, e.g. 40k/s',
};

const TYPE_WORDS: Record<string, string> = { integer: 'an integer', number: 'a number', string: 'a string', boolean: 'true or false', object: 'a mapping', array: 'a list', null: 'nothing' };

interface Problem {
  code: 'VX010' | 'VX011' | 'VX012' | 'VX013';
  span: Span;
  message: string;
  data?: FixData;
  related?: RelatedInfo[];
}

/**
 * `types` (optional): the types of the components the errors are about, by
 * `section/id`, when the caller knows them (else they are looked up).
 */
export function mapSchemaErrors(file: PipelineFile, errors: ErrorObject[], findings: Finding[], options: { skipRequired?: boolean; types?: Map<string, string | undefined> } = {}): void {
  const ctx = new Mapper(file, options.types);
  const relevant = (errors as Err[]).filter((e) => !WRAPPERS.has(e.keyword) && !isVersionError(e));
  // Components whose type is missing, unknown or not a mapping: report only that.
  const badComponents = new Set<string>();
  for (const e of relevant) {
    const segs = parsePointer(e.instancePath);
    if (!isComponentSection(segs[0])) continue;
    if (segs.length === 3 && segs[2] === 'type' && (e.keyword === 'enum' || e.keyword === 'type')) badComponents.add(segs.slice(0, 2).join('/'));
    if (segs.length === 2 && (isRequiredType(e) || e.keyword === 'type'))
      badComponents.add(segs.join('/'));
  }
  const valueErrors = new Map<string, Err>();
  const problems: Problem[] = [];
  for (const e of relevant) {
    const segs = parsePointer(e.instancePath);
    const comp = isComponentSection(segs[0]) && segs.length >= 2 ? segs.slice(0, 2).join('/') : undefined;
    if (comp && badComponents.has(comp)) {
      const aboutType = (segs.length === 3 && segs[2] === 'type') || (segs.length === 2 && (e.keyword === 'type' || isRequiredType(e)));
      if (!aboutType) continue;
    }
    if (e.propertyName !== undefined) problems.push(...ctx.badName(e, segs));
    else if (e.keyword === 'additionalProperties') problems.push(...ctx.unknownKey(segs, String((e.params as { additionalProperty: string }).additionalProperty), e.parentSchema));
    else if (e.keyword === 'false schema') problems.push(...ctx.forbiddenKey(segs));
    else if (e.keyword === 'required') {
      if (!options.skipRequired) problems.push(...ctx.missingKey(segs, String((e.params as { missingProperty: string }).missingProperty), e.parentSchema));
    } else if (VALUE_PRIORITY.includes(e.keyword)) {
      if (isInterpolated(e.data)) continue;
      const prev = valueErrors.get(e.instancePath);
      if (!prev || VALUE_PRIORITY.indexOf(e.keyword) < VALUE_PRIORITY.indexOf(prev.keyword)) valueErrors.set(e.instancePath, e);
    }
  }
  for (const e of valueErrors.values()) problems.push(...ctx.badValue(e, parsePointer(e.instancePath)));
  const seen = new Set<string>();
  for (const p of problems) {
    const key = `${p.code}|${p.span.start}|${p.span.end}|${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    report({ findings }, p.code, file, p.span, p.message, { data: p.data, related: p.related });
  }
}

function isRequiredType(e: Err): boolean {
  return e.keyword === 'required' && (e.params as { missingProperty?: string }).missingProperty === 'type';
}

/** `veltrix` itself is VX003's business. */
function isVersionError(e: Err): boolean {
  return e.instancePath === '/veltrix' || (e.instancePath === '' && e.keyword === 'required' && (e.params as { missingProperty?: string }).missingProperty === 'veltrix');
}

class Mapper {
  /** Indexed on first use, when the caller gave no `known` types. */
  private types: Map<string, string | undefined> | undefined;

  constructor(
    private readonly file: PipelineFile,
    private readonly known?: Map<string, string | undefined>,
  ) {}

  /** The type of the component `section/id` (its first definition). */
  private typeOf(section: string, id: string): string | undefined {
    const key = `${section}/${id}`;
    if (this.known?.has(key)) return this.known.get(key);
    if (!this.types) {
      this.types = new Map();
      for (const c of this.file.components) if (!this.types.has(`${c.section}/${c.id}`)) this.types.set(`${c.section}/${c.id}`, c.type);
    }
    return this.types.get(key);
  }

  /** "source 'orders' (kafka)" for a component path. */
  private component(segs: string[]): string | undefined {
    if (!isComponentSection(segs[0]) || segs.length < 2) return undefined;
    const type = this.typeOf(segs[0], segs[1]);
    return `${sectionSingular(segs[0])} '${segs[1]}'${type ? ` (${type})` : ''}`;
  }

  /** Where a path is, in words: "source 'orders' (kafka)", "'lookup.cache' of processor 'e' (enrich)", "'runtime'". */
  private where(segs: string[]): string {
    const comp = this.component(segs);
    if (comp) return segs.length > 2 ? `'${segs.slice(2).join('.')}' of ${comp}` : comp;
    return segs.length ? `'${segs.join('.')}'` : 'the top level';
  }

  /** The value's key name for messages: `buffer.when_full`, `brokers` for a list item. */
  private keyName(segs: string[]): string {
    const start = isComponentSection(segs[0]) && segs.length > 2 ? 2 : 0;
    return segs.slice(start).filter((s) => !/^\d+$/.test(s)).join('.') || segs.join('.');
  }

  private inComponent(segs: string[]): string {
    const comp = this.component(segs);
    return comp && segs.length > 2 ? ` of ${comp}` : '';
  }

  /** Related info pointing at the anchored original, when the node came through an alias or merge. */
  private sharedInfo(loc: Located, target: Span | undefined): { related?: RelatedInfo[]; suffix: string } {
    if (!loc.shared || !target) return { suffix: '' };
    return {
      suffix: ' (through an alias or merge key)',
      related: [{ location: { uri: this.file.uri, range: this.file.lines.range(target.start, target.end) }, message: 'The value is defined here, at the anchor' }],
    };
  }

  badName(e: Err, segs: string[]): Problem[] {
    if (e.keyword !== 'pattern' && e.keyword !== 'minLength') return [];
    const name = String(e.propertyName);
    const loc = locate(this.file.root, [...segs, name]);
    const span = loc.local ?? loc.pair?.key;
    if (!span) return [];
    const message =
      isComponentSection(segs[0]) && segs.length === 1
        ? `Invalid component id '${name}': use lowercase letters, digits and '_', starting with a letter`
        : `Invalid name '${name}' in ${this.where(segs)}: it must match ${String((e.params as { pattern?: string }).pattern ?? 'the allowed pattern')}`;
    return [{ code: 'VX012', span, message }];
  }

  unknownKey(segs: string[], key: string, parent: SchemaNode | undefined): Problem[] {
    const loc = locate(this.file.root, [...segs, key]);
    const own = loc.pair && !loc.shared ? loc.pair.key : undefined;
    const span = own ?? loc.local;
    if (!span) return [];
    const allowed = Object.keys(parent?.properties ?? {});
    const suggestions = closest(key, allowed);
    const shared = this.sharedInfo(loc, loc.pair?.key);
    let message: string;
    if (segs.length === 0) message = `Unknown top-level key '${key}'${suggestions.length ? didYouMean(suggestions) : "; remove it, or prefix it with 'x-' to keep it as an extension key"}`;
    else if (key === 'inputs' && isComponentSection(segs[0]) && segs[0] === 'sources' && segs.length === 2)
      message = `Source '${segs[1]}' cannot have 'inputs': sources read from outside the pipeline; remove it`;
    else message = `Unknown key '${key}' in ${this.where(segs)}${shared.suffix}${suggestions.length ? didYouMean(suggestions) : `; remove it (allowed: ${allowed.join(', ')})`}`;
    return [{ code: 'VX011', span, message, related: shared.related, ...(own && suggestions.length ? { data: { kind: 'rename-key', candidates: suggestions } } : {}) }];
  }

  forbiddenKey(segs: string[]): Problem[] {
    const loc = locate(this.file.root, segs);
    const span = loc.pair && !loc.shared ? loc.pair.key : loc.local;
    if (!span) return [];
    const key = segs[segs.length - 1];
    const parent = segs.slice(0, -1);
    const message =
      key === 'slide'
        ? `'slide' applies only to sliding windows; remove it from ${this.where(parent)} or set 'kind: sliding'`
        : `Key '${key}' is not allowed in ${this.where(parent)} as configured; remove it`;
    return [{ code: 'VX011', span, message }];
  }

  missingKey(segs: string[], key: string, parent: SchemaNode | undefined): Problem[] {
    if (segs.length === 0) return []; // only `veltrix` is required at the top level (VX003)
    const loc = locate(this.file.root, segs);
    const span = loc.local;
    if (!span) return [];
    const comp = isComponentSection(segs[0]) && segs.length === 2;
    let message: string;
    if (comp && key === 'type') {
      const types = componentTypes(segs[0] as 'sources').map((t) => t.type);
      message = `Component '${segs[1]}' is missing required key 'type'; use one of ${types.join(', ')}`;
    } else if (comp) {
      const type = this.typeOf(segs[0], segs[1]);
      message = `Component '${segs[1]}'${type ? ` (${type})` : ''} is missing required key '${key}'`;
    } else message = `${capitalise(this.where(segs))} is missing required key '${key}'`;
    const map = loc.node;
    let data: FixData | undefined;
    if (map?.kind === 'map' && !loc.shared) {
      const ownKeys = map.pairs.filter((p) => !p.merged && !p.key.shared);
      const keyCol = this.file.lines.position(span.start).character;
      const indent = !map.flow && ownKeys.length ? this.file.lines.position(ownKeys[0].key.start).character : keyCol + 2;
      // The required list may come from an `if`/`then` whose schema has no properties: look the key up by path.
      const keySchema = schemaAt([...segs, key], componentTypeAt(this.file.root, segs)) ?? childSchema(parent, key);
      data = { kind: 'insert-key', key, placeholder: placeholderFor(keySchema), parentRange: this.file.lines.range(map.start, map.end), indent };
    }
    return [{ code: 'VX010', span, message, data }];
  }

  badValue(e: Err, segs: string[]): Problem[] {
    const loc = locate(this.file.root, segs);
    const empty = isEmptyValue(loc.node);
    const own = !loc.shared && loc.node && !empty ? loc.node : undefined;
    const span = own ?? (loc.pair && !loc.shared ? loc.pair.key : loc.local);
    if (!span) return [];
    const shared = this.sharedInfo(loc, loc.node);
    const schema = e.parentSchema;
    const shown = empty ? 'an empty value' : show(e.data);
    const key = this.keyName(segs);
    const inComp = this.inComponent(segs);
    const unit = schema?.['x-unit'];
    const related = shared.related;

    // The component's own type.
    if (isComponentSection(segs[0]) && segs.length === 3 && segs[2] === 'type') {
      const types = componentTypes(segs[0]).map((t) => t.type);
      const suggestions = typeof e.data === 'string' ? closest(e.data, types) : [];
      const kind = sectionSingular(segs[0]);
      const message = `Unknown ${kind} type ${shown}${suggestions.length ? didYouMean(suggestions) : `; use one of ${types.join(', ')}`}`;
      return [{ code: 'VX012', span, message, related, data: own ? { kind: 'replace', candidates: suggestions.length ? suggestions : types } : undefined }];
    }
    if (isComponentSection(segs[0]) && segs.length === 2 && e.keyword === 'type')
      return [{ code: 'VX012', span, message: `Component '${segs[1]}' must be a mapping with at least a 'type' key` }];
    if (isComponentSection(segs[0]) && segs.length === 1 && e.keyword === 'type')
      return [{ code: 'VX012', span, message: `'${segs[0]}' must be a mapping from component id to component` }];

    if (unit && (e.keyword === 'pattern' || e.keyword === 'type'))
      return [{ code: 'VX013', span, related, message: `Invalid ${unit} ${shown} for '${key}'${inComp}${shared.suffix}: ${UNIT_HELP[unit]}` }];

    switch (e.keyword) {
      case 'enum':
      case 'const': {
        const values = e.keyword === 'enum' ? ((e.params as { allowedValues?: unknown[] }).allowedValues ?? []) : [(e.params as { allowedValue?: unknown }).allowedValue];
        const strings = [...new Set(values.map(String))];
        const suggestions = typeof e.data === 'string' || typeof e.data === 'number' ? closest(String(e.data), strings) : [];
        const message = `Invalid value ${shown} for '${key}'${inComp}${shared.suffix}: expected ${listOr(strings)}${didYouMean(suggestions)}`;
        const candidates = suggestions.length ? suggestions : closest(typeof e.data === 'object' ? '' : String(e.data ?? ''), strings, Infinity);
        return [{ code: 'VX012', span, message, related, data: own ? { kind: 'replace', candidates } : undefined }];
      }
      case 'type': {
        const expected = String((e.params as { type?: string }).type ?? '').split(',');
        const words = listOr(expected.map((t) => TYPE_WORDS[t] ?? t));
        const quote = expected.includes('string') && (typeof e.data === 'number' || typeof e.data === 'boolean') ? '; put it in quotes' : '';
        const what = schema?.['x-expression'] ? 'an expression (a string)' : words;
        return [{ code: 'VX012', span, related, message: `Invalid value ${shown} for '${key}'${inComp}${shared.suffix}: expected ${what}${quote}` }];
      }
      case 'pattern':
        return [{ code: 'VX012', span, related, message: `Invalid value ${shown} for '${key}'${inComp}${shared.suffix}: ${patternHelp(segs, schema, String((e.params as { pattern?: string }).pattern))}` }];
      case 'minimum':
      case 'exclusiveMinimum':
      case 'maximum':
      case 'exclusiveMaximum': {
        const limit = (e.params as { limit?: number }).limit;
        const words = { minimum: 'at least', exclusiveMinimum: 'more than', maximum: 'at most', exclusiveMaximum: 'less than' }[e.keyword];
        return [{ code: 'VX012', span, related, message: `'${key}'${inComp}${shared.suffix} must be ${words} ${limit} (got ${shown})` }];
      }
      case 'minLength':
        return [{ code: 'VX012', span, related, message: `'${key}'${inComp}${shared.suffix} must not be empty` }];
      case 'minItems': {
        const n = (e.params as { limit?: number }).limit ?? 1;
        return [{ code: 'VX012', span, related, message: `'${key}'${inComp}${shared.suffix} must list at least ${n} item${n === 1 ? '' : 's'}` }];
      }
      case 'minProperties': {
        const n = (e.params as { limit?: number }).limit ?? 1;
        return [{ code: 'VX012', span, related, message: `'${key}'${inComp}${shared.suffix} needs at least ${n} entr${n === 1 ? 'y' : 'ies'}` }];
      }
      default:
        return [{ code: 'VX012', span, related, message: `Invalid value ${shown} for '${key}'${inComp}${shared.suffix}: it ${e.message ?? 'does not match the schema'}` }];
    }
  }
}

function patternHelp(segs: string[], schema: SchemaNode | undefined, pattern: string): string {
  const path = segs.join('/');
  if (path === 'pipeline/name') return "use lowercase letters, digits and '-', starting with a letter";
  if (path.endsWith('checkpoint/storage')) return 'expected a URI such as s3://bucket/path';
  switch (schema?.title) {
    case 'Host and port':
      return 'expected host:port, e.g. kafka-1:9092';
    case 'Aggregate function':
      return 'expected count(), sum(field), avg(field), min(field) or max(field)';
    case 'Field type':
      return "expected string, int, float, bool, timestamp, bytes or json, optionally followed by '?'";
  }
  return `it must match ${pattern}`;
}

function show(v: unknown): string {
  if (v === null || v === undefined) return 'an empty value';
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

function listOr(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

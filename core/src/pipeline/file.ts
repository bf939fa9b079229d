// One pipeline file as plain data: its tree, imports, schemas and components,
// each with the nodes (and so the offsets) it came from. Built per file and
// cached by text, so an edit re-extracts one file, not the import closure.
import { LineIndex, type TextEdit } from '../text';
import { parseYaml, type SyntaxProblem } from '../parse/yaml';
import type { ChunkCache } from '../parse/chunked';
import { get, getPair, isMap, isScalar, isSeq, scalarString, type YMap, type YNode, type YPair, type YScalar } from '../parse/tree';

export type Section = 'sources' | 'processors' | 'sinks';
export const SECTIONS: readonly Section[] = ['sources', 'processors', 'sinks'];

export type InputKind = 'id' | 'route' | 'unmatched' | 'wildcard';

export interface InputRef {
  text: string;
  node: YScalar;
  kind: InputKind;
  /** The referenced id; for routes the router id; for wildcards the prefix. */
  target: string;
  route?: string;
}

export interface Component {
  id: string;
  section: Section;
  uri: string;
  pair: YPair;
  idNode: YScalar;
  /** The component's mapping; undefined when the value is not a mapping. */
  node: YMap | undefined;
  type: string | undefined;
  inputs: InputRef[];
}

export interface SchemaField {
  name: string;
  type: string;
  optional: boolean;
  node: YScalar;
}

export interface SchemaDef {
  name: string;
  uri: string;
  keyNode: YScalar;
  fields: SchemaField[];
}

export interface ImportRef {
  path: string;
  node: YScalar;
}

export interface PipelineFile {
  uri: string;
  text: string;
  lines: LineIndex;
  root: YNode | undefined;
  syntax: SyntaxProblem[];
  /** True when the file has `veltrix:` but no `pipeline:` key. */
  isFragment: boolean;
  imports: ImportRef[];
  schemas: SchemaDef[];
  components: Component[];
  /** Where each section's components lie in `components` ([from, to)): they are listed section by section, in SECTIONS order. */
  sectionRuns: Record<Section, readonly [number, number]>;
  /** Which parse this is, and the edit since the one before it (extractFile's `previous`). */
  origin?: FileOrigin;
}

/**
 * A parse's serial, and the one edit that made its text from the previous
 * parse of the same URI: what the answers asked for after every keystroke
 * carry over from the previous version (language/carry.ts).
 */
export interface FileOrigin {
  serial: number;
  edit?: TextEdit & { after: number; lineDelta: number };
  /**
   * The serial of the last parse in this chain whose edit added or removed
   * lines (or that was not made by an edit): two parses with the same epoch
   * have every component they share on the same lines.
   */
  lineEpoch: number;
}
let serials = 0;

export function parseInputRef(node: YScalar): InputRef {
  const text = scalarString(node) ?? '';
  if (text.endsWith('*')) return { text, node, kind: 'wildcard', target: text.slice(0, -1) };
  const dot = text.indexOf('.');
  if (dot > 0) {
    const target = text.slice(0, dot);
    const route = text.slice(dot + 1);
    return { text, node, kind: route === '_unmatched' ? 'unmatched' : 'route', target, route };
  }
  return { text, node, kind: 'id', target: text };
}

/** Components by the pair they were read from: an unchanged chunk keeps its pair, so its component is not re-read. */
const componentCache = new WeakMap<YPair, Component>();

export function extractComponent(uri: string, section: Section, pair: YPair): Component {
  const hit = componentCache.get(pair);
  if (hit && hit.uri === uri && hit.section === section) return hit;
  const c = readComponent(uri, section, pair);
  componentCache.set(pair, c);
  return c;
}

function readComponent(uri: string, section: Section, pair: YPair): Component {
  const node = isMap(pair.value) ? pair.value : undefined;
  const inputsNode = get(node, 'inputs');
  const inputs: InputRef[] = [];
  if (isSeq(inputsNode)) for (const item of inputsNode.items) if (isScalar(item) && item.value !== null) inputs.push(parseInputRef(item));
  return {
    id: String(pair.key.value),
    section,
    uri,
    pair,
    idNode: pair.key,
    node,
    type: scalarString(get(node, 'type')),
    inputs,
  };
}

function extractSchemas(uri: string, root: YNode | undefined): SchemaDef[] {
  const out: SchemaDef[] = [];
  const schemas = get(root, 'schemas');
  if (!isMap(schemas)) return out;
  for (const p of schemas.pairs) {
    const fields: SchemaField[] = [];
    if (isMap(p.value))
      for (const f of p.value.pairs) {
        const raw = scalarString(f.value) ?? '';
        fields.push({ name: String(f.key.value), type: raw.replace(/\?$/, ''), optional: raw.endsWith('?'), node: f.key });
      }
    out.push({ name: String(p.key.value), uri, keyNode: p.key, fields });
  }
  return out;
}

/** `previous`: the last parse of the same URI with the same `chunks`, whose line index is edited instead of made again. */
export function extractFile(uri: string, text: string, chunks?: ChunkCache, previous?: PipelineFile): PipelineFile {
  const { root, problems } = parseYaml(text, chunks);
  const edit = previous && chunks?.editFrom(previous.text, text);
  const origin: FileOrigin = { serial: ++serials, lineEpoch: serials };
  let lines: LineIndex;
  if (edit && previous.origin) {
    lines = LineIndex.edited(previous.lines, text, edit);
    origin.edit = { ...edit, after: previous.origin.serial, lineDelta: lines.lineCount - previous.lines.lineCount };
    if (origin.edit.lineDelta === 0) origin.lineEpoch = previous.origin.lineEpoch;
  } else lines = new LineIndex(text);
  const imports: ImportRef[] = [];
  const importsNode = get(root, 'imports');
  if (isSeq(importsNode)) for (const item of importsNode.items) if (isScalar(item) && item.value !== null) imports.push({ path: String(item.value), node: item });
  const components: Component[] = [];
  // The previous parse's component read from the pair at the same place of its section (an unchanged chunk): after
  // a keystroke all but one are, and comparing the two lists of pairs costs less than a look-up by pair.
  const before = previous?.uri === uri ? previous.components : [];
  const sectionRuns = {} as Record<Section, readonly [number, number]>;
  for (const section of SECTIONS) {
    const sec = get(root, section);
    const was = before.length ? get(previous!.root, section) : undefined;
    const pairs = isMap(was) ? was.pairs : [];
    const at = before.length ? previous!.sectionRuns[section][0] : 0;
    const from = components.length;
    if (isMap(sec)) for (let i = 0; i < sec.pairs.length; i++) components.push(pairs[i] === sec.pairs[i] ? before[at + i] : extractComponent(uri, section, sec.pairs[i]));
    sectionRuns[section] = [from, components.length];
  }
  const file: PipelineFile = {
    uri,
    text,
    lines,
    root,
    syntax: problems,
    isFragment: isMap(root) && !!getPair(root, 'veltrix') && !getPair(root, 'pipeline'),
    imports,
    schemas: extractSchemas(uri, root),
    components,
    sectionRuns,
    origin,
  };
  const settler = chunks?.settler();
  if (settler) settlers.set(file, settler);
  return file;
}

/** The moves a parse deferred (ChunkCache.deferMoves), by file. */
const settlers = new WeakMap<PipelineFile, (until?: number) => boolean>();

/**
 * Puts the components an edit moved at their offsets in `file`, when its parse
 * deferred that (FileCache.peek); FileCache.get returns files settled. Readers
 * of a file from peek call it before they read a position of a component
 * other than those the edit re-parsed.
 */
export function settle(file: PipelineFile): void {
  const s = settlers.get(file);
  if (!s) return;
  settlers.delete(file);
  s();
}

/**
 * settle, in slices: moves components until `until` (a `performance.now()`
 * time) has passed, and says whether the file is settled. The server settles
 * a big file this way before an analysis, answering requests in between.
 */
export function settleUntil(file: PipelineFile, until: number): boolean {
  const s = settlers.get(file);
  if (!s) return true;
  if (!s(until)) return false;
  settlers.delete(file);
  return true;
}

/** A YAML file with another name is a pipeline file when its first key is `veltrix:`. */
export function looksLikePipeline(uri: string, text: string): boolean {
  if (/\.veltrix\.ya?ml$/i.test(uri)) return true;
  return /^(?:\s*#[^\n]*\n|\s*\n|---\s*\n)*veltrix\s*:/.test(text);
}

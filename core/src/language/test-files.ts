// Completion, hover and go to definition in test files (`*.veltrix-test.yaml`,
// spec section 11): the keys under `input`, `expect`, `mocks` and `fail` are
// ids of the pipeline under test, event keys are fields of the schema flow.
// The context is read from the lines above the cursor (indentation and
// `key:` heads), so it works on half-typed text the YAML parser rejects.
import type { Analysis } from '../analyze';
import type { PipelineFile } from '../pipeline/file';
import type { Component } from '../pipeline/file';
import type { Location, Position, Range } from '../types';
import { get, isSeq, scalarString } from '../parse/tree';
import { fileOf, type DocScope } from './scope';
import type { CompletionEntry, HoverResult } from './types';

export interface TestFileScope {
  file: PipelineFile;
  /** The analysis of the pipeline under test, when `pipeline` names one. */
  pipeline?: Analysis;
}

/** Where the cursor is: which block of the test file, and for events which component's events. */
type Place =
  | { kind: 'target'; block: 'input' | 'expect' | 'mocks' }
  | { kind: 'fail' }
  | { kind: 'event'; block: 'input' | 'expect'; target: string }
  | { kind: 'none' };

const KEY = /^(\s*)(?:-\s+)?([^\s#:{}[\],'"][^:#{}[\],]*?|"[^"]*"|'[^']*')\s*:(?:\s|$)/;

const unquote = (k: string) => k.replace(/^(["'])(.*)\1$/, '$2').trim();

/** The chain of `key:` heads above `line` with smaller indentation, outermost first (list items count as their key's child). */
function headsAbove(file: PipelineFile, line: number, indent: number): string[] {
  const heads: string[] = [];
  let limit = indent;
  for (let l = line - 1; l >= 0 && limit > 0; l--) {
    const text = file.lines.lineText(l);
    if (!text.trim() || text.trimStart().startsWith('#')) continue;
    const lead = text.length - text.trimStart().length;
    if (lead >= limit) continue;
    const m = KEY.exec(text);
    // A `- key:` item: its keys sit at the key's column, the item itself at the dash.
    const dash = /^\s*-\s+/.exec(text);
    const col = dash ? dash[0].length : lead;
    if (m && col < limit) heads.unshift(unquote(m[2]));
    limit = lead;
  }
  return heads;
}

function placeAt(file: PipelineFile, pos: Position): Place {
  const text = file.lines.lineText(pos.line).slice(0, pos.character);
  const lead = text.length - text.trimStart().length;
  const heads = headsAbove(file, pos.line, lead + (/^\s*-\s/.test(text) ? 1 : 0));
  // A key on the cursor's line with the cursor in its value: `fail: [a, b`, `orders_in: [{order_id: 1, `.
  const same = KEY.exec(text);
  const value = same ? text.slice(same[0].length) : undefined;
  if (same) heads.push(unquote(same[2]));
  const last = heads[heads.length - 1];
  if (last === 'fail') return { kind: 'fail' };
  if (value !== undefined && !/[{[]/.test(value)) return { kind: 'none' };
  if (heads.length === 1 && heads[0] === 'mocks') return { kind: 'target', block: 'mocks' };
  if (heads[0] !== 'tests') return { kind: 'none' };
  if (heads.length === 2 && last === 'mocks') return { kind: 'target', block: 'mocks' };
  const block = heads[1];
  if (block !== 'input' && block !== 'expect') return { kind: 'none' };
  if (heads.length === 2) return { kind: 'target', block };
  const rest = heads.slice(3).filter((h) => h !== 'events' && h !== 'contains');
  return rest.length === 0 ? { kind: 'event', block, target: heads[2] } : { kind: 'none' };
}

/** The word being typed before the cursor, and its range (replaced by the completion). */
function typed(file: PipelineFile, pos: Position): { word: string; range: Range } {
  const before = file.lines.lineText(pos.line).slice(0, pos.character);
  const word = /[\w.-]*$/.exec(before)![0];
  return { word, range: { start: { line: pos.line, character: pos.character - word.length }, end: pos } };
}

function components(a: Analysis | undefined): Component[] {
  return a ? [...a.graph.nodes.values()] : [];
}

function describe(c: Component): string {
  return `${c.section.replace(/s$/, '')}${c.type ? ` (${c.type})` : ''}`;
}

function routeOutputs(a: Analysis | undefined): Array<{ label: string; router: string }> {
  if (!a) return [];
  return [...a.graph.routes].flatMap(([router, names]) => [...names, '_unmatched'].map((n) => ({ label: `${router}.${n}`, router })));
}

export function testFileCompletion(scope: TestFileScope, pos: Position): CompletionEntry[] {
  const place = placeAt(scope.file, pos);
  const { range } = typed(scope.file, pos);
  const a = scope.pipeline;
  const ids = (pick: (c: Component) => boolean, suffix: string) =>
    components(a)
      .filter(pick)
      .map((c): CompletionEntry => ({ label: c.id, kind: 'reference', detail: describe(c), insertText: c.id + suffix, range }));
  const key = (line: string) => (/:\s*$|:\s*\S/.test(line) ? '' : ': ');
  const suffix = key(scope.file.lines.lineText(pos.line).slice(pos.character));
  switch (place.kind) {
    case 'target':
      if (place.block === 'mocks') return ids((c) => c.type === 'enrich', suffix);
      if (place.block === 'input') return ids((c) => c.section !== 'sinks', suffix);
      return [
        ...ids(() => true, suffix),
        ...routeOutputs(a).map((r): CompletionEntry => ({ label: r.label, kind: 'reference', detail: `route output of ${r.router}`, insertText: r.label + suffix, range })),
        { label: 'lost', kind: 'key', detail: 'events a failing sink without dead_letter swallowed', insertText: 'lost' + suffix, range },
      ];
    case 'fail':
      return ids((c) => c.section === 'sinks', '');
    case 'event': {
      const fields = eventFields(a, place.target, place.block);
      return [...fields].map(([name, type]): CompletionEntry => ({ label: name, kind: 'field', detail: type, insertText: `${name}: `, range }));
    }
    default:
      return [];
  }
}

/** Fields of the events at a target: what a component emits (an input event leaves as its output); a route output's router's. */
function eventFields(a: Analysis | undefined, target: string, block: 'input' | 'expect'): Map<string, string> {
  if (!a) return new Map();
  const id = a.graph.nodes.has(target) ? target : target.slice(0, Math.max(0, target.indexOf('.')));
  // Events inserted at a processor leave as its output, but are written as it would receive them.
  // A sink's events are those it receives; events inserted at a processor are written as it would receive them.
  const section = a.graph.nodes.get(id)?.section;
  const set = section === 'sinks' || (block === 'input' && section === 'processors') ? a.flow.input.get(id) : a.flow.output.get(id);
  return set ?? new Map();
}

/** The id written at the cursor (a target key, a `fail` entry) and its text range. */
function idAt(scope: TestFileScope, pos: Position): { id: string; range: Range } | undefined {
  const line = scope.file.lines.lineText(pos.line);
  const re = /[A-Za-z_][\w.-]*/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (pos.character < m.index || pos.character > m.index + m[0].length) continue;
    const place = placeAt(scope.file, { line: pos.line, character: m.index });
    if (place.kind === 'target' || place.kind === 'fail') return { id: m[0], range: { start: { line: pos.line, character: m.index }, end: { line: pos.line, character: m.index + m[0].length } } };
  }
  return undefined;
}

function componentOf(a: Analysis | undefined, name: string): { c: Component; route?: string } | undefined {
  if (!a) return undefined;
  const c = a.graph.nodes.get(name);
  if (c) return { c };
  const dot = name.indexOf('.');
  const router = dot > 0 ? a.graph.nodes.get(name.slice(0, dot)) : undefined;
  return router && [...(a.graph.routes.get(router.id) ?? []), '_unmatched'].includes(name.slice(dot + 1)) ? { c: router, route: name.slice(dot + 1) } : undefined;
}

function locationOf(a: Analysis, c: Component): Location | undefined {
  const f = a.ws.files.find((x) => x.uri === c.uri);
  return f && { uri: c.uri, range: f.lines.range(c.idNode.start, c.idNode.end) };
}

export function testFileDefinition(scope: TestFileScope, pos: Position): Location[] {
  const at = idAt(scope, pos);
  const hit = at && componentOf(scope.pipeline, at.id);
  const loc = hit && locationOf(scope.pipeline!, hit.c);
  return loc ? [loc] : [];
}

/** An event field written at the cursor (`{amount: 5}` under an input or expectation): its type from the schema flow. */
function fieldHover(scope: TestFileScope, pos: Position): HoverResult | null {
  const line = scope.file.lines.lineText(pos.line);
  const re = /([A-Za-z_][\w]*)\s*:/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (pos.character < m.index || pos.character > m.index + m[1].length) continue;
    const place = placeAt(scope.file, { line: pos.line, character: m.index });
    if (place.kind !== 'event') return null;
    const type = eventFields(scope.pipeline, place.target, place.block).get(m[1]);
    if (!type) return null;
    const where = place.block === 'input' ? `events entering at \`${place.target}\`` : `events at \`${place.target}\``;
    return { markdown: `**${m[1]}**: ${type} (field of ${where}, from the schema flow)`, range: { start: { line: pos.line, character: m.index }, end: { line: pos.line, character: m.index + m[1].length } } };
  }
  return null;
}

export function testFileHover(scope: TestFileScope, pos: Position): HoverResult | null {
  const at = idAt(scope, pos);
  const hit = at && componentOf(scope.pipeline, at.id);
  if (!at || !hit) return fieldHover(scope, pos);
  const a = scope.pipeline!;
  const fields = [...(a.flow.output.get(hit.c.id) ?? new Map<string, string>())].map(([n, t]) => `\`${n}\`: ${t}`);
  const what = hit.route ? `route output \`${hit.route}\` of ${describe(hit.c)} \`${hit.c.id}\`` : `${describe(hit.c)} \`${hit.c.id}\``;
  const lines = [`**${at.id}**: ${what} of pipeline \`${a.ws.main.uri.slice(a.ws.main.uri.lastIndexOf('/') + 1)}\``];
  if (fields.length) lines.push('', `Emits: ${fields.join(', ')}`);
  return { markdown: lines.join('\n'), range: at.range };
}

/** The test-file view of a test document's scope (server: the test file beside the pipeline's analysis). */
export function testFileScope(scope: DocScope): TestFileScope | undefined {
  const file = fileOf(scope);
  if (!file) return undefined;
  const a = scope.analyses[0];
  return { file, ...(a && a.ws.main.uri !== file.uri ? { pipeline: a } : {}) };
}

/** Where each test starts (its `- ` item), for the lenses above it: from the newest parse. */
export function testEntries(file: PipelineFile): Array<{ index: number; name: string; range: Range }> {
  const tests = get(file.root, 'tests');
  if (!isSeq(tests)) return [];
  return tests.items.map((item, index) => {
    const name = scalarString(get(item, 'name'));
    return { index, name: name ?? `test ${index + 1}`, range: file.lines.range(item.start, item.start) };
  });
}

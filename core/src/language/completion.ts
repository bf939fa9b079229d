// Completion: keys per component type (with the schema's docs), enum values,
// ids in `inputs` (route outputs and wildcards included), schema names,
// fields in expressions and field keys, snippets for new components, and
// relative paths of the workspace's other pipeline files in `imports`.
import type { Position } from '../types';
import { getPath, isMap } from '../parse/tree';
import { componentTypes, enumAt, isExpressionAt, isFieldAt, keysAt, placeholderFor, referenceAt, schemaAt, isComponentSection, type ComponentSection, type KeyInfo } from '../schema/index';
import { cursorContext, type CursorContext } from './cursor';
import { completeImport, type ImportCandidate } from './import-completion';
import { allFiles, fileOf, primary, type DocScope } from './scope';
import type { Analysis } from '../analyze';
import type { CommandRef, CompletionEntry } from './types';
import { PIPELINE_SKELETON } from './skeleton';
import { deadLetterCandidates } from './dead-letters';
import { graphIndex, type Graph } from '../pipeline/graph';
import { deliveryOf } from '../rules/delivery';
import type { RuleContext } from '../rules/context';
import { functionEntries } from './expression-completion';

/** VS Code's command that opens the suggest list again after an insert (the server passes it on only to clients that declare it). */
export const TRIGGER_SUGGEST = 'editor.action.triggerSuggest';
const reopen: CommandRef = { title: 'Suggest', command: TRIGGER_SUGGEST };
/** At most this many ids in a snippet's choice of inputs (the suggest list has them all). */
const MAX_CHOICES = 12;

/** `files`: the workspace's pipeline files, which `imports` may name (the front end knows them; the core does no IO). Asked only inside `imports`. */
export function complete(scope: DocScope, pos: Position, files: () => ImportCandidate[] = () => []): CompletionEntry[] {
  const file = fileOf(scope);
  if (!file) return [];
  const paths = completeImport(file, pos, files);
  if (paths) return paths;
  const ctx = cursorContext(file, pos);
  switch (ctx.mode) {
    case 'key':
      return completeKey(scope, ctx);
    case 'value':
      return completeValue(scope, ctx);
    case 'list-item':
    case 'flow-item':
      return completeItem(scope, ctx);
    default:
      return [];
  }
}

function docOf(k: KeyInfo): string | undefined {
  const text = k.markdownDescription ?? k.description;
  return text ? (k.required ? `**Required.** ${text}` : text) : undefined;
}

function completeKey(scope: DocScope, ctx: CursorContext): CompletionEntry[] {
  const file = fileOf(scope)!;
  if (ctx.path.length === 1 && isComponentSection(ctx.path[0])) return componentSnippets(scope, ctx.path[0], ctx);
  const type = ctx.component?.type;
  const keys = keysAt(ctx.path, type);
  const existing = new Set<string>();
  const map = getPath(file.root, ctx.path);
  if (isMap(map)) for (const p of map.pairs) if (String(p.key.value) !== ctx.prefix) existing.add(String(p.key.value));
  const childIndent = ' '.repeat(ctx.column + 2);
  const entries = keys
    .filter((k) => !existing.has(k.key))
    .map((k): CompletionEntry => {
      const s = schemaAt([...ctx.path, k.key], type);
      const kind = Array.isArray(k.type) ? k.type[0] : k.type;
      let insert: string;
      // Where the value is one of a list (ids, types, nested keys), the list opens again after the insert.
      let command: CommandRef | undefined;
      if (ctx.path.length === 0 && k.key === 'veltrix') insert = 'veltrix: 1';
      else if (k.enum && k.enum.length > 1) insert = `${k.key}: \${1|${[...new Set(k.enum.map(String))].join(',')}|}`;
      else if (kind === 'object' || (s?.properties && !k.enum)) {
        insert = `${k.key}:\n${childIndent}$0`;
        command = reopen;
      } else if (kind === 'array') {
        insert = `${k.key}: [$0]`;
        if (k.key === 'inputs' || referenceAt([...ctx.path, k.key, 0], type)) command = reopen;
      } else {
        insert = `${k.key}: $0`;
        if ((k.key === 'type' && ctx.component) || referenceAt([...ctx.path, k.key], type)) command = reopen;
      }
      return {
        label: k.key,
        kind: 'key',
        detail: k.required ? 'required' : (k.title ?? (k.unit ? k.unit : kind)),
        documentation: docOf(k),
        insertText: insert,
        snippet: true,
        range: ctx.replace,
        sortText: `${k.required ? '0' : '1'}${k.key}`,
        command,
      };
    });
  if (ctx.path.length === 0 && isEmptyBut(file.lines.lineText.bind(file.lines), file.lines.lineCount, ctx.replace.start.line)) entries.unshift(skeletonEntry(ctx));
  return entries;
}

/** True when every line but `line` is blank or a comment: a new file, where the whole skeleton is offered. */
function isEmptyBut(lineText: (l: number) => string, count: number, line: number): boolean {
  for (let l = 0; l < count; l++) if (l !== line && !/^\s*(#.*)?$/.test(lineText(l))) return false;
  return true;
}

function skeletonEntry(ctx: CursorContext): CompletionEntry {
  return {
    label: 'New Veltrix pipeline',
    kind: 'snippet',
    detail: 'a source, a processor and a sink with its dead-letter sink',
    documentation: 'A complete pipeline to start from: every id is a tab stop, and renaming one renames its references.\n\n```yaml\n' + PIPELINE_SKELETON.replace(/\$\{\d+:([^}]*)\}|\$\{\d+\|([^,|]*)[^}]*\}|\$\{\d+\}|\$\d+/g, (_m, a?: string, b?: string) => a ?? b ?? '…') + '\n```',
    insertText: PIPELINE_SKELETON,
    snippet: true,
    range: ctx.replace,
    sortText: '!',
    filterText: `veltrix pipeline ${ctx.prefix}`,
    preselect: true,
  };
}

const STUB_VALUE: Record<string, string> = { brokers: '["localhost:9092"]', listen: '"0.0.0.0:8080"', condition: 'true' };

/** A new component of each type, with its required keys as tab stops. */
function componentSnippets(scope: DocScope, section: ComponentSection, ctx: CursorContext): CompletionEntry[] {
  const ind = ' '.repeat(ctx.column + 2);
  const a = primary(scope);
  const inputChoice = choice(a ? upstreamEntries(a).filter((e) => e.matches === undefined && !e.label.includes('.')).map((e) => e.label) : []);
  const deadLetter = section === 'sinks' && a ? deadLetterChoice(a) : undefined;
  return componentTypes(section).map((t) => {
    let stop = 2;
    const lines = [`\${1:${t.type}_${section === 'sources' ? 'in' : section === 'sinks' ? 'out' : 'step'}}:`, `${ind}type: ${t.type}`];
    if (section !== 'sources') lines.push(`${ind}inputs: [\${${stop++}${inputChoice}}]`);
    for (const key of t.required) {
      if (key === 'inputs') continue;
      const s = schemaAt([section, 'x', key], t.type);
      if (s?.properties) {
        lines.push(`${ind}${key}:`);
        for (const sub of s.required ?? []) lines.push(`${ind}  ${sub}: \${${stop++}:${placeholderFor(schemaAt([section, 'x', key, sub], t.type)).replace(/[$}]/g, '\\$&')}}`);
      } else lines.push(`${ind}${key}: \${${stop++}:${(STUB_VALUE[key] ?? placeholderFor(s)).replace(/[$}]/g, '\\$&')}}`);
    }
    if (deadLetter) lines.push(`${ind}dead_letter: \${${stop++}${deadLetter}}`);
    return {
      label: `${t.type} ${section.replace(/s$/, '')}`,
      kind: 'snippet',
      detail: t.title ?? `new ${t.type} ${section.replace(/s$/, '')}`,
      documentation: t.markdownDescription ?? t.description,
      insertText: lines.join('\n') + '\n' + ind + '$0',
      snippet: true,
      range: ctx.replace,
      filterText: `${t.type} ${ctx.prefix}`,
    } satisfies CompletionEntry;
  });
}

function completeValue(scope: DocScope, ctx: CursorContext): CompletionEntry[] {
  const full = [...ctx.path, ctx.key!];
  const type = ctx.component?.type;
  if (ctx.path.length === 0 && ctx.key === 'veltrix') return [{ label: '1', kind: 'value', detail: 'format version', range: ctx.replace }];
  if (ctx.component && ctx.path.length === 2 && ctx.key === 'type')
    return componentTypes(ctx.component.section).map((t) => ({ label: t.type, kind: 'type', detail: t.title, documentation: t.markdownDescription ?? t.description, range: ctx.replace }));
  const expr = isExpressionAt(full, type);
  if (expr) return [...fieldEntries(scope, ctx, true), ...functionEntries(wordRange(ctx))];
  if (isFieldAt(full, type)) return fieldEntries(scope, ctx, false);
  const ref = referenceAt(full, type);
  if (ref === 'schema') return schemaEntries(scope, ctx);
  if (ref === 'component') return idEntries(scope, ctx, full);
  const values = enumAt(full, type);
  if (values) {
    const seen = new Set<string>();
    return values
      .map(String)
      .filter((v) => !seen.has(v) && !!seen.add(v))
      .map((v, i) => ({ label: v, kind: 'enum' as const, range: ctx.replace, sortText: String(i).padStart(3, '0') }));
  }
  return [];
}

function completeItem(scope: DocScope, ctx: CursorContext): CompletionEntry[] {
  const full = [...ctx.path, ctx.key!, 0];
  const type = ctx.component?.type;
  if (ctx.key === 'inputs' && ctx.component) return inputEntries(scope, ctx);
  if (isFieldAt(full, type)) return fieldEntries(scope, ctx, false);
  const ref = referenceAt(full, type);
  if (ref === 'schema') return schemaEntries(scope, ctx);
  if (ref === 'component') return idEntries(scope, ctx, full);
  return [];
}

function schemaEntries(scope: DocScope, ctx: CursorContext): CompletionEntry[] {
  const out = new Map<string, CompletionEntry>();
  for (const f of allFiles(scope))
    for (const s of f.schemas)
      if (!out.has(s.name))
        out.set(s.name, {
          label: s.name,
          kind: 'schema',
          detail: `schema (${s.fields.length} fields)`,
          documentation: s.fields.map((x) => `- \`${x.name}\`: ${x.type}${x.optional ? '?' : ''}`).join('\n'),
          range: ctx.replace,
        });
  return [...out.values()];
}

/** Component ids for `dead_letter` (sinks other than this one). */
function idEntries(scope: DocScope, ctx: CursorContext, full: Array<string | number>): CompletionEntry[] {
  const a = primary(scope);
  if (!a) return [];
  const sinksOnly = full.includes('dead_letter');
  return a.ws.components
    .filter((c) => c.id !== ctx.component?.id && (!sinksOnly || c.section === 'sinks'))
    .map((c) => ({ label: c.id, kind: 'reference' as const, detail: `${c.type ?? '?'} ${c.section.replace(/s$/, '')}`, range: ctx.replace }));
}

/** Upstream references: ids (not sinks), route outputs and wildcard prefixes. */
function inputEntries(scope: DocScope, ctx: CursorContext): CompletionEntry[] {
  const a = primary(scope);
  if (!a) return [];
  const self = ctx.component!.id;
  const taken = new Set(ctx.siblings);
  const below = downstreamOf(a.graph, self);
  const out: CompletionEntry[] = [];
  for (const e of upstreamEntries(a)) {
    // A component downstream of this one would close a cycle.
    if (e.id === self || below.has(e.id) || taken.has(e.label)) continue;
    if (e.matches === undefined) out.push({ label: e.label, kind: 'reference', detail: e.detail, sortText: e.sortText, range: ctx.replace });
    else {
      // A wildcard counts the other components only.
      const n = e.matches - (self.startsWith(e.label.slice(0, -1)) ? 1 : 0);
      if (n >= 2) out.push({ label: e.label, kind: 'reference', detail: `wildcard: ${n} components`, sortText: e.sortText, range: ctx.replace });
    }
  }
  return out;
}

/** A snippet choice (`|a,b|`) of ids, or '' when there are none. */
function choice(ids: string[]): string {
  const list = ids.slice(0, MAX_CHOICES).map((id) => id.replace(/[\\,|$}]/g, '\\$&'));
  return list.length ? `|${list.join(',')}|` : '';
}

/**
 * For a new sink, when delivery needs a dead letter (VX201): the sinks the
 * file already uses as dead letters first, then the other sinks. Undefined
 * at at-most-once delivery or when there is no sink to name.
 */
function deadLetterChoice(a: Analysis): string | undefined {
  if (deliveryOf({ ws: a.ws } as RuleContext).mode === 'at-most-once') return undefined;
  const ids = deadLetterCandidates(a.ws.components);
  return ids.length ? choice(ids) : undefined;
}

interface UpstreamEntry {
  /** The component the entry names, or '' for a wildcard. */
  id: string;
  label: string;
  detail: string;
  sortText: string;
  /** For a wildcard: how many ids it matches. */
  matches?: number;
}

/**
 * What an `inputs` item can name in this analysis: ids (not sinks), route
 * outputs, and wildcard candidates (prefixes up to an underscore with their
 * number of ids; offered when two or more besides the component itself),
 * each once. Listed once per analysis: completions while typing reuse it.
 */
function upstreamEntries(a: Analysis): UpstreamEntry[] {
  let list = upstreamCache.get(a.graph);
  if (list) return list;
  list = [];
  const seen = new Set<string>();
  const push = (e: UpstreamEntry) => {
    if (seen.has(e.label)) return;
    seen.add(e.label);
    list!.push(e);
  };
  const candidates = a.ws.components.filter((c) => c.section !== 'sinks');
  for (const c of candidates) {
    push({ id: c.id, label: c.id, detail: `${c.type ?? '?'} ${c.section.replace(/s$/, '')}`, sortText: `0${c.id}` });
    const routes = a.graph.routes.get(c.id);
    if (routes) {
      for (const r of routes) push({ id: c.id, label: `${c.id}.${r}`, detail: `route output of ${c.id}`, sortText: `1${c.id}.${r}` });
      push({ id: c.id, label: `${c.id}._unmatched`, detail: `events that matched no route of ${c.id}`, sortText: `2${c.id}` });
    }
  }
  const prefixes = new Map<string, number>();
  for (const c of candidates) {
    const parts = c.id.split('_');
    for (let i = 1; i < parts.length; i++) {
      const p = parts.slice(0, i).join('_') + '_';
      prefixes.set(p, (prefixes.get(p) ?? 0) + 1);
    }
  }
  for (const [p, n] of prefixes) if (n >= 2) push({ id: '', label: `${p}*`, detail: '', sortText: `3${p}`, matches: n });
  upstreamCache.set(a.graph, list);
  return list;
}
const upstreamCache = new WeakMap<object, UpstreamEntry[]>();

/** Ids reachable from `id` along the graph's edges (from the graph's index). */
function downstreamOf(graph: Graph, id: string): Set<string> {
  const ix = graphIndex(graph);
  const start = ix.at.get(id);
  const seen = new Set<string>();
  if (start === undefined) return seen;
  const stack = [start];
  const visited = new Uint8Array(ix.nodes.length);
  visited[start] = 1;
  while (stack.length) {
    const v = stack.pop()!;
    for (let k = ix.outStart[v]; k < ix.outStart[v + 1]; k++) {
      const w = ix.outTo[k];
      if (visited[w]) continue;
      visited[w] = 1;
      seen.add(ix.nodes[w].id);
      stack.push(w);
    }
  }
  return seen;
}

/** Fields of the component's input schema (from the schema flow). */
function fieldEntries(scope: DocScope, ctx: CursorContext, expression: boolean): CompletionEntry[] {
  const a = primary(scope);
  if (!a || !ctx.component) return [];
  const fields = a.flow.input.get(ctx.component.id);
  if (!fields) return [];
  const taken = new Set(ctx.siblings);
  return [...fields]
    .filter(([name]) => !taken.has(name))
    .map(([name, type]) => ({ label: name, kind: 'field' as const, detail: type, range: expression ? wordRange(ctx) : ctx.replace, sortText: `0${name}` }));
}

/** In an expression only the identifier under the cursor is replaced. */
function wordRange(ctx: CursorContext) {
  const ident = /[A-Za-z_][A-Za-z0-9_]*$/.exec(ctx.prefix)?.[0] ?? '';
  const end = ctx.replace.start.character + ctx.prefix.length;
  return { start: { line: ctx.replace.start.line, character: end - ident.length }, end: { line: ctx.replace.start.line, character: end } };
}

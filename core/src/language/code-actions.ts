// Quick fixes keyed by diagnostic code and its typed `data` (never by message
// text), "disable for this line", "show documentation", and the safe subset
// as `source.fixAll.veltrix`.
import type { FixData, Range } from '../types';
import { get, getPair, isMap, type YMap } from '../parse/tree';
import type { PipelineFile, Section } from '../pipeline/file';
import { appendComponent, indentOfLine, insertAfter, rangeText, setInMap, setValueOnLine } from './edit-helpers';
import { addLatencyBucketEdit, enablePrometheusEdit } from './monitoring-fixes';
import { allFiles, fileOf, type DocScope } from './scope';
import { deadLettersInUse } from './dead-letters';
import type { CodeActionEntry, TextEdit } from './types';

/** A diagnostic as the client sends it back: code, range and fix data. */
export interface DiagnosticRef {
  code: string;
  range: Range;
  data?: FixData;
}

export const SHOW_DOCS_COMMAND = 'veltrix.showRuleDocumentation';

export function codeActions(scope: DocScope, diagnostics: DiagnosticRef[], only?: string[]): CodeActionEntry[] {
  const file = fileOf(scope);
  if (!file) return [];
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const out: CodeActionEntry[] = [];
  if (wants('quickfix'))
    diagnostics.forEach((d, i) => {
      for (const fix of quickFixes(scope, file, d)) out.push({ ...fix, kind: 'quickfix', diagnostics: [i] });
      if (d.code !== 'VX001') {
        const line = d.range.start.line;
        const at = { line, character: 0 };
        out.push({
          title: `Disable ${d.code} for this line`,
          kind: 'quickfix',
          diagnostics: [i],
          edits: { [file.uri]: [{ range: { start: at, end: at }, newText: `${indentOfLine(file, line)}# veltrix-disable-next-line ${d.code}\n` }] },
        });
      }
      out.push({ title: `Show documentation for ${d.code}`, kind: 'quickfix', diagnostics: [i], command: { title: `Show documentation for ${d.code}`, command: SHOW_DOCS_COMMAND, arguments: [d.code] } });
    });
  return dedupeCommands(out);
}

/** Only one "Show documentation" / "Disable" per code. */
function dedupeCommands(actions: CodeActionEntry[]): CodeActionEntry[] {
  const seen = new Set<string>();
  return actions.filter((a) => {
    if (!a.title.startsWith('Show documentation') && !a.title.startsWith('Disable')) return true;
    if (seen.has(a.title)) return false;
    seen.add(a.title);
    return true;
  });
}

/** The safe fixes of every diagnostic, merged into one edit (later overlapping edits are dropped). */
export function fixAll(scope: DocScope, diagnostics: DiagnosticRef[]): CodeActionEntry | undefined {
  const file = fileOf(scope);
  if (!file) return undefined;
  const edits: TextEdit[] = [];
  const overlaps = (e: TextEdit) =>
    edits.some((x) => file.lines.offset(e.range.start) < file.lines.offset(x.range.end) && file.lines.offset(x.range.start) < file.lines.offset(e.range.end));
  for (const d of diagnostics) {
    const data = d.data;
    if (!data) continue;
    const safe =
      ((data.kind === 'replace' || data.kind === 'rename-key') && data.candidates.length === 1) || data.kind === 'set-value' || data.kind === 'rewrite';
    if (!safe) continue;
    const fix = quickFixes(scope, file, d)[0];
    const mine = fix?.edits?.[file.uri];
    if (!mine || Object.keys(fix.edits!).length !== 1 || mine.some(overlaps)) continue;
    edits.push(...mine);
  }
  if (!edits.length) return undefined;
  return { title: 'Fix all safe Veltrix problems', kind: 'source.fixAll', edits: { [file.uri]: edits } };
}

type Fix = Omit<CodeActionEntry, 'kind'>;

function single(file: PipelineFile, title: string, edit: TextEdit | undefined, preferred = false): Fix[] {
  return edit ? [{ title, edits: { [file.uri]: [edit] }, isPreferred: preferred }] : [];
}

function quickFixes(scope: DocScope, file: PipelineFile, d: DiagnosticRef): Fix[] {
  const data = d.data;
  if (!data) return [];
  try {
    switch (data.kind) {
      case 'replace':
      case 'rename-key':
        return data.candidates.slice(0, 5).map((c, i) => ({
          title: data.kind === 'rename-key' ? `Rename key to '${c}'` : `Change to '${c}'`,
          edits: { [file.uri]: [{ range: d.range, newText: c }] },
          isPreferred: i === 0 && data.candidates.length === 1,
        }));
      case 'set-value':
        return single(file, data.key === 'veltrix' ? 'Set veltrix: 1' : `Set ${data.key}: ${data.value}`, setValueEdit(file, d, data), true);
      case 'insert-key':
        return single(file, `Add '${data.key}: ${data.placeholder}'`, insertInRange(file, data.parentRange, data.indent, `${data.key}: ${data.placeholder}`), true);
      case 'create-stub':
        return single(file, `Create ${data.section.replace(/s$/, '')} '${data.id}'`, createStub(file, data.section, data.id, data.inputs ?? defaultInputs(scope, data.section)));
      case 'add-dead-letter':
        return addDeadLetter(scope, file, data.sinkId, data.stubId);
      case 'insert-checkpoint':
        return single(file, 'Insert a runtime.checkpoint block', insertCheckpoint(scope, file), true);
      case 'set-parallelism': {
        const c = allFiles(scope).flatMap((f) => f.components).find((x) => x.id === data.componentId);
        const target = c ? (allFiles(scope).find((f) => f.uri === c.uri) ?? file) : file;
        const edit = c ? setInMap(target, c.node, 'parallelism', String(data.value)) : undefined;
        return edit ? [{ title: `Set parallelism: ${data.value} on '${data.componentId}'`, edits: { [target.uri]: [edit] }, isPreferred: true }] : [];
      }
      case 'remove-entry':
        return single(file, `Remove '${rangeText(file, d.range)}'`, removeEntry(file, d.range));
      case 'add-latency-bucket':
        return single(file, `Add ${data.value} to latency_buckets`, addLatencyBucketEdit(file, data.value), true);
      case 'enable-prometheus':
        return single(file, 'Set monitoring.prometheus.enabled: true', enablePrometheusEdit(file), true);
      case 'rewrite':
        return single(file, data.title, { range: data.range, newText: data.newText }, true);
      case 'insert-text':
        return single(file, data.title, { range: { start: data.position, end: data.position }, newText: data.text }, true);
    }
  } catch {
    return [];
  }
  return [];
}

function setValueEdit(file: PipelineFile, d: DiagnosticRef, data: Extract<FixData, { kind: 'set-value' }>): TextEdit | undefined {
  if (data.keyRange) return setValueOnLine(file, data.keyRange.start.line, data.key, data.value);
  for (let l = d.range.start.line; l <= d.range.end.line; l++) {
    const e = setValueOnLine(file, l, data.key, data.value);
    if (e) return e;
  }
  if (data.parentRange && data.indent !== undefined) return insertInRange(file, data.parentRange, data.indent, `${data.key}: ${data.value}`);
  // A missing top-level key (veltrix): insert it before the first line with content that is not a comment.
  let line = 0;
  while (line < file.lines.lineCount - 1 && /^\s*(#.*)?$/.test(file.lines.lineText(line))) line++;
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${data.key}: ${data.value}\n` };
}

function insertInRange(file: PipelineFile, parent: Range, indent: number, line: string): TextEdit {
  return insertAfter(file, file.lines.offset(parent.end), [`${' '.repeat(indent)}${line}`]);
}

const STUB_BODY: Record<Section, string[]> = {
  sources: ['type: generator'],
  processors: ['type: map'],
  sinks: ['type: s3', 'bucket: CHANGE-ME'],
};

/** A new processor reads from the first source, so the stub is wired in (and valid) at once. */
function defaultInputs(scope: DocScope, section: Section): string[] | undefined {
  if (section !== 'processors') return undefined;
  const source = allFiles(scope).flatMap((f) => f.components).find((c) => c.section === 'sources');
  return source ? [source.id] : undefined;
}

function createStub(file: PipelineFile, section: Section, id: string, inputs?: string[]): TextEdit {
  const body = [...STUB_BODY[section]];
  if (inputs?.length) body.splice(1, 0, `inputs: [${inputs.join(', ')}]`);
  else if (section === 'processors') body.splice(1, 0, 'inputs: [CHANGE_ME]');
  return appendComponent(file, section, id, body);
}

/** VX201: name a sink the file already uses as a dead letter (most used first), else a new stub sink. */
function addDeadLetter(scope: DocScope, file: PipelineFile, sinkId: string, stubId: string): Fix[] {
  const components = allFiles(scope).flatMap((f) => f.components);
  const sink = components.find((c) => c.id === sinkId);
  if (!sink) return [];
  const sinkFile = allFiles(scope).find((f) => f.uri === sink.uri) ?? file;
  const edit = setInMap(sinkFile, sink.node, 'dead_letter', stubId);
  if (!edit) return [];
  const fixes: Fix[] = deadLettersInUse(components, sinkId)
    .slice(0, 3).map((id, i) => ({ title: `Add dead_letter: ${id}`, edits: { [sinkFile.uri]: [setInMap(sinkFile, sink.node, 'dead_letter', id)!] }, isPreferred: i === 0 }));
  const exists = components.some((c) => c.id === stubId);
  const edits: TextEdit[] = [edit];
  if (!exists) edits.push(appendComponent(sinkFile, 'sinks', stubId, ['type: s3', 'bucket: CHANGE-ME-dead-letters']));
  fixes.push({ title: exists ? `Add dead_letter: ${stubId}` : `Add dead_letter: ${stubId} and a stub sink '${stubId}'`, edits: { [sinkFile.uri]: mergeSameOffset(edits) }, isPreferred: !fixes.length });
  return fixes;
}

/** Two inserts at one position would be ambiguous for clients: merge them in order. */
function mergeSameOffset(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const same = out.find((x) => x.range.start.line === e.range.start.line && x.range.start.character === e.range.start.character && x.range.end.line === e.range.end.line && x.range.end.character === e.range.end.character && x.range.start.line === x.range.end.line && x.range.start.character === x.range.end.character);
    if (same) same.newText += e.newText;
    else out.push(e);
  }
  return out;
}

const CHECKPOINT = ['checkpoint:', '  interval: 30s', '  storage: s3://CHANGE-ME/checkpoints'];

function insertCheckpoint(scope: DocScope, file: PipelineFile): TextEdit | undefined {
  const target = scope.analyses[0]?.ws.main ?? file;
  if (target.uri !== file.uri) return undefined;
  const runtime = getPair(file.root, 'runtime');
  if (runtime && isMap(runtime.value) && !runtime.value.flow && runtime.value.pairs.length) {
    const map = runtime.value as YMap;
    const ind = ' '.repeat(file.lines.position(map.pairs[0].key.start).character);
    return insertAfter(file, map.end, CHECKPOINT.map((l) => ind + l));
  }
  if (runtime) return undefined;
  const pipeline = getPair(file.root, 'pipeline');
  const lines = ['runtime:', ...CHECKPOINT.map((l) => `  ${l}`)];
  if (pipeline) return insertAfter(file, Math.max(pipeline.end, pipeline.value?.end ?? 0), lines);
  return insertAfter(file, file.text.length, lines);
}

function removeEntry(file: PipelineFile, range: Range): TextEdit | undefined {
  const offset = file.lines.offset(range.start);
  const schemas = get(file.root, 'schemas');
  if (!isMap(schemas)) return undefined;
  const pair = schemas.pairs.find((p) => p.key.start === offset);
  if (!pair) return undefined;
  const startLine = range.start.line;
  const endOffset = Math.max(pair.end, pair.value?.end ?? 0);
  let e = endOffset;
  while (e > pair.key.start && /\s/.test(file.text[e - 1])) e--;
  const endLine = file.lines.position(e).line;
  // On the last line (no newline after it) the edit ends at the end of the text.
  const end = endLine + 1 < file.lines.lineCount ? { line: endLine + 1, character: 0 } : file.lines.position(file.text.length);
  return { range: { start: { line: startLine, character: 0 }, end }, newText: '' };
}

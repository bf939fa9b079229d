// Small text-editing helpers for quick fixes: set a `key: value` on a line,
// insert a line into a block mapping, append a component to a section.
import { getPair, isMap, type YMap } from '../parse/tree';
import type { PipelineFile, Section } from '../pipeline/file';
import type { Range } from '../types';
import type { TextEdit } from './types';

export function indentOfLine(file: PipelineFile, line: number): string {
  return /^\s*/.exec(file.lines.lineText(line))![0];
}

/** The last line with content at or before `offset` (ranges often end at the next line's start). */
export function lastContentLine(file: PipelineFile, endOffset: number): number {
  let e = Math.min(endOffset, file.text.length);
  while (e > 0 && /\s/.test(file.text[e - 1])) e--;
  return file.lines.position(Math.max(0, e - 1)).line;
}

/** Inserts `lines` (already indented) after the last content line of a range. */
export function insertAfter(file: PipelineFile, endOffset: number, lines: string[]): TextEdit {
  const line = lastContentLine(file, endOffset);
  const at = { line, character: file.lines.lineText(line).length };
  return { range: { start: at, end: at }, newText: lines.map((l) => `\n${l}`).join('') };
}

/** Replaces the value of `key:` on the line where the key is, keeping any comment. */
export function setValueOnLine(file: PipelineFile, line: number, key: string, value: string): TextEdit | undefined {
  const text = file.lines.lineText(line);
  const m = new RegExp(`^(\\s*(?:-\\s+)?['"]?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]?\\s*:)([ \\t]*)([^#]*?)(\\s*(?:#.*)?)$`).exec(text);
  if (!m) return undefined;
  const start = m[1].length;
  const end = start + m[2].length + m[3].length;
  return { range: { start: { line, character: start }, end: { line, character: end } }, newText: ` ${value}` };
}

/** Inserts `key: value` into a block map (at its keys' indentation), or replaces the value when the key exists. */
export function setInMap(file: PipelineFile, map: YMap | undefined, key: string, value: string): TextEdit | undefined {
  if (!isMap(map) || map.flow) return undefined;
  const pair = getPair(map, key);
  if (pair && !pair.key.shared) return setValueOnLine(file, file.lines.position(pair.key.start).line, key, value);
  const first = map.pairs.find((p) => !p.merged && !p.key.shared);
  if (!first) return undefined;
  const indent = ' '.repeat(file.lines.position(first.key.start).character);
  return insertAfter(file, map.end, [`${indent}${key}: ${value}`]);
}

/** Appends a component (id and body lines, unindented) to a section, creating the section when absent. */
export function appendComponent(file: PipelineFile, section: Section, id: string, body: string[]): TextEdit {
  const sec = getPair(file.root, section);
  if (sec && isMap(sec.value) && !sec.value.flow && sec.value.pairs.length) {
    const first = sec.value.pairs[0];
    const ind = file.lines.position(first.key.start).character;
    const bodyInd = first.value && isMap(first.value) && first.value.pairs.length ? file.lines.position(first.value.pairs[0].key.start).character - ind : 2;
    const pad = ' '.repeat(ind);
    const padBody = ' '.repeat(ind + bodyInd);
    return insertAfter(file, sec.value.end, [`${pad}${id}:`, ...body.map((l) => padBody + l)]);
  }
  if (sec && sec.value === undefined || (sec && sec.value?.kind === 'scalar' && sec.value.value === null)) {
    return insertAfter(file, sec.key.end + 1, [`  ${id}:`, ...body.map((l) => `    ${l}`)]);
  }
  const endLine = file.lines.lineCount - 1;
  const last = file.lines.lineText(endLine);
  const at = { line: endLine, character: last.length };
  const prefix = last.length ? '\n' : '';
  return { range: { start: at, end: at }, newText: `${prefix}\n${section}:\n  ${id}:\n${body.map((l) => `    ${l}\n`).join('')}`.replace(/\n$/, '') + '\n' };
}

export function rangeText(file: PipelineFile, r: Range): string {
  return file.text.slice(file.lines.offset(r.start), file.lines.offset(r.end));
}

// Completion of `imports` items: the paths, relative to the file, of the
// workspace's other pipeline files (fragments first), without the file
// itself and what it already imports. Works in block and flow lists, and
// replaces the whole item (paths have `/` and `.`, which end a word).
import { URI } from 'vscode-uri';
import { getPair } from '../parse/tree';
import type { PipelineFile } from '../pipeline/file';
import { resolveImport } from '../pipeline/workspace';
import type { Position, Range } from '../types';
import type { CompletionEntry } from './types';

/** A pipeline file of the workspace that `imports` may name. */
export interface ImportCandidate {
  uri: string;
  fragment: boolean;
}

/** Entries when `pos` is on an item of the top-level `imports` list; else undefined. */
export function completeImport(file: PipelineFile, pos: Position, files: () => ImportCandidate[]): CompletionEntry[] | undefined {
  const pair = getPair(file.root, 'imports');
  const offset = file.lines.offset(pos);
  if (!pair?.value || offset <= pair.key.end || offset > pair.value.end) return undefined;
  const item = itemRange(file.lines.lineText(pos.line), pos.character);
  if (!item) return undefined;
  const range: Range = { start: { line: pos.line, character: item.start }, end: { line: pos.line, character: item.end } };
  const current = file.lines.offset(range.start);
  const taken = new Set(file.imports.filter((i) => !(i.node.start <= current && current <= i.node.end)).map((i) => resolveImport(file.uri, i.path)));
  const from = URI.parse(file.uri);
  const dir = folderOf(from);
  const entries: CompletionEntry[] = [];
  for (const f of files()) {
    if (f.uri === file.uri || taken.has(f.uri)) continue;
    const to = URI.parse(f.uri);
    if (to.scheme !== from.scheme) continue;
    const path = relativeTo(dir, to);
    entries.push({ label: path, kind: 'file', detail: f.fragment ? 'fragment' : 'pipeline file', sortText: `${f.fragment ? 0 : 1}${path}`, range });
  }
  return entries;
}

/** The columns of the list item under the cursor (inside its quotes), or undefined when the cursor is not on one. */
function itemRange(line: string, ch: number): { start: number; end: number } | undefined {
  const before = line.slice(0, ch);
  let start: number;
  const dash = /^\s*-\s+/.exec(before);
  if (dash && !before.includes('[')) start = dash[0].length;
  else {
    const open = Math.max(before.lastIndexOf('['), before.lastIndexOf(','));
    if (open < 0) return undefined;
    start = open + 1;
    while (start < ch && line[start] === ' ') start++;
  }
  if (line[start] === '"' || line[start] === "'") start++;
  if (start > ch || /[#"']/.test(line.slice(start, ch))) return undefined;
  let end = ch;
  while (end < line.length && !/[,\]#"']/.test(line[end])) end++;
  while (end > ch && line[end - 1] === ' ') end--;
  return { start, end };
}

/** The path of `to` relative to the folder of `from`, starting with `./` or `../`. */
export function relativePath(from: string, to: string): string {
  return relativeTo(folderOf(URI.parse(from)), URI.parse(to));
}

const folderOf = (uri: URI): string[] => uri.path.split('/').slice(0, -1);

function relativeTo(dir: string[], to: URI): string {
  const target = to.path.split('/');
  let common = 0;
  while (common < dir.length && common < target.length - 1 && dir[common] === target[common]) common++;
  const up = dir.length - common;
  return (up === 0 ? './' : '../'.repeat(up)) + target.slice(common).join('/');
}

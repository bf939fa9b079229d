// Where the cursor is, for completion: read from the text by indentation,
// because the file being typed is usually incomplete (`  bro|` parses as a
// scalar, not a key). Hover and navigation use the tree instead (pathAt).
import type { PipelineFile } from '../pipeline/file';
import type { Position, Range } from '../types';
import { componentTypeAt, isComponentSection, type ComponentSection } from '../schema/index';

export type CursorMode = 'key' | 'value' | 'list-item' | 'flow-item' | 'none';

export interface CursorContext {
  mode: CursorMode;
  /** Keys from the root to the mapping the cursor's key or value belongs to. */
  path: string[];
  /** For value, list-item and flow-item modes: the key whose value is being typed. */
  key?: string;
  /** The partial word before the cursor. */
  prefix: string;
  /** The range of the partial word (what a completion replaces). */
  replace: Range;
  /** The value typed so far after `key: ` (value mode). */
  valueText?: string;
  /** Column where a key on this line starts. */
  column: number;
  /** Items already present in a flow or block list (to skip them). */
  siblings: string[];
  component?: { section: ComponentSection; id: string; type?: string };
}

const KEY_ONLY = /^(\s*)(-\s+)?([^\s:#'"][^:#]*?|'[^']*'|"[^"]*")\s*:\s*(#.*)?$/;

function indentOf(line: string): number {
  return /^\s*/.exec(line)![0].length;
}

/** The keys above a line by indentation: [{key, line, indent}] from the root down. */
export function parentKeys(file: PipelineFile, line: number, column: number, allowEqual = false): Array<{ key: string; line: number; indent: number }> {
  const out: Array<{ key: string; line: number; indent: number }> = [];
  let col = column;
  let equalOk = allowEqual;
  for (let l = line - 1; l >= 0 && col > 0; l--) {
    const text = file.lines.lineText(l);
    if (!text.trim() || /^\s*#/.test(text)) continue;
    const ind = indentOf(text);
    const m = KEY_ONLY.exec(text);
    if (ind < col || (equalOk && ind === col && m && !m[2])) {
      if (!m) break;
      const keyCol = ind + (m[2]?.length ?? 0);
      out.unshift({ key: m[3].replace(/^['"]|['"]$/g, ''), line: l, indent: keyCol });
      col = ind;
      equalOk = false;
    }
  }
  return out;
}

/** Values of `key: value` lines directly inside the block that starts after `line` (component `type`). */
export function blockValue(file: PipelineFile, line: number, key: string): string | undefined {
  const parentIndent = indentOf(file.lines.lineText(line));
  let bodyIndent: number | undefined;
  for (let l = line + 1; l < file.lines.lineCount; l++) {
    const text = file.lines.lineText(l);
    if (!text.trim() || /^\s*#/.test(text)) continue;
    const ind = indentOf(text);
    if (ind <= parentIndent) break;
    bodyIndent ??= ind;
    if (ind !== bodyIndent) continue;
    const m = new RegExp(`^\\s*${key}\\s*:\\s*([^#\\s]+)`).exec(text);
    if (m) return m[1].replace(/^['"]|['"]$/g, '');
  }
  return undefined;
}

export function cursorContext(file: PipelineFile, pos: Position): CursorContext {
  const line = file.lines.lineText(pos.line);
  const before = line.slice(0, pos.character);
  const empty = { line: pos.line, character: pos.character };
  const none: CursorContext = { mode: 'none', path: [], prefix: '', replace: { start: empty, end: empty }, column: 0, siblings: [] };
  if (/(^|\s)#/.test(before.replace(/'[^']*'|"[^"]*"/g, "''"))) return none;

  const word = /[A-Za-z0-9_.*-]*$/.exec(before)![0];
  // Extend over the rest of the word after the cursor, so accepting replaces it.
  const after = /^[A-Za-z0-9_.*-]*/.exec(line.slice(pos.character))![0];
  const replace: Range = { start: { line: pos.line, character: pos.character - word.length }, end: { line: pos.line, character: pos.character + after.length } };

  let ctx: CursorContext | undefined;
  let m: RegExpExecArray | null;
  if ((m = /^(\s*)(-\s+)?([A-Za-z0-9_.-]*)$/.exec(before))) {
    const column = m[1].length;
    if (m[2]) {
      // `- item` in a block list: the parent key may sit at the same column.
      const parents = parentKeys(file, pos.line, column, true);
      const last = parents.pop();
      if (!last) return none;
      ctx = { mode: 'list-item', path: parents.map((p) => p.key), key: last.key, prefix: m[3], replace, column, siblings: listSiblings(file, last.line) };
    } else {
      const parents = parentKeys(file, pos.line, column);
      ctx = { mode: 'key', path: parents.map((p) => p.key), prefix: m[3], replace, column, siblings: [] };
    }
  } else if ((m = /^(\s*)(-\s+)?([A-Za-z0-9_.-]+)\s*:\s*\[([^\]]*)$/.exec(before))) {
    const column = m[1].length + (m[2]?.length ?? 0);
    const parents = parentKeys(file, pos.line, column);
    const items = m[4].split(',').map((s) => s.trim());
    const prefix = items.pop() ?? '';
    const rest = /^[^\],]*\]?(.*)$/.exec(line.slice(pos.character))![1];
    const more = rest.split(/[,\]]/).map((s) => s.trim()).filter(Boolean);
    ctx = { mode: 'flow-item', path: parents.map((p) => p.key), key: m[3], prefix, replace, column, siblings: [...items, ...more].filter(Boolean) };
  } else if ((m = /^(\s*)(-\s+)?([A-Za-z0-9_.-]+)\s*:\s+(.*)$/.exec(before))) {
    const column = m[1].length + (m[2]?.length ?? 0);
    const parents = parentKeys(file, pos.line, column);
    ctx = { mode: 'value', path: parents.map((p) => p.key), key: m[3], prefix: word, valueText: m[4], replace, column, siblings: [] };
  }
  if (!ctx) return none;
  if (isComponentSection(ctx.path[0]) && (ctx.path.length >= 2 || (ctx.path.length === 1 && ctx.mode !== 'key'))) {
    const id = ctx.path.length >= 2 ? ctx.path[1] : ctx.key!;
    const section = ctx.path[0] as ComponentSection;
    const idLine = parentKeys(file, pos.line, ctx.column, ctx.mode === 'list-item').find((p, i) => i === 1 && p.key === id)?.line;
    const type = componentTypeAt(file.root, [section, id]) ?? (idLine !== undefined ? blockValue(file, idLine, 'type') : undefined);
    ctx.component = { section, id, type };
  }
  return ctx;
}

/** Items of the block list under the key on `line`. */
function listSiblings(file: PipelineFile, line: number): string[] {
  const out: string[] = [];
  const parentIndent = indentOf(file.lines.lineText(line));
  for (let l = line + 1; l < file.lines.lineCount; l++) {
    const text = file.lines.lineText(l);
    if (!text.trim()) continue;
    const m = /^(\s*)-\s+([^#\s]+)/.exec(text);
    if (!m || m[1].length < parentIndent) break;
    out.push(m[2]);
  }
  return out;
}

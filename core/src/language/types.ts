// Plain data returned by the language features. No LSP types: the server
// converts these at its boundary (server/src/convert.ts).
import type { Range } from '../types';

export interface TextEdit {
  range: Range;
  newText: string;
}

/** Edits per document URI. */
export type WorkspaceEdits = Record<string, TextEdit[]>;

export type CompletionKind = 'key' | 'value' | 'enum' | 'reference' | 'schema' | 'field' | 'snippet' | 'type' | 'file';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text to insert; a snippet (`$1`, `${1|a,b|}`) when `snippet` is true. */
  insertText?: string;
  snippet?: boolean;
  /** The range the insert text replaces (the partial word under the cursor). */
  range?: Range;
  sortText?: string;
  filterText?: string;
  /** Select this entry first in the list. */
  preselect?: boolean;
  /** A command the editor runs after the insert (e.g. open the suggest list again). */
  command?: CommandRef;
}

export interface HoverResult {
  markdown: string;
  range?: Range;
}

export type SymbolKind = 'section' | 'source' | 'processor' | 'sink' | 'schema' | 'key' | 'field' | 'route' | 'import';

export interface SymbolEntry {
  name: string;
  detail?: string;
  kind: SymbolKind;
  range: Range;
  selectionRange: Range;
  children?: SymbolEntry[];
}

export interface WorkspaceSymbolEntry {
  name: string;
  kind: SymbolKind;
  container?: string;
  uri: string;
  range: Range;
}

export interface FoldingEntry {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

export interface LinkEntry {
  range: Range;
  target: string;
  tooltip?: string;
}

export interface CommandRef {
  title: string;
  command: string;
  arguments?: unknown[];
}

export interface CodeActionEntry {
  title: string;
  kind: 'quickfix' | 'source.fixAll';
  /** Indices into the diagnostics the action was asked for. */
  diagnostics?: number[];
  edits?: WorkspaceEdits;
  command?: CommandRef;
  isPreferred?: boolean;
}

export interface LensEntry {
  range: Range;
  title: string;
  /** The component the lens belongs to. */
  id: string;
}

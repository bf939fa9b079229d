// The only place where core data becomes LSP data (and back, for the
// diagnostics a client sends with a code action request).
import {
  CodeAction,
  CodeActionKind,
  CompletionItem,
  CompletionItemKind,
  Diagnostic,
  DiagnosticSeverity,
  DocumentSymbol,
  InsertTextFormat,
  MarkupKind,
  SymbolInformation,
  SymbolKind,
  TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { docsUrl, type Finding, type FixData, type Severity } from '../../core/src/index';
import type { CodeActionEntry, CompletionEntry, DiagnosticRef, SymbolEntry, SymbolKind as CoreSymbolKind, WorkspaceEdits, WorkspaceSymbolEntry } from '../../core/src/language/index';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: Finding): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: docsUrl(f.code) },
    source: 'veltrix',
    message: f.message,
  };
  if (f.related?.length) d.relatedInformation = f.related.map((r) => ({ location: r.location, message: r.message }));
  if (f.data) d.data = f.data;
  return d;
}

/** A diagnostic the client sends back, as the core's DiagnosticRef (code + data; never the message). */
export function fromDiagnostic(d: Diagnostic): DiagnosticRef | undefined {
  if (d.source !== 'veltrix' || typeof d.code !== 'string') return undefined;
  return { code: d.code, range: d.range, data: d.data as FixData | undefined };
}

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  reference: CompletionItemKind.Reference,
  schema: CompletionItemKind.Struct,
  field: CompletionItemKind.Field,
  snippet: CompletionItemKind.Snippet,
  type: CompletionItemKind.Class,
  file: CompletionItemKind.File,
};

/** `commands`: the commands the client runs; an entry's command is sent only when it is one of them. */
export function toCompletionItem(e: CompletionEntry, commands?: ReadonlySet<string>): CompletionItem {
  const item: CompletionItem = { label: e.label, kind: COMPLETION_KIND[e.kind] };
  if (e.detail) item.detail = e.detail;
  if (e.documentation) item.documentation = { kind: MarkupKind.Markdown, value: e.documentation };
  const text = e.insertText ?? e.label;
  if (e.range) item.textEdit = TextEdit.replace(e.range, text);
  else item.insertText = text;
  if (e.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
  if (e.sortText) item.sortText = e.sortText;
  if (e.filterText) item.filterText = e.filterText;
  if (e.preselect) item.preselect = true;
  if (e.command && commands?.has(e.command.command)) item.command = { title: e.command.title, command: e.command.command, arguments: e.command.arguments };
  return item;
}

const SYMBOL_KIND: Record<CoreSymbolKind, SymbolKind> = {
  section: SymbolKind.Namespace,
  source: SymbolKind.Event,
  processor: SymbolKind.Function,
  sink: SymbolKind.Interface,
  schema: SymbolKind.Struct,
  key: SymbolKind.Property,
  field: SymbolKind.Field,
  route: SymbolKind.EnumMember,
  import: SymbolKind.File,
};

export function toDocumentSymbol(s: SymbolEntry): DocumentSymbol {
  return DocumentSymbol.create(s.name, s.detail, SYMBOL_KIND[s.kind], s.range, s.selectionRange, s.children?.map(toDocumentSymbol));
}

export function toSymbolInformation(s: WorkspaceSymbolEntry): SymbolInformation {
  return SymbolInformation.create(s.name, SYMBOL_KIND[s.kind], s.range, s.uri, s.container);
}

export function toWorkspaceEdit(edits: WorkspaceEdits): WorkspaceEdit {
  return { changes: edits };
}

export function toCodeAction(a: CodeActionEntry, diagnostics: Diagnostic[]): CodeAction {
  const kind = a.kind === 'source.fixAll' ? `${CodeActionKind.SourceFixAll}.veltrix` : CodeActionKind.QuickFix;
  const action = CodeAction.create(a.title, kind);
  if (a.edits) action.edit = toWorkspaceEdit(a.edits);
  if (a.command) action.command = { title: a.command.title, command: a.command.command, arguments: a.command.arguments };
  if (a.diagnostics) action.diagnostics = a.diagnostics.map((i) => diagnostics[i]).filter(Boolean);
  if (a.isPreferred) action.isPreferred = true;
  return action;
}

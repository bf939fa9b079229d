// Language features over the analysis core: plain functions of (scope,
// position) returning plain data. The language server converts to LSP.
export type * from './types';
export { type DocScope, fileOf, withNewerFile } from './scope';
export { complete } from './completion';
export { relativePath, type ImportCandidate } from './import-completion';
export { hover } from './hover';
export { definition, references, prepareRename, rename, type PrepareRenameResult } from './navigation';
export { documentSymbols, workspaceSymbols, foldingRanges, foldingWithin, documentLinks } from './outline';
export { codeActions, fixAll, SHOW_DOCS_COMMAND, type DiagnosticRef } from './code-actions';
export { componentLenses } from './lenses';
export { sameEnds } from './carry';
export { cursorContext } from './cursor';
export { formatEdits, formatText } from './format';
export { PIPELINE_SKELETON, snippetDefaults, withoutSnippet } from './skeleton';

// What every language feature receives: the analyses that contain the
// document (one for a main file; one per importer for a fragment) and the
// document's URI. Features never re-analyse.
import type { Analysis } from '../analyze';
import type { Component, PipelineFile, SchemaDef } from '../pipeline/file';

export interface DocScope {
  uri: string;
  analyses: Analysis[];
}

export function fileOf(scope: DocScope, uri = scope.uri): PipelineFile | undefined {
  for (const a of scope.analyses) {
    const f = a.ws.files.find((x) => x.uri === uri);
    if (f) return f;
  }
  return undefined;
}

/** The analysis to read the pipeline from (the first importer for a fragment). */
export function primary(scope: DocScope): Analysis | undefined {
  return scope.analyses.find((a) => a.ws.files.some((f) => f.uri === scope.uri)) ?? scope.analyses[0];
}

export function componentById(scope: DocScope, id: string): Component | undefined {
  for (const a of scope.analyses) {
    const c = a.ws.byId.get(id)?.[0];
    if (c) return c;
  }
  return undefined;
}

export function schemaByName(scope: DocScope, name: string): SchemaDef | undefined {
  for (const a of scope.analyses) {
    const s = a.ws.schemas.get(name)?.[0];
    if (s) return s;
  }
  return undefined;
}

/**
 * The scope with `file` (a newer parse of one of its files) in place of that
 * file: what completion and hover read while the newer version's analysis is
 * still to come. Ids, graph and model stay those of the last analysis.
 */
export function withNewerFile(scope: DocScope, file: PipelineFile): DocScope {
  const swap = (f: PipelineFile) => (f.uri === file.uri ? file : f);
  return { uri: scope.uri, analyses: scope.analyses.map((a) => ({ ...a, ws: { ...a.ws, main: swap(a.ws.main), files: a.ws.files.map(swap) } })) };
}

/** Every file of every analysis, each once. */
export function allFiles(scope: DocScope): PipelineFile[] {
  const seen = new Map<string, PipelineFile>();
  for (const a of scope.analyses) for (const f of a.ws.files) if (!seen.has(f.uri)) seen.set(f.uri, f);
  return [...seen.values()];
}

/** Inner offsets of a scalar's text (inside quotes). */
export function innerSpan(node: { start: number; end: number; quoted?: boolean; source?: string }, text: string): { start: number; end: number } {
  const ch = text[node.start];
  if (node.quoted && (ch === '"' || ch === "'")) return { start: node.start + 1, end: Math.max(node.start + 1, node.end - 1) };
  return { start: node.start, end: node.end };
}

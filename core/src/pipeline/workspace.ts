// The import closure of a main file: every file it reaches through `imports`,
// with ids global over the closure. Import problems (VX111) are collected
// here because only the loader sees missing files and cycles.
import { URI, Utils } from 'vscode-uri';
import type { FileHost, Finding } from '../types';
import { ruleInfo } from '../rules/catalog';
import { ChunkCache } from '../parse/chunked';
import { extractFile, settle, type Component, type PipelineFile, type SchemaDef } from './file';

/**
 * The parse cache: extracted files by URI and text, so unchanged imports are
 * not re-parsed, and each file's chunk cache, so an edit re-parses one
 * component. The analysis cache (analysis-cache.ts) builds on it.
 */
export class FileCache {
  private readonly files = new Map<string, PipelineFile>();
  private readonly chunks = new Map<string, ChunkCache>();

  get(uri: string, text: string): PipelineFile {
    const file = this.peek(uri, text);
    settle(file);
    return file;
  }

  /**
   * The file as `get` returns it, but the components an edit moved may still
   * be at their old offsets (settle): for the answers asked after every
   * keystroke, which carry those components' entries from the last parse.
   */
  peek(uri: string, text: string): PipelineFile {
    const hit = this.files.get(uri);
    if (hit && hit.text === text) return hit;
    let chunks = this.chunks.get(uri);
    if (!chunks) {
      this.chunks.set(uri, (chunks = new ChunkCache()));
      chunks.deferMoves = true;
    }
    const file = extractFile(uri, text, chunks, hit);
    this.files.set(uri, file);
    return file;
  }

  delete(uri: string): void {
    this.files.delete(uri);
    this.chunks.delete(uri);
  }
}

export interface Workspace {
  /** The entry file (a main file, or a fragment analysed on its own). */
  main: PipelineFile;
  /** The entry first, then imports in depth-first order, each once. */
  files: PipelineFile[];
  components: Component[];
  byId: Map<string, Component[]>;
  schemas: Map<string, SchemaDef[]>;
  /** VX111 findings found while loading. */
  importFindings: Finding[];
  /** Which file imports which (uri -> imported uris), for re-checking dependants. */
  importGraph: Map<string, string[]>;
}

export function resolveImport(fromUri: string, path: string): string {
  const base = Utils.dirname(URI.parse(fromUri));
  if (path.startsWith('/')) return base.with({ path }).toString();
  return Utils.joinPath(base, path).toString();
}

export function loadWorkspace(entryUri: string, entryText: string, host: FileHost, cache = new FileCache()): Workspace {
  const main = cache.get(entryUri, entryText);
  const files: PipelineFile[] = [];
  const importFindings: Finding[] = [];
  const importGraph = new Map<string, string[]>();
  const seen = new Set<string>();
  const stack: string[] = [];

  const report = (file: PipelineFile, node: { start: number; end: number }, message: string) => {
    importFindings.push({ code: 'VX111', severity: ruleInfo('VX111').severity, message, uri: file.uri, range: file.lines.range(node.start, node.end) });
  };

  const visit = (file: PipelineFile) => {
    seen.add(file.uri);
    stack.push(file.uri);
    files.push(file);
    const targets: string[] = [];
    importGraph.set(file.uri, targets);
    for (const imp of file.imports) {
      // Imports are relative paths (spec section 2): no absolute paths, drive letters or URIs.
      if (/^([/\\]|[A-Za-z]:|[A-Za-z][A-Za-z0-9+.-]*:\/\/)/.test(imp.path)) {
        report(file, imp.node, `Import '${imp.path}' is not a relative path; name the fragment relative to this file`);
        continue;
      }
      const target = resolveImport(file.uri, imp.path);
      targets.push(target);
      if (stack.includes(target)) {
        const cycle = [...stack.slice(stack.indexOf(target)), target].map((u) => Utils.basename(URI.parse(u)));
        report(file, imp.node, `Import cycle: ${cycle.join(' -> ')}; remove one of these imports`);
        continue;
      }
      if (seen.has(target)) continue;
      if (host.isDirectory?.(target)) {
        report(file, imp.node, `Import '${imp.path}' is a directory; import a fragment file`);
        continue;
      }
      const text = host.readFile(target);
      if (text === undefined) {
        report(file, imp.node, `Import '${imp.path}' cannot be read: no such file or unreadable`);
        continue;
      }
      const imported = cache.get(target, text);
      if (!imported.isFragment) {
        report(file, imp.node, `Import '${imp.path}' is not a fragment (it has a 'pipeline' key or no 'veltrix: 1'); only fragments can be imported`);
        continue;
      }
      visit(imported);
    }
    stack.pop();
  };
  visit(main);

  const components = files.flatMap((f) => f.components);
  const byId = new Map<string, Component[]>();
  for (const c of components) {
    const list = byId.get(c.id);
    if (list) list.push(c);
    else byId.set(c.id, [c]);
  }
  const schemas = new Map<string, SchemaDef[]>();
  for (const s of files.flatMap((f) => f.schemas)) {
    const list = schemas.get(s.name);
    if (list) list.push(s);
    else schemas.set(s.name, [s]);
  }
  return { main, files, components, byId, schemas, importFindings, importGraph };
}

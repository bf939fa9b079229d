// Which pipeline file imports which, from parsed files (no IO): "which main
// files import this fragment", so that a fragment is checked in their
// context, and "which files are related to this one", so that an edit
// re-checks its dependents. The CLI fills it from the files it reads; the
// server's workspace index from its scan and the open documents.
import type { PipelineFile } from './file';
import { resolveImport } from './workspace';

export interface ImportEntry {
  /** URIs the file imports. */
  imports: string[];
  fragment: boolean;
}

export function importEntry(file: PipelineFile): ImportEntry {
  return { imports: file.imports.map((i) => resolveImport(file.uri, i.path)), fragment: file.isFragment };
}

/** Main files that reach `uri` through imports (transitively, through fragments), sorted. */
export function importersIn(entries: Iterable<[string, ImportEntry]>, uri: string): string[] {
  const list = [...entries];
  const out: string[] = [];
  const seen = new Set([uri]);
  const queue = [uri];
  while (queue.length) {
    const target = queue.shift()!;
    for (const [u, e] of list) {
      if (seen.has(u) || !e.imports.includes(target)) continue;
      seen.add(u);
      if (e.fragment) queue.push(u);
      else out.push(u);
    }
  }
  return out.sort();
}

/** Files related to `uri` either way: what imports it (transitively) and what it imports. */
export function relatedIn(entries: Map<string, ImportEntry>, uri: string): Set<string> {
  const out = new Set<string>();
  const up = [uri];
  while (up.length) {
    const t = up.shift()!;
    for (const [u, e] of entries)
      if (!out.has(u) && e.imports.includes(t)) {
        out.add(u);
        up.push(u);
      }
  }
  const down = [uri];
  while (down.length) {
    const t = down.shift()!;
    for (const i of entries.get(t)?.imports ?? [])
      if (!out.has(i)) {
        out.add(i);
        down.push(i);
      }
  }
  out.delete(uri);
  return out;
}

/** The imports of a set of files, recorded as they are parsed. */
export class ImportIndex {
  protected readonly entries = new Map<string, ImportEntry>();

  record(file: PipelineFile): void {
    this.entries.set(file.uri, importEntry(file));
  }

  remove(uri: string): void {
    this.entries.delete(uri);
  }

  importersOf(uri: string): string[] {
    return importersIn(this.entries, uri);
  }

  related(uri: string): Set<string> {
    return relatedIn(this.entries, uri);
  }
}

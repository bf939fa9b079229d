// Document symbols (outline by section), workspace symbols, folding ranges
// from the tree, and document links for imports.
import { isMap, isSeq, walk, type YNode } from '../parse/tree';
import { resolveImport } from '../pipeline/workspace';
import type { PipelineFile, Section } from '../pipeline/file';
import type { FoldingEntry, LinkEntry, SymbolEntry, SymbolKind, WorkspaceSymbolEntry } from './types';

const SECTION_KIND: Record<Section, SymbolKind> = { sources: 'source', processors: 'processor', sinks: 'sink' };

function nodeEnd(file: PipelineFile, start: number, end: number): number {
  // Trim trailing whitespace so ranges end on the last character of the value.
  let e = end;
  while (e > start && /\s/.test(file.text[e - 1])) e--;
  return e;
}

export function documentSymbols(file: PipelineFile): SymbolEntry[] {
  if (!isMap(file.root)) return [];
  const out: SymbolEntry[] = [];
  for (const p of file.root.pairs) {
    if (p.merged || p.key.shared) continue;
    const key = String(p.key.value);
    const end = nodeEnd(file, p.key.start, Math.max(p.end, p.value && !p.value.shared ? p.value.end : p.end));
    const entry: SymbolEntry = { name: key, kind: 'section', range: file.lines.range(p.key.start, end), selectionRange: file.lines.range(p.key.start, p.key.end) };
    if (key === 'sources' || key === 'processors' || key === 'sinks') {
      entry.children = file.components
        .filter((c) => c.section === key && !c.idNode.shared)
        .map((c) => ({
          name: c.id,
          detail: c.type,
          kind: SECTION_KIND[c.section],
          range: file.lines.range(c.pair.key.start, nodeEnd(file, c.pair.key.start, Math.max(c.pair.end, c.node && !c.node.shared ? c.node.end : c.pair.end))),
          selectionRange: file.lines.range(c.idNode.start, c.idNode.end),
        }));
    } else if (key === 'schemas') {
      entry.children = file.schemas
        .filter((s) => !s.keyNode.shared)
        .map((s) => {
          const pair = isMap(p.value) ? p.value.pairs.find((x) => x.key === s.keyNode) : undefined;
          const end = pair ? nodeEnd(file, s.keyNode.start, Math.max(pair.end, pair.value?.end ?? 0)) : s.keyNode.end;
          return { name: s.name, detail: `${s.fields.length} fields`, kind: 'schema' as const, range: file.lines.range(s.keyNode.start, end), selectionRange: file.lines.range(s.keyNode.start, s.keyNode.end) };
        });
    } else if (key === 'imports') {
      entry.children = file.imports.map((i) => ({ name: i.path, kind: 'import' as const, range: file.lines.range(i.node.start, i.node.end), selectionRange: file.lines.range(i.node.start, i.node.end) }));
    }
    out.push(entry);
  }
  return out;
}

export function workspaceSymbols(files: Iterable<PipelineFile>, query: string): WorkspaceSymbolEntry[] {
  const q = query.toLowerCase();
  const matches = (name: string) => !q || fuzzy(name.toLowerCase(), q);
  const out: WorkspaceSymbolEntry[] = [];
  for (const f of files) {
    for (const c of f.components)
      if (!c.idNode.shared && matches(c.id)) out.push({ name: c.id, kind: SECTION_KIND[c.section], container: c.type ? `${c.section} (${c.type})` : c.section, uri: f.uri, range: f.lines.range(c.idNode.start, c.idNode.end) });
    for (const s of f.schemas) if (!s.keyNode.shared && matches(s.name)) out.push({ name: s.name, kind: 'schema', container: 'schemas', uri: f.uri, range: f.lines.range(s.keyNode.start, s.keyNode.end) });
  }
  return out.slice(0, 500);
}

function fuzzy(name: string, q: string): boolean {
  let i = 0;
  for (const ch of name) if (ch === q[i]) i++;
  return i === q.length;
}

export function foldingRanges(file: PipelineFile): FoldingEntry[] {
  const out: FoldingEntry[] = [];
  const seen = new Set<number>();
  const add = (startOffset: number, endOffset: number) => {
    const start = file.lines.position(startOffset).line;
    const end = file.lines.position(nodeEnd(file, startOffset, endOffset)).line;
    if (end > start && !seen.has(start)) {
      seen.add(start);
      out.push({ startLine: start, endLine: end });
    }
  };
  const visit = (n: YNode) => {
    if (isMap(n)) for (const p of n.pairs) if (!p.merged && p.value && !p.value.shared && (isMap(p.value) || isSeq(p.value))) add(p.key.start, p.value.end);
  };
  walk(file.root, visit);
  // Runs of two or more comment lines.
  let runStart = -1;
  for (let l = 0; l <= file.lines.lineCount; l++) {
    const isComment = l < file.lines.lineCount && /^\s*#/.test(file.lines.lineText(l));
    if (isComment && runStart < 0) runStart = l;
    if (!isComment && runStart >= 0) {
      if (l - 1 > runStart) out.push({ startLine: runStart, endLine: l - 1, kind: 'comment' });
      runStart = -1;
    }
  }
  return out.sort((a, b) => a.startLine - b.startLine);
}

export function documentLinks(file: PipelineFile): LinkEntry[] {
  return file.imports.map((i) => {
    const quoted = file.text[i.node.start] === '"' || file.text[i.node.start] === "'";
    return {
      range: file.lines.range(i.node.start + (quoted ? 1 : 0), i.node.end - (quoted ? 1 : 0)),
      target: resolveImport(file.uri, i.path),
      tooltip: `Open ${i.path}`,
    };
  });
}

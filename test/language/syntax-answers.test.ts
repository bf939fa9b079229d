// The answers VS Code asks for after every keystroke, kept per component
// (folding ranges) and per model result (lens titles), agree with computing
// them from scratch: over every example and fixture, and through a sequence
// of edits in one cache (moved components keep their cached answers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument, FileCache, extractFile, type PipelineFile } from '../../core/src/index';
import { componentLenses, foldingRanges } from '../../core/src/language/index';
import { isMap, isSeq, walk, type YNode } from '../../core/src/parse/tree';
import { figuresLine } from '../../core/src/language/figures';
import { generatePipeline } from '../../bench/generate';
import { yamlFilesUnder } from '../helpers/fixtures';

const root = path.resolve(__dirname, '..', '..');

/** Folding ranges as computed before they were cached: one walk of the whole tree, comment runs line by line. */
function referenceFolding(file: PipelineFile) {
  const out: Array<{ startLine: number; endLine: number; kind?: 'comment' }> = [];
  const seen = new Set<number>();
  const nodeEnd = (start: number, end: number) => {
    let e = end;
    while (e > start && /\s/.test(file.text[e - 1])) e--;
    return e;
  };
  const add = (s: number, e: number) => {
    const start = file.lines.position(s).line;
    const end = file.lines.position(nodeEnd(s, e)).line;
    if (end > start && !seen.has(start)) {
      seen.add(start);
      out.push({ startLine: start, endLine: end });
    }
  };
  walk(file.root, (n: YNode) => {
    if (isMap(n)) for (const p of n.pairs) if (!p.merged && p.value && !p.value.shared && (isMap(p.value) || isSeq(p.value))) add(p.key.start, p.value.end);
  });
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

test('folding ranges equal the whole-tree walk on every example and fixture', () => {
  const files = [...yamlFilesUnder(path.join(root, 'examples')), ...yamlFilesUnder(path.join(root, 'test', 'fixtures'))];
  assert.ok(files.length > 20);
  for (const f of files) {
    const file = extractFile('file:///x.veltrix.yaml', fs.readFileSync(f, 'utf8'));
    assert.deepEqual(foldingRanges(file), referenceFolding(file), f);
  }
});

/** The generated pipeline with comment runs between some components (and inside one). */
function commented(n: number): string[] {
  const lines = generatePipeline(n).text.split('\n');
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (i % 37 === 5 && /^ {2}\S/.test(l)) out.push('  # about the next one', '  # and more');
    if (i % 53 === 9) out.push('    # inside');
    out.push(l);
  });
  return out;
}

test('folding ranges and lenses stay equal to a fresh computation through a sequence of edits in one cache', () => {
  const uri = 'file:///edits.veltrix.yaml';
  const lines = commented(300);
  const cache = new FileCache();
  const host = { readFile: () => undefined };
  let seed = 7;
  const rand = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % k);
  for (let step = 0; step < 60; step++) {
    const i = 20 + rand(lines.length - 40);
    const kind = rand(4);
    if (kind === 0) lines.splice(i, 0, '  # a new comment');
    else if (kind === 1 && /description:/.test(lines[i])) lines[i] += ' more';
    else if (kind === 2) lines.splice(i, 0, '');
    else lines[i] = lines[i].replace(/parallelism: \d+/, `parallelism: ${1 + rand(3)}`);
    const text = lines.join('\n');
    const file = cache.get(uri, text);
    assert.deepEqual(foldingRanges(file), referenceFolding(extractFile(uri, text)), `step ${step}`);
    // Lenses: the titles kept per model result, placed on this parse, equal describing each component now.
    const { analyses } = analyzeDocument(uri, text, { host, cache });
    const a = analyses[0];
    const expected = file.components.flatMap((c) => {
      const line = figuresLine(a.capacity, c.id);
      return line ? [{ id: c.id, title: `est. ${line}`, range: file.lines.range(c.idNode.start, c.idNode.end) }] : [];
    });
    assert.deepEqual(componentLenses({ uri, analyses }), expected, `lenses at step ${step}`);
  }
});

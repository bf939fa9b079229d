// A syntax error in one component: only that chunk declines (parse/chunked.ts,
// parseBroken); the other chunks keep their trees. Whatever the chunked parse
// and the incremental analysis give must be exactly what the reference gives
// (whole-text parse, fresh full analysis): same tree, offsets, problems with
// their messages, same findings in the same order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseYaml } from '../../core/src/parse/yaml';
import { ChunkCache } from '../../core/src/parse/chunked';
import { toJS, walk, type YNode } from '../../core/src/parse/tree';
import { AnalysisCache, FileCache, analyzePipeline, loadWorkspace } from '../../core/src/index';
import { tryReuse } from '../../core/src/incremental';
import type { FileHost } from '../../core/src/types';
import { generatePipeline } from '../../bench/generate';

const host: FileHost = { readFile: () => undefined };

function scalars(root: YNode | undefined): string[] {
  const out: string[] = [];
  walk(root, (n) => {
    if (n.kind === 'scalar') out.push(`${n.start}-${n.end}:${JSON.stringify(n.value)}`);
  });
  return out;
}

function assertSameParse(text: string, cache: ChunkCache): boolean {
  const whole = parseYaml(text);
  const chunked = parseYaml(text, cache);
  assert.deepEqual(toJS(chunked.root), toJS(whole.root));
  assert.deepEqual(scalars(chunked.root), scalars(whole.root));
  assert.deepEqual(chunked.problems, whole.problems);
  return !!chunked.chunked;
}

/** Breaks to put on a line of a component: some stay inside it, some swallow what follows. */
const BREAKS = [
  '    inputs: [a, b',
  '    type: "file',
  "    path: 'x",
  '    bad: {a: 1',
  '    : nokey',
  '    x: a: b',
  '    - item',
  '    y: "a" b',
  '    z: [a]]',
  '    w: }',
  '     q: 1',
  '    k: @x',
  '    m: |\n  n: 2',
  '    dup: 1\n    dup: 2',
];

const base = generatePipeline(40).text.split('\n');
/** Lines strictly inside a component (indented by four), where a break belongs to that component. */
const inner = base.map((l, i) => (/^ {4}\S/.test(l) ? i : -1)).filter((i) => i >= 0);

test('a file with one broken component parses chunk by chunk exactly as whole, cold and after edits elsewhere', () => {
  let chunkedCount = 0;
  let runs = 0;
  fc.assert(
    fc.property(fc.constantFrom(...inner), fc.constantFrom(...BREAKS), fc.constantFrom(...inner), fc.constantFrom('    description: edited', '    parallelism: 7', '    extra: 1', ''), (at, broken, editAt, edit) => {
      const lines = [...base];
      lines[at] = broken;
      const text = lines.join('\n');
      const cache = new ChunkCache();
      if (assertSameParse(text, cache)) chunkedCount++;
      runs++;
      if (editAt === at) return;
      const edited = [...lines];
      edited[editAt] = edit;
      assertSameParse(edited.join('\n'), cache);
      assertSameParse(text, cache);
    }),
    { numRuns: 300, seed: 18 },
  );
  // The rule is not "always whole": most breaks stay inside their component.
  assert.ok(chunkedCount > runs / 2, `only ${chunkedCount} of ${runs} broken files were parsed chunk by chunk`);
});

test('an unclosed quote or flow sequence that swallows the following components falls back to the whole parse', () => {
  const text = 'veltrix: 1\nsources:\n  a:\n    type: "file\n  b:\n    type: file\n';
  const cache = new ChunkCache();
  assert.equal(assertSameParse(text, cache), false);
  const flow = 'veltrix: 1\nsources:\n  a:\n    inputs: [x,\n  b:\n    type: file\n';
  assert.equal(assertSameParse(flow, new ChunkCache()), false);
});

test('an error that stays inside its component is parsed in that chunk alone; the others keep their trees', () => {
  const g = generatePipeline(30);
  const lines = g.text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('    topic: topic-1'));
  lines[at] = '    topic: x: y';
  const text = lines.join('\n');
  const cache = new ChunkCache();
  assert.equal(assertSameParse(text, cache), true);
  // An edit elsewhere re-parses one chunk (plus the broken one, in context), not the file.
  let parses = 0;
  const counting = cache as unknown as { get: ChunkCache['get'] };
  const original = counting.get.bind(cache);
  counting.get = (t, s, e, parse) => original(t, s, e, (x, a, b) => (parses++, parse(x, a, b)));
  const edited = text.replace('amount > 0', 'amount > 1');
  assert.notEqual(edited, text);
  assert.equal(assertSameParse(edited, cache), true);
  assert.equal(parses, 1);
});

function findingsOf(uri: string, text: string, cache?: FileCache) {
  return analyzePipeline(uri, text, { host, cache: cache ?? new FileCache() }).findings;
}

test('edits elsewhere in a file with one broken component: the incremental analysis equals a fresh one', () => {
  const g = generatePipeline(60, { errors: true });
  const uri = 'file:///broken/inc.veltrix.yaml';
  const lines = g.text.split('\n');
  const innerLines = lines.map((l, i) => (/^ {4}\S/.test(l) ? i : -1)).filter((i) => i >= 0);
  fc.assert(
    fc.property(fc.constantFrom(...innerLines), fc.constantFrom(...BREAKS.slice(4, 9)), fc.array(fc.tuple(fc.constantFrom(...innerLines), fc.constantFrom('    description: edited', '    parallelism: 9', '    rate: 10/s', '    condition: amount > 3')), { minLength: 1, maxLength: 3 }), (at, broken, edits) => {
      const now = [...lines];
      now[at] = broken;
      const cache = new FileCache();
      let text = now.join('\n');
      assert.deepEqual(findingsOf(uri, text, cache), findingsOf(uri, text));
      for (const [line, edit] of edits) {
        if (line === at) continue;
        now[line] = edit;
        text = now.join('\n');
        assert.deepEqual(findingsOf(uri, text, cache), findingsOf(uri, text));
      }
    }),
    { numRuns: 40, seed: 7 },
  );
});

test('with a broken component elsewhere, an edit inside another component is re-analysed incrementally', () => {
  const g = generatePipeline(60, { errors: true });
  const uri = 'file:///broken/reuse.veltrix.yaml';
  const lines = g.text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('    topic: topic-1'));
  lines[at] = '    topic: x: y';
  const text = lines.join('\n');
  const probe = new AnalysisCache();
  analyzePipeline(uri, text, { host, cache: probe });
  const edited = text.replace('amount > 0', 'amount > 2');
  assert.notEqual(edited, text);
  assert.ok(tryReuse(probe.snapshot(uri, 'true|1'), loadWorkspace(uri, edited, host, probe), 'true|1'), 'the edit should be handled incrementally');
  const incremental = analyzePipeline(uri, edited, { host, cache: probe }).findings;
  assert.deepEqual(incremental, findingsOf(uri, edited));
  assert.ok(incremental.some((f) => f.code === 'VX001'));
  // An edit inside the broken component itself is analysed whole (its syntax findings change).
  const fixing = edited.replace('    topic: x: y', '    topic: x-y');
  assert.equal(tryReuse(probe.snapshot(uri, 'true|1'), loadWorkspace(uri, fixing, host, new AnalysisCache()), 'true|1'), undefined);
});

test('a key edit the later passes do not read (a typo of description, an unknown key) is re-analysed incrementally and matches a fresh analysis', () => {
  const g = generatePipeline(60, { errors: true });
  const uri = 'file:///keys/reuse.veltrix.yaml';
  const lines = g.text.split('\n');
  const at = lines.findIndex((l, i) => i > g.editLine && l.startsWith('    description:'));
  const edits = [lines[at].replace('description', 'descriptio'), '    colour: blue', '    description: back again'];
  const cache = new AnalysisCache();
  let text = g.text;
  analyzePipeline(uri, text, { host, cache });
  for (const edit of edits) {
    lines[at] = edit;
    const next = lines.join('\n');
    assert.ok(tryReuse(cache.snapshot(uri, 'true|1'), loadWorkspace(uri, next, host, new AnalysisCache()), 'true|1') || text === next, `the edit to "${edit}" should be handled incrementally`);
    text = next;
    assert.deepEqual(analyzePipeline(uri, text, { host, cache }).findings, findingsOf(uri, text));
  }
  // A typo of a key the model reads is not one of them: the whole analysis runs.
  const typo = text.replace('    parallelism: 1\n    buffer:\n      max_events: 1000\n    description: shape', '    parallelis: 1\n    buffer:\n      max_events: 1000\n    description: shape');
  assert.notEqual(typo, text);
  assert.deepEqual(analyzePipeline(uri, typo, { host, cache }).findings, findingsOf(uri, typo));
});

test('a broken component key line (or a break at the section indentation) parses exactly as whole', () => {
  const keys = base.map((l, i) => (/^ {2}\S/.test(l) ? i : -1)).filter((i) => i >= 0);
  const breaks = ['  a b: c: d', '  k: [', "  'k:", '  k:: 1', '  k: "x" y', '  - k', '  k: {a: 1', '  : v'];
  fc.assert(
    fc.property(fc.constantFrom(...keys), fc.constantFrom(...breaks), fc.constantFrom(...inner), (at, broken, editAt) => {
      const lines = [...base];
      lines[at] = broken;
      const cache = new ChunkCache();
      assertSameParse(lines.join('\n'), cache);
      if (editAt === at) return;
      lines[editAt] = '    description: edited';
      assertSameParse(lines.join('\n'), cache);
    }),
    { numRuns: 200, seed: 19 },
  );
});

// The robustness properties, shared by test/robustness/fuzz.test.ts (fixed
// seed, small numRuns, part of `npm test`) and scripts/fuzz.ts (random seed,
// runs for as long as asked).
//
// For any text: analysis and every language feature at any position never
// throw, return ranges inside the document and applicable edits, and give
// the same answer twice; the chunked parser agrees with the whole parser.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { analyzePipeline, FileCache, LineIndex, type Analysis, type Finding, type Location, type Position } from '../../core/src/index';
import {
  codeActions,
  complete,
  componentLenses,
  cursorContext,
  definition,
  documentLinks,
  documentSymbols,
  fixAll,
  foldingRanges,
  hover,
  prepareRename,
  references,
  rename,
  workspaceSymbols,
  type CodeActionEntry,
  type DocScope,
  type SymbolEntry,
  type WorkspaceEdits,
} from '../../core/src/language/index';
import { parseYaml } from '../../core/src/parse/yaml';
import { ChunkCache } from '../../core/src/parse/chunked';
import { toJS, walk, type YNode } from '../../core/src/parse/tree';
import { assertEditsApplicable, assertFindingsInside, assertRange, memHost, stable } from './helpers';

const repo = path.resolve(__dirname, '..', '..');

// ---------------------------------------------------------------- inputs --

export interface Example {
  /** Path relative to examples/. */
  name: string;
  uri: string;
  text: string;
}

/** Every YAML file under examples/, with its file URI. */
export function loadExamples(): Example[] {
  const dir = path.join(repo, 'examples');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((name) => ({ name, uri: `file:///examples/${name.split(path.sep).join('/')}`, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

const idChars = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_'.split(''));
const goodId = fc.tuple(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split('')), fc.array(idChars, { maxLength: 8 })).map(([a, b]) => a + b.join(''));
const anyId = fc.oneof({ weight: 6, arbitrary: goodId }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }, { weight: 1, arbitrary: fc.constantFrom('Bad-Id', '1abc', '"quoted id"', 'a.b', 'x*', '') });
const types = ['kafka', 'http', 'file', 'generator', 'filter', 'map', 'route', 'aggregate', 'enrich', 'dedupe', 'window', 'join', 's3', 'postgres', 'elasticsearch', 'stdout', 'webhook', 'bogus', ''];
const units = ['250ms', '1.5s', '5m', '2h', '10us', '1GiB', '512MiB', '10KB', '40k/s', '2.5M/h', '3/m', '12', '1.5x', '-1s', '${DUR:-5s}', '${X}', 'fast'];
const exprs = ['user.age > 18', 'a == "b" && c', 'len(x) >', '(((', 'amount * 1.2', '!flag', 'foo[0].bar != null', '${COND}', ''];
const scalarValue = fc.oneof(
  fc.constantFrom(...units),
  fc.constantFrom(...exprs),
  fc.constantFrom('true', 'false', 'null', '~', '0', '1', '-3', '1e309', '0x1F', 'block', 'drop_newest', 'all', 'exactly-once', 'at-least-once', '[]', '{}', '"x"', "'y'"),
  fc.integer({ min: -5, max: 100000 }).map(String),
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
);
const keys = ['type', 'inputs', 'parallelism', 'buffer', 'max_events', 'when_full', 'rate', 'event_size', 'cost', 'selectivity', 'condition', 'topic', 'brokers', 'group', 'partitions', 'schema', 'routes', 'dead_letter', 'acks', 'key_by', 'window', 'lookup', 'timeout', 'path', 'listen', 'format', 'bucket', 'table', 'x-note', 'unknown_key'];

interface GenComponent {
  section: 'sources' | 'processors' | 'sinks';
  id: string;
  type: string;
  inputs: string[] | undefined;
  extra: Array<[string, string]>;
  routes: string[];
}

/** Pipelines made of arbitrary ids, types, inputs (ids, routes, `_unmatched`, wildcards) and keys with unit and expression values. */
export const generatedPipeline: fc.Arbitrary<string> = fc
  .record({
    name: fc.oneof(fc.constant('p'), fc.string({ maxLength: 8 })),
    delivery: fc.constantFrom('at-most-once', 'at-least-once', 'exactly-once', 'bogus', undefined),
    slo: fc.option(fc.tuple(fc.constantFrom(...units), fc.constantFrom(...units))),
    runtime: fc.option(fc.tuple(fc.integer({ min: -1, max: 64 }), fc.constantFrom(...units), fc.boolean())),
    schemas: fc.array(fc.tuple(goodId.map((s) => s[0].toUpperCase() + s.slice(1)), fc.array(fc.tuple(goodId, fc.constantFrom('string', 'int', 'float?', 'bool', 'timestamp', 'json', 'nope')), { maxLength: 4 })), { maxLength: 3 }),
    comps: fc.array(
      fc.record({
        section: fc.constantFrom('sources' as const, 'processors' as const, 'sinks' as const),
        id: anyId,
        type: fc.constantFrom(...types),
        nInputs: fc.integer({ min: -1, max: 3 }),
        inputPicks: fc.array(fc.tuple(fc.nat(), fc.constantFrom('id', 'route', 'unmatched', 'wildcard', 'junk')), { maxLength: 3 }),
        extra: fc.array(fc.tuple(fc.constantFrom(...keys), scalarValue), { maxLength: 4 }),
        routes: fc.array(goodId, { maxLength: 2 }),
        flow: fc.boolean(),
      }),
      { maxLength: 12 },
    ),
    imports: fc.array(fc.constantFrom('frag.veltrix.yaml', '../x.veltrix.yaml', 'missing.veltrix.yaml', '/abs.veltrix.yaml', 'dir', 'self.veltrix.yaml'), { maxLength: 2 }),
    anchors: fc.boolean(),
  })
  .map((g) => {
    const ids = g.comps.map((c) => c.id);
    const comps: GenComponent[] = g.comps.map((c) => ({
      section: c.section,
      id: c.id,
      type: c.type,
      inputs:
        c.nInputs < 0
          ? undefined
          : c.inputPicks.slice(0, Math.max(c.nInputs, c.inputPicks.length ? 1 : 0)).map(([n, kind]) => {
              const target = ids.length ? ids[n % ids.length] : 'nothing';
              if (kind === 'route') return `${target}.${g.comps[n % Math.max(1, g.comps.length)]?.routes[0] ?? 'r'}`;
              if (kind === 'unmatched') return `${target}._unmatched`;
              if (kind === 'wildcard') return `${target.slice(0, Math.max(0, target.length - 2))}*`;
              if (kind === 'junk') return `${target}..x`;
              return target;
            }),
      extra: c.extra,
      routes: c.type === 'route' ? c.routes : [],
    }));
    const out: string[] = ['veltrix: 1'];
    if (g.anchors) out.push('x-defaults:', '  buf: &buf', '    max_events: 10', '    when_full: drop_oldest');
    out.push('pipeline:', `  name: ${g.name === '' ? '""' : JSON.stringify(g.name)}`);
    if (g.delivery) out.push(`  delivery: ${g.delivery}`);
    if (g.slo) out.push('  slo:', `    latency_p99: ${g.slo[0]}`, `    throughput: ${g.slo[1]}`);
    if (g.runtime) out.push('runtime:', `  workers: ${g.runtime[0]}`, `  memory: ${g.runtime[1]}`, ...(g.runtime[2] ? ['  checkpoint:', '    interval: 10s', '    storage: s3://b/c'] : []));
    if (g.imports.length) out.push('imports:', ...g.imports.map((i) => `  - ${i}`));
    if (g.schemas.length) {
      out.push('schemas:');
      for (const [name, fields] of g.schemas) out.push(`  ${name}:`, ...(fields.length ? fields.map(([f, t]) => `    ${f}: ${t}`) : ['    {}']));
    }
    for (const section of ['sources', 'processors', 'sinks'] as const) {
      const mine = comps.filter((c) => c.section === section);
      if (!mine.length) continue;
      out.push(`${section}:`);
      for (const c of mine) {
        out.push(`  ${c.id === '' ? '""' : c.id}:`, `    type: ${c.type === '' ? '""' : c.type}`);
        if (c.inputs) out.push(c.inputs.length ? `    inputs: [${c.inputs.join(', ')}]` : '    inputs: []');
        for (const [k, v] of c.extra) out.push(`    ${k}: ${v}`);
        if (c.routes.length) out.push('    routes:', ...c.routes.map((r) => `      ${r}: "x > 1"`));
        if (g.anchors) out.push('    buffer: *buf');
      }
    }
    return out.join('\n') + '\n';
  });

/** Files reachable from a generated pipeline's imports. */
export const generatedWorkspace: Record<string, string | undefined> = {
  'file:///gen/frag.veltrix.yaml': 'veltrix: 1\nprocessors:\n  frag_p:\n    type: filter\n    inputs: [a*]\n    condition: "x > 1"\n',
  'file:///x.veltrix.yaml': 'veltrix: 1\n',
  'file:///abs.veltrix.yaml': 'veltrix: 1\npipeline: {name: not-a-fragment}\n',
  'file:///gen/self.veltrix.yaml': 'veltrix: 1\nimports: [self.veltrix.yaml]\n',
};

// ------------------------------------------------------------ mutations --

export type Mutation =
  | { op: 'delete-line'; at: number }
  | { op: 'duplicate-line'; at: number }
  | { op: 'swap-lines'; at: number; with: number }
  | { op: 'indent'; at: number; delta: number }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete-range'; at: number; length: number };

const hostile = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.constantFrom('\u0000', '\t', '\r', '\r\n', '\n', '\u2028', '\u202e', '\ufeff', '\ud800', '\udc00', '\u0085', '"', "'", ':', ': ', '- ', '&a ', '*a', '<<: ', '#', '{', '[', ']', '}', '? ', '|', '>', '!!str ', '%YAML 1.2\n', '---\n', '...\n', '${', '😀'),
  fc.uint8Array({ maxLength: 4 }).map((b) => String.fromCharCode(...b)),
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap-lines' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), delta: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: hostile }),
  fc.record({ op: fc.constant('delete-range' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
);

export function applyMutation(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const li = (n: number) => n % Math.max(1, lines.length);
  switch (m.op) {
    case 'delete-line':
      lines.splice(li(m.at), 1);
      return lines.join('\n');
    case 'duplicate-line':
      lines.splice(li(m.at), 0, lines[li(m.at)] ?? '');
      return lines.join('\n');
    case 'swap-lines': {
      const a = li(m.at);
      const b = li(m.with);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'indent': {
      const i = li(m.at);
      const l = lines[i] ?? '';
      lines[i] = m.delta >= 0 ? ' '.repeat(m.delta) + l : l.replace(new RegExp(`^ {0,${-m.delta}}`), '');
      return lines.join('\n');
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'delete-range': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.length);
    }
  }
}

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 5 });

// ---------------------------------------------------------- properties --

export interface Counters {
  texts: number;
  mutations: number;
  featureCalls: number;
  chunkedChecks: number;
}

export const counters: Counters = { texts: 0, mutations: 0, featureCalls: 0, chunkedChecks: 0 };

function analyse(uri: string, text: string, files: Record<string, string | undefined>): Analysis {
  return analyzePipeline(uri, text, { host: memHost({ ...files, [uri]: text }, ['file:///gen/dir', 'file:///examples/clickstream/dir']) });
}

/** Positions to probe: random lines/characters, line ends, and a few outside the document. */
export function probePositions(text: string, seeds: number[]): Position[] {
  const lines = new LineIndex(text);
  const out: Position[] = [];
  for (const s of seeds) {
    const line = s % lines.lineCount;
    const len = lines.lineText(line).length;
    out.push({ line, character: Math.floor(s / 7) % (len + 1) });
  }
  out.push({ line: 0, character: 0 }, { line: lines.lineCount - 1, character: lines.lineText(lines.lineCount - 1).length });
  return out;
}

function checkLocations(locs: Location[], textOf: (uri: string) => string | undefined, what: string) {
  assert.ok(Array.isArray(locs), `${what}: not an array`);
  for (const l of locs) {
    const t = textOf(l.uri);
    assert.ok(t !== undefined, `${what}: location in an unknown document ${l.uri}`);
    assertRange(t, l.range, what);
  }
}

function checkWorkspaceEdits(edits: WorkspaceEdits, textOf: (uri: string) => string | undefined, what: string) {
  for (const [uri, list] of Object.entries(edits)) {
    const t = textOf(uri);
    assert.ok(t !== undefined, `${what}: edit of an unknown document ${uri}`);
    assertEditsApplicable(t, list, `${what} on ${uri}`);
  }
}

function checkSymbols(text: string, symbols: SymbolEntry[], what: string) {
  for (const s of symbols) {
    assertRange(text, s.range, `${what} '${s.name}' range`);
    assertRange(text, s.selectionRange, `${what} '${s.name}' selectionRange`);
    checkSymbols(text, s.children ?? [], what);
  }
}

function checkActions(actions: CodeActionEntry[], textOf: (uri: string) => string | undefined, what: string) {
  for (const a of actions) if (a.edits) checkWorkspaceEdits(a.edits, textOf, `${what} '${a.title}'`);
}

const renameNames = ['renamed', 'x', 'Bad Name', '', 'a_b_c', '_unmatched', 'ä', 'orders_in'];

/**
 * Every language feature at the probe positions. Returns a JSON record of
 * the answers (for the determinism check).
 */
export function runFeatures(a: Analysis, uri: string, positions: Position[], findings: Finding[]): string {
  const scope: DocScope = { uri, analyses: [a] };
  const textOf = (u: string) => a.ws.files.find((f) => f.uri === u)?.text;
  const text = textOf(uri)!;
  const file = a.ws.files.find((f) => f.uri === uri)!;
  const lines = file.lines;
  const record: unknown[] = [];
  const call = <T>(name: string, fn: () => T): T => {
    counters.featureCalls++;
    try {
      const r = fn();
      record.push([name, r]);
      return r;
    } catch (e) {
      assert.fail(`${name} threw: ${(e as Error)?.stack ?? e}`);
    }
  };
  const symbols = call('documentSymbols', () => documentSymbols(file));
  checkSymbols(text, symbols, 'documentSymbols');
  for (const f of call('foldingRanges', () => foldingRanges(file))) {
    assert.ok(f.startLine >= 0 && f.startLine <= f.endLine && f.endLine < lines.lineCount, `foldingRange ${JSON.stringify(f)} outside 0..${lines.lineCount - 1}`);
  }
  for (const l of call('documentLinks', () => documentLinks(file))) assertRange(text, l.range, 'documentLink');
  for (const s of call('workspaceSymbols', () => workspaceSymbols(a.ws.files, text.slice(0, 2)))) {
    const t = textOf(s.uri);
    assert.ok(t !== undefined, 'workspaceSymbol in an unknown document');
    assertRange(t, s.range, `workspaceSymbol ${s.name}`);
  }
  for (const l of call('componentLenses', () => componentLenses(scope))) assertRange(text, l.range, 'lens');
  const diags = findings.filter((f) => f.uri === uri).map((f) => ({ code: f.code, range: f.range, data: f.data }));
  checkActions(call('codeActions(all)', () => codeActions(scope, diags)), textOf, 'codeAction');
  const all = call('fixAll', () => fixAll(scope, diags));
  if (all) checkActions([all], textOf, 'fixAll');
  positions.forEach((pos, i) => {
    const at = `@${pos.line}:${pos.character}`;
    call(`cursorContext${at}`, () => cursorContext(file, pos));
    for (const c of call(`complete${at}`, () => complete(scope, pos))) {
      if (c.range) assertRange(text, c.range, `completion '${c.label}'${at}`);
      assert.ok(typeof c.label === 'string', 'completion label');
    }
    const h = call(`hover${at}`, () => hover(scope, pos, findings));
    if (h?.range) assertRange(text, h.range, `hover${at}`);
    checkLocations(call(`definition${at}`, () => definition(scope, pos)), textOf, `definition${at}`);
    checkLocations(call(`references${at}`, () => references(scope, pos)), textOf, `references${at}`);
    const pr = call(`prepareRename${at}`, () => prepareRename(scope, pos));
    if (pr && 'range' in pr) assertRange(text, pr.range, `prepareRename${at}`);
    const rn = call(`rename${at}`, () => rename(scope, pos, renameNames[i % renameNames.length]));
    if ('edits' in rn) checkWorkspaceEdits(rn.edits, textOf, `rename${at}`);
    const near = findings.filter((f) => f.uri === uri && f.range.start.line === pos.line).map((f) => ({ code: f.code, range: f.range, data: f.data }));
    if (near.length) checkActions(call(`codeActions${at}`, () => codeActions(scope, near, ['quickfix'])), textOf, `codeAction${at}`);
  });
  return stable(record);
}

/**
 * The main property: analyse a text (with the given other files), check
 * every finding and every feature, then do it all again from scratch and
 * compare.
 */
export function checkText(uri: string, text: string, files: Record<string, string | undefined>, seeds: number[]): void {
  counters.texts++;
  const textOf = (u: string) => (u === uri ? text : files[u]);
  let a: Analysis;
  try {
    a = analyse(uri, text, files);
  } catch (e) {
    assert.fail(`analyzePipeline threw: ${(e as Error)?.stack ?? e}`);
  }
  assertFindingsInside(a.findings, textOf);
  const internal = a.findings.find((f) => f.code === 'VX099');
  assert.ok(!internal, `internal error finding: ${internal?.message}`);
  const positions = probePositions(text, seeds);
  const first = runFeatures(a, uri, positions, a.findings);
  const b = analyse(uri, text, files);
  assert.equal(stable(b.findings), stable(a.findings), 'findings differ between two analyses of the same text');
  const second = runFeatures(b, uri, positions, b.findings);
  assert.equal(second, first, 'language features answer differently for the same input');
}

function scalars(root: YNode | undefined): string[] {
  const out: string[] = [];
  walk(root, (n) => {
    if (n.kind === 'scalar') out.push(`${n.start}-${n.end}:${JSON.stringify(n.value)}`);
  });
  return out;
}

/** The chunked parser agrees with the whole parser, cold and warm (a cache primed with `before`). */
export function checkChunked(text: string, before?: string): void {
  counters.chunkedChecks++;
  const whole = parseYaml(text);
  const caches = [new ChunkCache()];
  if (before !== undefined) {
    const warm = new ChunkCache();
    parseYaml(before, warm);
    caches.push(warm);
  }
  for (const cache of caches) {
    const chunked = parseYaml(text, cache);
    assert.deepEqual(toJS(chunked.root), toJS(whole.root), 'chunked toJS differs from the whole parse');
    assert.deepEqual(scalars(chunked.root), scalars(whole.root), 'chunked scalar offsets differ from the whole parse');
    assert.deepEqual(
      chunked.problems.map((p) => [p.code, p.start]),
      whole.problems.map((p) => [p.code, p.start]),
      'chunked syntax problems differ',
    );
  }
  // And through the FileCache the analysis uses (per-URI chunk caches).
  const fc1 = new FileCache();
  if (before !== undefined) fc1.get('file:///c.veltrix.yaml', before);
  assert.deepEqual(toJS(fc1.get('file:///c.veltrix.yaml', text).root), toJS(whole.root));
}

// ------------------------------------------------------- the fc properties --

const seedsArb = fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 4 });

export function generatedProperty(): fc.IPropertyWithHooks<[string, number[]]> {
  return fc.property(generatedPipeline, seedsArb, (text, seeds) => {
    checkText('file:///gen/main.veltrix.yaml', text, generatedWorkspace, seeds);
    checkChunked(text);
  });
}

export function mutatedProperty(examples: Example[]): fc.IPropertyWithHooks<[number, Mutation[], number[]]> {
  const files = Object.fromEntries(examples.map((e) => [e.uri, e.text]));
  return fc.property(fc.nat({ max: Math.max(0, examples.length - 1) }), mutations, seedsArb, (i, ms, seeds) => {
    const ex = examples[i];
    let text = ex.text;
    for (const m of ms) text = applyMutation(text, m);
    counters.mutations += ms.length;
    checkText(ex.uri, text, files, seeds);
    checkChunked(text, ex.text);
  });
}

/** Mutations of the fragment seen from its importer: the main file is analysed with the mutated fragment. */
export function mutatedImportProperty(examples: Example[]): fc.IPropertyWithHooks<[Mutation[], number[]]> | undefined {
  const frag = examples.find((e) => /enrichment/.test(e.name));
  const main = examples.find((e) => /clickstream\.veltrix/.test(e.name));
  if (!frag || !main) return undefined;
  const files = Object.fromEntries(examples.map((e) => [e.uri, e.text]));
  return fc.property(mutations, seedsArb, (ms, seeds) => {
    let text = frag.text;
    for (const m of ms) text = applyMutation(text, m);
    counters.mutations += ms.length;
    checkText(main.uri, main.text, { ...files, [frag.uri]: text }, seeds);
  });
}

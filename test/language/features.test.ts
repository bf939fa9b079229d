// Language features as plain functions over an analysis, with `|` cursor
// markers in inline fixtures (one check helper per feature).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../core/src/index';
import * as lang from '../../core/src/language/index';
import { memoryHost } from '../helpers/host';

const URI = 'file:///w/p.veltrix.yaml';

function scopeOf(text: string): lang.DocScope {
  const { analyses } = analyzeDocument(URI, text, { host: memoryHost({ [URI]: text }) });
  return { uri: URI, analyses };
}

function at(textWithMarker: string) {
  const i = textWithMarker.indexOf('|');
  const text = textWithMarker.slice(0, i) + textWithMarker.slice(i + 1);
  const lines = textWithMarker.slice(0, i).split('\n');
  return { text, pos: { line: lines.length - 1, character: lines[lines.length - 1].length } };
}

function completions(textWithMarker: string): string[] {
  const { text, pos } = at(textWithMarker);
  return lang.complete(scopeOf(text), pos).map((c) => c.label);
}

const BASE = `veltrix: 1
pipeline:
  name: t
  delivery: at-most-once
schemas:
  Ev:
    user: string
    amount: float
sources:
  src_a:
    type: generator
    schema: Ev
  src_b:
    type: generator
    schema: Ev
processors:
  win:
    type: window
    inputs: [src_a]
    kind: tumbling
    size: 1m
    key_by: user
    aggregate:
      n: count()
sinks:
  out:
    type: s3
    bucket: b
    inputs: [win]
`;

test('block-list inputs offer ids and wildcard prefixes', () => {
  const l = completions(BASE.replace('    inputs: [win]', '    inputs:\n      - win\n      - |'));
  assert.ok(l.includes('src_a') && l.includes('src_*'), l.join());
  assert.ok(!l.includes('win'), 'already listed');
});

test('key_by offers the input fields', () => {
  assert.deepEqual(completions(BASE.replace('key_by: user', 'key_by: |')).sort(), ['amount', 'user']);
});

test('nested keys and enums (buffer.when_full)', () => {
  const keys = completions(BASE.replace('    key_by: user\n', '    key_by: user\n    buffer:\n      |\n'));
  assert.deepEqual(keys.sort(), ['max_events', 'when_full']);
  const values = completions(BASE.replace('    key_by: user\n', '    key_by: user\n    buffer:\n      when_full: |\n'));
  assert.deepEqual(values, ['block', 'drop_newest', 'drop_oldest']);
});

test('partial top-level key and component type values', () => {
  assert.ok(completions(BASE + 'runt|').includes('runtime'));
  const types = completions(BASE.replace('    type: s3', '    type: |'));
  assert.deepEqual(types.sort(), ['elasticsearch', 'http', 'kafka', 'postgres', 's3']);
});

test('hover on a diagnostic shows the rule summary and docs link', () => {
  const text = BASE.replace('inputs: [win]', 'inputs: [wim]');
  const { findings, analyses } = analyzeDocument(URI, text, { host: memoryHost({ [URI]: text }) });
  const pos = { line: text.split('\n').findIndex((l) => l.includes('[wim]')), character: 14 };
  const h = lang.hover({ uri: URI, analyses }, pos, findings);
  assert.match(h!.markdown, /VX100.*unknown-reference/);
  assert.match(h!.markdown, /docs\/rules\/VX100\.md/);
});

test('wildcard definition offers every match; references of a schema', () => {
  const text = BASE.replace('inputs: [src_a]', 'inputs: [src_*]');
  const scope = scopeOf(text);
  const line = text.split('\n').findIndex((l) => l.includes('[src_*]'));
  assert.equal(lang.definition(scope, { line, character: 14 }).length, 2);
  const schemaLine = text.split('\n').findIndex((l) => l === '  Ev:');
  assert.equal(lang.references(scope, { line: schemaLine, character: 3 }).length, 3);
});

test('route rename renames the entry and its references only', () => {
  const text = BASE.replace('processors:\n', 'processors:\n  r:\n    type: route\n    inputs: [src_b]\n    routes:\n      big: amount > 10\n').replace('inputs: [win]', 'inputs: [win, r.big, r._unmatched]');
  const scope = scopeOf(text);
  const line = text.split('\n').findIndex((l) => l.includes('r.big'));
  const res = lang.rename(scope, { line, character: text.split('\n')[line].indexOf('r.big') + 3 }, 'large');
  assert.ok('edits' in res);
  assert.equal(res.edits[URI].length, 2);
  const refused = lang.rename(scope, { line, character: text.split('\n')[line].indexOf('r._unmatched') + 4 }, 'x');
  assert.ok('error' in refused);
});

test('hover on pipeline.slo shows the modelled figures against the targets', () => {
  // One generator at 10k/s into an s3 sink (50us, parallelism 1: capacity 20k/s):
  // max ingest = 10k/s x 20k/10k = 20k/s, against a 30k/s target: missed.
  const text = `veltrix: 1
pipeline:
  name: t
  delivery: at-most-once
  slo:
    latency_p99: 1s
    throughput: 30k/s
sources:
  gen:
    type: generator
    rate: 10k/s
sinks:
  out:
    type: s3
    bucket: b
    inputs: [gen]
`;
  const pos = { line: 6, character: 6 }; // on `throughput`
  const h = lang.hover(scopeOf(text), pos);
  assert.ok(h, 'a hover on the SLO');
  assert.match(h.markdown, /max ingest \| 20k\/s \| 30k\/s \| ✗ missed/);
  assert.match(h.markdown, /p99 latency \|[^|]+\| 1 s \| ✓ met/);
  assert.match(h.markdown, /Critical path: `gen` → `out`/);
});

describe('imports completion', () => {
  const files: lang.ImportCandidate[] = [
    { uri: 'file:///w/p.veltrix.yaml', fragment: false }, // the file itself
    { uri: 'file:///w/shared.veltrix.yaml', fragment: true },
    { uri: 'file:///w/sub/sinks.veltrix.yaml', fragment: true },
    { uri: 'file:///common/base.veltrix.yaml', fragment: true },
    { uri: 'file:///w/other.veltrix.yaml', fragment: false },
    { uri: 'untitled:Untitled-1', fragment: true },
  ];
  const complete = (textWithMarker: string) => {
    const { text, pos } = at(textWithMarker);
    return lang.complete(scopeOf(text), pos, () => files);
  };
  const sorted = (entries: ReturnType<typeof complete>) => [...entries].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((e) => e.label);

  test('a block item offers relative paths, fragments first, not the file itself nor what it imports', () => {
    const entries = complete('veltrix: 1\nimports:\n  - ./shared.veltrix.yaml\n  - |\n');
    assert.deepEqual(sorted(entries), ['../common/base.veltrix.yaml', './sub/sinks.veltrix.yaml', './other.veltrix.yaml']);
    assert.deepEqual(entries[0].range, { start: { line: 3, character: 4 }, end: { line: 3, character: 4 } });
    assert.equal(entries.find((e) => e.label === './other.veltrix.yaml')?.detail, 'pipeline file');
  });

  test('a partial path with slashes is replaced whole; flow lists and quotes work too', () => {
    const partial = complete('veltrix: 1\nimports:\n  - ./sub/si|nk\n');
    assert.ok(partial.some((e) => e.label === './sub/sinks.veltrix.yaml'));
    assert.deepEqual(partial[0].range, { start: { line: 2, character: 4 }, end: { line: 2, character: 14 } }); // all of './sub/sink'
    const flow = complete('veltrix: 1\nimports: [./shared.veltrix.yaml, |]\n');
    assert.deepEqual(sorted(flow), ['../common/base.veltrix.yaml', './sub/sinks.veltrix.yaml', './other.veltrix.yaml']);
    const quoted = complete('veltrix: 1\nimports:\n  - "./sh|"\n');
    assert.ok(quoted.some((e) => e.label === './shared.veltrix.yaml'), 'the item being typed is not counted as imported');
    assert.deepEqual(quoted[0].range, { start: { line: 2, character: 5 }, end: { line: 2, character: 9 } });
  });

  test('outside the imports list nothing of this kind is offered', () => {
    const labels = complete('veltrix: 1\nimports:\n  - ./shared.veltrix.yaml\nsources:\n  a:\n    type: kafka\n    inputs: [|]\n').map((e) => e.label);
    assert.ok(!labels.some((l) => l.includes('.veltrix.yaml')), labels.join());
  });

  test('relativePath', () => {
    assert.equal(lang.relativePath('file:///a/b/c.yaml', 'file:///a/b/d.yaml'), './d.yaml');
    assert.equal(lang.relativePath('file:///a/b/c.yaml', 'file:///a/x/d.yaml'), '../x/d.yaml');
    assert.equal(lang.relativePath('file:///a/b/c.yaml', 'file:///a/b/e/f/d.yaml'), './e/f/d.yaml');
    assert.equal(lang.relativePath('file:///a/b/c.yaml', 'file:///d.yaml'), '../../d.yaml');
  });
});

test('inputs wildcards count the other components only (the list is cached per analysis)', () => {
  const text = `veltrix: 1
sources:
  a_x:
    type: generator
  a_y:
    type: generator
    inputs: [|]
processors:
  b:
    type: filter
    inputs: [|]
    condition: x > 1
`;
  const first = text.indexOf('|');
  const second = text.indexOf('|', first + 1);
  const clean = text.replace(/\|/g, '');
  const scope = scopeOf(clean);
  const posOf = (offset: number) => {
    const lines = text.slice(0, offset).replace(/\|/g, '').split('\n');
    return { line: lines.length - 1, character: lines[lines.length - 1].length };
  };
  const inY = lang.complete(scope, posOf(first)).map((e) => e.label);
  assert.ok(!inY.includes('a_*'), `a_* would match only a_x besides a_y: ${inY.join()}`);
  assert.ok(inY.includes('a_x') && !inY.includes('a_y'), inY.join());
  const inB = lang.complete(scope, posOf(second));
  const wildcard = inB.find((e) => e.label === 'a_*');
  assert.equal(wildcard?.detail, 'wildcard: 2 components');
  assert.deepEqual(lang.complete(scope, posOf(second)), inB);
});

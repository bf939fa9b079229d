// A publish's diagnostics as bytes copied in runs from the last publish of
// the same document (server/src/diagnostics-bytes.ts): always the JSON of
// every finding converted afresh, and a finding published before is not
// converted again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AnalysisCache, analyzePipeline, type Finding } from '../../core/src/index';
import { generateRandomDag } from '../../bench/generate-dag';
import { diagnosticsBytes } from '../../server/src/diagnostics-bytes';
import { toDiagnostic } from '../../server/src/convert';
import type { RawJsonBytes } from '../../server/src/transport';

const host = { readFile: () => undefined };
const fresh = (findings: readonly Finding[]) => JSON.stringify(findings.map(toDiagnostic));
/** The list's text, as the transport copies it (then its store may be written over). */
const text = (raw: RawJsonBytes) => {
  raw.sent = true;
  return raw.bytes.toString('utf-8');
};

test('after each edit of a random DAG the bytes are the JSON of every finding converted afresh', () => {
  const uri = 'file:///bytes/dag.veltrix.yaml';
  const lines = generateRandomDag(200, { errors: true, seed: 5 }).text.split('\n');
  const cache = new AnalysisCache();
  for (let step = 0; step < 12; step++) {
    // Values the model reads, a line inserted (the findings after it move), one removed.
    const i = lines.findIndex((l, k) => k > 40 + step * 7 && /^ {4}parallelism: \d+$/.test(l));
    assert.ok(i > 0);
    if (step % 3 === 0) lines[i] = `    parallelism: ${2 + step}`;
    else if (step % 3 === 1) lines.splice(i, 0, '    # note');
    else lines.splice(i - 1, 1);
    const { findings } = analyzePipeline(uri, lines.join('\n'), { host, cache });
    assert.ok(findings.length > 100);
    assert.equal(text(diagnosticsBytes(uri, findings)), fresh(findings));
  }
});

const finding = (i: number, message: string): Finding => ({
  code: 'VX100',
  severity: i % 2 ? 'warning' : 'error',
  uri: 'file:///bytes/x.veltrix.yaml',
  message,
  range: { start: { line: i, character: 1 }, end: { line: i, character: 4 } },
});

test('any sequence of lists (kept, dropped, reordered, repeated, new findings; multi-byte text) gives the fresh JSON', () => {
  const pool = Array.from({ length: 12 }, (_, i) => finding(i, i % 3 ? `input ${i}` : `µs → ${i} «é»`));
  fc.assert(
    fc.property(fc.array(fc.array(fc.nat(pool.length + 3), { maxLength: 14 }), { minLength: 1, maxLength: 6 }), (lists) => {
      const uri = `file:///bytes/seq${Math.random()}.veltrix.yaml`;
      for (const picks of lists) {
        // Picks past the pool are findings never published before.
        const findings = picks.map((k) => pool[k] ?? finding(k, `new ${k} ✓`));
        assert.equal(text(diagnosticsBytes(uri, findings)), fresh(findings));
      }
    }),
    { numRuns: 300, seed: 7 },
  );
});

test('a finding published before is not converted again', () => {
  let reads = 0;
  const counted = {
    ...finding(3, ''),
    get message() {
      reads++;
      return 'counted';
    },
  } as Finding;
  const uri = 'file:///bytes/count.veltrix.yaml';
  const others = [finding(1, 'a'), finding(2, 'b')];
  diagnosticsBytes(uri, [...others, counted]);
  const n = reads;
  const again = text(diagnosticsBytes(uri, [counted, ...others, finding(4, 'c')]));
  assert.equal(reads, n);
  assert.equal(again, fresh([counted, ...others, finding(4, 'c')]));
});

test('two stores per document are written over in turn, never one whose list the transport has not copied yet', () => {
  const uri = 'file:///bytes/stores.veltrix.yaml';
  const lists = [0, 1, 2, 3].map((k) => Array.from({ length: 50 }, (_, i) => finding(i, `m${k}-${i}`)));
  const a = diagnosticsBytes(uri, lists[0]);
  const b = diagnosticsBytes(uri, lists[1]);
  // Neither copied yet: a third list gets a store of its own, and the first is intact.
  const c = diagnosticsBytes(uri, lists[2]);
  assert.notEqual(c.bytes.buffer, a.bytes.buffer);
  assert.equal(text(a), fresh(lists[0]));
  assert.equal(text(b), fresh(lists[1]));
  assert.equal(text(c), fresh(lists[2]));
  // Copied: the next list is written into the store of the one before the last.
  const d = diagnosticsBytes(uri, lists[3]);
  assert.equal(d.bytes.buffer, b.bytes.buffer);
  assert.equal(text(d), fresh(lists[3]));
});

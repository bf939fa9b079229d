// Property-based robustness with a fixed seed (reproducible in CI): generated
// pipelines and random mutations of examples/ through analyzePipeline, every
// language feature at random positions, and the chunked parser against the
// whole parser. `npm run fuzz` runs the same properties with a random seed
// for as long as asked (scripts/fuzz.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyMutation, checkChunked, checkText, counters, generatedProperty, loadExamples, mutatedImportProperty, mutatedProperty } from './properties';

const SEED = 20240611;
const examples = loadExamples();

test('generated pipelines: no throw, ranges inside, deterministic, chunked == whole', () => {
  fc.assert(generatedProperty(), { seed: SEED, numRuns: 40, includeErrorInReport: true });
});

test('mutated examples: no throw, ranges inside, edits applicable, deterministic, chunked == whole', () => {
  assert.ok(examples.length >= 3, 'examples/ has pipeline files');
  fc.assert(mutatedProperty(examples), { seed: SEED, numRuns: 40, includeErrorInReport: true });
});

test('mutated imported fragment, seen from its main file', () => {
  const p = mutatedImportProperty(examples);
  if (!p) return;
  fc.assert(p, { seed: SEED, numRuns: 10, includeErrorInReport: true });
});

test('every example unmodified, and every third single-line deletion of the smallest one', () => {
  for (const ex of examples) {
    checkText(ex.uri, ex.text, Object.fromEntries(examples.map((e) => [e.uri, e.text])), [1, 77, 4242, 99991]);
    checkChunked(ex.text);
  }
  const small = [...examples].sort((a, b) => a.text.length - b.text.length)[0];
  const n = small.text.split('\n').length;
  for (let at = 0; at < n; at += 3) checkChunked(applyMutation(small.text, { op: 'delete-line', at }), small.text);
  console.log(`# fuzz (fixed seed ${SEED}): ${counters.texts} texts analysed, ${counters.mutations} mutations, ${counters.featureCalls} feature calls, ${counters.chunkedChecks} chunked-vs-whole checks`);
});

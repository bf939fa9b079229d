// Completion inside expressions: the input fields (with their flowed types,
// map set fields typed by their expression) and then the functions of 10.3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../core/src/index';
import * as lang from '../../core/src/language/index';
import { FUNCTION_NAMES } from '../../core/src/expr/functions';
import { memoryHost } from '../helpers/host';

const URI = 'file:///w/complete.veltrix.yaml';
const TEXT = `veltrix: 1
pipeline:
  name: t
schemas:
  Order:
    amount: float
    region: string
sources:
  orders:
    type: kafka
    brokers: ["k:9092"]
    topic: o
    group: g
    schema: Order
processors:
  priced:
    type: map
    inputs: [orders]
    set:
      total: amount * 2
  big:
    type: filter
    inputs: [priced]
    condition: total > 1 && le
sinks:
  out:
    type: s3
    inputs: [big]
    bucket: b
`;

test('fields first (typed through the map), then every function as a snippet', () => {
  const { analyses } = analyzeDocument(URI, TEXT, { host: memoryHost({ [URI]: TEXT }) });
  const lines = TEXT.split('\n');
  const line = lines.findIndex((l) => l.includes('condition: total > 1 && le'));
  const entries = lang.complete({ uri: URI, analyses }, { line, character: lines[line].length });
  const byLabel = new Map(entries.map((e) => [e.label, e]));
  assert.equal(byLabel.get('total')?.detail, 'float');
  assert.equal(byLabel.get('amount')?.detail, 'float');
  for (const name of FUNCTION_NAMES) assert.ok(byLabel.has(name), name);
  const len = byLabel.get('len')!;
  assert.equal(len.insertText, 'len($1)');
  assert.equal(len.snippet, true);
  assert.match(len.documentation ?? '', /Code points/);
  assert.deepEqual(len.range, { start: { line, character: lines[line].length - 2 }, end: { line, character: lines[line].length } }, 'replaces the typed `le`');
  assert.equal(byLabel.get('now')?.insertText, 'now()');
  const sorted = [...entries].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
  assert.ok(sorted.findIndex((e) => e.label === 'total') < sorted.findIndex((e) => e.label === 'abs'), 'fields sort before functions');
});

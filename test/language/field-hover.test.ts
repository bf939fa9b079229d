// Hover on names inside expressions and field names (issue 17): a field shows
// its type at that component and where it comes from, a function its line of
// the function table; the key holding the expression keeps its own hover.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument, extractFile } from '../../core/src/index';
import * as lang from '../../core/src/language/index';
import { memoryHost } from '../helpers/host';

const URI = 'file:///w/hover.veltrix.yaml';
const TEXT = `veltrix: 1
pipeline:
  name: t
schemas:
  Order:
    amount: float
    qty: int
    region: string
sources:
  orders_in:
    type: kafka
    brokers: ["k:9092"]
    topic: o
    group: g
    schema: Order
  other_in:
    type: http
    listen: 0.0.0.0:8080
processors:
  enrich_fx:
    type: map
    inputs: [orders_in]
    set:
      total: amount * qty
      note: "'#' + region"
  rates:
    type: enrich
    inputs: [enrich_fx]
    lookup: { kind: http, url: "http://fx", timeout: 50ms }
    key: region
    into: fx
  big:
    type: filter
    inputs: [rates]
    condition: total > 10 && len(region) > 2 && fx.rate > 0 && user.id != null
  per:
    type: window
    inputs: [big]
    kind: tumbling
    size: 1m
    key_by: region
    aggregate:
      n: count()
      s: sum(total)
  untyped:
    type: filter
    inputs: [other_in]
    condition: anything > 1
sinks:
  out:
    type: s3
    inputs: [per, untyped]
    bucket: b
`;

const { analyses } = analyzeDocument(URI, TEXT, { host: memoryHost({ [URI]: TEXT }) });
const scope = { uri: URI, analyses };

/** Hover at the `nth` occurrence of `word` on the first line containing `line`, `offset` characters into the word. */
function hoverAt(line: string, word: string, offset = 1): { markdown: string; covered: string } | undefined {
  const lines = TEXT.split('\n');
  const l = lines.findIndex((x) => x.includes(line));
  const from = lines[l].indexOf(line);
  const ch = lines[l].indexOf(word, from) + offset;
  const h = lang.hover(scope, { line: l, character: ch });
  if (!h) return undefined;
  const r = h.range!;
  return { markdown: h.markdown, covered: lines[r.start.line].slice(r.start.character, r.end.character) };
}

test('a field in a condition: its type and its origin, not the condition key doc', () => {
  const total = hoverAt('condition: total', 'total');
  assert.equal(total?.covered, 'total');
  assert.match(total!.markdown, /^\*\*total\*\*: `float` — set by map `enrich_fx`: `amount \* qty`/);
  assert.doesNotMatch(total!.markdown, /\*\*condition\*\*/);
  const region = hoverAt('condition: total', 'region');
  assert.match(region!.markdown, /^\*\*region\*\*: `string` — from schema `Order` of source `orders_in`/);
  const fx = hoverAt('condition: total', 'fx.rate');
  assert.equal(fx?.covered, 'fx');
  assert.match(fx!.markdown, /^\*\*fx\*\*: `json` — looked up by enrich `rates`/);
  assert.match(hoverAt('condition: total', 'user')!.markdown, /not in the input schema of `big`/);
});

test('the cursor just after a name still hovers it', () => {
  assert.equal(hoverAt('condition: total', 'total', 5)?.covered, 'total');
});

test('a function name: its line of the function table', () => {
  const len = hoverAt('condition: total', 'len(');
  assert.equal(len?.covered, 'len');
  assert.match(len!.markdown, /^\*\*len\(\)\*\* — function \(1 argument\): Code points of a string/);
});

test('fields in map set values, key_by and aggregate arguments', () => {
  assert.match(hoverAt('total: amount', 'qty')!.markdown, /^\*\*qty\*\*: `int` — from schema `Order`/);
  assert.match(hoverAt('key_by: region', 'region')!.markdown, /^\*\*region\*\*: `string`/);
  assert.match(hoverAt('s: sum(total)', 'total')!.markdown, /^\*\*total\*\*: `float` — set by map `enrich_fx`/);
});

test('a set key: the type the field leaves the map with', () => {
  const h = hoverAt('total: amount', 'total');
  assert.equal(h?.covered, 'total');
  assert.match(h!.markdown, /^\*\*total\*\*: `float` — set by this map from `amount \* qty`/);
  assert.match(hoverAt("note: \"'#'", 'note')!.markdown, /^\*\*note\*\*: `string`/);
});

test('where the schema is not known, the hover says so', () => {
  assert.match(hoverAt('condition: anything', 'anything')!.markdown, /its schema is not known here/);
});

test('the key and whitespace keep their own hovers', () => {
  const key = hoverAt('condition: total', 'condition');
  assert.match(key!.markdown, /\*\*condition\*\*/);
  assert.match(hoverAt('condition: total', ' > 10', 1)!.markdown, /^\*\*condition\*\*/); // on the operator: the key's doc
});

test('while typing (a newer parse than the analysis) the field types still show', () => {
  const edited = TEXT.replace('condition: total > 10', 'condition: total > 100');
  const typing = lang.withNewerFile(scope, extractFile(URI, edited));
  const lines = edited.split('\n');
  const line = lines.findIndex((l) => l.includes('condition: total > 100'));
  const h = lang.hover(typing, { line, character: lines[line].indexOf('total') + 1 });
  assert.match(h!.markdown, /^\*\*total\*\*: `float` — set by map `enrich_fx`/);
});

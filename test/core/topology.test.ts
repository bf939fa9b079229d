// Topology rules (VX100-VX110, VX114) and the VX010 pipeline checks: the
// parts the fixtures cannot show (related information, fix data, files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeDocument, analyzePipeline } from '../../core/src/index';
import { memoryHost } from '../helpers/host';
import { FRAG, MAIN, only, run } from '../helpers/rules';
import { closest, editDistance, nearest } from '../../core/src/util/suggest';


/** The 1-based line of a text's first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `no line with ${needle}`);
  return i + 1;
}

const head = (extra = '') => `veltrix: 1\npipeline:\n  name: t\n  delivery: at-most-once\n${extra}`;

test('VX102: one finding per cycle, on the closing input, related info walks the cycle backwards', () => {
  const text = `${head()}sources:
  src: {type: generator}
processors:
  p1:
    type: map
    inputs: [src, p3]
  p2:
    type: map
    inputs: [p1]
  p3:
    type: map
    inputs: [p2]
sinks:
  out: {type: s3, bucket: b, inputs: [p3]}
`;
  const cycles = only(run(text), 'VX102');
  assert.equal(cycles.length, 1);
  const f = cycles[0];
  assert.equal(f.range.start.line + 1, lineOf(text, 'inputs: [src, p3]'));
  // The range is exactly the `p3` reference.
  assert.equal(text.split('\n')[f.range.start.line].slice(f.range.start.character, f.range.end.character), 'p3');
  assert.match(f.message, /p1 <- p3 <- p2 <- p1/);
  assert.deepEqual(
    f.related!.map((r) => [r.location.range.start.line + 1, r.message]),
    [
      [lineOf(text, 'inputs: [src, p3]'), "'p1' takes input from 'p3'"],
      [lineOf(text, 'inputs: [p2]'), "'p3' takes input from 'p2'"],
      [lineOf(text, 'inputs: [p1]'), "'p2' takes input from 'p1'"],
    ],
  );
});

test('VX102: a self-listing inside a larger cycle is reported as its own cycle', () => {
  const text = `${head()}sources:
  src: {type: generator}
processors:
  a:
    type: map
    inputs: [src, b]
  b:
    type: map
    inputs: [a, b]
sinks:
  out: {type: s3, bucket: b, inputs: [b]}
`;
  const msgs = only(run(text), 'VX102').map((f) => f.message);
  assert.equal(msgs.length, 2);
  assert.ok(msgs.some((m) => /'b' lists itself/.test(m)));
  assert.ok(msgs.some((m) => /a <- b <- a/.test(m)));
});

test('VX102: a cycle through a wildcard names the wildcard in the hop', () => {
  const text = `${head()}sources:
  src: {type: generator}
processors:
  stage_a:
    type: map
    inputs: [src, stage_b]
  stage_b:
    type: map
    inputs: [stage_*]
sinks:
  out: {type: s3, bucket: b, inputs: [stage_b]}
`;
  const [f] = only(run(text), 'VX102');
  assert.ok(f.related!.some((r) => r.message === "'stage_b' takes input from 'stage_a' (through 'stage_*')"), JSON.stringify(f.related));
});

test('VX101: a duplicate in an imported fragment is reported there, related to the first definition in the main file', () => {
  const main = `${head()}imports: [./frag.veltrix.yaml]
sources:
  src: {type: generator}
sinks:
  out: {type: s3, bucket: b, inputs: [src]}
`;
  const frag = `veltrix: 1\nsources:\n  src: {type: generator}\n`;
  const [f, ...rest] = only(run(main, { [FRAG]: frag }), 'VX101');
  assert.equal(rest.length, 0);
  assert.equal(f.uri, FRAG);
  assert.equal(f.range.start.line, 2);
  assert.match(f.message, /'src' is already defined under sources in main\.veltrix\.yaml/);
  assert.equal(f.related![0].location.uri, MAIN);
  assert.equal(f.related![0].location.range.start.line + 1, lineOf(main, '  src:'));
});

test('VX101: a repeated key in one section is VX002, not VX101 as well', () => {
  const text = `${head()}sources:
  src: {type: generator}
  src: {type: generator}
sinks:
  out: {type: s3, bucket: b, inputs: [src]}
`;
  assert.equal(only(run(text), 'VX101').length, 0);
});

test('VX100: replace with close ids when there are some, else a processor stub', () => {
  const text = `${head()}sources:
  orders: {type: generator}
sinks:
  a: {type: s3, bucket: b, inputs: [ordres]}
  b: {type: s3, bucket: b, inputs: [payments]}
  c: {type: s3, bucket: b, inputs: [ordres.eu]}
`;
  const fs = only(run(text), 'VX100');
  assert.deepEqual(
    fs.map((f) => f.data),
    [
      { kind: 'replace', candidates: ['orders'] },
      { kind: 'create-stub', id: 'payments', section: 'processors' },
      { kind: 'replace', candidates: ['orders.eu'] },
    ],
  );
  assert.match(fs[1].message, /or create 'payments'/);
});

test('VX100: candidates never include sinks or the consumer itself', () => {
  const text = `${head()}sources:
  src: {type: generator}
processors:
  tidy: {type: map, inputs: [tidx]}
sinks:
  tidz: {type: s3, bucket: b, inputs: [tidy]}
`;
  const [f] = only(run(text), 'VX100');
  assert.equal(f.data?.kind, 'create-stub');
});

test('VX105: candidates are full references to the closest route', () => {
  const text = `${head()}sources:
  src: {type: generator}
processors:
  split:
    type: route
    inputs: [src]
    routes: {europe: "true", asia: "true"}
sinks:
  out: {type: s3, bucket: b, inputs: [split.eurpe, split.asia, split._unmatched]}
`;
  const [f] = only(run(text), 'VX105');
  assert.deepEqual(f.data, { kind: 'replace', candidates: ['split.europe'] });
  assert.equal(f.related![0].location.range.start.line + 1, lineOf(text, 'routes:'));
});

test('VX106/VX110: a router consumed by its plain id has no unconsumed ports', () => {
  const text = `veltrix: 1\npipeline: {name: t}
sources:
  src: {type: generator}
processors:
  split:
    type: route
    inputs: [src]
    routes: {eu: "true", us: "true"}
sinks:
  out: {type: s3, bucket: b, inputs: [split], dead_letter: dlq}
  dlq: {type: s3, bucket: d}
`;
  const codes = run(text).map((f) => f.code);
  assert.ok(!codes.includes('VX106') && !codes.includes('VX110'), codes.join());
});

test('VX110: the stub id does not collide with an existing one', () => {
  const text = `veltrix: 1\npipeline: {name: t}
sources:
  src: {type: generator}
processors:
  split:
    type: route
    inputs: [src]
    routes: {eu: "true"}
sinks:
  split_unmatched: {type: s3, bucket: b, inputs: [split.eu], dead_letter: dlq}
  dlq: {type: s3, bucket: d}
`;
  const [f] = only(run(text), 'VX110');
  assert.deepEqual(f.data, { kind: 'create-stub', id: 'split_unmatched_2', section: 'sinks', inputs: ['split._unmatched'] });
});

test('VX110: not judged when delivery is interpolated', () => {
  const text = `veltrix: 1\npipeline: {name: t, delivery: "\${MODE}"}
sources:
  src: {type: generator}
processors:
  split: {type: route, inputs: [src], routes: {eu: "true"}}
sinks:
  out: {type: s3, bucket: b, inputs: [split.eu]}
`;
  assert.equal(only(run(text), 'VX110').length, 0);
});

test('VX010: a dead-letter sink without inputs is fine; another sink without inputs gets insert-key data', () => {
  const text = `${head()}sources:
  src: {type: generator}
processors:
  tidy:
    type: map
    inputs: [src]
sinks:
  out:
    type: s3
    bucket: b
    inputs: [tidy]
    dead_letter: dlq
  dlq:
    type: s3
    bucket: d
  lost:
    type: s3
    bucket: l
`;
  const fs = only(run(text), 'VX010');
  assert.equal(fs.length, 1);
  assert.equal(fs[0].range.start.line + 1, lineOf(text, '  lost:'));
  assert.match(fs[0].message, /Sink 'lost' has no inputs and is no other sink's dead_letter/);
  const data = fs[0].data;
  assert.ok(data && data.kind === 'insert-key');
  assert.equal(data.key, 'inputs');
  assert.equal(data.indent, 4);
  assert.equal(data.parentRange.start.line + 1, lineOf(text, '  lost:') + 1);
  assert.equal(data.placeholder, '[tidy]');
});

test('VX010: no source and no sink are two findings on the pipeline key', () => {
  const text = `veltrix: 1\npipeline:\n  name: empty\n`;
  const fs = only(run(text), 'VX010');
  assert.deepEqual(
    fs.map((f) => [f.range.start.line, f.message]),
    [
      [1, "Pipeline 'empty' has no source; add one under sources:"],
      [1, "Pipeline 'empty' has no sink; add one under sinks:"],
    ],
  );
});

test('a standalone fragment gets no topology findings; through its main file they land in the fragment', () => {
  const main = `${head()}imports: [./frag.veltrix.yaml]
sources:
  src: {type: generator}
`;
  const frag = `veltrix: 1\nsinks:\n  out: {type: s3, bucket: b, inputs: [scr]}\n`;
  const host = memoryHost({ [MAIN]: main, [FRAG]: frag });
  const alone = analyzePipeline(FRAG, frag, { host, settings: { model: false } }).findings;
  assert.deepEqual(alone.filter((f) => /^VX1|^VX010/.test(f.code)), []);
  const { findings } = analyzeDocument(FRAG, frag, { host, settings: { model: false }, importers: () => [MAIN] });
  const [f] = only(findings, 'VX100');
  assert.equal(f.uri, FRAG);
  assert.deepEqual(f.data, { kind: 'replace', candidates: ['src'] });
});

test('VX107: not reported when some schema: is interpolated (it could name any)', () => {
  const text = `${head()}schemas:
  A: {id: string}
sources:
  src: {type: generator, schema: "\${S}"}
sinks:
  out: {type: s3, bucket: b, inputs: [src]}
`;
  assert.equal(only(run(text), 'VX107').length, 0);
});

test('the topology rules never throw on odd shapes', () => {
  const ids = ['a', 'b', 'r', 'r.x', 'r._unmatched', 'a*', '', '*', 's'];
  const value = fc.oneof(
    fc.constantFrom('null', '1', '[]', '{}', '"${X}"', 'true'),
    fc.array(fc.constantFrom(...ids), { maxLength: 4 }).map((xs) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`),
  );
  const component = fc.record({
    type: fc.constantFrom('route', 'map', 'kafka', 's3', 'http', 'enrich', 'x'),
    inputs: value,
    dead_letter: fc.constantFrom('a', 'b', 's', 'r', '1', 'null'),
    parallelism: fc.constantFrom('1', '0', '9', '"${P}"', 'x'),
    routes: fc.constantFrom('{x: "true"}', '[]', 'null'),
  });
  const section = fc.dictionary(fc.constantFrom(...ids.filter((i) => /^[a-z]$/.test(i))), component, { maxKeys: 3 });
  fc.assert(
    fc.property(section, section, section, (so, pr, si) => {
      const render = (name: string, sec: Record<string, Record<string, string>>) =>
        `${name}:\n` + Object.entries(sec).map(([id, c]) => `  ${id}: {${Object.entries(c).map(([k, v]) => `${k}: ${v}`).join(', ')}}\n`).join('');
      const text = `veltrix: 1\npipeline: {name: t, delivery: exactly-once}\nruntime: {workers: 1}\n${render('sources', so)}${render('processors', pr)}${render('sinks', si)}`;
      const fs = run(text);
      assert.deepEqual(fs.filter((f) => f.code === 'VX099'), [], text);
    }),
    { numRuns: 200 },
  );
});

test('closest (banded alignment) ranks as the plain edit-distance table does, at every tolerance', () => {
  const word = fc.stringMatching(/^[abcAB_1é]{0,9}$/);
  // The reference: every candidate's full distance (case alone counts half), kept within the tolerance, closest first.
  const reference = (w: string, cands: string[], max: number) => {
    const scored: Array<{ c: string; d: number; i: number }> = [];
    cands.forEach((c, i) => {
      if (c === w || scored.some((s) => s.c === c)) return;
      const d = c.toLowerCase() === w.toLowerCase() ? 0.5 : editDistance(w.toLowerCase(), c.toLowerCase());
      if (d <= max) scored.push({ c, d, i });
    });
    return scored.sort((x, y) => x.d - y.d || x.i - y.i).map((s) => s.c);
  };
  fc.assert(
    fc.property(word, fc.array(word, { maxLength: 30 }), fc.constantFrom(undefined, 0, 0.5, 1, 2.5, 4, Infinity), (w, cands, max) => {
      const tolerance = max ?? Math.max(1, Math.min(3, Math.floor(w.length / 3)));
      assert.deepEqual(max === undefined ? closest(w, cands) : closest(w, cands, max), reference(w, cands, tolerance));
    }),
    { numRuns: 2000 },
  );
});

test('nearest (histogram filter, bounded alignment, early exit) agrees with util/suggest closest', () => {
  const word = fc.stringMatching(/^[abcAB_1é]{0,9}$/); // with a digit and a non-ASCII letter (the histogram filter steps aside for it)
  fc.assert(
    fc.property(word, fc.array(word, { maxLength: 30 }), (w, cands) => {
      assert.deepEqual(nearest(w, cands), closest(w, cands).slice(0, 3));
    }),
    { numRuns: 2000 },
  );
});

test('nearest agrees with closest when many candidates are near (the bound tightens once three are found)', () => {
  // Candidates made by 0-3 random edits of the word (case changes included), so later ones often beat the third best.
  const edit = fc.tuple(fc.nat(), fc.constantFrom('sub', 'del', 'ins', 'swap', 'case'), fc.constantFrom('a', 'b', 'c', 'A'));
  const mutate = (w: string, edits: Array<[number, string, string]>) =>
    edits.reduce((s, [at, op, ch]) => {
      const i = s.length ? at % s.length : 0;
      if (op === 'sub') return s.slice(0, i) + ch + s.slice(i + 1);
      if (op === 'del') return s.slice(0, i) + s.slice(i + 1);
      if (op === 'ins') return s.slice(0, i) + ch + s.slice(i);
      if (op === 'swap' && i + 1 < s.length) return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
      return s.slice(0, i) + (s[i] === s[i]?.toUpperCase() ? (s[i] ?? '').toLowerCase() : (s[i] ?? '').toUpperCase()) + s.slice(i + 1);
    }, w);
  fc.assert(
    fc.property(fc.stringMatching(/^[abc]{3,10}$/), fc.array(fc.array(edit, { maxLength: 3 }), { maxLength: 40 }), (w, edits) => {
      const cands = edits.map((e) => mutate(w, e));
      assert.deepEqual(nearest(w, cands), closest(w, cands).slice(0, 3));
    }),
    { numRuns: 1000 },
  );
});

test('nearest stops suggesting once the analysis budget is spent', () => {
  const budget = { left: 3 };
  assert.deepEqual(nearest('ordres', ['orders', 'x'], budget), ['orders']);
  assert.equal(budget.left, 2); // 'x' is skipped by length alone, without a comparison
  assert.deepEqual(nearest('ordres', ['orders', 'ordersx', 'ordrs'], budget), []);
  assert.ok(budget.left < 0);
});

test('did-you-mean work is bounded: thousands of unknown references are all reported', () => {
  const n = 3000;
  let text = `${head()}sources:\n  s0: {type: generator}\nprocessors:\n`;
  for (let i = 1; i < n; i++) text += `  p${i}: {type: map, inputs: [${i === 1 ? 's0' : `p${i - 1}`}, q${i}x]}\n`;
  text += `sinks:\n  out: {type: s3, bucket: b, inputs: [p${n - 1}]}\n`;
  // The bound itself is tested above through the comparison budget; timing lives in the benchmarks.
  const fs = only(run(text), 'VX100');
  assert.equal(fs.length, n - 1);
});

test('topological order and cycles: every edge outside a cycle runs forward; cycles are exactly the mutually reachable groups', () => {
  const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom(...ids), fc.array(fc.constantFrom(...ids, 'a*'), { maxLength: 3 })), { maxLength: 8 }), (spec) => {
      const defined = new Map<string, string[]>();
      for (const [id, ins] of spec) if (!defined.has(id)) defined.set(id, ins);
      let text = 'veltrix: 1\npipeline: {name: t}\nsources:\n  src: {type: kafka}\nprocessors:\n';
      for (const [id, ins] of defined) text += `  ${id}:\n    type: map\n    inputs: [${['src', ...ins].join(', ')}]\n`;
      const { graph } = analyzePipeline(MAIN, text, { host: memoryHost({ [MAIN]: text }), settings: { model: false } });
      assert.ok(graph);
      // Reachability by brute force, from the edges.
      const next = new Map<string, Set<string>>();
      for (const e of graph.edges) (next.get(e.from) ?? next.set(e.from, new Set()).get(e.from)!).add(e.to);
      const reach = (from: string) => {
        const seen = new Set<string>();
        const todo = [...(next.get(from) ?? [])];
        while (todo.length) {
          const x = todo.pop()!;
          if (seen.has(x)) continue;
          seen.add(x);
          todo.push(...(next.get(x) ?? []));
        }
        return seen;
      };
      const nodes = [...graph.nodes.keys()];
      const expected = new Set(nodes.filter((x) => reach(x).has(x)));
      const inCycle = new Set(graph.cycles.flat());
      assert.deepEqual([...inCycle].sort(), [...expected].sort());
      for (const cycle of graph.cycles) for (const x of cycle) for (const y of cycle) assert.ok(x === y || reach(x).has(y), `${x} and ${y} share a cycle`);
      const cycleOf = (x: string) => graph.cycles.findIndex((c) => c.includes(x));
      for (const x of inCycle) for (const y of inCycle) if (reach(x).has(y) && reach(y).has(x)) assert.equal(cycleOf(x), cycleOf(y), `${x} and ${y} reach each other`);
      assert.deepEqual([...graph.order].sort(), [...nodes].sort());
      const at = new Map(graph.order.map((id, i) => [id, i]));
      for (const e of graph.edges) if (!inCycle.has(e.from) && !inCycle.has(e.to)) assert.ok(at.get(e.from)! < at.get(e.to)!, `${e.from} -> ${e.to} runs forward`);
      // Members of cycles come last, in file order, and each cycle lists its members in file order.
      const tail = graph.order.slice(graph.order.length - inCycle.size);
      assert.deepEqual(tail, nodes.filter((x) => inCycle.has(x)));
      for (const cycle of graph.cycles) assert.deepEqual(cycle, nodes.filter((x) => cycle.includes(x)));
    }),
    { numRuns: 1000 },
  );
});

// Pipelines for the graph tests (view model, SVG, webview): a clean example
// from examples/, broken files, and hostile strings in every place text can
// reach the picture from.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePipeline, resolveImport, type Analysis } from '../../core/src/index';
import { diskHost, memoryHost, repoRoot, uriOf } from '../helpers/host';

export const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(2)</script>',
  'javascript:alert(3)',
  '"><svg onload=alert(4)>',
  "' onmouseover='alert(5)",
  '&amp; &lt;',
];

export const DANGLING = `veltrix: 1
pipeline:
  name: dangling
sources:
  src:
    type: generator
    rate: 1k/s
processors:
  router:
    type: route
    inputs: [src]
    routes:
      a: x == 1
      b: x == 2
  keep:
    type: filter
    inputs: [srcc, router.zzz, nothing_*]
    condition: x > 0
sinks:
  out:
    type: s3
    inputs: [keep, router.a, router.b, router._unmatched]
    bucket: b
`;

export const CYCLE = `veltrix: 1
pipeline:
  name: loop
sources:
  src:
    type: generator
processors:
  a:
    type: map
    inputs: [src, c]
  b:
    type: map
    inputs: [a]
  c:
    type: map
    inputs: [b]
  self:
    type: map
    inputs: [self, src]
sinks:
  out:
    type: s3
    inputs: [c, self]
    bucket: b
`;

export const OVERLOADED = `veltrix: 1
pipeline:
  name: hot
  slo:
    latency_p99: 50ms
    throughput: 100k/s
sources:
  src:
    type: generator
    rate: 20k/s
processors:
  slow:
    type: enrich
    inputs: [src]
    lookup: {kind: http, url: http://x, timeout: 10ms, latency: 1ms}
    key: k
    into: v
  warm:
    type: map
    inputs: [src]
    cost: 45us
sinks:
  out:
    type: http
    inputs: [slow]
    url: http://y
    parallelism: 30
  warm_out:
    type: kafka
    inputs: [warm]
    brokers: [k:9092]
    topic: t
`;

export const SYNTAX_ERROR = `veltrix: 1
pipeline:
  name: broken
sources:
  src:
    type: generator
    inputs: [a
  - b: c
`;

export const FRAG_NAME = "<img src=x onerror=alert(9)>&'.veltrix.yaml";

export const HOSTILE_MAIN = `veltrix: 1
pipeline:
  name: "${HOSTILE[3].replace(/"/g, '\\"')}"
  description: "${HOSTILE[0]}"
imports: ["${FRAG_NAME}"]
sources:
  src:
    type: generator
    description: "${HOSTILE[0]} ${HOSTILE[1]} ${HOSTILE[2]}"
    rate: 1k/s
  "<img src=x onerror=alert(6)>":
    type: generator
    description: "\u202Eevil\u202C <b>bold</b>"
processors:
  router:
    type: route
    description: "${HOSTILE[4]}"
    inputs: [src, "<img src=x onerror=alert(6)>"]
    routes:
      "<script>alert(7)</script>": x == 1
      ok: x == 2
  very_long_component_name_that_goes_on_and_on_and_on_forever_and_ever:
    type: map
    inputs: ["router.<script>alert(7)</script>", "${HOSTILE[1]}", "javascript:alert(8)"]
sinks:
  out:
    type: s3
    inputs: [very_long_component_name_that_goes_on_and_on_and_on_forever_and_ever, router.ok, frag_proc]
    bucket: "${HOSTILE[5]}"
`;

export const HOSTILE_FRAGMENT = `veltrix: 1
processors:
  frag_proc:
    type: filter
    description: "${HOSTILE[0]}"
    inputs: [src]
    condition: x > 0
`;

export const MAIN_URI = 'file:///virtual/main.veltrix.yaml';
export const FRAG_URI = resolveImport(MAIN_URI, FRAG_NAME);

export function analyzeText(text: string, load = 1, extra: Record<string, string> = {}): Analysis {
  return analyzePipeline(MAIN_URI, text, { host: memoryHost({ [MAIN_URI]: text, ...extra }), settings: { load } });
}

export function analyzeHostile(): Analysis {
  return analyzeText(HOSTILE_MAIN, 1, { [FRAG_URI]: HOSTILE_FRAGMENT });
}

export const EXAMPLES = path.join(repoRoot, 'examples');

export function analyzeExample(rel: string, load = 1): Analysis {
  const p = path.join(EXAMPLES, rel);
  return analyzePipeline(uriOf(p), fs.readFileSync(p, 'utf8'), { host: diskHost, settings: { load } });
}

export function exampleFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.veltrix\.ya?ml$/.test(e.name)) out.push(path.relative(EXAMPLES, p));
    }
  };
  walk(EXAMPLES);
  return out.sort();
}

/**
 * A typical event pipeline of `sources` sources (each parsed on its own),
 * `stages` shared filters in a row, a router of `routes` routes, a window per
 * route and `sinksPerRoute` sinks after each window, all failing into one
 * dead-letter sink: 2s + stages + 1 + r + r x k + 1 boxes.
 */
export function typicalPipeline(sources: number, stages: number, routes: number, sinksPerRoute: number): string {
  let t = 'veltrix: 1\npipeline:\n  name: typical\n  delivery: at-least-once\nsources:\n';
  for (let i = 0; i < sources; i++) t += `  events_source_${i}:\n    type: kafka\n    brokers: [k:9092]\n    topic: t${i}\n    rate: ${i + 1}k/s\n`;
  t += 'processors:\n';
  for (let i = 0; i < sources; i++) t += `  parse_source_${i}:\n    type: map\n    inputs: [events_source_${i}]\n    set:\n      x: "1"\n`;
  let prev = Array.from({ length: sources }, (_, i) => `parse_source_${i}`).join(', ');
  for (let c = 0; c < stages; c++) {
    t += `  stage_${c}:\n    type: filter\n    inputs: [${prev}]\n    condition: x > ${c}\n`;
    prev = `stage_${c}`;
  }
  t += `  by_kind:\n    type: route\n    inputs: [${prev}]\n    routes:\n${Array.from({ length: routes }, (_, r) => `      kind_${r}: x == ${r}\n`).join('')}`;
  for (let r = 0; r < routes; r++) t += `  window_${r}:\n    type: window\n    inputs: [by_kind.kind_${r}]\n    size: 1m\n    aggregate:\n      n: count()\n`;
  t += 'sinks:\n  dead_letters:\n    type: kafka\n    brokers: [k:9092]\n    topic: dlq\n';
  for (let r = 0; r < routes; r++)
    for (let s = 0; s < sinksPerRoute; s++) t += `  store_${r}_${s}:\n    type: postgres\n    inputs: [window_${r}]\n    dsn: postgres://x\n    table: t${r}_${s}\n    dead_letter: dead_letters\n`;
  return t;
}

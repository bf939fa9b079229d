// `npm run bench:edits`: every kind of edit at 10,000 components, in process
// (analyzeDocument with one AnalysisCache, as the server keeps it), on the
// `generate.ts --errors` file and on a random deep DAG (`generate-dag.ts
// --errors`: hundreds of routes and windows, thousands of findings), each as
// it is and with one component broken by a YAML syntax error elsewhere; each
// case in a process of its own for its peak RSS (the garbage collected as the
// server collects it), the old paths (oldPaths.on:
// a syntax error anywhere parses and analyses the whole file; a key, inputs
// or id edit runs the whole analysis; a value edit runs the whole model and
// every structural rule) beside the new one in the same run. Prints figures;
// asserts nothing. Options: --size 10000 --edits 9 --files regular,dag
import { execFileSync } from 'node:child_process';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { analyzeDocument, AnalysisCache } from '../core/src/index';
import { oldPaths } from '../core/src/parse/chunked';
import { generatePipeline } from './generate';
import { generateRandomDag } from './generate-dag';
import { arg } from './args';

const size = Number(arg('size', '10000'));
const edits = Number(arg('edits', '9'));
const FILES: Record<string, () => ReturnType<typeof generatePipeline>> = {
  regular: () => generatePipeline(size, { errors: true }),
  dag: () => generateRandomDag(size, { errors: true }),
};

/** Each edit kind: the line it changes (relative to the generator's edit line) and its two alternating forms. */
const KINDS: Record<string, (lines: string[], edit: number, i: number) => void> = {
  condition: (l, e, i) => (l[e] = l[e].replace(/amount > \d+/, `amount > ${i % 2}`)),
  parallelism: (l, e, i) => (l[e + 2] = `    parallelism: ${1 + (i % 2) * 2}`),
  inputs: (l, e, i) => (l[e - 1] = l[e - 1].replace(/, g0_in\]|\]/, i % 2 ? ', g0_in]' : ']')),
  key: (l, e, i) => (l[e + 7] = `    ${i % 2 ? 'descriptio' : 'description'}: drop empty events`),
  id: (l, e, i) => (l[e - 3] = l[e - 3].replace(/_valid\w*:/, i % 2 ? '_validx:' : '_valid:')),
};

/** Breaks one source component far from the edit: an error that stays inside it, or one that swallows what follows. */
const BREAKS: Record<string, string | undefined> = { none: undefined, broken: '    topic: x: y', swallowing: '    brokers: ["kafka-1:9092",' };

function child(file: string, kind: string, broken: string, old: boolean): void {
  oldPaths.on = old;
  const g = FILES[file]();
  const lines = g.text.split('\n');
  const br = BREAKS[broken];
  if (br) lines[lines.findIndex((l) => l.startsWith('    brokers:'))] = br;
  const uri = 'file:///bench/edits.veltrix.yaml';
  const cache = new AnalysisCache();
  const host = { readFile: () => undefined };
  let t = performance.now();
  const first = analyzeDocument(uri, lines.join('\n'), { host, cache });
  const open = performance.now() - t;
  const times: number[] = [];
  /** CPU time of each edit (all threads, the collector's included): steadier than the wall clock on a loaded machine. */
  const cpu: number[] = [];
  // As the server does (server/src/analyzer.ts): a full collection once the heap has grown by 96 MB since the last.
  const gc = vm.runInNewContext('gc') as () => void;
  let heapAfterCollect = 0;
  for (let i = 1; i <= edits; i++) {
    if (v8.getHeapStatistics().used_heap_size - heapAfterCollect > 96 * 2 ** 20) {
      gc();
      heapAfterCollect = v8.getHeapStatistics().used_heap_size;
    }
    KINDS[kind](lines, g.editLine, i);
    const text = lines.join('\n');
    t = performance.now();
    const c0 = process.cpuUsage();
    analyzeDocument(uri, text, { host, cache });
    const c1 = process.cpuUsage(c0);
    times.push(performance.now() - t);
    cpu.push((c1.user + c1.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const syntax = first.findings.filter((f) => f.code === 'VX001').length;
  console.log(JSON.stringify({ open, median: times[Math.floor((times.length - 1) / 2)], cpu: cpu[Math.floor((cpu.length - 1) / 2)], max: times[times.length - 1], rss: process.resourceUsage().maxRSS * 1024, findings: first.findings.length, syntax }));
}

function main(): void {
  console.log(`| ${size.toLocaleString('en')} components (--errors) | broken | edit | open | edit median (old path) | edit median (new) | CPU median old / new | max (new) | peak RSS old / new | findings (VX001) |`);
  console.log('|---|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const file of arg('files', 'regular,dag').split(','))
    for (const broken of Object.keys(BREAKS))
      for (const kind of Object.keys(KINDS)) {
        if (broken === 'swallowing' && kind !== 'condition') continue; // the whole-file path for every kind: one row shows it
        const run = (old: boolean) => JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, '--child', file, kind, broken, old ? 'old' : 'new', '--size', String(size), '--edits', String(edits)], { encoding: 'utf8' }).trim().split('\n').pop()!);
        const o = run(true);
        const n = run(false);
        const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
        console.log(`| ${file} | ${broken} | ${kind} | ${n.open.toFixed(0)} ms | ${o.median.toFixed(0)} ms | ${n.median.toFixed(0)} ms | ${o.cpu.toFixed(0)} / ${n.cpu.toFixed(0)} ms | ${n.max.toFixed(0)} ms | ${mb(o.rss)} / ${mb(n.rss)} | ${n.findings} (${n.syntax}) |`);
      }
}

const c = process.argv.indexOf('--child');
if (c > 0) child(process.argv[c + 1], process.argv[c + 2], process.argv[c + 3], process.argv[c + 4] === 'old');
else main();

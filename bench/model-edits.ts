// `npm run bench:model-edits`: one keystroke that changes a value the
// capacity model reads (a filter's `parallelism` in the middle of the file),
// then nothing until its diagnostics arrive, side by side in our server and
// yaml-language-server, each with its own typing debounce (ours adaptive), on
// fresh servers over stdio: the generated `--errors` file and a random deep
// DAG (generate-dag.ts: hundreds of routes and windows, thousands of
// findings), clean and with one component broken by a YAML syntax error
// elsewhere. Prints the keystroke → diagnostics median and p95 and each
// server's peak RSS (VmHWM over the whole session), and for ours where the
// time went (veltrix/stats: debounce wait, analysis work); asserts nothing.
// Options: --sizes 1000,10000 --edits 8 --files regular,dag --broken none,broken --only veltrix
// --kind parallelism|inputs|id (the edit; parallelism by default) --outside (the file outside the workspace folder)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchClient, type ServerSpec } from './lsp-client';
import { ours, yamlLs } from './servers';
import { generatePipeline, type Generated } from './generate';
import { generateRandomDag } from './generate-dag';
import type { EditBreakdown, ServerStats } from '../protocol/src/index';
import { arg } from './args';

const edits = Number(arg('edits', '8'));
const FILES: Record<string, (n: number) => Generated> = {
  regular: (n) => generatePipeline(n, { errors: true }),
  dag: (n) => generateRandomDag(n, { errors: true }),
};

/** The edit kinds, each alternating between two forms (v even, v odd): what to replace on which line. */
type Edit = { line: number; character: number; remove: number; insert: string };
const EDITS: Record<string, (g: Generated, text: string, v: number) => Edit> = {
  // The filter's `parallelism: 1` (the model reads it): 3, then 1 again (every edit changes the text; the first
  // edit once wrote the same digit, a change of nothing).
  parallelism: (g, _t, v) => ({ line: g.editLine + 2, character: 17, remove: 1, insert: String(3 - (v % 2) * 2) }),
  // Its `inputs`: one more input, then back (the graph changes).
  inputs: (g, text, v) => {
    const line = g.editLine - 1;
    const end = text.split('\n')[line].lastIndexOf(']');
    return v % 2 === 0 ? { line, character: end, remove: 0, insert: ', g0_in' } : { line, character: end, remove: ', g0_in'.length, insert: '' };
  },
  // Its id: renamed, then back (its consumers' references dangle).
  id: (g, text, v) => {
    const line = g.editLine - 3;
    const colon = text.split('\n')[line].indexOf(':');
    return v % 2 === 0 ? { line, character: colon, remove: 0, insert: 'x' } : { line, character: colon, remove: 1, insert: '' };
  },
};
const kind = arg('kind', 'parallelism');

interface Run {
  open: number;
  edits: number[];
  rss: number;
  /** Our server's own account of each edit. */
  breakdown: EditBreakdown[];
}

async function measure(spec: ServerSpec, g: Generated, text: string, dir: string): Promise<Run> {
  const client = new BenchClient(spec, dir);
  try {
    await client.initialize(pathToFileURL(dir).toString());
    // --outside: the file lies outside the workspace folder (no start-up index of it).
    const file = path.join(process.argv.includes('--outside') ? fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-outside-')) : dir, `model-edits-${spec.name}.veltrix.yaml`);
    fs.writeFileSync(file, text);
    const uri = pathToFileURL(file).toString();
    let t = performance.now();
    const first = client.nextDiagnostics(uri, 1, 600_000);
    client.open(uri, 'yaml', text, 1);
    await first;
    const open = performance.now() - t;
    const times: number[] = [];
    const breakdown: EditBreakdown[] = [];
    for (let v = 2; v < 2 + edits; v++) {
      await new Promise((r) => setTimeout(r, 300)); // a pause, as between edits
      const { line, character, remove, insert } = EDITS[kind](g, text, v);
      t = performance.now();
      const next = client.nextDiagnostics(uri, v, 600_000);
      client.change(uri, v, { start: { line, character }, end: { line, character: character + remove } }, insert);
      await next;
      times.push(performance.now() - t);
      if (spec.name !== 'veltrix') continue;
      const stats = await client.request<ServerStats>('veltrix/stats', undefined);
      if (stats.lastEdit) breakdown.push(stats.lastEdit);
    }
    return { open, edits: times, rss: client.peakRss(), breakdown };
  } finally {
    await client.dispose();
  }
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const ms = (x: number) => `${x >= 100 ? x.toFixed(0) : x.toFixed(1)} ms`;
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-model-edits-'));
  const servers = [ours(null), yamlLs()].filter((s) => !process.argv.includes('--only') || s.name === arg('only', ''));
  console.log(`edit: ${kind}; load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}`);
  console.log('\n| components | file | broken | server | open | keystroke → diagnostics median / p95 | of which debounce wait / parse / analysis work (medians) | peak RSS |');
  console.log('|---:|---|---|---|---:|---:|---:|---:|');
  for (const size of arg('sizes', '1000,10000').split(',').map(Number))
    for (const file of arg('files', 'regular,dag').split(','))
      for (const broken of arg('broken', 'none,broken').split(',')) {
        const g = FILES[file](size);
        const lines = g.text.split('\n');
        if (broken === 'broken') lines[lines.findIndex((l) => l.startsWith('    brokers:'))] = '    topic: x: y';
        const text = lines.join('\n');
        const medians: number[] = [];
        for (const spec of servers) {
          const r = await measure(spec, g, text, dir);
          medians.push(quantile(r.edits, 0.5));
          const stage = (k: keyof EditBreakdown) => ms(quantile(r.breakdown.map((b) => b[k]), 0.5));
          const where = r.breakdown.length ? `${stage('wait')} / ${stage('parse')} / ${stage('work')}` : '–';
          if (process.env.BREAKDOWN) console.log(JSON.stringify(r.breakdown));
          console.log(`| ${size.toLocaleString('en')} | ${file} | ${broken} | ${spec.name} | ${ms(r.open)} | ${ms(quantile(r.edits, 0.5))} / ${ms(quantile(r.edits, 0.95))} | ${where} | ${mb(r.rss)} |`);
        }
        if (medians.length === 2) console.log(`| | | | ratio (median) | | ${(medians[1] / medians[0]).toFixed(1)}× | | |`);
      }
  console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();

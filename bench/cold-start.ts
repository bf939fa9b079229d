// `npm run bench:cold`: the first document of a fresh server, ours and
// yaml-language-server taking turns in the same run (a fresh process each
// time; medians). Three clocks per start: spawn → `initialize` answered,
// `didOpen` → its first diagnostics (the row of `npm run bench`), and
// spawn → those diagnostics (what a user waits for in all). Options:
// --size 1000 --runs 7; --errors (the generator's variant with findings);
// --dag (a random deep DAG of generate-dag.ts, with its findings, instead);
// --profile DIR (our server writes a V8 CPU profile of each start there,
// with a code cache of its own: the profiler's flags would reject the
// shared one). A second row of ours runs without V8's code cache
// (VELTRIX_CODE_CACHE=0, server/src/boot.ts), to show what the cache gives,
// and a third without the start-up tier (VELTRIX_START_TIER=0: V8's
// optimising compiler on from the start; server/src/tier-up.ts).
// --flags "..." adds a row of ours started with those Node/V8 flags (with a
// code cache of its own, made under them), to try a flag side by side.
// Then where our first document's time went, from the server's own
// account (`veltrix/stats`, its didOpen counted as the first edit).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchClient, type ServerSpec } from './lsp-client';
import type { EditBreakdown, ServerStats } from '../protocol/src/index';
import { ours, yamlLs } from './servers';
import { generatePipeline } from './generate';
import { generateRandomDag } from './generate-dag';
import { arg } from './args';

const size = Number(arg('size', '1000'));
const runs = Number(arg('runs', '7'));
const errors = process.argv.includes('--errors');
const dag = process.argv.includes('--dag');
const profileDir = process.argv.includes('--profile') ? path.resolve(arg('profile', 'cold-profiles')) : undefined;
const flags = arg('flags', '').split(' ').filter(Boolean);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

interface Start {
  init: number;
  open: number;
  total: number;
  /** Our server's account of the first document (its didOpen is its first edit). */
  stages?: EditBreakdown;
}

async function start(spec: ServerSpec, languageId: string, dir: string, text: string, r: number, env?: NodeJS.ProcessEnv): Promise<Start> {
  const t0 = performance.now();
  const client = new BenchClient(spec, dir, env);
  try {
    await client.initialize(pathToFileURL(dir).toString());
    const t1 = performance.now();
    const file = path.join(dir, `cold${r}-${spec.name}.veltrix.yaml`);
    fs.writeFileSync(file, text);
    const uri = pathToFileURL(file).toString();
    const first = client.nextDiagnostics(uri, 1);
    const t2 = performance.now();
    client.open(uri, languageId, text, 1);
    await first;
    const t3 = performance.now();
    const stages = spec.name === 'veltrix' ? (await client.request<ServerStats>('veltrix/stats', undefined)).lastEdit : undefined;
    return { init: t1 - t0, open: t3 - t2, total: t3 - t0, stages };
  } finally {
    await client.dispose();
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-cold-'));
  const text = dag ? generateRandomDag(size, { errors: true }).text : generatePipeline(size, { errors }).text;
  const profiled = (spec: ServerSpec): ServerSpec => (profileDir ? { ...spec, args: ['--cpu-prof', '--cpu-prof-dir', profileDir, ...spec.args] } : spec);
  const profileEnv = profileDir ? { XDG_CACHE_HOME: path.join(profileDir, 'cache') } : {};
  const rows: Array<[string, string, NodeJS.ProcessEnv | undefined, ServerSpec, Start[]]> = [
    ['veltrix', 'veltrix', { ...process.env, ...profileEnv }, profiled(ours()), []],
    ['veltrix, no code cache', 'veltrix', { ...process.env, VELTRIX_CODE_CACHE: '0' }, profiled(ours()), []],
    // Its code cache is made under other flags: kept in a folder of its own, made by a start not counted (below).
    ['veltrix, no start-up tier', 'veltrix', { ...process.env, ...profileEnv, VELTRIX_START_TIER: '0', XDG_CACHE_HOME: path.join(dir, 'opt-cache') }, profiled(ours()), []],
    ['yaml-language-server', 'yaml', undefined, yamlLs(), []],
  ];
  if (flags.length) {
    const flagged = { ...profiled(ours()), args: [...flags, ...profiled(ours()).args] };
    rows.splice(3, 0, [`veltrix, ${flags.join(' ')}`, 'veltrix', { ...process.env, XDG_CACHE_HOME: path.join(dir, 'flags-cache') }, flagged, []]);
  }
  try {
    // The code caches are made by a start of each row's own, not counted (a fresh build has none).
    for (const i of flags.length ? [0, 2, 3] : [0, 2]) await start(rows[i][3], 'veltrix', dir, text, -1, rows[i][2]);
    for (let r = 0; r < runs; r++) for (const [, lang, env, spec, out] of rows) out.push(await start(spec, lang, dir, text, r, env));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const yls = rows[rows.length - 1][4];
  console.log(`\n## First document of a fresh server, ${size} components${dag ? ', random DAG with findings' : errors ? ' (with findings)' : ''} (medians of ${runs} fresh servers each, taking turns)\n`);
  console.log('| server | spawn → initialize answered | didOpen → diagnostics | spawn → diagnostics | ratio didOpen (yls / ours) | ratio spawn (yls / ours) |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [name, , , , out] of rows) {
    const m = (k: keyof Start, xs = out) => median(xs.map((s) => s[k]));
    console.log(`| ${name} | ${m('init').toFixed(0)} ms | ${m('open').toFixed(0)} ms | ${m('total').toFixed(0)} ms | ${(m('open', yls) / m('open')).toFixed(1)}x | ${(m('total', yls) / m('total')).toFixed(1)}x |`);
  }
  printStages(rows[0][4]);
  if (profileDir) console.log(`\nCPU profiles of our server: ${profileDir}`);
}

/**
 * Where our first document's time went (medians): "before" is the client's
 * didOpen → diagnostics less the server's own total, i.e. the message's
 * transfer and the parse made when the document opens; then the server's
 * stages from its didOpen handling to the written diagnostics.
 */
function printStages(starts: Start[]): void {
  const known = starts.filter((s) => s.stages);
  if (!known.length) return;
  const m = (f: (s: Start) => number) => median(known.map(f)).toFixed(1);
  const st = (k: keyof EditBreakdown) => m((s) => s.stages![k]);
  console.log(`\nWhere our first document goes (medians of ${known.length}; ms):\n`);
  console.log('| before the server\'s clock (transfer, parse on open) | parse | wait | settings | config | analysis | of it, work | publish | server total |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  console.log(`| ${m((s) => s.open - s.stages!.total)} | ${st('parse')} | ${st('wait')} | ${st('settings')} | ${st('config')} | ${st('analysis')} | ${st('work')} | ${st('publish')} | ${st('total')} |`);
}

void main();



// `npm run bench`: our language server and yaml-language-server (given our
// JSON schema) on the same generated files, side by side in one run; then the
// core in process (parse vs full analysis) and the CLI on a folder of files.
// Prints figures; asserts nothing. Options: --sizes 100,1000 --typing-sizes 1000,5000 --runs 3 --quick --only core|lsp|typing|cli|tests|monitoring
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { BenchClient, type ServerSpec } from './lsp-client';
import { ours, yamlLs } from './servers';
import { KEYSTROKES, measureTyping } from './typing';
import { cliBench } from './cli';
import type { EditBreakdown, ServerStats } from '../protocol/src/index';
import { generatePipeline, type Generated } from './generate';
import { parseYaml } from '../core/src/parse/yaml';
import { analyzePipeline, buildGraph, computeFlow, FileCache, loadWorkspace } from '../core/src/index';
import type { RuleContext } from '../core/src/rules/context';
import { checkSchema } from '../core/src/rules/schema';
import { checkTopology } from '../core/src/rules/topology';
import { checkExpressions } from '../core/src/rules/expressions';
import { checkDelivery } from '../core/src/rules/delivery';
import { checkSchemaRefs } from '../core/src/rules/references';
import { checkCapacity } from '../core/src/rules/capacity';
import { runModel } from '../core/src/capacity/model';
import { arg } from './args';

const root = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const sizes = arg('sizes', quick ? '100,1000' : '100,1000,10000').split(',').map(Number);
const runs = Number(arg('runs', '3'));
const only = arg('only', 'all');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] : NaN;
};
const ms = (x: number) => (Number.isFinite(x) ? `${x < 10 ? x.toFixed(2) : x.toFixed(0)} ms` : 'n/a');
const mb = (x: number) => `${(x / 1024 / 1024).toFixed(0)} MB`;
const now = () => performance.now();

interface Figures {
  /** The first open in a fresh server process (includes its JIT warm-up); lspTable puts the median of several here. */
  firstOpen: number;
  open: number[];
  edit: number[];
  completion: number[];
  hover: number[];
  rss: number;
  /** Our server's own account of each edit's path (veltrix/stats), when it gives one. */
  breakdown: EditBreakdown[];
}

async function measureServer(spec: ServerSpec, languageId: string, size: number, dir: string): Promise<Figures> {
  const g = generatePipeline(size);
  const client = new BenchClient(spec, dir);
  const f: Figures = { firstOpen: NaN, open: [], edit: [], completion: [], hover: [], rss: 0, breakdown: [] };
  try {
    await client.initialize(pathToFileURL(dir).toString());
    /** Writes the file, opens it, and times the arrival of its first diagnostics. */
    const openTimed = async (name: string): Promise<{ uri: string; ms: number }> => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, g.text);
      const uri = pathToFileURL(file).toString();
      const t = now();
      const first = client.nextDiagnostics(uri, 1);
      client.open(uri, languageId, g.text, 1);
      await first;
      return { uri, ms: now() - t };
    };
    // The first open of a fresh process pays for its JIT warm-up: not in the warm figures (the first-open row is
    // measured on fresh servers of its own, firstOpens).
    const warm = await openTimed(`warm${size}-${spec.name}.veltrix.yaml`);
    f.firstOpen = warm.ms;
    client.close(warm.uri);
    const samples = size >= 10000 ? 5 : 20;
    for (let r = 0; r < runs; r++) {
      const { uri, ms: opened } = await openTimed(`p${size}-${spec.name}-${r}.veltrix.yaml`);
      f.open.push(opened);
      let t: number;
      // One-line edit inside one component: change the filter threshold.
      const line = g.text.split('\n')[g.editLine];
      const col = line.indexOf('> 0') + 2;
      const range = { start: { line: g.editLine, character: col }, end: { line: g.editLine, character: col + 1 } };
      for (let v = 2; v < 2 + Math.max(1, Math.min(3, runs)); v++) {
        t = now();
        const next = client.nextDiagnostics(uri, v);
        client.change(uri, v, range, String(v));
        await next;
        f.edit.push(now() - t);
        const stats = await client.request<ServerStats>('veltrix/stats', undefined).catch(() => undefined);
        if (stats?.lastEdit) f.breakdown.push(stats.lastEdit);
      }
      const pos = { line: g.probeLine, character: g.probeCharacter };
      for (let i = 0; i < samples; i++) {
        t = now();
        await client.request('textDocument/completion', { textDocument: { uri }, position: pos });
        f.completion.push(now() - t);
        t = now();
        await client.request('textDocument/hover', { textDocument: { uri }, position: pos });
        f.hover.push(now() - t);
      }
      client.close(uri);
    }
    f.rss = client.peakRss();
  } finally {
    await client.dispose();
  }
  return f;
}

/**
 * The first open of `runs` fresh servers, each its own process, the median. For ours, one start before them is not
 * counted: after a build V8's code cache of the bundle is made by the first start (server/src/boot.ts), which every
 * later start of the same bundle reads, as on a user's machine.
 */
async function firstOpens(spec: ServerSpec, languageId: string, size: number, dir: string, cache: boolean): Promise<number> {
  const g = generatePipeline(size);
  const one = async (r: number): Promise<number> => {
    const client = new BenchClient(spec, dir);
    try {
      await client.initialize(pathToFileURL(dir).toString());
      const file = path.join(dir, `fresh${size}-${spec.name}-${r}.veltrix.yaml`);
      fs.writeFileSync(file, g.text);
      const uri = pathToFileURL(file).toString();
      const first = client.nextDiagnostics(uri, 1);
      const t = now();
      client.open(uri, languageId, g.text, 1);
      await first;
      return now() - t;
    } finally {
      await client.dispose();
    }
  };
  if (cache) await one(-1);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) times.push(await one(r));
  return median(times);
}

function ratio(theirs: number, ours: number): string {
  if (!Number.isFinite(theirs) || !Number.isFinite(ours) || ours <= 0) return 'n/a';
  return `${(theirs / ours).toFixed(1)}x`;
}

const STAGE_NAMES: Array<keyof EditBreakdown> = ['parse', 'wait', 'settings', 'config', 'analysis', 'work', 'publish', 'total'];

async function lspTable(dir: string): Promise<void> {
  const breakdowns: Array<[number, EditBreakdown[]]> = [];
  console.log('\n## Language servers over stdio (medians of %d runs; p95 over all samples)\n', runs);
  console.log('| components | measure | veltrix | yaml-language-server | ratio (yls / veltrix) |');
  console.log('|---:|---|---:|---:|---:|');
  for (const size of sizes) {
    const a = await measureServer(ours(), 'veltrix', size, dir);
    const b = await measureServer(yamlLs(), 'yaml', size, dir);
    // Medians of fresh servers, each in a folder of its own (a folder of earlier files would be indexed at start-up).
    const fresh = (name: string) => fs.mkdtempSync(path.join(dir, name));
    a.firstOpen = await firstOpens(ours(), 'veltrix', size, fresh('ours-'), true);
    b.firstOpen = await firstOpens(yamlLs(), 'yaml', size, fresh('yls-'), false);
    const rows: Array<[string, number, number]> = [
      ['first open in a fresh server → diagnostics (median of fresh servers)', a.firstOpen, b.firstOpen],
      ['open → diagnostics (median, warm)', median(a.open), median(b.open)],
      ['edit → diagnostics (median)', median(a.edit), median(b.edit)],
      ['completion (median)', median(a.completion), median(b.completion)],
      ['completion (p95)', p95(a.completion), p95(b.completion)],
      ['hover (median)', median(a.hover), median(b.hover)],
      ['hover (p95)', p95(a.hover), p95(b.hover)],
    ];
    for (const [name, x, y] of rows) console.log(`| ${size} | ${name} | ${ms(x)} | ${ms(y)} | ${ratio(y, x)} |`);
    console.log(`| ${size} | peak RSS | ${mb(a.rss)} | ${mb(b.rss)} | ${ratio(b.rss, a.rss)} |`);
    breakdowns.push([size, a.breakdown]);
  }
  console.log('\n### Where an edit goes in our server (didChange → publishDiagnostics written; medians, debounce 0)\n');
  console.log(`| components | ${STAGE_NAMES.join(' | ')} |`);
  console.log(`|---:|${'---:|'.repeat(STAGE_NAMES.length)}`);
  for (const [size, list] of breakdowns) console.log(`| ${size} | ${STAGE_NAMES.map((k) => ms(median(list.map((b) => b[k])))).join(' | ')} |`);
}

/** The generated pipeline with its ids renamed for run `r`: no memo of an earlier run can help a cold figure. */
function freshText(size: number, r: number): Generated {
  const g = generatePipeline(size, { errors: true });
  return { ...g, text: g.text.replace(/\bg(\d+)_/g, `r${r}g$1_`) };
}

const STAGES: Array<[string, (ctx: RuleContext) => void]> = [
  // The model is computed by the analysis next to the graph, before the rules; the capacity rules read it.
  ['model', (ctx) => (ctx.capacity = runModel(ctx.ws, ctx.graph, { load: 1 }))],
  ['topology', checkTopology],
  ['expressions', checkExpressions],
  ['delivery and schema references', (ctx) => (checkDelivery(ctx), checkSchemaRefs(ctx))],
  ['capacity rules', checkCapacity],
];

function inProcessTable(): void {
  const host = { readFile: () => undefined };
  // Warm the JIT first: these are steady-state figures (the first-open rows above include start-up).
  // (Many small files too: functions called once per analysis are only optimised after a few dozen calls.)
  for (let r = 0; r < 50; r++) analyzePipeline('file:///bench/warm.veltrix.yaml', freshText(100, -r - 10).text, { host });
  for (let r = 0; r < 5; r++) analyzePipeline('file:///bench/warm.veltrix.yaml', freshText(1000, -r).text, { host });
  const rows: string[] = [];
  const stageRows: string[] = [];
  for (const size of sizes) {
    const t: Record<string, number[]> = {};
    const add = (k: string, x: number) => (t[k] ??= []).push(x);
    // Small sizes are cheap and noisy on a shared machine: more runs for their medians.
    const sizeRuns = size <= 100 ? Math.max(runs, 101) : size <= 1000 ? Math.max(runs, 21) : Math.max(runs, 7);
    for (let r = 0; r < sizeRuns; r++) {
      const g = freshText(size, r);
      const cache = new FileCache();
      let t0 = now();
      analyzePipeline('file:///bench/b.veltrix.yaml', g.text, { host, cache });
      add('full', now() - t0);
      const lines = g.text.split('\n');
      lines[g.editLine] = lines[g.editLine].replace('> 0', `> ${r + 1}`);
      t0 = now();
      analyzePipeline('file:///bench/b.veltrix.yaml', lines.join('\n'), { host, cache });
      add('edit', now() - t0);
      // One cold analysis stage by stage, on another fresh text: the parse it is built on, then each rule family.
      const h = freshText(size, r + sizeRuns);
      t0 = now();
      const ws = loadWorkspace('file:///bench/c.veltrix.yaml', h.text, host, new FileCache());
      const parsed = now() - t0;
      add('s:parse', parsed);
      const t1 = now();
      t0 = now();
      checkSchema(ws.main, []);
      add('s:schema', now() - t0);
      t0 = now();
      const graph = buildGraph(ws);
      const flow = computeFlow(ws, graph);
      add('s:graph', now() - t0);
      const ctx: RuleContext = { ws, graph, flow, settings: { model: true, load: 1 }, findings: [] };
      for (const [name, rule] of STAGES) {
        t0 = now();
        rule(ctx);
        add(`s:${name}`, now() - t0);
      }
      const analysed = now() - t1;
      add('s:analysis', analysed);
      add('s:ratio', analysed / parsed);
      add('s:whole', (parsed + analysed) / parsed);
    }
    // The yaml package's parse last, in a loop of its own: its garbage (hundreds of MB at 10,000) would be
    // collected during whatever is timed next.
    for (let r = 0; r < sizeRuns; r++) {
      const g = freshText(size, r);
      const t0 = now();
      parseYaml(g.text);
      add('yaml', now() - t0);
    }
    const m = (k: string) => median(t[k]);
    rows.push(
      `| ${size} | ${ms(m('yaml'))} | ${ms(m('s:parse'))} | ${ms(m('s:analysis'))} | ${m('s:ratio').toFixed(2)} (${Math.min(...t['s:ratio']).toFixed(2)}–${Math.max(...t['s:ratio']).toFixed(2)}) | ${m('s:whole').toFixed(2)} | ${ms(m('full'))} | ${(m('full') / m('yaml')).toFixed(2)} | ${ms(m('edit'))} |`,
    );
    stageRows.push(`| ${size} | ${['parse', 'schema', 'graph', ...STAGES.map(([n]) => n)].map((k) => ms(m(`s:${k}`))).join(' | ')} |`);
  }
  console.log('\n## Core in process (medians of %d runs, of 101 at 100 components, 21 up to 1,000 and at least 7 above; each run on a text of its own: no memo helps)\n', runs);
  console.log(
    '| components | yaml package parse | our parse | analysis on top of it | analysis / parse (min–max) | (parse + analysis) / parse | parse + analysis, in one call | that / yaml parse | re-analysis after a one-line edit |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
  console.log('\n### Stages of a cold analysis (the same runs as the ratio)\n');
  console.log(`| components | parse | schema | graph + schema flow | ${STAGES.map(([n]) => n).join(' | ')} |`);
  console.log(`|---:|${'---:|'.repeat(3 + STAGES.length)}`);
  for (const r of stageRows) console.log(r);
}

async function typingTable(dir: string): Promise<void> {
  const typingSizes = arg('typing-sizes', quick ? '1000' : '1000,5000').split(',').map(Number);
  console.log('\n## Typing as VS Code does (24 keystrokes 33 ms apart; after each: codeLens, documentSymbol, foldingRange, documentLink, codeAction; each server with its own debounce)\n');
  // "every one": each request waits for its answer (the worst case); "as VS Code": a request still unanswered when
  // the same one is sent for the next version is cancelled (bench/typing.ts).
  console.log('| components | server | requests | answers p50 / p95 | cancelled | analyses run | publishes | last keystroke → final diagnostics | → last answers | server CPU per keystroke | client CPU per keystroke |');
  console.log('|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const size of typingSizes)
    for (const cancel of [false, true])
      for (const [spec, lang] of [[ours(null), 'veltrix'], [yamlLs(), 'yaml']] as const) {
        const t = await measureTyping(spec, lang, size, dir, cancel);
        const cpu = Number.isFinite(t.serverCpu) ? ms(t.serverCpu / KEYSTROKES) : 'n/a';
        console.log(
          `| ${size} | ${spec.name} | ${cancel ? 'as VS Code' : 'every one'} | ${ms(median(t.answers))} / ${ms(p95(t.answers))} | ${t.cancelled} | ${Number.isFinite(t.analyses) ? t.analyses : 'n/a'} | ${t.publishes} | ${ms(t.lastToFinal)} | ${ms(t.lastAnswers)} | ${cpu} | ${ms(t.clientCpu / KEYSTROKES)} |`,
        );
      }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-bench-'));
  console.log(`# Veltrix benchmark — ${new Date().toISOString()} — ${os.cpus().length} cores, node ${process.version}`);
  try {
    if (only === 'all' || only === 'core') inProcessTable();
    if (only === 'all' || only === 'lsp') await lspTable(dir);
    if (only === 'all' || only === 'typing') await typingTable(dir);
    if (only === 'all' || only === 'cli') cliBench(dir, { quick });
    // Pipeline tests (section 11): their own script, also `npm run bench:tests`.
    if (only === 'all' || only === 'tests') execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'tests.ts'), '--runs', quick ? '3' : '5'], { stdio: 'inherit' });
    // Monitoring generation (monitoring.md): its own script too, also `npm run bench:monitoring`.
    if (only === 'all' || only === 'monitoring') execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'monitoring.ts'), '--runs', quick ? '1' : '3', ...(quick ? ['--sizes', '10,100,1000'] : [])], { stdio: 'inherit' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();

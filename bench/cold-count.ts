// `npm run bench:cold-count`: the instructions our server runs for the first
// document of a fresh process, counted by valgrind's callgrind (steady on a
// loaded machine, where the wall clocks of `npm run bench:cold` are not).
// Two counts per start, on the main thread: spawn → `initialize` answered,
// and `didOpen` → its first diagnostics (callgrind_control dumps the counts
// at both points); then the other threads' (TurboFan's compiles, the
// garbage collector's helpers) during the document. Options: --size 1000
// --runs 3 --errors; --server DIR (a build's folder, default dist/);
// --flags "..." (Node/V8 flags before the script); --single-threaded (V8
// compiles and collects on the main thread: the count no longer depends on
// when optimized code arrives, ±15% otherwise; it includes TurboFan's
// compiles). Without V8's code cache (VELTRIX_CODE_CACHE=0: under valgrind a
// cache made outside it is sometimes rejected) and without
// NODE_EXTRA_CA_CERTS (Node parses the bundle before any code runs: about
// 400 M instructions, the same for every build). Needs valgrind.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { BenchClient, type ServerSpec } from './lsp-client';
import { ours } from './servers';
import { generatePipeline } from './generate';
import { arg } from './args';

const size = Number(arg('size', '1000'));
const runs = Number(arg('runs', '3'));
const errors = process.argv.includes('--errors');
const serverDir = path.resolve(arg('server', path.join(__dirname, '..', 'dist')));
const flags = [...arg('flags', '').split(' ').filter(Boolean), ...(process.argv.includes('--single-threaded') ? ['--single-threaded'] : [])];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const M = (n: number) => `${(n / 1e6).toFixed(0)} M`;

/** Dumps the counts so far (and zeroes them); waits until callgrind has written them. */
function dump(pid: number, name: string): void {
  execFileSync('callgrind_control', ['--dump=' + name, String(pid)], { stdio: 'ignore', timeout: 120_000 });
}

/** Instructions per dump and thread: `out.<pid>.<dump>-<thread>` (thread 01 is the main thread). */
function counts(dir: string, pid: number): Map<string, number> {
  const found = new Map<string, number>();
  for (const f of fs.readdirSync(dir)) {
    const m = new RegExp(`^out\\.${pid}\\.(\\d+)-(\\d+)$`).exec(f);
    const total = /^totals: (\d+)/m.exec(fs.readFileSync(path.join(dir, f), 'utf8'));
    if (m && total) found.set(`${m[1]}-${m[2]}`, Number(total[1]));
  }
  return found;
}

async function start(dir: string, outDir: string, text: string, r: number): Promise<{ init: number; open: number; others: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, VELTRIX_CODE_CACHE: '0' };
  delete env.NODE_EXTRA_CA_CERTS;
  const spec: ServerSpec = {
    ...ours(),
    command: 'valgrind',
    args: ['--tool=callgrind', '--separate-threads=yes', `--callgrind-out-file=${outDir}/out.%p`, process.execPath, ...flags, path.join(serverDir, 'server.js'), '--stdio'],
  };
  const client = new BenchClient(spec, dir, env);
  try {
    await client.initialize(pathToFileURL(dir).toString());
    await client.request('veltrix/stats', undefined); // initialized and the settings handled
    const file = path.join(dir, `count${r}.veltrix.yaml`);
    fs.writeFileSync(file, text);
    const uri = pathToFileURL(file).toString();
    const first = client.nextDiagnostics(uri, 1, 600_000);
    dump(client.pid, 'init');
    client.open(uri, 'veltrix', text, 1);
    await first;
    dump(client.pid, 'open');
    const c = counts(outDir, client.pid);
    let others = 0;
    for (const [k, v] of c) if (k.startsWith('2-') && k !== '2-01') others += v;
    return { init: c.get('1-01') ?? NaN, open: c.get('2-01') ?? NaN, others };
  } finally {
    await client.dispose();
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-count-'));
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-callgrind-'));
  const text = generatePipeline(size, { errors }).text;
  const results: Array<{ init: number; open: number; others: number }> = [];
  try {
    for (let r = 0; r < runs; r++) results.push(await start(dir, outDir, text, r));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  console.log(`\n## Instructions of a fresh server's first document, ${size} components${errors ? ' (with findings)' : ''}: ${serverDir}${flags.length ? `, ${flags.join(' ')}` : ''} (medians of ${runs})\n`);
  console.log('| main thread: spawn → initialize | main thread: didOpen → diagnostics | other threads: didOpen → diagnostics | each start (didOpen, main) |');
  console.log('|---:|---:|---:|---|');
  const m = (k: 'init' | 'open' | 'others') => M(median(results.map((x) => x[k])));
  console.log(`| ${m('init')} | ${m('open')} | ${m('others')} | ${results.map((x) => M(x.open)).join(', ')} |`);
}

void main();

// `veltrix-lint check` on a folder of generated files, on one thread
// (--jobs 1) and on every core (--jobs <cores>), side by side: files per
// second, the ratio, and the CPU time (user + sys, all threads) each run took,
// which the load of other processes changes far less than the wall clock.
// Runs alternate between the two, medians reported; the load average is
// printed, since on a shared machine the other processes decide how much of
// the second core there is. Also checks that both print the same.
// On Linux it also prints the main thread's own CPU time of `--jobs 1`
// (/proc/self/task/<pid>/stat): the rest of that run's CPU is V8's background
// threads (optimising compiler, garbage collector), which one thread already
// runs on the other cores. `--jobs N` cannot do less work than `--jobs 1`, so
// on N cores its wall clock is at least CPU(--jobs N) / N, while on an
// otherwise idle machine `--jobs 1` takes about its main thread's CPU time:
// the "bound" column, N × main-thread CPU (--jobs 1) / CPU (--jobs N), is the
// best ratio those CPU times allow there (under load the wall clock of
// `--jobs 1` grows beyond its main thread's CPU, and the measured ratio can
// pass the bound).
// Part of `npm run bench` (--only cli); alone: `npm run bench:cli [-- --quick]`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { generatePipeline } from './generate';

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'bin', 'veltrix-lint.js');
/**
 * Loaded before the CLI: prints the process's CPU time (every thread: getrusage) and the main thread's own (utime +
 * stime of /proc/self/task/<pid>/stat, in clock ticks: 100 a second on Linux; -1 elsewhere) as the last stderr line.
 */
const CPU_MARK = 'veltrix-bench-cpu-us ';
const reportCpu = `data:text/javascript,import{isMainThread}from"node:worker_threads";import{readFileSync}from"node:fs";if(isMainThread)process.on("exit",()=>{const u=process.cpuUsage();let m=-1;try{const s=readFileSync("/proc/self/task/"+process.pid+"/stat","utf8");const f=s.slice(s.lastIndexOf(")")+2).split(" ");m=(Number(f[11])+Number(f[12]))*1e4}catch{}process.stderr.write("\\n${CPU_MARK}"+(u.user+u.system)+" "+m+"\\n")})`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Run {
  ms: number;
  /** CPU time of every thread. */
  cpuMs: number;
  /** CPU time of the main thread alone (NaN where /proc is missing). */
  mainCpuMs: number;
  stdout: string;
}

function check(folder: string, jobs: number): Run {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', reportCpu, cli, 'check', folder, '--format', 'json', '--jobs', String(jobs)], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`veltrix-lint exited ${r.status}: ${r.stderr}`);
  const [all, main] = (r.stderr.split('\n').find((l) => l.startsWith(CPU_MARK)) ?? CPU_MARK).slice(CPU_MARK.length).split(' ').map(Number);
  return { ms, cpuMs: all / 1000, mainCpuMs: main >= 0 ? main / 1000 : NaN, stdout: r.stdout };
}

export function cliBench(dir: string, options: { quick?: boolean; runs?: number } = {}): void {
  const count = options.quick ? 100 : 1000;
  const runs = options.runs ?? 3;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  console.log(`\n## CLI on a folder: one thread and every core (--jobs ${cores})\n`);
  console.log(`load average before: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; medians of ${runs} alternating runs; CPU = user + sys of every thread\n`);
  console.log(`| files | components per file | --jobs 1 | --jobs ${cores} | ratio | CPU --jobs 1 (its main thread) | CPU --jobs ${cores} | CPU ratio | bound |`);
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [label, size] of [
    ['10–50', (i: number) => 10 + (i % 5) * 10],
    ['50–250', (i: number) => 50 + (i % 5) * 50],
  ] as const) {
    const folder = path.join(dir, `cli-${label}`);
    fs.mkdirSync(folder, { recursive: true });
    for (let i = 0; i < count; i++) fs.writeFileSync(path.join(folder, `p${i}.veltrix.yaml`), generatePipeline(size(i), { errors: i % 2 === 0 }).text);
    const one: Run[] = [];
    const all: Run[] = [];
    for (let r = 0; r < runs; r++) {
      const a = check(folder, 1);
      const b = check(folder, cores);
      if (a.stdout !== b.stdout) throw new Error(`--jobs 1 and --jobs ${cores} printed different reports`);
      one.push(a);
      all.push(b);
    }
    const [w1, wN] = [median(one.map((r) => r.ms)), median(all.map((r) => r.ms))];
    const [c1, cN, m1] = [median(one.map((r) => r.cpuMs)), median(all.map((r) => r.cpuMs)), median(one.map((r) => r.mainCpuMs))];
    const rate = (ms: number) => `${(count / (ms / 1000)).toFixed(0)} files/s (${(ms / 1000).toFixed(2)} s)`;
    const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`| ${count} | ${label} | ${rate(w1)} | ${rate(wN)} | ${(w1 / wN).toFixed(2)}× | ${secs(c1)} (${secs(m1)}) | ${secs(cN)} | ${(cN / c1).toFixed(2)}× | ${((cores * m1) / cN).toFixed(2)}× |`);
  }
  console.log(`\nload average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

if (require.main === module) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-bench-cli-'));
  try {
    cliBench(dir, { quick: process.argv.includes('--quick') });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// `veltrix-lint check` on a folder of generated files, on one thread
// (--jobs 1) and on every core (the default), side by side: files per second
// and the ratio. Runs alternate between the two, medians reported; the load
// average is printed, since on a shared machine the other processes decide
// how much of the second core there is. Also checks that both print the same.
// Part of `npm run bench` (--only cli); alone: `npm run bench:cli [-- --quick]`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { generatePipeline } from './generate';

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'bin', 'veltrix-lint.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function check(folder: string, jobs: number | undefined): { ms: number; stdout: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [cli, 'check', folder, '--format', 'json', ...(jobs ? ['--jobs', String(jobs)] : [])], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`veltrix-lint exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

export function cliBench(dir: string, options: { quick?: boolean; runs?: number } = {}): void {
  const count = options.quick ? 100 : 1000;
  const runs = options.runs ?? 3;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  console.log(`\n## CLI on a folder: one thread and every core (${cores})\n`);
  console.log(`load average before: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; medians of ${runs} alternating runs\n`);
  console.log('| files | components per file | --jobs 1 | every core | ratio |');
  console.log('|---:|---|---:|---:|---:|');
  for (const [label, size] of [
    ['10–50', (i: number) => 10 + (i % 5) * 10],
    ['50–250', (i: number) => 50 + (i % 5) * 50],
  ] as const) {
    const folder = path.join(dir, `cli-${label}`);
    fs.mkdirSync(folder, { recursive: true });
    for (let i = 0; i < count; i++) fs.writeFileSync(path.join(folder, `p${i}.veltrix.yaml`), generatePipeline(size(i), { errors: i % 2 === 0 }).text);
    const one: number[] = [];
    const all: number[] = [];
    for (let r = 0; r < runs; r++) {
      const a = check(folder, 1);
      const b = check(folder, undefined);
      if (a.stdout !== b.stdout) throw new Error('--jobs 1 and every core printed different reports');
      one.push(a.ms);
      all.push(b.ms);
    }
    const rate = (ms: number) => `${(count / (ms / 1000)).toFixed(0)} files/s (${(ms / 1000).toFixed(2)} s)`;
    console.log(`| ${count} | ${label} | ${rate(median(one))} | ${rate(median(all))} | ${(median(one) / median(all)).toFixed(2)}× |`);
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

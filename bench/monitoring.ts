// `npm run bench:monitoring`: generating the monitoring of a pipeline (spec
// monitoring.md: Prometheus rules, their promtool tests, a Grafana dashboard)
// at 10, 100, 1,000 and 10,000 components (generated pipelines with an SLO), in
// process, beside what it reads: the analysis of the same text (the facts it
// takes are the analysis's, never computed again). Where promtool is found
// (scripts/install-promtool.sh), the time `promtool check rules` and
// `promtool test rules` take on what was generated, in the same run: the
// standard tool's own reading of the output, as a yardstick (the rule tests
// only up to --promtool-test-up-to components, default 10: promtool takes
// minutes on the thousands of cases of bigger pipelines).
// Prints figures (median of --runs, default 5); asserts nothing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzePipeline } from '../core/src/index';
import { generateMonitoring } from '../core/src/monitoring/index';
import { findPromtool } from '../test/helpers/promtool';
import { arg } from './args';
import { generatePipeline } from './generate';

const runs = Number(arg('runs', '5'));
/** `promtool test rules` evaluates every generated case: about 3 minutes at 100 components, so only up to this size. */
const testUpTo = Number(arg('promtool-test-up-to', '10'));
const sizes = arg('sizes', '10,100,1000,10000').split(',').map(Number);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x.toFixed(0)} ms`;
const kb = (s: string) => `${(Buffer.byteLength(s) / 1024).toFixed(0)} kB`;
const host = { readFile: () => undefined };

/** A generated pipeline with the SLO the monitoring is built from. */
function withSlo(components: number): string {
  return generatePipeline(components).text.replace('  delivery: at-least-once', '  delivery: at-least-once\n  slo:\n    latency_p99: 2m\n    throughput: 8k/s');
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

function main(): void {
  const promtool = findPromtool();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-bench-monitoring-'));
  console.log(`\n## Monitoring generation (median of ${runs}; load average ${os.loadavg()[0].toFixed(1)})\n`);
  console.log('| components | analysis (what it reads) | generation | that / analysis | rules / tests / dashboard | alerts, test cases | `promtool check rules` | `promtool test rules` |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  try {
    // Warm the JIT on a small pipeline first, as an editor session would be.
    for (let r = 0; r < 20; r++) generateMonitoring(analyzePipeline('file:///bench/warm.veltrix.yaml', withSlo(50), { host }), 'warm.veltrix.yaml');
    for (const size of sizes) {
      const text = withSlo(size);
      const uri = `file:///bench/m${size}.veltrix.yaml`;
      const analysisMs: number[] = [];
      const generationMs: number[] = [];
      let files: ReturnType<typeof generateMonitoring> | undefined;
      for (let r = 0; r < runs; r++) {
        // A fresh text each run: no memo of an earlier analysis.
        const [analysis, a] = timed(() => analyzePipeline(uri, `${text}\n# run ${r}\n`, { host }));
        const [m, g] = timed(() => generateMonitoring(analysis, `m${size}.veltrix.yaml`));
        analysisMs.push(a);
        generationMs.push(g);
        files = m;
      }
      const m = files!;
      const alerts = m.ruleSet.alerts.length;
      const cases = m.ruleSet.alerts.reduce((n, x) => n + x.cases.length, 0);
      let check = 'no promtool';
      let test = 'no promtool';
      if (promtool) {
        const sub = path.join(dir, String(size));
        fs.mkdirSync(sub);
        fs.writeFileSync(path.join(sub, m.names.rules), m.rules);
        fs.writeFileSync(path.join(sub, m.names.tests), m.tests);
        const run = (args: string[]) => {
          const [r, t] = timed(() => spawnSync(promtool, args, { cwd: sub, encoding: 'utf8' }));
          return r.status === 0 ? ms(t) : `failed (${r.status})`;
        };
        check = run(['check', 'rules', m.names.rules]);
        test = size <= testUpTo ? run(['test', 'rules', m.names.tests]) : `– (over ${testUpTo} components)`;
      }
      const a = median(analysisMs);
      const g = median(generationMs);
      console.log(`| ${size.toLocaleString('en')} | ${ms(a)} | ${ms(g)} | ${(g / a).toFixed(2)} | ${kb(m.rules)} / ${kb(m.tests)} / ${kb(m.dashboard)} | ${alerts}, ${cases} | ${check} | ${test} |`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();

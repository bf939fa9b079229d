// `veltrix-lint monitor`, run for real: the three files written (to --out, or
// monitoring/ beside the pipeline) are the core's output; exit 1 and nothing
// written when the pipeline has errors; exit 2 for bad usage, an unreadable
// file, a fragment or an unwritable output directory; never a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateFor } from '../monitoring/corpus';

const repo = path.resolve(__dirname, '..', '..');
const mainTs = path.join(repo, 'cli', 'src', 'main.ts');
// tsx by path: some runs start outside the repository.
const tsx = pathToFileURL(path.join(repo, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

function run(args: string[], cwd = repo): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', tsx, mainTs, 'monitor', ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, `stack trace on stderr:\n${r.stderr}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('writes the core output to --out, exit 0, and lists what it wrote', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-monitor-'));
  try {
    const r = run(['examples/orders.veltrix.yaml', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /orders\.rules\.yaml\n.*orders\.rules\.test\.yaml\n.*orders\.dashboard\.json\n10 recording rules, 34 alerts, 69 rule tests\n$/);
    const m = generateFor(path.join(repo, 'examples', 'orders.veltrix.yaml'));
    assert.equal(fs.readFileSync(path.join(out, 'orders.rules.yaml'), 'utf8'), m.rules);
    assert.equal(fs.readFileSync(path.join(out, 'orders.rules.test.yaml'), 'utf8'), m.tests);
    assert.equal(fs.readFileSync(path.join(out, 'orders.dashboard.json'), 'utf8'), m.dashboard);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('without --out: monitoring/ beside the pipeline file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-monitor-'));
  try {
    fs.mkdirSync(path.join(dir, 'pipelines'));
    fs.copyFileSync(path.join(repo, 'examples', 'orders.veltrix.yaml'), path.join(dir, 'pipelines', 'orders.veltrix.yaml'));
    const r = run(['pipelines/orders.veltrix.yaml'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'pipelines', 'monitoring')).sort(), ['orders.dashboard.json', 'orders.rules.test.yaml', 'orders.rules.yaml']);
    assert.match(fs.readFileSync(path.join(dir, 'pipelines', 'monitoring', 'orders.rules.yaml'), 'utf8'), /Pipeline file: pipelines\/orders\.veltrix\.yaml\./);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a pipeline with errors: exit 1, the errors on stderr, nothing written', () => {
  const out = path.join(os.tmpdir(), `veltrix-monitor-none-${process.pid}`);
  const r = run(['examples/mistakes.veltrix.yaml', '--out', out]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /'examples\/mistakes\.veltrix\.yaml' has \d+ errors; fix them before generating its monitoring:\nexamples\/mistakes\.veltrix\.yaml:\d+:\d+ VX\d{3} /);
  assert.ok(!fs.existsSync(out));
});

test('bad usage, unreadable file, fragment, unwritable directory: exit 2 with one line', () => {
  let r = run([]);
  assert.equal(r.code, 2);
  r = run(['nowhere.veltrix.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^veltrix-lint: cannot read 'nowhere\.veltrix\.yaml'/);
  r = run(['examples/clickstream/enrichment.veltrix.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /is a fragment \(no pipeline:\)/);
  const file = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-monitor-')) + '/a-file';
  fs.writeFileSync(file, '');
  r = run(['examples/orders.veltrix.yaml', '--out', file]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^veltrix-lint: cannot write to /);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

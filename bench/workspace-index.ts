// The server's start-up index of a big workspace: a 1,000-component pipeline
// opened right after `initialized` (as VS Code does), alone in its folder and
// beside 20,000 small pipeline files (veltrix.index.maxFiles raised to 20,000,
// and at its default of 5,000). Printed: open → first diagnostics, the time
// the index took, and the server's peak RSS once the index is done. Fresh
// server each run, the cases alternating; medians.
// `npm run bench:index [-- --files 20000 --runs 3]`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { BenchClient, type ServerSpec } from './lsp-client';
import { generatePipeline } from './generate';
import { arg } from './args';

const root = path.resolve(__dirname, '..');

function server(maxFiles: number): ServerSpec {
  const veltrix = { enable: true, rules: {}, model: { enabled: true }, index: { maxFiles } };
  return {
    name: 'veltrix',
    command: process.execPath,
    args: [path.join(root, 'dist', 'server.js'), '--stdio'],
    configuration: (section) => (section === 'veltrix' ? veltrix : { veltrix }),
  };
}

interface Run {
  open: number;
  indexed: number;
  files: number;
  rss: number;
}

async function measure(dir: string, maxFiles: number, text: string): Promise<Run> {
  const client = new BenchClient(server(maxFiles), dir);
  let indexed = -1;
  let files = 0;
  let onIndexed = () => undefined as void;
  const done = new Promise<void>((resolve) => (onIndexed = resolve));
  client.conn.onNotification('window/logMessage', (p: { message: string }) => {
    const m = /indexed (\d+) pipeline files in (\d+) ms/.exec(p.message);
    if (!m) return;
    files = Number(m[1]);
    indexed = Number(m[2]);
    onIndexed();
  });
  client.conn.onRequest('window/showMessageRequest', () => null);
  try {
    await client.initialize(pathToFileURL(dir).toString());
    const uri = pathToFileURL(path.join(dir, 'main.veltrix.yaml')).toString();
    const first = client.nextDiagnostics(uri, 1);
    const t = performance.now();
    client.open(uri, 'veltrix', text, 1);
    await first;
    const open = performance.now() - t;
    await Promise.race([done, new Promise((r) => setTimeout(r, 120_000))]);
    return { open, indexed, files, rss: client.peakRss() };
  } finally {
    await client.dispose();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const count = Number(arg('files', '20000'));
  const runs = Number(arg('runs', '3'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-bench-index-'));
  try {
    const text = generatePipeline(1000).text;
    const alone = path.join(tmp, 'alone');
    const big = path.join(tmp, 'big');
    for (const d of [alone, big]) {
      fs.mkdirSync(d);
      fs.writeFileSync(path.join(d, 'main.veltrix.yaml'), text);
    }
    // 20,000 small pipelines in 200 folders of 100, a tenth of them importing a fragment of their folder.
    const small = generatePipeline(10).text;
    for (let f = 0; f < count / 100; f++) {
      const d = path.join(big, `team${f}`);
      fs.mkdirSync(d);
      fs.writeFileSync(path.join(d, 'shared.veltrix.yaml'), 'veltrix: 1\nschemas:\n  Shared:\n    id: string\n');
      for (let i = 0; i < 99; i++) fs.writeFileSync(path.join(d, `p${i}.veltrix.yaml`), i % 10 === 0 ? small.replace('schemas:', 'imports:\n  - shared.veltrix.yaml\nschemas:') : small);
    }
    console.log(`\n## Start-up index of a big workspace (${count.toLocaleString('en')} pipeline files beside a 1,000-component file opened at start)\n`);
    console.log(`load average before: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; medians of ${runs} runs, a fresh server each\n`);
    const cases: Array<[string, string, number]> = [
      ['the file alone in its folder', alone, 20000],
      [`beside ${count.toLocaleString('en')} files, veltrix.index.maxFiles 20,000`, big, 20000],
      [`beside ${count.toLocaleString('en')} files, veltrix.index.maxFiles 5,000 (default)`, big, 5000],
    ];
    const results = cases.map(() => [] as Run[]);
    for (let r = 0; r < runs; r++) for (const [i, [, dir, max]] of cases.entries()) results[i].push(await measure(dir, max, text));
    console.log('| workspace | open → first diagnostics | files indexed | index took | peak RSS (index done) |');
    console.log('|---|---:|---:|---:|---:|');
    const base = median(results[0].map((x) => x.open));
    for (const [i, [label]] of cases.entries()) {
      const rs = results[i];
      const open = median(rs.map((x) => x.open));
      const delay = i === 0 ? '' : ` (${open >= base ? '+' : ''}${(((open - base) / base) * 100).toFixed(0)}%)`;
      const range = `${Math.min(...rs.map((x) => x.open)).toFixed(0)}–${Math.max(...rs.map((x) => x.open)).toFixed(0)}`;
      console.log(`| ${label} | ${open.toFixed(0)} ms${delay}; runs ${range} | ${median(rs.map((x) => x.files)).toLocaleString('en')} | ${median(rs.map((x) => x.indexed)).toLocaleString('en')} ms | ${(median(rs.map((x) => x.rss)) / 2 ** 20).toFixed(0)} MB |`);
    }
    console.log(`\nload average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

void main();

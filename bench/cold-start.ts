// `npm run bench:cold`: the first document of a fresh server, ours and
// yaml-language-server taking turns in the same run (a fresh process each
// time; medians). Three clocks per start: spawn → `initialize` answered,
// `didOpen` → its first diagnostics (the row of `npm run bench`), and
// spawn → those diagnostics (what a user waits for in all). Options:
// --size 1000 --runs 7. A second row of ours runs without V8's code cache
// (VELTRIX_CODE_CACHE=0, server/src/boot.ts), to show what the cache gives.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchClient, type ServerSpec } from './lsp-client';
import { ours, yamlLs } from './servers';
import { generatePipeline } from './generate';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const size = Number(arg('size', '1000'));
const runs = Number(arg('runs', '7'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

interface Start {
  init: number;
  open: number;
  total: number;
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
    return { init: t1 - t0, open: t3 - t2, total: t3 - t0 };
  } finally {
    await client.dispose();
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-cold-'));
  const text = generatePipeline(size).text;
  const rows: Array<[string, string, NodeJS.ProcessEnv | undefined, ServerSpec, Start[]]> = [
    ['veltrix', 'veltrix', undefined, ours(), []],
    ['veltrix, no code cache', 'veltrix', { ...process.env, VELTRIX_CODE_CACHE: '0' }, ours(), []],
    ['yaml-language-server', 'yaml', undefined, yamlLs(), []],
  ];
  try {
    for (let r = 0; r < runs; r++) for (const [, lang, env, spec, out] of rows) out.push(await start(spec, lang, dir, text, r, env));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const yls = rows[2][4];
  console.log(`\n## First document of a fresh server, ${size} components (medians of ${runs} fresh servers each, taking turns)\n`);
  console.log('| server | spawn → initialize answered | didOpen → diagnostics | spawn → diagnostics | ratio didOpen (yls / ours) | ratio spawn (yls / ours) |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [name, , , , out] of rows) {
    const m = (k: keyof Start, xs = out) => median(xs.map((s) => s[k]));
    console.log(`| ${name} | ${m('init').toFixed(0)} ms | ${m('open').toFixed(0)} ms | ${m('total').toFixed(0)} ms | ${(m('open', yls) / m('open')).toFixed(1)}x | ${(m('total', yls) / m('total')).toFixed(1)}x |`);
  }
}

void main();

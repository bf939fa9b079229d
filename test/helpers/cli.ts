// Runs the real `veltrix-lint` as a child process. The CLI is bundled once
// from source (as `npm run build` does) into a temp folder, so every spawn
// runs the bundled program without paying for TypeScript compilation.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

export const REPO = path.resolve(__dirname, '..', '..');
const mainTs = path.join(REPO, 'cli', 'src', 'main.ts');
let bundle: string | undefined;

/** The bundled CLI (built on first use), for scripts that run `node <bundle>`. */
export function bundled(): string {
  if (bundle) return bundle;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-cli-bundle-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, 'cli.js');
  buildSync({ entryPoints: [mainTs], outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'error' });
  return (bundle = out);
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const r = spawnSync(process.execPath, [bundled(), ...args], { cwd: opts.cwd ?? REPO, env: { ...process.env, NO_COLOR: '1', ...opts.env }, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs with `--format json` and parses stdout (asserting exit 0). */
export function runCliJson<T = unknown>(args: string[], opts: Parameters<typeof runCli>[1] = {}): T {
  const r = runCli([...args, '--format', 'json'], opts);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

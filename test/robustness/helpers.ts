// Shared checks of the robustness suites: every range lies inside its
// document, every edit can be applied, and a small in-memory FileHost.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { LineIndex, type FileHost, type Finding, type Range } from '../../core/src/index';
import type { TextEdit } from '../../core/src/language/index';

/** `line < lineCount` and `character <= length of that line` for both ends, start <= end. */
export function rangeProblem(text: string, r: Range | undefined, lines = new LineIndex(text)): string | undefined {
  if (!r || !r.start || !r.end) return 'missing range';
  for (const [name, p] of [['start', r.start], ['end', r.end]] as const) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character)) return `${name} is not integral: ${JSON.stringify(p)}`;
    if (p.line < 0 || p.line >= lines.lineCount) return `${name}.line ${p.line} outside 0..${lines.lineCount - 1}`;
    const len = lines.lineText(p.line).length;
    if (p.character < 0 || p.character > len) return `${name}.character ${p.character} outside 0..${len} on line ${p.line}`;
  }
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) return `start after end: ${JSON.stringify(r)}`;
  return undefined;
}

export function assertRange(text: string, r: Range | undefined, what: string, lines?: LineIndex): void {
  const p = rangeProblem(text, r, lines);
  if (p) assert.fail(`${what}: ${p} (range ${JSON.stringify(r)})`);
}

/** Every finding (and related location) lies inside the document it names. */
export function assertFindingsInside(findings: Finding[], textOf: (uri: string) => string | undefined): void {
  const indexes = new Map<string, LineIndex>();
  const idx = (uri: string) => {
    let l = indexes.get(uri);
    if (!l) {
      const t = textOf(uri);
      if (t === undefined) return undefined;
      indexes.set(uri, (l = new LineIndex(t)));
    }
    return l;
  };
  for (const f of findings) {
    const l = idx(f.uri);
    assert.ok(l, `${f.code} names a document that was not analysed: ${f.uri}`);
    assertRange(l.text, f.range, `${f.code} '${f.message}'`, l);
    assert.ok(typeof f.message === 'string' && f.message.length > 0, `${f.code} has an empty message`);
    for (const r of f.related ?? []) {
      const rl = idx(r.location.uri);
      if (rl) assertRange(rl.text, r.location.range, `related info of ${f.code} '${r.message}'`, rl);
    }
    if (f.data && 'parentRange' in f.data && f.data.parentRange) assertRange(l.text, f.data.parentRange, `${f.code} fix data parentRange`, l);
    if (f.data && 'keyRange' in f.data && f.data.keyRange) assertRange(l.text, f.data.keyRange, `${f.code} fix data keyRange`, l);
  }
}

function cmp(a: Range['start'], b: Range['start']): number {
  return a.line - b.line || a.character - b.character;
}

/** Edits of one document: each range inside it, and no two overlapping (so the set can be applied at once). */
export function assertEditsApplicable(text: string, edits: TextEdit[], what: string): string {
  const lines = new LineIndex(text);
  for (const e of edits) {
    assertRange(text, e.range, `${what} edit`, lines);
    assert.equal(typeof e.newText, 'string', `${what}: newText is not a string`);
  }
  const sorted = [...edits].sort((a, b) => cmp(a.range.start, b.range.start) || cmp(a.range.end, b.range.end));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1].range;
    const cur = sorted[i].range;
    const overlap = cmp(cur.start, prev.end) < 0;
    assert.ok(!overlap, `${what}: edits overlap: ${JSON.stringify(prev)} and ${JSON.stringify(cur)}`);
  }
  // Apply back to front.
  let out = text;
  for (const e of [...sorted].reverse()) out = out.slice(0, lines.offset(e.range.start)) + e.newText + out.slice(lines.offset(e.range.end));
  return out;
}

/** A FileHost over an in-memory map of uri -> text (undefined: unreadable). */
export function memHost(files: Record<string, string | undefined>, dirs: string[] = []): FileHost {
  return { readFile: (uri) => files[uri], isDirectory: (uri) => dirs.includes(uri) };
}

export const noFiles: FileHost = { readFile: () => undefined, isDirectory: () => false };

/** Runs `fn` and returns its result with the elapsed milliseconds. */
export function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

/** A JSON form of a result, for determinism checks (Maps and Sets as arrays; no cycles expected). */
export function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x instanceof Map ? [...x.entries()] : x instanceof Set ? [...x] : x));
}

// ---- The CLI as a child process (bundled once from source, as test/cli does) ----

export const repoRoot = path.resolve(__dirname, '..', '..');
let bundlePath: string | undefined;

/** Path of a fresh bundle of cli/src/main.ts (built on first use, removed at exit). */
export function cliBundle(): string {
  if (bundlePath) return bundlePath;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-robust-cli-'));
  const out = path.join(dir, 'cli.js');
  buildSync({ entryPoints: [path.join(repoRoot, 'cli', 'src', 'main.ts')], outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'error' });
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return (bundlePath = out);
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runCli(args: string[], opts: { cwd?: string; timeout?: number } = {}): CliRun {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cliBundle(), ...args], { cwd: opts.cwd ?? repoRoot, encoding: 'utf8', timeout: opts.timeout ?? 60_000, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: performance.now() - t0 };
}

/** Asynchronous variant, so that several CLI runs can overlap. */
export function runCliAsync(args: string[], opts: { cwd?: string; timeout?: number } = {}): Promise<CliRun> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBundle(), ...args], { cwd: opts.cwd ?? repoRoot, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeout ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

/** Exit 0 or 1, nothing that looks like a stack trace or an internal error. */
export function assertCleanExit(r: CliRun, what: string): void {
  assert.ok(r.signal === null, `${what}: killed by ${r.signal} after ${Math.round(r.ms)} ms (hang?)`);
  assert.ok(r.code === 0 || r.code === 1, `${what}: exit ${r.code}; stderr: ${r.stderr.slice(0, 500)}`);
  assert.doesNotMatch(r.stderr, /\n\s+at .+\(.+:\d+:\d+\)|internal error|RangeError|TypeError/, `${what}: stack trace or internal error on stderr: ${r.stderr.slice(0, 500)}`);
}

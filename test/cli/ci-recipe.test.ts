// The before/after CI recipe of docs/ci.md, run as written: the script
// between `<!-- veltrix-model-diff.sh -->` and its fence is extracted and
// run with bash in a git repository with a base branch and a change, using
// this checkout's CLI (VELTRIX_LINT). Its comment carries the markdown table
// of every changed pipeline file, a new file's model, and nothing for files
// the change leaves alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundled, REPO, runCli } from '../helpers/cli';

const doc = fs.readFileSync(path.join(REPO, 'docs', 'ci.md'), 'utf8');
const script = /<!-- veltrix-model-diff\.sh -->\n```bash\n([\s\S]*?\n)```\n/.exec(doc)?.[1];
const example = (name: string) => fs.readFileSync(path.join(REPO, 'examples', 'post-mortem', name), 'utf8');

test('the recipe script comments on every changed pipeline file, and only on those', () => {
  assert.ok(script, 'docs/ci.md has the script between <!-- veltrix-model-diff.sh --> and its ```bash fence');
  const repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-ci-recipe-')));
  try {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...args], { cwd: repo, stdio: 'pipe' }).toString().trim();
    fs.mkdirSync(path.join(repo, 'scripts'));
    fs.writeFileSync(path.join(repo, 'scripts', 'veltrix-model-diff.sh'), script!, { mode: 0o755 });
    fs.mkdirSync(path.join(repo, 'pipelines'));
    fs.writeFileSync(path.join(repo, 'pipelines', 'payments.veltrix.yaml'), example('before.veltrix.yaml'));
    fs.writeFileSync(path.join(repo, 'pipelines', 'untouched.veltrix.yaml'), example('before.veltrix.yaml'));
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('checkout', '-q', '-b', 'change');
    fs.writeFileSync(path.join(repo, 'pipelines', 'payments.veltrix.yaml'), example('after.veltrix.yaml'));
    fs.writeFileSync(path.join(repo, 'pipelines', 'new.veltrix.yaml'), example('after.veltrix.yaml'));
    git('add', '.');
    git('commit', '-q', '-m', 'the fix');

    const r = spawnSync('bash', ['scripts/veltrix-model-diff.sh', 'main'], { cwd: repo, encoding: 'utf8', env: { ...process.env, VELTRIX_LINT: `${process.execPath} ${bundled()}` } });
    assert.equal(r.status, 0, r.stderr);
    const out = r.stdout;
    assert.match(out, /^<!-- veltrix-model-diff -->\n/);
    const base = git('rev-parse', '--short', 'main');
    const table = runCli(['model', 'pipelines/payments.veltrix.yaml', '--baseline', `git:${base}`, '--format', 'markdown'], { cwd: repo }).stdout;
    assert.ok(out.includes(table), 'the changed file gets the CLI\'s markdown table');
    assert.match(table, /\| \*\*end-to-end p99\*\* \|/);
    assert.match(out, /### pipelines\/new\.veltrix\.yaml \(new file\)\n\n```text\nCapacity model of pipelines\/new\.veltrix\.yaml/);
    assert.doesNotMatch(out, /untouched/);

    // No pipeline change: one line says so.
    const none = spawnSync('bash', ['scripts/veltrix-model-diff.sh', 'change'], { cwd: repo, encoding: 'utf8', env: { ...process.env, VELTRIX_LINT: `${process.execPath} ${bundled()}` } });
    assert.equal(none.status, 0, none.stderr);
    assert.equal(none.stdout, '<!-- veltrix-model-diff -->\nNo pipeline file changed.\n');
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
});

// `check --format codequality`: the GitLab code quality report (Code Climate
// issues). Every field GitLab requires (docs.gitlab.com, "Code quality report
// format": description, check_name, fingerprint, severity, location.path,
// location.lines.begin), unique fingerprints equal to SARIF's, paths relative
// to the repository root from a subfolder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, runCli } from '../helpers/cli';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

test('a GitLab code quality report: required fields, severities, unique fingerprints shared with SARIF, repository-relative paths', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-cq-'));
  try {
    fs.mkdirSync(path.join(root, '.git'));
    const sub = path.join(root, 'pipelines');
    fs.cpSync(path.join(REPO, 'examples'), sub, { recursive: true });
    const r = runCli(['check', '.', '--format', 'codequality'], { cwd: sub });
    assert.equal(r.code, 1, r.stderr); // mistakes.veltrix.yaml has errors
    const issues: Json[] = JSON.parse(r.stdout);
    assert.ok(Array.isArray(issues) && issues.length >= 10);
    for (const issue of issues) {
      assert.equal(typeof issue.description, 'string');
      assert.match(issue.check_name, /^VX\d{3} [a-z-]+$/);
      assert.match(issue.fingerprint, /^[0-9a-f]{32}$/);
      assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(issue.severity), issue.severity);
      assert.match(issue.location.path, /^pipelines\/[^/]/);
      assert.ok(fs.existsSync(path.join(root, issue.location.path)));
      assert.ok(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1);
      assert.equal(issue.type, 'issue');
    }
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length);
    const sarif = JSON.parse(runCli(['check', '.', '--format', 'sarif'], { cwd: sub }).stdout);
    const sarifPrints = sarif.runs[0].results.map((x: Json) => x.partialFingerprints['veltrixFinding/v1']);
    assert.deepEqual(issues.map((i) => i.fingerprint), sarifPrints);
    const error = issues.find((i) => i.check_name.startsWith('VX100'));
    assert.equal(error.severity, 'critical');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

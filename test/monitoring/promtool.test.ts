/**
 * The generated rules of every example and fixture pipeline through the real
 * promtool (Debian's, scripts/install-promtool.sh): `promtool check rules`
 * accepts them, and the generated `promtool test rules` files pass (each
 * alert fires on its firing case and stays quiet just below its threshold).
 * Without promtool the suite skips loudly; VELTRIX_REQUIRE_E2E=1 fails.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PROMTOOL, PROMTOOL_MISSING, promtool } from '../helpers/promtool';
import { corpus, type Generated } from './corpus';

let dir = '';
let generated: Generated[] = [];
const written: { rules: string; tests: string; alerts: number; cases: number }[] = [];

describe('generated monitoring through the real promtool', { skip: PROMTOOL ? false : PROMTOOL_MISSING }, () => {
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-promtool-'));
    generated = corpus();
    generated.forEach((g, i) => {
      // One folder per pipeline: fixtures share pipeline names.
      const sub = path.join(dir, String(i));
      fs.mkdirSync(sub);
      fs.writeFileSync(path.join(sub, g.monitoring.names.rules), g.monitoring.rules);
      fs.writeFileSync(path.join(sub, g.monitoring.names.tests), g.monitoring.tests);
      const alerts = g.monitoring.ruleSet.alerts;
      written.push({ rules: path.join(sub, g.monitoring.names.rules), tests: path.join(sub, g.monitoring.names.tests), alerts: alerts.length, cases: alerts.reduce((n, a) => n + a.cases.length, 0) });
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('promtool is Debian bookworm 2.42', () => {
    const r = promtool(['--version'], dir);
    console.log(`  ${(r.stdout + r.stderr).split('\n')[0]}`);
    assert.match(r.stdout + r.stderr, /version 2\.\d+/);
  });

  test('promtool check rules accepts the rules of every example and fixture', () => {
    assert.ok(generated.length >= 20, `only ${generated.length} pipelines`);
    // --lint=all --lint-fatal: a duplicate rule would exit 3.
    const r = promtool(['check', 'rules', '--lint=all', '--lint-fatal', ...written.map((w) => w.rules)], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const found = [...r.stdout.matchAll(/SUCCESS: (\d+) rules found/g)].map((m) => Number(m[1]));
    assert.equal(found.length, written.length, r.stdout);
    console.log(`  ${written.length} rule files, ${found.reduce((a, b) => a + b, 0)} rules: SUCCESS`);
    assert.doesNotMatch(r.stdout + r.stderr, /WARNING|FAILED/);
  });

  test('promtool test rules passes every generated test file', () => {
    const r = promtool(['test', 'rules', ...written.map((w) => w.tests)], dir);
    assert.equal(r.status, 0, (r.stdout + r.stderr).slice(0, 4000));
    assert.equal([...r.stdout.matchAll(/^\s+SUCCESS$/gm)].length, written.length, r.stdout);
    const cases = written.reduce((n, w) => n + w.cases, 0);
    console.log(`  ${written.length} test files, ${cases} cases (${written.reduce((n, w) => n + w.alerts, 0)} alerts): SUCCESS`);
  });

  test('a broken expectation fails promtool test rules (the tests do test)', () => {
    const g = generated.find((x) => x.monitoring.ruleSet.alerts.length > 0)!;
    const sub = fs.mkdtempSync(path.join(dir, 'broken-'));
    fs.writeFileSync(path.join(sub, g.monitoring.names.rules), g.monitoring.rules);
    // The first firing case now expects a different severity.
    const tests = g.monitoring.tests.replace(/(exp_labels:\n\s+severity: )(page|ticket)/, (_m, a, s) => a + (s === 'page' ? 'ticket' : 'page'));
    assert.notEqual(tests, g.monitoring.tests);
    fs.writeFileSync(path.join(sub, g.monitoring.names.tests), tests);
    const r = promtool(['test', 'rules', path.join(sub, g.monitoring.names.tests)], sub);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /FAILED/);
  });
});

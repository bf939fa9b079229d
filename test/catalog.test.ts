// Every code of the rule catalog has a default severity, a documentation page
// (docs/rules/<code>.md, naming the code, its name and its severity) and at
// least one fixture under test/fixtures/rules that expects it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATALOG, docsUrl } from '../core/src/index';
import { expectedMarkers, fixtureFiles, testFixtureFiles } from './helpers/fixtures';
import { isRuleCode, type RuleCode } from '../core/src/rules/catalog';

/** VX099 is an internal error: no configuration is meant to produce it. */
const NO_FIXTURE = new Set(['VX099']);
const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);

test('every catalog code has a severity, a docs page and a fixture', () => {
  const expected = new Set<string>();
  for (const file of [...fixtureFiles(), ...testFixtureFiles()]) for (const m of expectedMarkers(fs.readFileSync(file, 'utf8')).expected) expected.add(m.split(':')[1]);
  const root = path.join(__dirname, '..');
  for (const [code, info] of CATALOG) {
    assert.ok(SEVERITIES.has(info.severity), `${code}: severity '${info.severity}'`);
    assert.ok(info.summary.length > 10, `${code}: summary`);
    const page = path.join(root, 'docs', 'rules', `${code}.md`);
    assert.ok(fs.existsSync(page), `${code}: docs/rules/${code}.md is missing`);
    const text = fs.readFileSync(page, 'utf8');
    assert.match(text, new RegExp(`^# ${code} ${info.name}`, 'm'), `${code}: the page's title names the code and '${info.name}'`);
    assert.match(text, new RegExp(`Default severity: \\*\\*${info.severity}\\*\\*`), `${code}: the page states severity ${info.severity}`);
    assert.ok(docsUrl(code).endsWith(`docs/rules/${code}.md`));
    if (!NO_FIXTURE.has(code)) assert.ok(expected.has(code), `${code}: no fixture under test/fixtures/rules expects it`);
  }
});

test('every docs page belongs to a catalog code', () => {
  const dir = path.join(__dirname, '..', 'docs', 'rules');
  for (const f of fs.readdirSync(dir).filter((f) => /^VX\d{3}\.md$/.test(f))) assert.ok(CATALOG.has(f.slice(0, 5)), `${f} documents no catalog code`);
});

test('RuleCode: a code outside the catalog does not compile where a rule code is required', () => {
  const known: RuleCode[] = ['VX001', 'VX304'];
  // @ts-expect-error VX999 is not in the catalog (npm run typecheck fails if RuleCode ever widens to string)
  const mistyped: RuleCode = 'VX999';
  assert.ok(known.every(isRuleCode));
  assert.equal(isRuleCode(mistyped), false);
  assert.equal(isRuleCode('vx001'), false);
});

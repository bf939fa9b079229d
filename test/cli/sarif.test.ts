// `check --format sarif` as code scanning reads it: Microsoft's SARIF
// Multitool (`validate` with the SARIF, GitHub and GHAS rule sets) finds no error
// and no warning on the SARIF of every example and rule fixture; paths are
// relative to the repository root from any subfolder; fingerprints survive
// unrelated edits; every rule carries its page as help; related locations are
// linked from the message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, runCli } from '../helpers/cli';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const MULTITOOL = path.join(REPO, 'node_modules', `@microsoft/sarif-multitool-${process.platform}`, process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool');
/** Note-level suggestions we choose not to follow (each would bloat the file or needs the network). */
const ACCEPTED_NOTES = new Set([
  'SARIF2002', // message ids and arguments instead of text
  'SARIF2003', // versionControlProvenance (upload-sarif adds the commit)
  'SARIF2006', // URIs reachable over HTTP (no network here)
  'SARIF2012', // Pascal-case rule names (ours are the documented kebab-case names)
  'SARIF2013', // embedded file contents
]);

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-sarif-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A git repository with the examples and the rule fixtures in a subfolder. */
function repoWithPipelines(): { root: string; sub: string } {
  const root = tempDir();
  fs.mkdirSync(path.join(root, '.git'));
  const sub = path.join(root, 'deploy', 'pipelines');
  fs.cpSync(path.join(REPO, 'examples'), path.join(sub, 'examples'), { recursive: true });
  fs.cpSync(path.join(REPO, 'test', 'fixtures', 'rules'), path.join(sub, 'rules'), { recursive: true });
  return { root, sub };
}

function sarifOf(args: string[], cwd: string): Json {
  const r = runCli(['check', ...args, '--format', 'sarif'], { cwd });
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function multitool(file: string, levels: string): Json[] {
  const out = `${file}.validation.sarif`;
  const r = spawnSync(MULTITOOL, ['validate', file, '--rule-kind', 'Sarif;Gh;Ghas', '--level', levels, '--output', out, '--log', 'ForceOverwrite'], { encoding: 'utf8', timeout: 180_000 });
  assert.ok(fs.existsSync(out), `the SARIF Multitool wrote no output: ${r.error ?? ''} ${r.stdout} ${r.stderr}`);
  return JSON.parse(fs.readFileSync(out, 'utf8')).runs[0].results;
}

test('the SARIF Multitool (SARIF and GitHub rules) reports no error or warning, and only the notes we accept', { timeout: 300_000 }, () => {
  assert.ok(fs.existsSync(MULTITOOL), `${MULTITOOL} is missing: npm ci installs @microsoft/sarif-multitool`);
  const { sub } = repoWithPipelines();
  const sarif = sarifOf(['.'], sub);
  assert.ok(sarif.runs[0].results.length > 50, 'the fixtures produce findings of many rules');
  const file = path.join(sub, 'out.sarif');
  fs.writeFileSync(file, JSON.stringify(sarif));
  const all = multitool(file, 'Error;Warning;Note');
  const serious = all.filter((x) => x.level !== 'note');
  assert.deepEqual(serious.map((x) => `${x.ruleId}: ${JSON.stringify(x.message.arguments)}`), []);
  const notes = [...new Set(all.map((x) => x.ruleId as string))].filter((id) => !ACCEPTED_NOTES.has(id));
  assert.deepEqual(notes, []);
});

test('run from a subfolder, every artifact URI is relative to the repository root; --base-dir overrides it', () => {
  const { root, sub } = repoWithPipelines();
  const run = sarifOf(['.'], path.join(sub, 'examples')).runs[0];
  assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `${pathToFileURL(fs.realpathSync(root)).href}/`);
  const uris: Json[] = [
    ...run.artifacts.map((a: Json) => a.location),
    ...run.results.flatMap((r: Json) => [...r.locations, ...(r.relatedLocations ?? [])].map((l: Json) => l.physicalLocation.artifactLocation)),
  ];
  assert.ok(uris.length > 10);
  for (const loc of uris) {
    assert.equal(loc.uriBaseId, '%SRCROOT%');
    assert.match(loc.uri, /^deploy\/pipelines\/examples\//);
    assert.ok(fs.existsSync(path.join(root, decodeURIComponent(loc.uri))), loc.uri);
  }
  const based = sarifOf(['examples', '--base-dir', '.'], sub).runs[0];
  assert.ok(based.artifacts.every((a: Json) => a.location.uri.startsWith('examples/')));
});

test('partialFingerprints survive unrelated edits and tell findings apart', () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, '.git'));
  const file = path.join(dir, 'p.veltrix.yaml');
  const original = fs.readFileSync(path.join(REPO, 'examples', 'mistakes.veltrix.yaml'), 'utf8');
  fs.writeFileSync(file, original);
  const before = sarifOf(['p.veltrix.yaml'], dir).runs[0].results;
  // Unrelated edits: comment lines on top, a new component (the first of its section), lines reflowed.
  const edited = `# moved down by three lines\n# by comments\n\n${original.replace(/^sinks:\n/m, 'sinks:\n  extra_archive:\n    type: s3\n    inputs: [payments_in]\n    bucket: unrelated\n    dead_letter: extra_archive_dlq\n  extra_archive_dlq:\n    type: s3\n    bucket: unrelated-dlq\n')}`;
  assert.notEqual(edited, original);
  fs.writeFileSync(file, edited);
  const after = sarifOf(['p.veltrix.yaml'], dir).runs[0].results;
  const print = (r: Json) => r.partialFingerprints['veltrixFinding/v1'];
  const key = (r: Json) => `${r.ruleId} ${r.message.text}`;
  assert.ok(before.length >= 5);
  assert.equal(new Set(before.map(print)).size, before.length, 'every finding has its own fingerprint');
  let moved = 0;
  for (const b of before) {
    const a = after.find((x: Json) => key(x) === key(b));
    if (!a) continue; // a message that mentions the new component may change
    assert.equal(print(a), print(b), key(b));
    if (a.locations[0].physicalLocation.region.startLine !== b.locations[0].physicalLocation.region.startLine) moved++;
  }
  assert.ok(moved >= before.length - 1, `most findings moved lines (${moved} of ${before.length})`);
});

test('every rule carries its page: full description, help text and markdown, help URI, tags and precision', () => {
  const sarif = sarifOf(['examples/orders.veltrix.yaml'], REPO);
  const rules: Json[] = sarif.runs[0].tool.driver.rules;
  for (const rule of rules) {
    const page = fs.readFileSync(path.join(REPO, 'docs', 'rules', `${rule.id}.md`), 'utf8');
    const absolute = (href: string) => new URL(href, `https://github.com/veltrix/veltrix-pipelines/blob/main/docs/rules/${rule.id}.md`).href;
    assert.equal(rule.help.markdown, page.replace(/^# .*\n+/, '').replace(/\]\(([^)#:\s]+)\)/g, (_m, href: string) => `](${absolute(href)})`), rule.id);
    assert.ok(!/\]\((?![a-z]+:)/.test(rule.help.markdown), `${rule.id}: no relative links`);
    assert.ok(rule.help.text.length > 100 && !/`|\*\*/.test(rule.help.text), rule.id);
    assert.ok(rule.fullDescription.text.length > 10 && !rule.fullDescription.text.includes('`'), rule.id);
    assert.equal(rule.helpUri, `https://github.com/veltrix/veltrix-pipelines/blob/main/docs/rules/${rule.id}.md`);
    assert.ok(rule.properties.tags.length >= 1 && !rule.properties.tags.includes('security'), rule.id);
    assert.ok(['very-high', 'high', 'medium', 'low'].includes(rule.properties.precision), rule.id);
  }
  assert.equal(rules.find((r) => r.id === 'VX206').fullDescription.text, 'Reports a kafka source whose parallelism is larger than its declared partitions.');
  // A paragraph over several lines is one line of text, all of it.
  assert.match(rules.find((r) => r.id === 'VX304').fullDescription.text, /^Reports a pipeline whose modelled busy workers exceed runtime\.workers \(default 4\)\. .* nothing is compared\.$/);
  assert.equal(rules.find((r) => r.id === 'VX300').properties.precision, 'medium');
  assert.equal(sarif.runs[0].automationDetails.id, 'veltrix-lint/');
});

test('related locations are linked from the message; literal brackets are escaped', () => {
  const results: Json[] = sarifOf(['examples/mistakes.veltrix.yaml'], REPO).runs[0].results;
  const withRelated = results.filter((r) => r.relatedLocations?.length);
  assert.ok(withRelated.length > 0);
  for (const r of withRelated) for (const rel of r.relatedLocations) assert.ok(r.message.text.includes(`](${rel.id})`), r.message.text);
  const vx206 = results.find((r) => r.ruleId === 'VX206');
  assert.match(vx206.message.text, / \(see \[the topic has 4 partitions\]\(1\)\)$/);
  // Outside links, no unescaped bracket.
  for (const r of results) assert.ok(!/(?<!\\)\[(?![^\]]*\]\(\d+\))/.test(r.message.text), r.message.text);
});

// What package.json and language-configuration.json give a new user before
// any code runs: YAML editing defaults for the language, no word-list junk,
// a schema for .veltrix-lint.yaml, the New Pipeline command and the
// walkthrough with its pages shipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { parseLintConfig } from '../core/src/config';

const repo = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
const languageConfig = JSON.parse(fs.readFileSync(path.join(repo, 'language-configuration.json'), 'utf8'));

test('the veltrix language gets YAML editing defaults: 2 spaces, suggestions where keys are typed, no word list, Enter not swallowed, our formatter', () => {
  const d = pkg.contributes.configurationDefaults['[veltrix]'];
  assert.equal(d['editor.tabSize'], 2);
  assert.equal(d['editor.insertSpaces'], true);
  assert.equal(d['editor.detectIndentation'], false);
  assert.deepEqual(d['editor.quickSuggestions'], { other: 'on', comments: 'off', strings: 'on' });
  assert.equal(d['editor.wordBasedSuggestions'], 'off');
  assert.equal(d['editor.acceptSuggestionOnEnter'], 'smart');
  assert.equal(d['editor.defaultFormatter'], `${pkg.publisher}.${pkg.name}`);
});

test('wordPattern: ids, keys, dotted route outputs and figures are words; punctuation never is', () => {
  const words = (t: string) => t.match(new RegExp(languageConfig.wordPattern, 'g')) ?? [];
  assert.deepEqual(words('inputs: [orders_in, by_region.eu]'), ['inputs', 'orders_in', 'by_region.eu']);
  assert.deepEqual(words('rate: 10k/s'), ['rate', '10k', 's']);
  assert.deepEqual(words('"" # && || ( ) [ ] { } -- :'), []);
  assert.deepEqual(words('condition: amount > 10 && method == "card"'), ['condition', 'amount', '10', 'method', 'card']);
});

test('.veltrix-lint.yaml has a schema that accepts what the linter reads and rejects what it reports', () => {
  const [assoc] = pkg.contributes.yamlValidation;
  assert.equal(assoc.fileMatch, '.veltrix-lint.yaml');
  const schema = JSON.parse(fs.readFileSync(path.join(repo, assoc.url), 'utf8'));
  const ajv = new Ajv({ allErrors: true });
  ajv.addKeyword('markdownDescription'); // the editors' own annotation
  const validate = ajv.compile(schema);
  const good = 'rules:\n  VX206: off\n  VX201: error\n  VX300: false\n';
  assert.equal(validate(parse(good)), true, JSON.stringify(validate.errors));
  assert.deepEqual(parseLintConfig(good).problems, []);
  for (const bad of ['rules:\n  VX201: loud\n', 'rules:\n  X1: off\n', 'rules: [VX201]\n']) {
    assert.equal(validate(parse(bad)), false, bad);
    assert.ok(parseLintConfig(bad).problems.length > 0, `the linter reports ${JSON.stringify(bad)} too`);
  }
});

test('New Pipeline is a command in the palette and the New File menu; the lens command is hidden from the palette', () => {
  const commands = pkg.contributes.commands.map((c: { command: string }) => c.command);
  assert.ok(commands.includes('veltrix.newPipeline'));
  assert.ok(commands.includes('veltrix.revealComponent'));
  assert.deepEqual(pkg.contributes.menus['file/newFile'], [{ command: 'veltrix.newPipeline', group: 'file' }]);
  assert.ok(pkg.contributes.menus.commandPalette.some((m: { command: string; when: string }) => m.command === 'veltrix.revealComponent' && m.when === 'false'));
});

test('the walkthrough goes from the first file to diagnostics, the graph and CI; its pages exist and are packaged', () => {
  const [w] = pkg.contributes.walkthroughs;
  assert.deepEqual(
    w.steps.map((s: { id: string }) => s.id),
    ['first-pipeline', 'diagnostics', 'graph', 'ci'],
  );
  // Packaged: package.json `files` decides what the .vsix (and the npm package) holds.
  assert.ok((pkg.files as string[]).some((f) => f.replace(/\/$/, '') === 'docs/walkthrough'), 'the pages are shipped in the .vsix');
  const commands = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
  for (const s of w.steps) {
    const page = path.join(repo, s.media.markdown);
    assert.ok(fs.existsSync(page), page);
    assert.ok(fs.readFileSync(page, 'utf8').startsWith('## '));
    for (const m of s.description.matchAll(/\(command:(veltrix\.[\w.]+)\)/g)) assert.ok(commands.has(m[1]), `${s.id} links to a contributed command ${m[1]}`);
  }
});

// The pages a newcomer reads first stay true to the tree: README.md's CLI
// synopsis names every command and option the CLI has and its documentation
// list every docs page; docs/testing.md names every test layer's folder and
// every real-VS-Code file, and the Problems codes the e2e tour checks;
// CHANGELOG.md names everything added since 0.1.0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../cli/src/cli';

const ROOT = path.join(__dirname, '..');
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), 'utf8');

/** The CLI's own help for `args`, as a user would print it. */
async function help(args: string[]): Promise<string> {
  let out = '';
  const sink = { write: (s: string) => (out += s) };
  await main(args, { stdout: sink, stderr: sink, env: {}, cwd: ROOT });
  return out;
}

test("README.md's CLI synopsis names every command and every option", async () => {
  const readme = read('README.md');
  const synopsis = /## CLI\n+```\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(synopsis, 'a synopsis block under ## CLI');
  const commands = [...(await help(['--help'])).matchAll(/^ {2}([a-z]+) \[options\]/gm)].map((m) => m[1]);
  assert.ok(commands.length >= 5, `commands from --help: ${commands.join(' ')}`);
  for (const command of commands) {
    const lines = synopsis.split('\n').filter((l) => l.startsWith(`veltrix-lint ${command} `));
    assert.ok(lines.length, `the synopsis has veltrix-lint ${command}`);
    const options = [...(await help(['help', command])).matchAll(/(--[a-z][a-z-]*)/g)].map((m) => m[1]).filter((o) => o !== '--help');
    for (const option of new Set(options)) assert.ok(lines.some((l) => l.includes(option)), `veltrix-lint ${command} ${option} in the synopsis`);
  }
  // Every check output format (codequality included).
  for (const format of ['text', 'json', 'sarif', 'codequality']) assert.match(synopsis, new RegExp(`--format [a-z|]*\\b${format}\\b`));
});

test("README.md's documentation list names every docs page and folder", () => {
  const list = /## Documentation\n([\s\S]*?)(\n## |$)/.exec(read('README.md'))?.[1] ?? '';
  for (const entry of fs.readdirSync(path.join(ROOT, 'docs'), { withFileTypes: true })) {
    const name = `docs/${entry.name}${entry.isDirectory() ? '/' : ''}`;
    assert.ok(list.includes(`\`${name}\``), `${name} in README.md's documentation list`);
  }
});

test('docs/testing.md names every test folder, every real-VS-Code file and the codes the tour checks', () => {
  const page = read('docs/testing.md');
  for (const entry of fs.readdirSync(path.join(ROOT, 'test'), { withFileTypes: true })) {
    if (entry.name === 'fixtures' || entry.name === 'helpers') continue;
    if (entry.isDirectory()) assert.ok(page.includes(`\`test/${entry.name}/\``), `test/${entry.name}/ in a layer`);
    else if (entry.name.endsWith('.test.ts')) assert.ok(page.includes(`test/${entry.name}`), `test/${entry.name} in a layer`);
  }
  for (const file of fs.readdirSync(path.join(ROOT, 'test', 'e2e')).filter((f) => f.endsWith('.test.ts'))) {
    assert.ok(page.includes(`\`${file}\``), `test/e2e/${file} in the end-to-end table`);
  }
  const tour = read('test/e2e/veltrix.test.ts');
  const want = /const want = \[([^\]]*)\]/.exec(tour)?.[1].match(/VX\d+/g) ?? [];
  assert.ok(want.length > 0, 'the tour checks Problems codes');
  const said = /the Problems panel lists ([\s\S]*?);/.exec(page)?.[1] ?? '';
  assert.deepEqual(said.match(/VX\d+/g)?.slice(0, want.length), want, 'the codes the tour checks, in its order');
  // The status item shows the server's state, not counts.
  assert.ok(!/status bar[^.]*\d+ errors/.test(page), 'no finding counts in the status bar');
});

// What 0.1.0 shipped (its CHANGELOG entry, the catalog, package.json and the
// CLI at that release): everything beyond it must be named under [Unreleased].
const RELEASED = {
  codes: 'VX001 VX002 VX003 VX010 VX011 VX012 VX013 VX014 VX099 VX100 VX101 VX102 VX104 VX105 VX106 VX107 VX108 VX109 VX110 VX111 VX113 VX114 VX200 VX201 VX202 VX203 VX204 VX205 VX206 VX207 VX300 VX301 VX302 VX303 VX304 VX305 VX306'.split(' '),
  commands: ['veltrix.restartServer', 'veltrix.showRuleDocumentation', 'veltrix.openGraph'],
  settings: ['veltrix.enable', 'veltrix.rules', 'veltrix.model.enabled', 'veltrix.trace.server', 'veltrix.server.path'],
  cli: ['check', 'graph', 'model', '--format', '--max-warnings', '--no-model', '--quiet', '--load', '--theme', '--help', '--version'],
};

test("CHANGELOG.md's [Unreleased] names every diagnostic code, command, setting and CLI command or option added since 0.1.0", async () => {
  const unreleased = /## \[Unreleased\]([\s\S]*?)\n## \[/.exec(read('CHANGELOG.md'))?.[1] ?? '';
  const named = (word: string) => new RegExp(`(^|[^\\w.-])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).test(unreleased);
  const { CATALOG } = await import('../core/src/index');
  for (const code of CATALOG.keys()) if (!RELEASED.codes.includes(code)) assert.ok(named(code), `${code} in [Unreleased]`);
  // VX306 changed meaning (model-incomplete moved to VX308): named too.
  assert.ok(named('VX306') && named('VX308'), 'the VX306 -> VX308 move');
  const manifest = JSON.parse(read('package.json')) as { contributes: { commands: { command: string; title: string }[]; configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[] } };
  for (const { command, title } of manifest.contributes.commands) {
    if (!RELEASED.commands.includes(command)) assert.ok(named(command) || unreleased.replace(/\s+/g, ' ').includes(title), `${command} (${title}) in [Unreleased]`);
  }
  for (const section of [manifest.contributes.configuration].flat()) {
    for (const setting of Object.keys(section.properties)) if (!RELEASED.settings.includes(setting)) assert.ok(named(setting), `${setting} in [Unreleased]`);
  }
  const commands = [...(await help(['--help'])).matchAll(/^ {2}([a-z]+) \[options\]/gm)].map((m) => m[1]);
  for (const command of commands) {
    if (!RELEASED.cli.includes(command)) assert.ok(named(`veltrix-lint ${command}`), `veltrix-lint ${command} in [Unreleased]`);
    for (const option of new Set([...(await help(['help', command])).matchAll(/(--[a-z][a-z-]*)/g)].map((m) => m[1]))) {
      if (!RELEASED.cli.includes(option)) assert.ok(named(option), `${command} ${option} in [Unreleased]`);
    }
  }
});

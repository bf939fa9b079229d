// The pages a newcomer reads first stay true to the tree: README.md's CLI
// synopsis names every command and option the CLI has and its documentation
// list every docs page; docs/testing.md names every test layer's folder and
// every real-VS-Code file, and the Problems codes the e2e tour checks.
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

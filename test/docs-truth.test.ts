// The pages a newcomer reads first stay true to the tree: docs/testing.md
// names every test layer's folder and every real-VS-Code file, and the
// Problems codes the e2e tour checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), 'utf8');

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

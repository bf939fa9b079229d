// The start-up scan of a big workspace waits for the analyzer before it walks
// the folders, not only before it reads the files: the walk of 20,000 files
// alone blocks for 50-130 ms, which a document opened meanwhile would wait.
// And it collects its garbage as it goes (peak memory of a 20,000-file index).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkspaceIndex } from '../../server/src/workspace-index';

test('the folders are walked after pause() resolves, in slices', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-walk-'));
  try {
    for (let d = 0; d < 3; d++) {
      fs.mkdirSync(path.join(dir, `team${d}`));
      fs.writeFileSync(path.join(dir, `team${d}`, 'a.veltrix.yaml'), 'veltrix: 1\npipeline:\n  name: a\n');
    }
    let pauses = 0;
    const index = new WorkspaceIndex();
    const count = await index.scan(
      [dir],
      (u) => fs.readFileSync(new URL(u), 'utf8'),
      async () => {
        // A file that appears while the analyzer works (before the first pause resolves) is found by the walk.
        if (pauses++ === 0) fs.writeFileSync(path.join(dir, 'late.veltrix.yaml'), 'veltrix: 1\npipeline:\n  name: late\n');
      },
    );
    assert.equal(count, 4);
    assert.ok(index.uris().some((u) => u.endsWith('/late.veltrix.yaml')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the scan collects its garbage after every so many characters read', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-walk-'));
  try {
    const text = 'veltrix: 1\npipeline:\n  name: a\n'; // 32 characters
    for (let i = 0; i < 10; i++) fs.writeFileSync(path.join(dir, `p${i}.veltrix.yaml`), text);
    let collections = 0;
    const index = new WorkspaceIndex(() => collections++, 100);
    assert.equal(await index.scan([dir], (u) => fs.readFileSync(new URL(u), 'utf8')), 10);
    assert.equal(collections, 2, '320 characters read: a collection at 128 and at 256');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

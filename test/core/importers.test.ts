// The core's import index (core/src/pipeline/importers.ts), which the CLI and
// the server share: main files reaching a fragment through other fragments,
// and the files related to one either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractFile, ImportIndex } from '../../core/src/index';

const file = (name: string, body: string) => extractFile(`file:///w/${name}`, `veltrix: 1\n${body}`);

test('importers are the main files reaching a fragment, through other fragments too', () => {
  const index = new ImportIndex();
  index.record(file('main.veltrix.yaml', 'pipeline:\n  name: m\nimports:\n  - ./a.veltrix.yaml\n'));
  index.record(file('other.veltrix.yaml', 'pipeline:\n  name: o\nimports:\n  - ./b.veltrix.yaml\n'));
  index.record(file('a.veltrix.yaml', 'imports:\n  - ./b.veltrix.yaml\n'));
  index.record(file('b.veltrix.yaml', 'schemas: {}\n'));
  assert.deepEqual(index.importersOf('file:///w/b.veltrix.yaml'), ['file:///w/main.veltrix.yaml', 'file:///w/other.veltrix.yaml']);
  assert.deepEqual(index.importersOf('file:///w/a.veltrix.yaml'), ['file:///w/main.veltrix.yaml']);
  assert.deepEqual([...index.related('file:///w/a.veltrix.yaml')].sort(), ['file:///w/b.veltrix.yaml', 'file:///w/main.veltrix.yaml']);
  index.remove('file:///w/a.veltrix.yaml');
  assert.deepEqual(index.importersOf('file:///w/b.veltrix.yaml'), ['file:///w/other.veltrix.yaml']);
});

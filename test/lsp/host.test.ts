// The server's FileHost: open documents first, then the disk. readFile keeps
// what it read (until a watched-file event); peekFile, used by the workspace
// scan over every pipeline file, keeps nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerHost } from '../../server/src/host';

test('peekFile reads the disk without keeping the text; readFile keeps it until invalidated', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-host-'));
  try {
    const file = path.join(dir, 'a.veltrix.yaml');
    const uri = URI.file(file).toString();
    const host = new ServerHost(new TextDocuments(TextDocument));
    fs.writeFileSync(file, 'one');
    assert.equal(host.peekFile(uri), 'one');
    fs.writeFileSync(file, 'two');
    assert.equal(host.peekFile(uri), 'two', 'the peek kept nothing');
    assert.equal(host.readFile(uri), 'two');
    fs.writeFileSync(file, 'three');
    assert.equal(host.readFile(uri), 'two', 'readFile keeps its read');
    assert.equal(host.peekFile(uri), 'two', 'a peek sees what an analysis read');
    host.invalidate(uri);
    assert.equal(host.peekFile(uri), 'three');
    assert.equal(host.peekFile(URI.file(path.join(dir, 'missing.veltrix.yaml')).toString()), undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// The validator the core ships is ajv's standalone code generated at build
// time (scripts/gen-validator.mjs). It must give exactly the errors a fresh
// compile of the current schema gives, on every fixture and example: a stale
// or mis-generated validator fails here.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { schemaValidator, SCHEMA } from '../../core/src/index';
import { AJV_OPTIONS } from '../../scripts/gen-validator.mjs';

const root = path.resolve(__dirname, '..', '..');

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

test('the standalone validator agrees with a fresh compile of the schema on every fixture and example', () => {
  const fresh = new Ajv(AJV_OPTIONS).compile(SCHEMA);
  const shipped = schemaValidator();
  assert.notEqual(shipped, fresh);
  let files = 0;
  let withErrors = 0;
  for (const file of [...yamlFiles(path.join(root, 'test', 'fixtures')), ...yamlFiles(path.join(root, 'examples'))]) {
    let data: unknown;
    try {
      data = parse(fs.readFileSync(file, 'utf8'), { maxAliasCount: 100 });
    } catch {
      continue; // the syntax-error fixtures
    }
    const a = fresh(data);
    const b = shipped(data);
    assert.equal(b, a, file);
    assert.deepEqual(shipped.errors ?? null, fresh.errors ?? null, file);
    files++;
    if (!a) withErrors++;
  }
  assert.ok(files > 40, `only ${files} files compared`);
  assert.ok(withErrors > 10, `only ${withErrors} files with schema errors compared`);
});

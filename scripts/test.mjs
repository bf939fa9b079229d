// `npm test`: every test file under test/ through node's test runner (with
// tsx for TypeScript). The browser and real-VS-Code suites need Chromium and
// code-server; without them they skip loudly, and VELTRIX_REQUIRE_E2E=1
// (set by .ci/run) turns that skip into a failure.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateValidator } from './gen-validator.mjs';

function list(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : list(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

// The tests import the core from source: its schema validator must match the schema.
generateValidator();
const only = process.argv.slice(2);
const files = (only.length ? only : ['test']).flatMap((a) => (fs.statSync(a).isDirectory() ? list(a) : [a])).sort();
const args = ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files];
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(r.status ?? 1);

// `npm test`: every test file under test/ through node's test runner (with
// tsx for TypeScript). The browser and real-VS-Code suites need Chromium and
// code-server; without them they skip loudly, and VELTRIX_REQUIRE_E2E=1
// (set by .ci/run) turns that skip into a failure.
//
// The real-VS-Code files (test/e2e/*.test.ts) each start their own
// code-server: two at once are too many for a 2-core machine, so they run
// after the others, one at a time.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateValidator } from './gen-validator.mjs';
import { generateRuleDocs } from './gen-rule-docs.mjs';

function list(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : list(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

// The tests import the core from source: its schema validator must match the schema.
generateValidator();
generateRuleDocs(); // the rule pages, bundled for SARIF help
const only = process.argv.slice(2);
const files = (only.length ? only : ['test']).flatMap((a) => (fs.statSync(a).isDirectory() ? list(a) : [a])).sort();
const isE2E = (f) => f.split(path.sep).includes('e2e');
const groups = [
  { files: files.filter((f) => !isE2E(f)), concurrency: 2 },
  { files: files.filter(isE2E), concurrency: 1 },
].filter((g) => g.files.length > 0);

// node's --test-concurrency applies to a whole run, so the e2e group gets a
// run of its own; each run also writes a TAP summary to a file, and the
// closing line adds both up.
let status = 0;
const total = { pass: 0, fail: 0, skipped: 0 };
const tapDir = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-test-'));
groups.forEach((g, i) => {
  const tap = path.join(tapDir, `${i}.tap`);
  const args = ['--import', 'tsx', '--test', `--test-concurrency=${g.concurrency}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...g.files];
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) status = r.status ?? 1;
  const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
  for (const key of Object.keys(total)) {
    const m = text.match(new RegExp(`^# ${key} (\\d+)$`, 'm'));
    total[key] += m ? Number(m[1]) : 0;
  }
});
fs.rmSync(tapDir, { recursive: true, force: true });
if (groups.length > 1) console.log(`\ntests: ${total.pass} passed, ${total.fail} failed, ${total.skipped} skipped`);
process.exit(status);

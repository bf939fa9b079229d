// The post-mortem example (examples/post-mortem/): the model of `before` and
// `after`, as the real CLI reports it, reproduces the post-mortem's four
// figures within 10%, and every CLI output quoted in docs/post-mortem.md is
// what the CLI prints today (VELTRIX_UPDATE_DOCS=1 rewrites the quotes).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, runCli, runCliJson } from '../helpers/cli';

const BEFORE = 'examples/post-mortem/before.veltrix.yaml';
const AFTER = 'examples/post-mortem/after.veltrix.yaml';
const GiB = 1024 ** 3;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read back from the CLI
type Json = any;

function within10(actual: number, target: number, what: string) {
  assert.ok(Math.abs(actual - target) <= 0.1 * target, `${what}: ${actual} is not within 10% of ${target}`);
}

describe('the post-mortem example reproduces the post-mortem', () => {
  const cmp = runCliJson<Json>(['model', AFTER, '--baseline', BEFORE]);
  const p = cmp.pipeline;

  test('end-to-end p99: about 2 s before, about 500 ms after', () => {
    within10(p.endToEndP99Ms.before, 2000, 'p99 before');
    within10(p.endToEndP99Ms.after, 500, 'p99 after');
  });

  test('memory: about 10 GiB before, about 5 GiB after', () => {
    within10(p.memoryBytes.before, 10 * GiB, 'memory before');
    within10(p.memoryBytes.after, 5 * GiB, 'memory after');
  });

  test("after sustains at least 1.3x the before version's declared load; before does not", () => {
    const declared = runCliJson<Json>(['model', BEFORE]).pipeline.totalSourceRate;
    assert.ok(p.maxIngest.after >= 1.3 * declared, `after: ${p.maxIngest.after}/s < 1.3 x ${declared}/s`);
    assert.ok(p.maxIngest.before < 1.3 * declared, `before already sustains +30%: ${p.maxIngest.before}/s`);
  });

  test('busy workers down about 20%', () => {
    within10(p.busyWorkers.after / p.busyWorkers.before, 0.8, 'busy workers after / before');
  });

  test('the SLOs the incident broke are met after, and the model findings of before are gone', () => {
    assert.deepEqual([p.slo.latencyP99Ms.before, p.slo.latencyP99Ms.after], [false, true]);
    assert.deepEqual([p.slo.throughput.before, p.slo.throughput.after], [false, true]);
    assert.deepEqual(cmp.findings.appeared, []);
    assert.deepEqual(cmp.findings.disappeared.map((f: Json) => f.code).sort(), ['VX301', 'VX302', 'VX303', 'VX305']);
  });
});

/** Quotes in a doc: `<!-- veltrix-lint ARGS -->`, a fenced block, `<!-- end -->`. */
const QUOTE = /<!-- veltrix-lint (.+?) -->\n(```\w*\n)([\s\S]*?)```\n<!-- end -->/g;

describe('docs/post-mortem.md quotes the real CLI', () => {
  const docPath = path.join(REPO, 'docs', 'post-mortem.md');
  const doc = fs.readFileSync(docPath, 'utf8');
  const quotes = [...doc.matchAll(QUOTE)];

  test('the walk-through quotes check, the fix and the before/after report', () => {
    const commands = quotes.map((q) => q[1]);
    assert.ok(commands.some((c) => c.startsWith('check ') && c.includes('before.veltrix.yaml')), commands.join('\n'));
    assert.ok(commands.some((c) => c.includes('--baseline') && c.includes('--format markdown')), commands.join('\n'));
  });

  test('every quote is what the CLI prints now', () => {
    let updated = doc;
    for (const [whole, args, fence] of quotes) {
      const r = runCli(args.split(' '));
      assert.notEqual(r.code, 2, `${args}: ${r.stderr}`);
      const fresh = `<!-- veltrix-lint ${args} -->\n${fence}${r.stdout}\`\`\`\n<!-- end -->`;
      if (process.env.VELTRIX_UPDATE_DOCS === '1') updated = updated.replace(whole, () => fresh);
      else assert.equal(whole, fresh, `docs/post-mortem.md is out of date for 'veltrix-lint ${args}': run VELTRIX_UPDATE_DOCS=1 node --import tsx --test test/cli/post-mortem.test.ts`);
    }
    if (updated !== doc) fs.writeFileSync(docPath, updated);
  });
});

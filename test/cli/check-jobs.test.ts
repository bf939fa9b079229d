// `check --jobs N`: a folder checked on worker threads gives the very output
// and exit code of one thread, in every format — including fragments checked
// in the context of main files that import them from other folders (and so
// are scanned by other workers), a fragment chain, a fragment two mains
// import, a file that is not UTF-8 and a `.veltrix-lint.yaml` with a problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generatePipeline } from '../../bench/generate';
import { main } from '../../cli/src/cli';
import { defaultJobs, runCheck, PARALLEL_MIN_FILES } from '../../cli/src/check';
import { REPO, runCli } from '../helpers/cli';
import { Worker } from 'node:worker_threads';
import { localSteps, startPool, startWorkers } from '../../cli/src/check-pool';
import { FileChecker } from '../../cli/src/file-checker';
import { DiskHost, uriOfPath } from '../../cli/src/files';
import { THREADED_V8_FLAGS, tuneV8ForThreads } from '../../cli/src/v8-tuning';

function folder(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-jobs-'));
  const mistakes = fs.readFileSync(path.join(REPO, 'examples', 'mistakes.veltrix.yaml'), 'utf8');
  for (let i = 0; i < 70; i++) {
    const dir = path.join(root, `team${i % 4}`);
    fs.mkdirSync(dir, { recursive: true });
    // 80+ components put the generator's mistakes (every 50th group from the 8th) in the file.
    const text = i % 7 === 0 ? mistakes : generatePipeline(20 + (i % 5) * 30, { errors: true }).text;
    fs.writeFileSync(path.join(dir, `p${i}.veltrix.yaml`), text);
  }
  // Main files in one folder, their fragments in another: a fragment's problem shows only in its mains' context.
  fs.mkdirSync(path.join(root, 'shared'));
  fs.mkdirSync(path.join(root, 'mains'));
  for (let k = 0; k < 6; k++) {
    fs.writeFileSync(
      path.join(root, 'shared', `frag${k}.veltrix.yaml`),
      `veltrix: 1\n${k === 0 ? 'imports:\n  - frag5.veltrix.yaml\n' : ''}processors:\n  enrich${k}:\n    type: filter\n    inputs: [orders_in, nowhere${k}]\n    condition: amount > 0\n`,
    );
    fs.writeFileSync(
      path.join(root, 'mains', `main${k}.veltrix.yaml`),
      `veltrix: 1\npipeline:\n  name: m${k}\n  delivery: at-most-once\nimports:\n  - ../shared/frag${k}.veltrix.yaml\n${k === 1 ? '  - ../shared/frag2.veltrix.yaml\n' : ''}sources:\n  orders_in:\n    type: file\n    path: /data/o.jsonl\nsinks:\n  archive:\n    type: s3\n    bucket: b\n    inputs: [enrich${k}]\n`,
    );
  }
  fs.writeFileSync(path.join(root, 'team1', 'latin1.veltrix.yaml'), Buffer.from('veltrix: 1\npipeline:\n  name: caf\xe9\n', 'latin1'));
  fs.writeFileSync(path.join(root, 'team2', '.veltrix-lint.yaml'), 'rules:\n  VX100: warning\n  VX999: error\n');
  return root;
}

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: {}, cwd });
  return { code, stdout, stderr };
}

test('check on worker threads: the same output and exit code as one thread, in every format', async () => {
  const root = folder();
  try {
    const tuned: number[] = [];
    const one = await runCheck(['.'], { model: true, cwd: root, jobs: 1, tuneV8: () => tuned.push(1) });
    const three = await runCheck(['.'], { model: true, cwd: root, jobs: 3, tuneV8: () => tuned.push(3) });
    assert.deepEqual(tuned, [3], "V8's flags for threads are set once, and only when the files are shared out");
    assert.ok(one.files.length >= PARALLEL_MIN_FILES, `${one.files.length} files`);
    assert.equal(one.threads, 1);
    assert.equal(three.threads, 3, 'the folder is big enough for the workers');
    // Not vacuous: errors, warnings from the config override, fragments in context, the encoding finding, the config note.
    const codes = new Set(one.findings.map((f) => f.code));
    for (const c of ['VX001', 'VX100']) assert.ok(codes.has(c), `${c} among ${[...codes].join(' ')}`);
    for (let k = 0; k < 6; k++)
      assert.ok(
        one.findings.some((f) => f.uri.endsWith(`shared/frag${k}.veltrix.yaml`) && f.message.includes(`nowhere${k}`)),
        `frag${k}'s problem, seen in its main file's context`,
      );
    assert.ok(!one.findings.some((f) => f.uri.includes('/shared/') && /orders_in/.test(f.message)), 'orders_in is defined by the importing main file');
    assert.ok(one.notes.some((n) => n.includes('VX999')), one.notes.join('\n'));
    assert.deepEqual(three.files, one.files);
    assert.deepEqual(three.findings, one.findings);
    assert.deepEqual(three.notes, one.notes);

    for (const format of ['text', 'json', 'sarif', 'codequality']) {
      const a = await cli(['check', '.', '--format', format, '--jobs', '1'], root);
      const b = await cli(['check', '.', '--format', format, '--jobs', '2'], root);
      assert.equal(a.code, 1, a.stderr);
      assert.deepEqual(b, a, format);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the bundled CLI starts its own workers: the same output as --jobs 1', () => {
  const root = folder();
  try {
    const a = runCli(['check', '.', '--format', 'json', '--jobs', '1'], { cwd: root });
    const b = runCli(['check', '.', '--format', 'json', '--jobs', '2'], { cwd: root });
    const c = runCli(['check', '.', '--format', 'json'], { cwd: root }); // the default: the available parallelism
    assert.equal(a.code, 1, a.stderr);
    assert.ok(JSON.parse(a.stdout).findings.length > 10);
    assert.deepEqual(b, a);
    assert.deepEqual(c, a);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('--jobs takes a whole number >= 1', async () => {
  const r = await cli(['check', 'examples', '--jobs', '0'], REPO);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--jobs.*whole number >= 1/);
});

test('a worker that fails makes the pool refuse, not hang (check then runs on one thread)', async () => {
  const pool = startPool(new FileChecker(new DiskHost(), true), [new Worker('throw new Error("boom")', { eval: true })]);
  const items = Array.from({ length: 200 }, (_, i) => ({ uri: `file:///nowhere/p${i}.veltrix.yaml`, toCheck: true }));
  await assert.rejects(pool.scan(items), /boom/);
  await assert.rejects(pool.check([{ uri: items[0].uri, near: items[0].uri }], new Map()), /boom/);
  await pool.close();
});

test('the scan on a pool (every thread taking the next file itself) gives what one thread gives, an unreadable file included', async () => {
  const root = folder();
  try {
    const files = fs.readdirSync(path.join(root, 'team0')).map((f) => uriOfPath(path.join(root, 'team0', f)));
    const items = [...files, ...files.map((f) => f.replace('/team0/', '/mains/'))].map((uri, i) => ({ uri, toCheck: i % 3 !== 0 }));
    items.push({ uri: uriOfPath(path.join(root, 'gone.veltrix.yaml')), toCheck: true });
    const one = await localSteps(new FileChecker(new DiskHost(), true)).scan(items);
    const pool = startPool(new FileChecker(new DiskHost(), true), startWorkers(2, true));
    try {
      assert.deepEqual(await pool.scan(items), one);
    } finally {
      await pool.close();
    }
    assert.equal(one.at(-1)?.unreadable, 'no such file');
    assert.ok(one.filter((s) => s.findings?.length).length > 5, 'findings found in the scan');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("V8's flags for a check on threads: a smaller inlining budget, set process-wide", () => {
  const set: string[] = [];
  tuneV8ForThreads((flags) => set.push(flags));
  assert.deepEqual(set, ['--max-inlined-bytecode-size-cumulative=200']);
  assert.deepEqual(THREADED_V8_FLAGS, set);
});

test('a folder too small for workers is checked on one thread, without the flags for threads', async () => {
  let tuned = 0;
  const r = await runCheck(['examples'], { model: true, cwd: REPO, jobs: 3, tuneV8: () => tuned++ });
  assert.ok(r.files.length < PARALLEL_MIN_FILES);
  assert.equal(r.threads, 1);
  assert.equal(tuned, 0);
});

test('the default --jobs: every core above two, one thread on two cores or fewer', () => {
  assert.equal(defaultJobs(1), 1);
  assert.equal(defaultJobs(2), 1);
  assert.equal(defaultJobs(4), 4);
  assert.equal(defaultJobs(16), 16);
});

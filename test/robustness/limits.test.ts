// Hostile and degenerate input: each case is answered with a finding (never a
// throw, a hang or a crash) within a generous time bound. Wall-clock bounds
// are loose on purpose (the machine running the tests may be busy); what is
// asserted is the answer. The limits are documented in docs/reliability.md.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzePipeline, type Analysis, type FileHost, type Finding } from '../../core/src/index';
import { decodeUtf8 } from '../../cli/src/files';
import { assertCleanExit, assertFindingsInside, memHost, noFiles, runCli, timed } from './helpers';
import { checkText } from './properties';

const BOUND_MS = 10_000;
const U = 'file:///limits/main.veltrix.yaml';
const HEAD = 'veltrix: 1\npipeline: {name: p}\n';

function analyse(text: string, host: FileHost = noFiles, uri = U): { a: Analysis; ms: number } {
  const r = timed(() => analyzePipeline(uri, text, { host }));
  assert.ok(r.ms < BOUND_MS, `took ${Math.round(r.ms)} ms (bound ${BOUND_MS} ms)`);
  assertFindingsInside(r.value.findings, (u) => (u === uri ? text : host.readFile(u)));
  assert.ok(!r.value.findings.some((f) => f.code === 'VX099'), `internal error: ${r.value.findings.find((f) => f.code === 'VX099')?.message}`);
  return { a: r.value, ms: r.ms };
}

const codes = (fs: Finding[]) => fs.map((f) => f.code);
const one = (fs: Finding[], code: string, re: RegExp) => {
  const hit = fs.find((f) => f.code === code && re.test(f.message));
  assert.ok(hit, `expected ${code} matching ${re}; got ${fs.map((f) => `${f.code} ${f.message}`).join(' | ')}`);
  return hit;
};

describe('alias bombs', () => {
  test('billion laughs: one VX001, aliases not resolved', () => {
    let text = `${HEAD}x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      text += `x-${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(', ')}]\n`;
    }
    const { a } = analyse(text);
    const f = one(a.findings, 'VX001', /alias bomb/);
    assert.equal(f.range.start.line, 3, 'reported at the first alias');
  });

  test('merge-key bomb: one VX001', () => {
    let text = `${HEAD}x-0: &m0 {k0: v}\n`;
    for (let i = 1; i < 30; i++) text += `x-${i}: &m${i}\n  <<: [*m${i - 1}]\n  k${i}a: {<<: *m${i - 1}}\n  k${i}b: {<<: *m${i - 1}}\n`;
    one(analyse(text).a.findings, 'VX001', /alias bomb/);
  });

  test('an alias that contains itself is an error, not a loop', () => {
    const { a } = analyse(`${HEAD}x-a: &a [1, *a]\n`);
    assert.ok(codes(a.findings).includes('VX001'));
  });
});

describe('deep nesting', () => {
  test('10,000 nested flow sequences', () => {
    one(analyse(`${HEAD}x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`).a.findings, 'VX001', /Nesting deeper than 500/);
  });
  test('10,000 unclosed flow sequences: at most ~100 syntax errors', () => {
    const { a } = analyse(`${HEAD}x: ${'['.repeat(10_000)}\n`);
    assert.ok(a.findings.length <= 105, `${a.findings.length} findings`);
    one(a.findings, 'VX001', /more YAML syntax errors/);
  });
  test('10,000 nested flow mappings', () => {
    one(analyse(`${HEAD}x: ${'{a: '.repeat(10_000)}${'}'.repeat(10_000)}\n`).a.findings, 'VX001', /Nesting deeper than 500/);
  });
  test('10,000 nested compact block sequences (- - - ...)', () => {
    one(analyse(`${HEAD}x:\n${'- '.repeat(10_000)}x\n`).a.findings, 'VX001', /Nesting|nesting/);
  });
  test('10,000 nested complex keys (? ? ? ...)', () => {
    one(analyse(`${HEAD}x:\n${'? '.repeat(10_000)}x\n`).a.findings, 'VX001', /nesting/i);
  });
  test('2,000-deep block mappings (2 MB of indentation)', () => {
    let text = HEAD;
    for (let i = 0; i < 2_000; i++) text += `${' '.repeat(i)}k:\n`;
    one(analyse(text).a.findings, 'VX001', /Nesting deeper than 500/);
  });
  test('10,000-deep block mappings are 50 MB of indentation: the size limit answers', () => {
    const parts: string[] = [HEAD];
    for (let i = 0; i < 10_000; i++) parts.push(`${' '.repeat(i)}k:\n`);
    one(analyse(parts.join('')).a.findings, 'VX001', /too large to analyse/);
  });
});

describe('size and encoding', () => {
  test('a 50 MB file: one VX001 "file too large", nothing else', () => {
    const text = `${HEAD}x: "${'a'.repeat(50 * 1024 * 1024)}"\n`;
    const { a } = analyse(text);
    assert.deepEqual(codes(a.findings), ['VX001']);
    assert.match(a.findings[0].message, /File too large to analyse \(50 MB > 10 MB limit\)/);
  });
  test('just under the limit is analysed', () => {
    const text = `${HEAD}x-pad: "${'a'.repeat(9 * 1024 * 1024)}"\n`;
    const { a } = analyse(text);
    assert.ok(!a.findings.some((f) => /too large/.test(f.message)));
  });
  test('multi-byte text counts in UTF-8 bytes (4 M x 3 bytes > 10 MB)', () => {
    one(analyse(`${HEAD}x: "${'€'.repeat(4 * 1024 * 1024)}"\n`).a.findings, 'VX001', /too large/);
  });
  test('a binary file (random bytes with NULs): one VX001 "binary file" at the first NUL', () => {
    let seed = 7;
    const bytes = Array.from({ length: 8192 }, () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 8) & 0xff);
    const text = String.fromCharCode(...bytes.map((b, i) => (i === 100 ? 0 : b)));
    const { a } = analyse(text);
    assert.deepEqual(codes(a.findings), ['VX001']);
    assert.match(a.findings[0].message, /Binary file/);
  });
  test('the CLI decodes strictly: the first bad byte is found', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    assert.equal(decodeUtf8(enc('veltrix: 1\n')).bad, undefined);
    const cases: Array<[number[], number]> = [
      [[0x61, 0xff, 0x62], 1],
      [[0x61, 0xc3], 1], // truncated 2-byte sequence
      [[0xe2, 0x82, 0xac, 0xe2, 0x82], 3], // "€" then a truncated one
      [[0xc0, 0xaf], 0], // overlong
      [[0xed, 0xa0, 0x80], 0], // a surrogate
      [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
      [[0x61, 0x80], 1], // a lone continuation byte
    ];
    for (const [bytes, at] of cases) assert.equal(decodeUtf8(new Uint8Array(bytes)).bad?.byteOffset, at, JSON.stringify(bytes));
    const r = decodeUtf8(new Uint8Array([...enc('a: é\n'), 0xff]));
    assert.equal(r.bad?.offset, 5, 'UTF-16 offset in the decoded text');
  });
});

describe('imports', () => {
  const dir = 'file:///limits/';
  test('an import cycle through fragments is a VX111 and terminates', () => {
    const files = {
      [`${dir}a.veltrix.yaml`]: 'veltrix: 1\nimports: [b.veltrix.yaml]\n',
      [`${dir}b.veltrix.yaml`]: 'veltrix: 1\nimports: [a.veltrix.yaml, ./b.veltrix.yaml]\n',
    };
    const { a } = analyse(`${HEAD}imports: [a.veltrix.yaml]\n`, memHost(files));
    one(a.findings, 'VX111', /Import cycle/);
  });
  test('a file importing itself', () => {
    one(analyse(`${HEAD}imports: [main.veltrix.yaml]\n`).a.findings, 'VX111', /cycle/);
  });
  test('absolute paths and URIs are refused (imports are relative)', () => {
    const { a } = analyse(`${HEAD}imports: [/etc/passwd, 'C:\\Windows\\win.ini', 'file:///etc/hosts', 'https://example.com/x.yaml']\n`, memHost({ 'file:///etc/passwd': 'root:x:0:0:root:/root:/bin/bash\n' }));
    assert.equal(a.findings.filter((f) => f.code === 'VX111' && /not a relative path/.test(f.message)).length, 4);
  });
  test('../../etc/passwd style: reached, but only a fragment can be imported', () => {
    const host = memHost({ 'file:///etc/passwd': 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n' });
    const { a } = analyse(`${HEAD}imports: [../../../../etc/passwd]\n`, host);
    const f = one(a.findings, 'VX111', /not a fragment/);
    assert.doesNotMatch(f.message, /root:x/, 'nothing of the file is shown');
  });
  test('an import naming a directory', () => {
    one(analyse(`${HEAD}imports: [frags]\n`, memHost({}, [`${dir}frags`])).a.findings, 'VX111', /is a directory/);
  });
  test('an unreadable import (the host answers undefined)', () => {
    one(analyse(`${HEAD}imports: [secret.veltrix.yaml]\n`, memHost({ [`${dir}secret.veltrix.yaml`]: undefined })).a.findings, 'VX111', /cannot be read/);
  });
  test('a hostile fragment (alias bomb, binary) is contained in its own findings', () => {
    const host = memHost({ [`${dir}bomb.veltrix.yaml`]: `veltrix: 1\nx-a: &a [1,1,1,1,1,1,1,1,1,1]\n${Array.from({ length: 9 }, (_, i) => `x-${i}: &b${i} [${Array(10).fill(i ? `*b${i - 1}` : '*a').join(',')}]`).join('\n')}\n`, [`${dir}bin.veltrix.yaml`]: 'veltrix: 1\u0000\u0001' });
    const { a } = analyse(`${HEAD}imports: [bomb.veltrix.yaml, bin.veltrix.yaml]\n`, host);
    assert.ok(a.findings.some((f) => f.uri.endsWith('bomb.veltrix.yaml') && /alias bomb/.test(f.message)));
  });
});

describe('degenerate but valid YAML', () => {
  const cases: Record<string, string> = {
    'empty file': '',
    'only comments': '# nothing\n# here\n',
    'only whitespace and newlines': '\n\n   \n\t\n\r\n',
    'veltrix: 1 only': 'veltrix: 1',
    'every component null': `${HEAD}sources:\n  a:\n  b: ~\nprocessors:\n  c: null\nsinks:\n  d:\n`,
    'sections that are lists or scalars': `${HEAD}sources: [a, b]\nprocessors: 12\nsinks: "x"\n`,
    'keys that are numbers, booleans, null and complex keys': `${HEAD}1: 2\ntrue: false\n? [a, b]\n: c\n? {x: 1}\n: d\nsources:\n  1:\n    type: file\n  true:\n    type: file\n  ? [x]\n  : {type: file}\nsinks:\n  null: {type: stdout, inputs: [1, true]}\n`,
    'bidi control characters in keys, ids and strings': `veltrix: 1\npipeline: {name: "p\u202e\u2066x"}\nsources:\n  a\u202eb:\n    type: file\n    path: "/tmp/\u202e\u200fx"\nsinks:\n  s: {type: stdout, inputs: ["a\u202eb"]}\n`,
    'a document of several YAML documents': `${HEAD}---\nveltrix: 1\n---\n`,
    'CR-only line ends': HEAD.replace(/\n/g, '\r') + 'sources:\r  a: {type: file, path: x}\r',
    'an astral-plane id': `${HEAD}sources:\n  😀:\n    type: file\nsinks:\n  s: {type: stdout, inputs: [😀]}\n`,
  };
  for (const [name, text] of Object.entries(cases))
    test(name, () => {
      analyse(text);
      checkText(U, text, {}, [0, 3, 17, 101]);
    });

  test('100,000-character ids', () => {
    const big = 'a'.repeat(100_000);
    const text = `${HEAD}sources:\n  ${big}:\n    type: file\n    path: x\nsinks:\n  s: {type: stdout, inputs: [${big}x, ${big}]}\n`;
    one(analyse(text).a.findings, 'VX100', /names no component/);
    checkText(U, text, {}, [0, 3, 17]);
  });
});

describe('the CLI on hostile files', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-limits-'));
  process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
  const write = (rel: string, data: string | Uint8Array) => {
    const p = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, data);
    return p;
  };
  const check = (args: string[]) => {
    const r = runCli(['check', ...args, '--format', 'json'], { cwd: tmp, timeout: 120_000 });
    assertCleanExit(r, `check ${args.join(' ')}`);
    return { r, data: JSON.parse(r.stdout) as { findings: Array<{ code: string; message: string; file: string; line: number; column: number }> } };
  };

  test('a 50 MB file: exit 1 with one VX001', () => {
    const p = write('big/big.veltrix.yaml', `${HEAD}x: "${'a'.repeat(50 * 1024 * 1024)}"\n`);
    const { r, data } = check([p]);
    assert.equal(r.code, 1);
    assert.deepEqual(data.findings.map((f) => f.code), ['VX001']);
    assert.match(data.findings[0].message, /too large/);
  });

  test('a binary file named *.veltrix.yaml and an invalid UTF-8 file: one VX001 each, at the bad byte', () => {
    const bytes = new Uint8Array(4096);
    let seed = 11;
    for (let i = 0; i < bytes.length; i++) bytes[i] = ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 8) & 0xff;
    write('bin/random.veltrix.yaml', bytes);
    write('bin/nul.veltrix.yaml', 'veltrix: 1\npipeline: {name: p}\n\u0000\u0000\u0000');
    write('bin/latin1.veltrix.yaml', new Uint8Array([...new TextEncoder().encode('veltrix: 1\npipeline: {name: caf'), 0xe9, 0x0a]));
    const { r, data } = check(['bin']);
    assert.equal(r.code, 1);
    const by = (name: string) => data.findings.filter((f) => f.file.endsWith(name));
    assert.deepEqual(by('random.veltrix.yaml').map((f) => f.code), ['VX001']);
    assert.deepEqual(by('nul.veltrix.yaml').map((f) => f.code), ['VX001']);
    assert.match(by('nul.veltrix.yaml')[0].message, /Binary file/);
    const latin = by('latin1.veltrix.yaml');
    assert.deepEqual(latin.map((f) => f.code), ['VX001']);
    assert.match(latin[0].message, /not valid UTF-8: byte 0xE9/);
    assert.deepEqual([latin[0].line, latin[0].column], [2, 21]); // 1-based: after "pipeline: {name: caf"
  });

  test('graph and model refuse an invalid UTF-8 file with exit 2 and one line', () => {
    const p = write('enc/bad.veltrix.yaml', new Uint8Array([...new TextEncoder().encode(HEAD), 0xff]));
    for (const cmd of ['graph', 'model']) {
      const r = runCli([cmd, p], { cwd: tmp });
      assert.equal(r.code, 2, `${cmd}: ${r.stderr}`);
      assert.match(r.stderr, /^veltrix-lint: cannot read .*not valid UTF-8/);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
  });

  test('symbolic link loops in a directory terminate', () => {
    const base = path.join(tmp, 'loops');
    write('loops/a/p.veltrix.yaml', `${HEAD}sources: {s: {type: file, path: x}}\nsinks: {k: {type: stdout, inputs: [s]}}\n`);
    fs.symlinkSync(base, path.join(base, 'a', 'up'));
    fs.symlinkSync(path.join(base, 'a'), path.join(base, 'a', 'self'));
    fs.symlinkSync(path.join(base, 'x1'), path.join(base, 'x2'));
    fs.symlinkSync(path.join(base, 'x2'), path.join(base, 'x1'));
    const { data } = check(['loops']);
    assert.ok(data.findings.every((f) => f.code !== 'VX099'));
  });

  test('a dangling symlink and a directory named x.veltrix.yaml inside a folder are skipped', () => {
    write('odd/ok.veltrix.yaml', HEAD);
    fs.symlinkSync(path.join(tmp, 'odd', 'missing.veltrix.yaml'), path.join(tmp, 'odd', 'dangling.veltrix.yaml'));
    fs.mkdirSync(path.join(tmp, 'odd', 'dir.veltrix.yaml'));
    check(['odd']);
  });

  test('naming a dangling symlink or a directory-as-file directly: exit 2, one line, no stack', () => {
    for (const arg of ['odd/dangling.veltrix.yaml', 'nope.veltrix.yaml']) {
      const r = runCli(['check', arg], { cwd: tmp });
      assert.equal(r.code, 2, arg);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });

  test('imports of a directory, a missing file, a FIFO-like non-file and a cycle', () => {
    write('imp/main.veltrix.yaml', `${HEAD}imports: [frags, missing.veltrix.yaml, a.veltrix.yaml, /etc/passwd, ../../../../../../etc/passwd]\nsources: {s: {type: file, path: x}}\nsinks: {k: {type: stdout, inputs: [s]}}\n`);
    write('imp/frags/f.veltrix.yaml', 'veltrix: 1\n');
    write('imp/a.veltrix.yaml', 'veltrix: 1\nimports: [b.veltrix.yaml]\n');
    write('imp/b.veltrix.yaml', 'veltrix: 1\nimports: [a.veltrix.yaml]\n');
    const { r, data } = check(['imp/main.veltrix.yaml']);
    assert.equal(r.code, 1);
    const msgs = data.findings.filter((f) => f.code === 'VX111').map((f) => f.message).join('\n');
    assert.match(msgs, /is a directory/);
    assert.match(msgs, /cannot be read/);
    assert.match(msgs, /Import cycle/);
    assert.match(msgs, /not a relative path/);
  });
});

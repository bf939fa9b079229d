// The npm package as a user gets it: `npm pack` in a clean copy of the
// repository (its `prepare` script builds dist/), then `npm install -g` of the
// tarball into an empty prefix by the GitHub Action's install step, offline
// (the bundles need no dependencies), then both bins used outside the
// checkout: `veltrix-lint check` on an example, the language server
// answering over stdio.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchClient } from '../../bench/lsp-client';

const REPO = path.resolve(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function npm(args: string[], cwd: string): string {
  const r = spawnSync(NPM, args, { cwd, encoding: 'utf8', timeout: 300_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
  assert.equal(r.status, 0, `npm ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test('npm pack, npm install -g into a clean prefix, and both bins work outside the checkout', { timeout: 600_000 }, async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veltrix-pack-'));
  try {
    // A clean copy: the files git would check out (tracked and new, not ignored), no dist/.
    const src = path.join(tmp, 'src');
    const listed = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const rel of listed) {
      const from = path.join(REPO, rel);
      if (!fs.existsSync(from) || !fs.statSync(from).isFile()) continue; // deleted in the working tree
      fs.mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
      fs.copyFileSync(from, path.join(src, rel));
    }
    assert.ok(!fs.existsSync(path.join(src, 'dist')));
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(src, 'node_modules'), 'dir');

    // The `prepare` script's own lines come first on stdout, then the JSON.
    const out = npm(['pack', '--json', '--pack-destination', tmp], src);
    const packed = JSON.parse(out.slice(out.search(/^\[/m)))[0];
    const files: string[] = packed.files.map((f: { path: string }) => f.path);
    for (const must of ['bin/veltrix-lint.js', 'bin/veltrix-language-server.js', 'dist/cli.js', 'dist/server.js', 'schemas/veltrix-v1.schema.json', 'LICENSE', 'CHANGELOG.md', 'README.md', 'images/icon.png'])
      assert.ok(files.includes(must), `the tarball has ${must}`);
    for (const f of files) assert.ok(!/^(test|core|cli\/src|server\/src|client\/src|scripts|bench)\/|\.map$/.test(f), `the tarball leaves out ${f}`);

    // Installed the way the GitHub Action installs it (scripts/ci/github-action.sh install), from the tarball, offline.
    const prefix = path.join(tmp, 'prefix');
    const install = spawnSync('bash', [path.join(REPO, 'scripts', 'ci', 'github-action.sh'), 'install'], {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, INPUT_VERSION: path.join(tmp, packed.filename), npm_config_prefix: prefix, npm_config_offline: 'true', PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH}` },
    });
    assert.equal(install.status, 0, `${install.stdout}${install.stderr}`);
    assert.match(install.stdout, /^0\.1\.0$/m, 'the installed veltrix-lint prints its version');
    const bin = (name: string) => path.join(prefix, process.platform === 'win32' ? '' : 'bin', name);

    const work = path.join(tmp, 'work');
    fs.mkdirSync(work);
    fs.copyFileSync(path.join(REPO, 'examples', 'orders.veltrix.yaml'), path.join(work, 'orders.veltrix.yaml'));
    const env = { PATH: `${path.dirname(process.execPath)}${path.delimiter}/usr/bin${path.delimiter}/bin`, HOME: tmp };
    const check = spawnSync(bin('veltrix-lint'), ['check', 'orders.veltrix.yaml'], { cwd: work, env, encoding: 'utf8' });
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
    assert.match(check.stdout, /0 errors/);
    const sarif = spawnSync(bin('veltrix-lint'), ['check', '.', '--format', 'sarif'], { cwd: work, env, encoding: 'utf8' });
    assert.ok(JSON.parse(sarif.stdout).runs[0].tool.driver.rules.every((r: { help: { markdown: string } }) => r.help.markdown.length > 50));

    const client = new BenchClient({ name: 'installed server', command: bin('veltrix-language-server'), args: ['--stdio'], configuration: () => ({ enable: true, rules: {}, model: { enabled: true } }) }, work);
    try {
      await client.initialize(pathToFileURL(work).toString());
      const uri = pathToFileURL(path.join(work, 'broken.veltrix.yaml')).toString();
      const published = client.nextDiagnostics(uri, 1, 60_000);
      client.open(uri, 'veltrix', 'veltrix: 2\n');
      const diagnostics = (await published).diagnostics as Array<{ code: string }>;
      assert.ok(diagnostics.some((d) => d.code === 'VX003'), JSON.stringify(diagnostics));
    } finally {
      await client.dispose();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

// Quick fixes through the real server: each golden/<name>.veltrix.yaml says
// on its first line which fix to apply (`# fix: VX205 "Set acks: all"`, a
// title prefix, or `# fix: fixAll`); the result must equal <name>.golden.yaml.
// UPDATE_GOLDEN=1 rewrites the golden files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyEdits, startServer, uriOf, type TestServer } from './lsp-client';

const dir = path.join(__dirname, 'golden');
let server: TestServer;
before(async () => {
  server = await startServer({ rootDir: dir });
});
after(async () => server?.stop());

for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.veltrix.yaml')).sort()) {
  test(`code action ${name}`, async () => {
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, 'utf8');
    const m = /^# fix: (?:(VX\d{3}) "([^"]+)"|(fixAll))/.exec(text);
    assert.ok(m, 'first line must say which fix to apply');
    const uri = uriOf(file);
    server.open(uri, text, 1);
    const diags = await server.diagnostics(uri, 1);
    let action: CodeAction | undefined;
    if (m[3]) {
      const actions = await server.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      });
      action = actions.find((a) => a.kind === 'source.fixAll.veltrix');
    } else {
      const d = diags.find((x: Diagnostic) => x.code === m[1]);
      assert.ok(d, `no ${m[1]} among ${diags.map((x) => `${x.code} ${x.message}`).join('\n')}`);
      const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
      action = actions.find((a) => a.title.startsWith(m[2]));
      assert.ok(action, `no action '${m[2]}' among ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(actions.some((a) => a.title === `Show documentation for ${m[1]}` && a.command?.command === 'veltrix.showRuleDocumentation'));
    }
    assert.ok(action?.edit?.changes?.[uri], `action has no edit for the file: ${JSON.stringify(action)}`);
    const result = applyEdits(text, action.edit.changes[uri]);
    const golden = file.replace(/\.veltrix\.yaml$/, '.golden.yaml');
    if (process.env.UPDATE_GOLDEN === '1' || !fs.existsSync(golden)) fs.writeFileSync(golden, result);
    assert.equal(result, fs.readFileSync(golden, 'utf8'));
    // The fixed file no longer has the diagnostic (disable-line included).
    server.change(uri, result, 2);
    const after = await server.diagnostics(uri, 2);
    const count = (list: Diagnostic[]) => list.filter((x) => (m[1] ? x.code === m[1] : true)).length;
    assert.ok(count(after) < count(diags), `the fix did not remove a ${m[1] ?? ''} problem: ${after.map((x) => x.code).join(' ')}`);
    server.close(uri);
  });
}

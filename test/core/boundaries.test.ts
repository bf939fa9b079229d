// Architecture invariant: the analysis core is editor-agnostic. Nothing in
// core/src may import VS Code, the language server or the language client
// (ESLint's no-restricted-imports says the same; this test needs no ESLint).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const coreDir = path.resolve(__dirname, '..', '..', 'core', 'src');
const FORBIDDEN = /^(vscode|vscode-languageserver(-[\w-]+)?|vscode-languageclient(-[\w-]+)?)(\/.*)?$/;
// import ... from 'x' | export ... from 'x' | import 'x' | import('x') | require('x')
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(m|c)?[jt]sx?$/.test(e.name) ? [p] : [];
  });
}

export function forbiddenImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(SPECIFIER)) if (FORBIDDEN.test(m[1])) found.push(m[1]);
  return found;
}

test('the pattern catches every form of a forbidden import', () => {
  assert.deepEqual(forbiddenImports(`import * as vscode from 'vscode';`), ['vscode']);
  assert.deepEqual(forbiddenImports(`import type { Diagnostic } from "vscode-languageserver/node";`), ['vscode-languageserver/node']);
  assert.deepEqual(forbiddenImports(`export { x } from 'vscode-languageserver-types';`), ['vscode-languageserver-types']);
  assert.deepEqual(forbiddenImports(`const c = require('vscode-languageclient/node');`), ['vscode-languageclient/node']);
  assert.deepEqual(forbiddenImports(`const m = await import('vscode');`), ['vscode']);
  assert.deepEqual(forbiddenImports(`import { URI } from 'vscode-uri'; import 'yaml';`), []);
});

test('core/src imports nothing from VS Code or the language server libraries', () => {
  const files = sources(coreDir);
  assert.ok(files.length > 0, 'no core sources found');
  const offenders = files.flatMap((f) => forbiddenImports(fs.readFileSync(f, 'utf8')).map((s) => `${path.relative(coreDir, f)}: '${s}'`));
  assert.deepEqual(offenders, [], `forbidden imports in core/src:\n${offenders.join('\n')}`);
});

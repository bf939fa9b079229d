// Bundles the CLI, the language server, the VS Code client and the graph
// webview with esbuild: one minified file each, with source maps. Copies the
// webview's toolbar icons (codicon.css and codicon.ttf from @vscode/codicons,
// those two files only) into dist/codicons/. First compiles the JSON Schema to
// a standalone validator (scripts/gen-validator.mjs).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateValidator } from './gen-validator.mjs';
import { generateRuleDocs } from './gen-rule-docs.mjs';

const CODICONS_SRC = 'node_modules/@vscode/codicons/dist';
const CODICON_FILES = ['codicon.css', 'codicon.ttf'];
function copyCodicons() {
  fs.mkdirSync('dist/codicons', { recursive: true });
  for (const f of CODICON_FILES) {
    const src = path.join(CODICONS_SRC, f);
    if (!fs.existsSync(src)) throw new Error(`${src} is missing: run npm install (@vscode/codicons)`);
    fs.copyFileSync(src, path.join('dist/codicons', f));
  }
}

const watch = process.argv.includes('--watch');
const common = { bundle: true, minify: true, sourcemap: true, logLevel: 'warning', legalComments: 'none' };
const node = { ...common, platform: 'node', target: 'node18', format: 'cjs' };

const entries = [
  { ...node, entryPoints: ['cli/src/main.ts'], outfile: 'dist/cli.js' },
  // The server bundle, started by a small loader that keeps V8's code cache for it (server/src/boot.ts).
  { ...node, entryPoints: ['server/src/main.ts'], outfile: 'dist/server-main.js' },
  { ...node, entryPoints: ['server/src/boot.ts'], outfile: 'dist/server.js' },
  { ...node, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, platform: 'browser', target: 'es2020', format: 'iife', entryPoints: ['webview/src/main.ts'], outfile: 'dist/webview.js' },
].filter((e) => fs.existsSync(e.entryPoints[0]));

const t0 = Date.now();
generateValidator();
generateRuleDocs(); // the rule pages, bundled for SARIF help
copyCodicons();
if (watch) {
  for (const e of entries) await (await esbuild.context(e)).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build(e)));
  console.log(`bundled ${entries.map((e) => e.outfile).join(', ')} (and dist/codicons/) in ${Date.now() - t0} ms`);
}

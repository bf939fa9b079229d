// Bundles the rule pages (docs/rules/VXnnn.md) into the CLI at build time
// (cli/src/rule-docs.generated.json, not committed), so that SARIF can carry
// each rule's help without reading files at run time. Run by `npm run build`
// and by `npm test`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const docsDir = path.join(root, 'docs', 'rules');
const outFile = path.join(root, 'cli', 'src', 'rule-docs.generated.json');

export function generateRuleDocs() {
  const pages = {};
  for (const name of fs.readdirSync(docsDir).sort()) {
    const m = /^(VX\d{3})\.md$/.exec(name);
    if (m) pages[m[1]] = fs.readFileSync(path.join(docsDir, name), 'utf8');
  }
  const text = `${JSON.stringify(pages, null, 1)}\n`;
  if (!fs.existsSync(outFile) || fs.readFileSync(outFile, 'utf8') !== text) fs.writeFileSync(outFile, text);
  return outFile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) console.log(`wrote ${path.relative(root, generateRuleDocs())}`);

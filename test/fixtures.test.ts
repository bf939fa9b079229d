// Fixture-driven rule tests. Every `*.veltrix.yaml` under test/fixtures/rules
// that is a main file is analysed; the findings (any severity) across its
// import closure must be exactly the markers written in the files:
//   `# expect: VX100` (or `# expect: VX100 VX113`) at the end of the line where
//   the finding starts; `# expect-next-line: VX001` on the line above when the
//   offending line cannot carry a comment.
// A file may say `# fixture-ignore: VX201 VX106` to leave codes it is not
// about out of the comparison.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePipeline, extractFile } from '../core/src/index';
import { diskHost, pathOf, uriOf } from './helpers/host';
import { expectedMarkers, fixtureFiles as listFixtures } from './helpers/fixtures';

const root = path.join(__dirname, 'fixtures', 'rules');

for (const file of listFixtures()) {
  const text = fs.readFileSync(file, 'utf8');
  if (extractFile(uriOf(file), text).isFragment) continue;
  test(`fixture ${path.relative(root, file)}`, () => {
    const analysis = analyzePipeline(uriOf(file), text, { host: diskHost });
    const byFile = new Map<string, { expected: string[]; actual: string[] }>();
    const ignored = new Set<string>();
    for (const f of analysis.ws.files) {
      const m = expectedMarkers(f.text);
      m.ignored.forEach((c) => ignored.add(c));
      byFile.set(f.uri, { expected: m.expected.sort(), actual: [] });
    }
    for (const finding of analysis.findings) {
      if (ignored.has(finding.code)) continue;
      byFile.get(finding.uri)?.actual.push(`${finding.range.start.line + 1}:${finding.code}`);
    }
    for (const [uri, { expected, actual }] of byFile) {
      const detail = analysis.findings
        .filter((f) => f.uri === uri && !ignored.has(f.code))
        .map((f) => `  ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.message}`)
        .join('\n');
      assert.deepEqual(actual.sort(), expected.filter((e) => !ignored.has(e.split(':')[1])), `${path.relative(root, pathOf(uri))}: findings differ from the markers\n${detail}`);
    }
  });
}

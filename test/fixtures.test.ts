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

const root = path.join(__dirname, 'fixtures', 'rules');

function listYaml(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return listYaml(p);
    return /\.veltrix\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

export function expectedMarkers(text: string): { expected: string[]; ignored: Set<string> } {
  const expected: string[] = [];
  const ignored = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    const ig = /#\s*fixture-ignore:\s*([A-Z0-9 ,]+)/.exec(line);
    if (ig) for (const c of ig[1].split(/[\s,]+/).filter(Boolean)) ignored.add(c);
    const same = /#\s*expect:\s*((?:VX\d{3}[\s,]*)+)/.exec(line);
    if (same) for (const c of same[1].split(/[\s,]+/).filter(Boolean)) expected.push(`${i + 1}:${c}`);
    const next = /#\s*expect-next-line:\s*((?:VX\d{3}[\s,]*)+)/.exec(line);
    if (next) for (const c of next[1].split(/[\s,]+/).filter(Boolean)) expected.push(`${i + 2}:${c}`);
  });
  return { expected, ignored };
}

export function fixtureFiles(): string[] {
  return listYaml(root);
}

for (const file of listYaml(root)) {
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

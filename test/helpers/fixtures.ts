// Reading the rule fixtures: files under test/fixtures/rules and their inline
// `# expect: VXnnn` / `# expect-next-line: VXnnn` / `# fixture-ignore:` markers.
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', 'fixtures', 'rules');

function listYaml(dir: string, name = /\.veltrix\.ya?ml$/): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return listYaml(p, name);
    return name.test(e.name) ? [p] : [];
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

/** Every YAML file under `dir` (examples, fixtures), at any depth. */
export function yamlFilesUnder(dir: string): string[] {
  return listYaml(dir, /\.ya?ml$/);
}

export function fixtureFiles(): string[] {
  return listYaml(root);
}

/** Pipeline test files (`*.veltrix-test.yaml`) among the fixtures: test/core/testing-fixtures.test.ts runs them. */
export function testFixtureFiles(): string[] {
  return listYaml(root, /\.veltrix-test\.ya?ml$/);
}

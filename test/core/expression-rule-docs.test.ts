// The Bad example of docs/rules/VX015.md and VX016.md gives exactly its code,
// the Good example nothing at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePipeline } from '../../core/src/index';

for (const code of ['VX015', 'VX016']) {
  test(`docs/rules/${code}.md: Bad gives ${code}, Good gives nothing`, () => {
    const md = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'rules', `${code}.md`), 'utf8');
    const examples = Object.fromEntries([...md.matchAll(/### (Bad|Good)[\s\S]*?```yaml\n([\s\S]*?)```/g)].map((m) => [m[1], m[2]]));
    const codes = (yaml: string) => analyzePipeline('file:///docs/example.veltrix.yaml', yaml, { host: { readFile: () => undefined } }).findings.map((f) => f.code);
    assert.deepEqual(codes(examples.Bad), [code]);
    assert.deepEqual(codes(examples.Good), []);
  });
}

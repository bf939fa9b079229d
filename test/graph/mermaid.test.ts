// `veltrix-lint graph --format mermaid` is valid Mermaid: Mermaid's own
// parser (mermaid.parse, from the mermaid package's browser bundle) reads the
// output of every rule fixture, example and hostile sample, in headless
// Debian chromium. Without chromium the test skips loudly (a failure under
// VELTRIX_REQUIRE_E2E=1).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyzePipeline, FileCache, type Analysis } from '../../core/src/index';
import { formatGraph } from '../../cli/src/graph';
import { fixtureFiles } from '../helpers/fixtures';
import { diskHost, repoRoot, uriOf } from '../helpers/host';
import * as S from './samples';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium) {
  if (process.env.VELTRIX_REQUIRE_E2E === '1') throw new Error(`chromium not installed at ${CHROMIUM} (VELTRIX_REQUIRE_E2E=1 makes this a failure)`);
  console.warn(`SKIPPING the Mermaid syntax check: no chromium at ${CHROMIUM} (scripts/e2e/setup.sh installs it)`);
}

let browser: Browser | undefined;
let page: Page | undefined;

before(async () => {
  if (!haveChromium) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ path: path.join(repoRoot, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js') });
  await page.evaluate(() => (window as unknown as { mermaid: { initialize(o: object): void } }).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
});

after(async () => {
  await browser?.close();
});

/** Mermaid's verdict on a diagram: the diagram type, or the parser's error. */
async function parse(text: string): Promise<{ type?: string; error?: string }> {
  return page!.evaluate(async (t) => {
    try {
      const r = await (window as unknown as { mermaid: { parse(t: string): Promise<{ diagramType: string }> } }).mermaid.parse(t);
      return { type: r.diagramType };
    } catch (e) {
      return { error: String((e as Error)?.message ?? e) };
    }
  }, text);
}

function exampleFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return exampleFiles(p);
    return /\.veltrix\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

const analyse = (file: string): Analysis => analyzePipeline(uriOf(file), fs.readFileSync(file, 'utf8'), { host: diskHost, cache: new FileCache() });

test('every Mermaid graph parses as a flowchart in Mermaid itself', { skip: !haveChromium && 'no chromium' }, async () => {
  const cases: Array<[string, Analysis]> = [
    ...[...fixtureFiles(), ...exampleFiles(S.EXAMPLES)].map((f): [string, Analysis] => [path.relative(repoRoot, f), analyse(f)]),
    ['hostile sample', S.analyzeHostile()],
    ['dangling sample', S.analyzeText(S.DANGLING)],
    ['cycle sample', S.analyzeText(S.CYCLE)],
  ];
  for (const [name, analysis] of cases) {
    const text = formatGraph(analysis, 'mermaid');
    const verdict = await parse(text);
    assert.equal(verdict.error, undefined, `${name}: Mermaid rejects the output:\n${verdict.error}\n${text}`);
    assert.match(verdict.type ?? '', /^flowchart/, name);
  }
});

test('the check is real: Mermaid rejects a broken diagram', { skip: !haveChromium && 'no chromium' }, async () => {
  assert.ok((await parse('flowchart LR\n  n0["unclosed --> n1\n')).error);
});

// What `veltrix-lint test` prints: text (each test with file:line; a failure
// with the expectation's file:line, a key-sorted diff and the event's path),
// JSON (documented in docs/cli.md), JUnit XML and GitHub annotations.
import { tracePaths, type ExpectationFailure, type Finding, type TestResult } from '../../core/src/index';
import type { Value } from '../../core/src/expr/evaluate';
import { countTests, type TestRun, type TestRunFile } from './test-command';

/** Key-sorted, indented JSON: the same event always prints the same way. */
export function prettySorted(v: Value | undefined, indent = ''): string {
  if (v === undefined) return '(absent)';
  const inner = indent + '  ';
  if (Array.isArray(v)) return v.length ? `[\n${v.map((x) => inner + prettySorted(x, inner)).join(',\n')}\n${indent}]` : '[]';
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return keys.length ? `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${prettySorted(v[k], inner)}`).join(',\n')}\n${indent}}` : '{}';
  }
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return JSON.stringify(v);
}

/** A line diff (longest common subsequence): `-` expected only, `+` actual only, ` ` both. */
export function lineDiff(expected: string, actual: string): string[] {
  const a = expected.split('\n');
  const b = actual.split('\n');
  if (a.length * b.length > 4_000_000) return [...a.map((l) => `- ${l}`), ...b.map((l) => `+ ${l}`)];
  const lcs: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i++]}`);
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) out.push(`- ${a[i++]}`);
    else out.push(`+ ${b[j++]}`);
  }
  return out;
}

/** The diff of a failure: expected against actual, both key-sorted. */
export function failureDiff(f: ExpectationFailure): string[] {
  if (f.kind === 'count') return [`- count ${String(f.expected)}`, `+ count ${String(f.actual)}`];
  if (f.kind === 'all') return [`  all: ${String(f.expected)}`, ...prettySorted(f.actual).split('\n').map((l) => `+ ${l}`)];
  return lineDiff(prettySorted(f.expected), prettySorted(f.actual));
}

/** The path of the event a failure is about, one line per branch. */
export function failurePath(t: TestResult, f: ExpectationFailure): string[] {
  const trace = f.trace !== undefined ? t.traces[f.trace] : undefined;
  return trace ? tracePaths(trace.root) : [];
}

const line1 = (r: { start: { line: number } }) => r.start.line + 1;
const pos = (r: { start: { line: number; character: number } }) => `${r.start.line + 1}:${r.start.character + 1}`;

/** Control characters (terminal escapes among them) from test files never reach the terminal. */
const printable = (s: string) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');

export function formatTestText(run: TestRun, options: { trace: boolean }): string {
  const out: string[] = [];
  for (const f of run.files) {
    out.push(f.shown);
    for (const t of f.analysis.tests) {
      const mark = t.status === 'passed' ? 'PASS' : t.status === 'failed' ? 'FAIL' : 'ERROR';
      out.push(`  ${mark}  ${t.name}  (${f.shown}:${line1(t.nameRange)})`);
      for (const x of t.failures) {
        out.push(`        ${f.shown}:${pos(x.range)} ${x.target}: ${x.message}`);
        out.push(...failureDiff(x).map((l) => `          ${l}`));
        const path = failurePath(t, x);
        if (path.length) out.push('        path of the event:', ...path.map((l) => `          ${l}`));
        for (const e of x.elsewhere) out.push(`        instead: ${e.detail}${e.location ? ` (${run.shownOf(e.location.uri)}:${pos(e.location.range)})` : ''}`);
      }
      if (options.trace) for (const tr of t.traces) for (const l of tracePaths(tr.root)) out.push(`        trace ${tr.origin === 'window' ? 'window' : `${tr.component}[${tr.index}]`} @${tr.at}ms: ${l}`);
    }
    for (const x of f.analysis.findings) if (x.code !== 'VX402') out.push(`  ${f.shown}:${pos(x.range)} ${x.severity} ${x.code} ${x.message}`);
  }
  for (const x of run.coverage) out.push(`${run.shownOf(x.uri)}:${pos(x.range)} ${x.severity} ${x.code} ${x.message}`);
  const c = countTests(run);
  out.push(`${c.passed} passed, ${c.failed} failed, ${c.errors} could not run, in ${run.files.length} test file${run.files.length === 1 ? '' : 's'}`);
  return printable(out.join('\n')) + '\n';
}

/** JSON: see docs/cli.md ("veltrix-lint test --format json"). */
export function formatTestJson(run: TestRun, version: string, options: { trace: boolean }): string {
  const finding = (x: Finding) => ({ code: x.code, severity: x.severity, message: x.message, file: run.shownOf(x.uri), line: x.range.start.line + 1, column: x.range.start.character + 1, range: x.range });
  const c = countTests(run);
  const doc = {
    version: 1,
    tool: { name: 'veltrix-lint', version },
    summary: { ...c, files: run.files.length },
    files: run.files.map((f: TestRunFile) => ({
      file: f.shown,
      pipeline: f.analysis.pipelineUri ? run.shownOf(f.analysis.pipelineUri) : null,
      findings: f.analysis.findings.map(finding),
      tests: f.analysis.tests.map((t) => ({
        name: t.name,
        line: line1(t.nameRange),
        status: t.status,
        eventsProduced: t.eventsProduced,
        failures: t.failures.map((x) => ({
          target: x.target,
          kind: x.kind,
          line: line1(x.range),
          column: x.range.start.character + 1,
          message: x.message,
          expected: x.expected,
          actual: x.actual,
          ...(x.index !== undefined ? { index: x.index } : {}),
          ...(x.field !== undefined ? { field: x.field } : {}),
          path: failurePath(t, x),
          elsewhere: x.elsewhere.map((e) => ({ component: e.component, outcome: e.outcome, detail: e.detail, ...(e.location ? { file: run.shownOf(e.location.uri), line: line1(e.location.range) } : {}) })),
        })),
        ...(options.trace ? { traces: t.traces } : {}),
      })),
    })),
    coverage: run.coverage.map(finding),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** XML 1.0 text: the five entities escaped, characters XML cannot carry replaced by U+FFFD. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** In attributes, line breaks and tabs are kept as character references (a parser would normalise them to spaces). */
const attr = (s: string) => xmlEscape(s).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');

/** JUnit XML: a testsuite per test file; classname = the file's path, name = the test, file and line attributes. */
export function formatJunit(run: TestRun): string {
  const total = run.files.reduce((s, f) => s + f.seconds, 0);
  const out: string[] = [];
  const sums = { tests: 0, failures: 0, errors: 0 };
  for (const f of run.files) {
    const tests = f.analysis.tests;
    const fileErrors = f.analysis.findings.filter((x) => x.severity === 'error' && x.code !== 'VX402');
    const failed = tests.filter((t) => t.status === 'failed').length;
    const errored = tests.filter((t) => t.status === 'error').length;
    // A file whose problems stop every test (or that has no test at all) still shows up, as one errored case.
    const fileCase = fileErrors.length > 0 && tests.every((t) => t.status === 'error');
    const extra = fileCase && !tests.length ? 1 : 0;
    sums.tests += tests.length + extra;
    sums.failures += failed;
    sums.errors += errored + extra;
    out.push(`  <testsuite name="${attr(f.shown)}" tests="${tests.length + extra}" failures="${failed}" errors="${errored + extra}" skipped="0" time="${f.seconds.toFixed(3)}" file="${attr(f.shown)}">`);
    for (const t of tests) {
      out.push(`    <testcase classname="${attr(f.shown)}" name="${attr(t.name)}" file="${attr(f.shown)}" line="${line1(t.nameRange)}">`);
      if (t.status === 'failed') {
        const first = t.failures[0];
        const body = t.failures.flatMap((x) => [`${f.shown}:${pos(x.range)} ${x.target}: ${x.message}`, ...failureDiff(x), ...failurePath(t, x).map((l) => `path: ${l}`), ...x.elsewhere.map((e) => `instead: ${e.detail}`), '']);
        out.push(`      <failure message="${attr(`${first.target}: ${first.message}`)}" type="VX402">${xmlEscape(body.join('\n'))}</failure>`);
      } else if (t.status === 'error') {
        const mine = f.analysis.findings.filter((x) => x.severity === 'error' && within(x, t));
        const why = (mine.length ? mine : fileErrors).map((x) => `${f.shown}:${pos(x.range)} ${x.code} ${x.message}`);
        const message = why[0] ?? 'the test could not run';
        out.push(`      <error message="${attr(message)}" type="${attr(mine[0]?.code ?? fileErrors[0]?.code ?? 'error')}">${xmlEscape(why.join('\n'))}</error>`);
      }
      out.push('    </testcase>');
    }
    if (fileCase && !tests.length) {
      const why = fileErrors.map((x) => `${f.shown}:${pos(x.range)} ${x.code} ${x.message}`);
      out.push(`    <testcase classname="${attr(f.shown)}" name="(test file)" file="${attr(f.shown)}" line="${line1(fileErrors[0].range)}">`);
      out.push(`      <error message="${attr(why[0])}" type="${fileErrors[0].code}">${xmlEscape(why.join('\n'))}</error>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  const head = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="veltrix-lint test" tests="${sums.tests}" failures="${sums.failures}" errors="${sums.errors}" time="${total.toFixed(3)}">`];
  return [...head, ...out].join('\n') + '\n';
}

function within(x: Finding, t: TestResult): boolean {
  const l = x.range.start.line;
  return l >= t.range.start.line && l <= t.range.end.line;
}

/** GitHub's escaping of workflow command data and properties. */
const ghData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProp = (s: string) => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::error file=…,line=…::` lines for failed expectations and error findings of test files. */
export function githubAnnotations(run: TestRun): string {
  const out: string[] = [];
  for (const f of run.files)
    for (const x of f.analysis.findings) {
      if (x.severity !== 'error' && x.severity !== 'warning') continue;
      const props = `file=${ghProp(f.shown)},line=${x.range.start.line + 1},col=${x.range.start.character + 1},title=${ghProp(x.code)}`;
      out.push(`::${x.severity === 'error' ? 'error' : 'warning'} ${props}::${ghData(x.message)}`);
    }
  return out.length ? out.join('\n') + '\n' : '';
}

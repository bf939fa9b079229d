// The rule catalog: one entry per stable diagnostic code. Codes never change
// meaning; docs/rules/<code>.md documents each one (a test keeps them in step).
// To add a rule, append an entry to `rules` (CONTRIBUTING.md has the recipe):
// its code becomes a RuleCode, the only kind of code `report` accepts, so a
// mistyped code does not compile.
import type { Severity } from '../types';

export interface RuleInfo {
  code: string;
  name: string;
  severity: Severity;
  summary: string;
}

export const DOCS_BASE = 'https://github.com/veltrix/veltrix-pipelines/blob/main/docs/rules/';

const rules = [
  { code: 'VX001', name: 'yaml-syntax', severity: 'error', summary: 'The YAML does not parse.' },
  { code: 'VX002', name: 'duplicate-key', severity: 'error', summary: 'A mapping repeats a key.' },
  { code: 'VX003', name: 'unsupported-version', severity: 'error', summary: '`veltrix` is missing or not 1.' },
  { code: 'VX010', name: 'missing-key', severity: 'error', summary: 'A required key is absent.' },
  { code: 'VX011', name: 'unknown-key', severity: 'error', summary: 'A key the schema does not allow here (for the component type).' },
  { code: 'VX012', name: 'invalid-value', severity: 'error', summary: 'A value has the wrong type, enum value or pattern.' },
  { code: 'VX013', name: 'invalid-unit', severity: 'error', summary: 'A malformed duration, size or rate.' },
  { code: 'VX014', name: 'invalid-expression', severity: 'error', summary: 'An expression does not parse.' },
  { code: 'VX015', name: 'unknown-function', severity: 'error', summary: 'An expression calls a function outside the closed set, calls a method, passes a wrong number of arguments, or gives `exists` something that is not a field path.' },
  { code: 'VX016', name: 'type-mismatch', severity: 'warning', summary: 'An operation whose operand types (known from the schema flow) can only give `false` or `null`.' },
  { code: 'VX099', name: 'internal-error', severity: 'error', summary: 'The analyzer hit an internal problem on this input.' },
  { code: 'VX100', name: 'unknown-reference', severity: 'error', summary: 'An input names no component.' },
  { code: 'VX101', name: 'duplicate-id', severity: 'error', summary: 'A component id is used twice across sections or imported files.' },
  { code: 'VX102', name: 'cycle', severity: 'error', summary: 'Inputs form a cycle.' },
  { code: 'VX104', name: 'sink-as-input', severity: 'error', summary: 'A sink is referenced as an input.' },
  { code: 'VX105', name: 'unknown-route', severity: 'error', summary: '`router.x` where `x` is not a route of `router`.' },
  { code: 'VX106', name: 'dead-end', severity: 'warning', summary: 'A source or processor whose output nothing consumes.' },
  { code: 'VX107', name: 'unused-schema', severity: 'info', summary: 'A schema no component uses.' },
  { code: 'VX108', name: 'empty-wildcard', severity: 'warning', summary: 'A wildcard input matches no component.' },
  { code: 'VX109', name: 'invalid-dead-letter', severity: 'error', summary: '`dead_letter` names a missing component, a non-sink, or the sink itself.' },
  { code: 'VX110', name: 'unmatched-dropped', severity: 'warning', summary: "A route's `_unmatched` output is consumed by nothing: events matching no route are silently dropped." },
  { code: 'VX111', name: 'import-error', severity: 'error', summary: 'An import is missing, unreadable, not a fragment, or forms an import cycle.' },
  { code: 'VX113', name: 'unknown-field', severity: 'warning', summary: 'A field name is absent from the known input schema.' },
  { code: 'VX114', name: 'unknown-schema', severity: 'error', summary: '`schema:` names an undefined schema.' },
  { code: 'VX200', name: 'lossy-buffer', severity: 'warning', summary: '`when_full: drop_*` while delivery is not at-most-once.' },
  { code: 'VX201', name: 'no-dead-letter', severity: 'warning', summary: 'A sink without `dead_letter` while delivery is not at-most-once.' },
  { code: 'VX202', name: 'exactly-once-source', severity: 'error', summary: 'Exactly-once delivery with a non-replayable source.' },
  { code: 'VX203', name: 'exactly-once-sink', severity: 'error', summary: 'Exactly-once delivery with a sink that is not safe for it.' },
  { code: 'VX204', name: 'checkpoint-required', severity: 'error', summary: 'Exactly-once delivery without `runtime.checkpoint`.' },
  { code: 'VX205', name: 'weak-acks', severity: 'warning', summary: 'Kafka sink `acks` is 0 or 1 while delivery is not at-most-once.' },
  { code: 'VX206', name: 'idle-consumers', severity: 'warning', summary: 'Kafka source `parallelism` exceeds `partitions`.' },
  { code: 'VX207', name: 'timeout-over-slo', severity: 'warning', summary: 'An enrich `lookup.timeout` exceeds `slo.latency_p99`.' },
  { code: 'VX300', name: 'bottleneck', severity: 'error', summary: 'Modelled utilisation is 1 or more.' },
  { code: 'VX301', name: 'hot-stage', severity: 'warning', summary: 'Modelled utilisation is 0.8 or more.' },
  { code: 'VX302', name: 'latency-slo', severity: 'warning', summary: 'Modelled end-to-end p99 on some path exceeds `slo.latency_p99`.' },
  { code: 'VX303', name: 'memory-budget', severity: 'error', summary: 'Modelled memory exceeds `runtime.memory` (warning over 80%).' },
  { code: 'VX304', name: 'oversubscribed', severity: 'warning', summary: 'The modelled busy workers (sum of min(utilisation, 1) x parallelism) exceed `runtime.workers`.' },
  { code: 'VX305', name: 'throughput-slo', severity: 'warning', summary: 'The modelled maximum sustainable ingest is below `slo.throughput`.' },
  { code: 'VX306', name: 'slo-off-bucket', severity: 'warning', summary: '`slo.latency_p99` is not a boundary of the latency histogram buckets, so no alert can measure it exactly.' },
  { code: 'VX307', name: 'slo-unwatched', severity: 'warning', summary: '`pipeline.slo` is set while `monitoring.prometheus.enabled` is not true.' },
  { code: 'VX401', name: 'unknown-test-target', severity: 'error', summary: "A test file's `pipeline` is missing or not a main pipeline file, or an `input`, `expect`, `mocks` or `fail` key names no component (or route) of it." },
  { code: 'VX402', name: 'test-failed', severity: 'error', summary: "A pipeline test's expectation does not hold." },
  { code: 'VX403', name: 'input-at-sink', severity: 'error', summary: 'A test inserts events at a sink.' },
  { code: 'VX404', name: 'unmocked-lookup', severity: 'warning', summary: 'Test events reach an enrich that has no mocks: every lookup misses and writes null.' },
  { code: 'VX405', name: 'untested-branch', severity: 'info', summary: 'In a pipeline with test files: a filter outcome, route output, `_unmatched` or dead-letter path that no test event takes.' },
  { code: 'VX406', name: 'test-limit', severity: 'error', summary: 'A test produced more than 100,000 events or ran more than 2 s of evaluation, and was stopped.' },
  { code: 'VX308', name: 'model-incomplete', severity: 'info', summary: 'Some sources declare `rate` and some do not; those count as 0.' },
] as const satisfies readonly RuleInfo[];

/** A code in the catalog (`VX001`...). */
export type RuleCode = (typeof rules)[number]['code'];

export const CATALOG: ReadonlyMap<string, RuleInfo> = new Map(rules.map((r) => [r.code, r]));

/** True for a code in the catalog (for codes that arrive as text: configuration, suppressions). */
export function isRuleCode(code: string): code is RuleCode {
  return CATALOG.has(code);
}

export function ruleInfo(code: string): RuleInfo {
  return CATALOG.get(code) ?? { code, name: 'unknown', severity: 'error', summary: '' };
}

export function docsUrl(code: string): string {
  return `${DOCS_BASE}${code}.md`;
}

// A test file against its JSON Schema (schemas/veltrix-test-v1.schema.json,
// compiled with the pipeline schema at build time): the same error mapper as
// pipelines, so VX010-VX013 read the same. The mapper leaves top-level
// required keys to the caller (for pipelines, VX003 owns `veltrix`).
import type { ErrorObject } from 'ajv';
import validators from '../schema/validate.generated';
import { mapSchemaErrors } from '../schema/errors';
import { BudgetExceeded, getPair, isMap, toJS } from '../parse/tree';
import type { PipelineFile } from '../pipeline/file';
import type { Finding } from '../types';
import { report } from '../rules/context';

export function validateTestFile(file: PipelineFile, findings: Finding[]): void {
  const root = file.root;
  if (!isMap(root)) {
    if (!file.syntax.length) report({ findings }, 'VX012', file, { start: 0, end: Math.min(file.text.length, 1) }, "A test file must be a mapping with 'veltrix-test: 1', 'pipeline' and 'tests'");
    return;
  }
  for (const key of ['veltrix-test', 'tests'])
    if (!getPair(root, key)) {
      const first = root.pairs[0]?.key ?? { start: 0, end: 0 };
      report({ findings }, 'VX010', file, first, `The test file is missing required key '${key}'${key === 'veltrix-test' ? " (add 'veltrix-test: 1' at the top)" : ''}`, {
        data: { kind: 'insert-key', key, placeholder: key === 'tests' ? '[]' : '1', parentRange: file.lines.range(root.start, root.end), indent: 0 },
      });
    }
  let value: unknown;
  try {
    value = toJS(root);
  } catch (e) {
    if (e instanceof BudgetExceeded) return; // an alias bomb: VX001 says so
    throw e;
  }
  const validate = validators.testFile;
  if (!validate || validate(value)) return;
  const errors = ((validate.errors ?? []) as ErrorObject[]).map((e) =>
    // `{count: 1, all: ...}`: say what an expectation is rather than ajv's "must NOT have more than 1 properties".
    (e.keyword === 'maxProperties' || e.keyword === 'minProperties') && /^\/tests\/\d+\/expect\/[^/]+$/.test(e.instancePath)
      ? { ...e, message: 'must be one expectation: a list of events, {count: n}, {contains: [...]} or {all: "<expression>"}' }
      : e,
  );
  mapSchemaErrors(file, errors, findings, { skipRequired: file.syntax.some((p) => p.code === 'VX001') });
}

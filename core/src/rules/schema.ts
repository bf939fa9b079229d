// VX010-VX013: the file validated against the JSON Schema (schema/load.ts),
// errors mapped to precise findings (schema/errors.ts). A fragment is simply
// a file without `pipeline`, which the schema allows.
import { BudgetExceeded, isMap, toJS } from '../parse/tree';
import type { PipelineFile } from '../pipeline/file';
import type { Finding } from '../types';
import { schemaValidator } from '../schema/load';
import { mapSchemaErrors } from '../schema/errors';

export function checkSchema(file: PipelineFile, findings: Finding[]): void {
  if (!isMap(file.root)) return;
  let data: unknown;
  try {
    data = toJS(file.root);
  } catch (e) {
    if (e instanceof BudgetExceeded) return; // an alias bomb: VX001 already says so
    throw e;
  }
  const validate = schemaValidator();
  if (validate(data)) return;
  // With a syntax error the tree may be cut short: missing keys would be noise.
  const skipRequired = file.syntax.some((p) => p.code === 'VX001');
  mapSchemaErrors(file, validate.errors ?? [], findings, { skipRequired });
}

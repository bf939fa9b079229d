// VX010-VX013: JSON Schema validation (ajv) mapped to precise findings.
import type { PipelineFile } from '../pipeline/file';
import type { Finding } from '../types';

export function checkSchema(_file: PipelineFile, _findings: Finding[]): void {}

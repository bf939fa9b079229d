// One named pipeline file analysed with its import closure and its nearest
// `.veltrix-lint.yaml` (for `graph` and `model`). An unreadable file is a
// UsageError.
import * as path from 'node:path';
import { analyzePipeline, findLintConfig, FileCache, type Analysis, type AnalyzeSettings } from '../../core/src/index';
import { DiskHost, UsageError, uriOfPath } from './files';

export function analyzeFile(file: string, cwd: string, settings: AnalyzeSettings = {}): Analysis {
  const host = new DiskHost();
  const p = path.resolve(cwd, file);
  const text = host.readRequired(p, file);
  const uri = uriOfPath(p);
  const bad = host.badEncoding.get(uri);
  if (bad) throw new UsageError(`cannot read '${file}': not valid UTF-8 (byte offset ${bad.byteOffset})`);
  return analyzePipeline(uri, text, { host, cache: new FileCache(), config: findLintConfig(uri, host), settings });
}

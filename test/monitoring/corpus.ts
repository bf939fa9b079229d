// Every example and fixture main file, with its generated monitoring: the
// corpus the real-tool tests run over.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePipeline, extractFile } from '../../core/src/index';
import { generateMonitoring, type MonitoringFiles } from '../../core/src/monitoring/index';
import { diskHost, repoRoot, uriOf } from '../helpers/host';

function listPipelines(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return listPipelines(p);
    return /\.veltrix\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

export interface Generated {
  file: string;
  monitoring: MonitoringFiles;
}

export function generateFor(file: string): MonitoringFiles {
  const text = fs.readFileSync(file, 'utf8');
  const analysis = analyzePipeline(uriOf(file), text, { host: diskHost });
  return generateMonitoring(analysis, path.relative(repoRoot, file));
}

/** Main files (not fragments) of examples/, test/fixtures/rules/ and test/fixtures/monitoring/, each generated once. */
export function corpus(): Generated[] {
  const files = ['examples', 'test/fixtures/rules', 'test/fixtures/monitoring'].flatMap((d) => listPipelines(path.join(repoRoot, d))).sort();
  return files
    .filter((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return !extractFile(uriOf(f), text).isFragment && /^pipeline:/m.test(text);
    })
    .map((file) => ({ file, monitoring: generateFor(file) }));
}

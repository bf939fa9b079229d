// What the CI formats (SARIF, GitLab code quality) share: paths relative to
// the repository root, and the text each finding was computed on (for
// fingerprints and snippets), read once per file.
import * as path from 'node:path';
import { LineIndex } from '../../core/src/index';
import { DiskHost, pathOfUri } from './files';
import { repositoryRoot } from './repo-root';

export interface ReportOptions {
  /** Where the CLI runs; the repository root is looked for from here. */
  cwd?: string;
  /** The folder paths are relative to (`--base-dir`); default the repository root, else `cwd`. */
  baseDir?: string;
  /** The text each finding was computed on; default: read the file. */
  readText?: (uri: string) => string | undefined;
}

export interface ReportBase {
  /** Absolute path of the folder paths are relative to. */
  dir: string;
  /** A file's path relative to `dir` (forward slashes), or undefined outside it. */
  relative(uri: string): string | undefined;
  lines(uri: string): LineIndex | undefined;
}

export function reportBase(options: ReportOptions = {}): ReportBase {
  const cwd = options.cwd ?? process.cwd();
  const dir = path.resolve(cwd, options.baseDir ?? repositoryRoot(cwd) ?? cwd);
  const host = options.readText ? undefined : new DiskHost();
  const readText = options.readText ?? ((uri: string) => host!.readFile(uri));
  const indexes = new Map<string, LineIndex | undefined>();
  return {
    dir,
    relative(uri) {
      const rel = path.relative(dir, pathOfUri(uri));
      return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : undefined;
    },
    lines(uri) {
      if (!indexes.has(uri)) {
        const text = readText(uri);
        indexes.set(uri, text === undefined ? undefined : new LineIndex(text));
      }
      return indexes.get(uri);
    },
  };
}

// A file host over the real filesystem (tests use real fixture files).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { FileHost } from '../../core/src/index';

export const repoRoot = path.resolve(__dirname, '..', '..');

export function uriOf(p: string): string {
  return pathToFileURL(path.resolve(p)).toString();
}

export function pathOf(uri: string): string {
  return fileURLToPath(uri);
}

export const diskHost: FileHost = {
  readFile(uri) {
    try {
      return fs.readFileSync(pathOf(uri), 'utf8');
    } catch {
      return undefined;
    }
  },
  isDirectory(uri) {
    try {
      return fs.statSync(pathOf(uri)).isDirectory();
    } catch {
      return false;
    }
  },
};

/** A host over an in-memory map of uri -> text. */
export function memoryHost(files: Record<string, string>): FileHost {
  return { readFile: (uri) => files[uri] };
}

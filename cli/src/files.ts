// Everything the CLI does with the filesystem: finding pipeline files under
// the paths the user named, reading them, and a caching FileHost for the core
// (which does no IO of its own). IO problems become a UsageError (exit 2)
// with a one-line reason that names the file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { looksLikePipeline, type FileHost } from '../../core/src/index';

/** Bad usage or unreadable input: printed as `veltrix-lint: <message>`, exit 2. */
export class UsageError extends Error {}

export const PIPELINE_NAME = /\.veltrix\.ya?ml$/i;

/** Spec 1: a YAML file with another name is a pipeline file when its first key is `veltrix:` (only its head is read). */
function startsWithVeltrixKey(p: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(p, 'r');
    const head = Buffer.alloc(4096);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return looksLikePipeline(uriOfPath(p), head.subarray(0, n).toString('utf8'));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * File URIs in the exact spelling `resolveImport` produces (vscode-uri), so
 * that URIs computed by the CLI and by the core compare equal.
 */
export function uriOfPath(p: string): string {
  return URI.file(path.resolve(p)).toString();
}

export function pathOfUri(uri: string): string {
  return URI.parse(uri).fsPath;
}

/** The path shown to the user: relative to the working directory when inside it. */
export function displayPath(uriOrPath: string, cwd = process.cwd()): string {
  const abs = uriOrPath.startsWith('file:') ? pathOfUri(uriOrPath) : path.resolve(uriOrPath);
  const rel = path.relative(cwd, abs);
  return rel === '' ? path.basename(abs) : rel;
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return (e as Error)?.message?.split('\n')[0] ?? String(e);
  }
}

/** Where a file stops being UTF-8: the first bad byte, by byte offset and by offset in the decoded text. */
export interface BadEncoding {
  byteOffset: number;
  byte: number;
  /** UTF-16 offset in the (leniently) decoded text. */
  offset: number;
}

/**
 * Decodes UTF-8 strictly. A file that is not UTF-8 is decoded leniently (bad
 * bytes become U+FFFD) and the first bad byte is returned, so that `check`
 * reports one VX001 there instead of analysing mojibake.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string; bad?: BadEncoding } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes);
    const offset = new TextDecoder('utf-8').decode(bytes.subarray(0, at)).length;
    return { text: new TextDecoder('utf-8').decode(bytes), bad: { byteOffset: at, byte: bytes[at], offset } };
  }
}

/** Index of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (n === 0 || i + n >= b.length) return i;
    for (let k = 1; k <= n; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    const d = b[i + 1];
    if ((c === 0xe0 && d < 0xa0) || (c === 0xed && d > 0x9f) || (c === 0xf0 && d < 0x90) || (c === 0xf4 && d > 0x8f)) return i;
    i += n + 1;
  }
  return Math.max(0, b.length - 1);
}

/** A FileHost over the disk that remembers what it read (each file is read once per run). */
export class DiskHost implements FileHost {
  private readonly texts = new Map<string, string | undefined>();
  private readonly dirs = new Map<string, boolean>();
  /** Files that are not valid UTF-8, by URI. */
  readonly badEncoding = new Map<string, BadEncoding>();

  private decode(uri: string, bytes: Buffer): string {
    const { text, bad } = decodeUtf8(bytes);
    const stripped = stripBom(text);
    if (bad) this.badEncoding.set(uri, { ...bad, offset: Math.max(0, bad.offset - (text.length - stripped.length)) });
    return stripped;
  }

  readFile(uri: string): string | undefined {
    if (this.texts.has(uri)) return this.texts.get(uri);
    let text: string | undefined;
    try {
      const p = pathOfUri(uri);
      // Only regular files: never block on a FIFO or read a device.
      text = fs.statSync(p).isFile() ? this.decode(uri, fs.readFileSync(p)) : undefined;
    } catch {
      text = undefined;
    }
    this.texts.set(uri, text);
    return text;
  }

  isDirectory(uri: string): boolean {
    const hit = this.dirs.get(uri);
    if (hit !== undefined) return hit;
    let dir = false;
    try {
      dir = fs.statSync(pathOfUri(uri)).isDirectory();
    } catch {
      dir = false;
    }
    this.dirs.set(uri, dir);
    return dir;
  }

  /** Reads a file the user asked for; a failure is a UsageError naming it. */
  readRequired(p: string, shown: string): string {
    const read = this.tryRequired(p);
    if ('text' in read) return read.text;
    throw new UsageError(`cannot read '${shown}': ${read.reason}`);
  }

  /** readRequired without the throw (for check's workers, which report the reason to the main thread). */
  tryRequired(p: string): { text: string } | { reason: string } {
    const uri = uriOfPath(p);
    try {
      const st = fs.statSync(p);
      if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      if (!st.isFile()) throw new Error('not a regular file');
      const text = this.decode(uri, fs.readFileSync(p));
      this.texts.set(uri, text);
      return { text };
    } catch (e) {
      return { reason: reason(e) };
    }
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export interface Discovery {
  /** Absolute paths of the files to check, in a stable order, each once. */
  files: string[];
  /** Further pipeline files that may import the checked fragments (siblings of named files). */
  neighbours: string[];
  /** Named files skipped because they are not pipeline files (reported on stderr). */
  skipped: string[];
}

/**
 * Expands the command-line paths: a directory is searched recursively for
 * `*.veltrix.yaml` / `*.veltrix.yml`, skipping `node_modules` and dot-folders
 * and following symbolic links at most once per real directory (no loops).
 * A named file is checked when it has the pipeline name or its first key is
 * `veltrix:`. With `wanted` (test files), directories yield the files it
 * accepts and every named file is taken. A named path that does not exist or cannot be read is a
 * UsageError.
 */
export function discover(args: string[], host: DiskHost, cwd = process.cwd(), wanted?: (p: string) => boolean): Discovery {
  const files: string[] = [];
  const neighbours: string[] = [];
  const skipped: string[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();

  const addFile = (p: string, into: string[]) => {
    let real: string;
    try {
      real = fs.realpathSync(p);
    } catch {
      real = p;
    }
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    into.push(p);
  };

  const walk = (dir: string, into: string[], recursive: boolean) => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (e) {
      throw new UsageError(`cannot read directory '${displayPath(dir, cwd)}': ${reason(e)}`);
    }
    const key = `${real}\u0000${recursive}`;
    if (seenDirs.has(key) || (!recursive && seenDirs.has(`${real}\u0000true`))) return;
    seenDirs.add(key);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      throw new UsageError(`cannot read directory '${displayPath(dir, cwd)}': ${reason(e)}`);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const p = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = fs.statSync(p);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // a dangling link is not a file to check
        }
      }
      if (isDir) {
        if (recursive && !entry.name.startsWith('.') && entry.name !== 'node_modules') walk(p, into, true);
      } else if (isFile && (wanted ? wanted(p) : PIPELINE_NAME.test(entry.name) || (/\.ya?ml$/i.test(entry.name) && startsWithVeltrixKey(p)))) addFile(p, into);
    }
  };

  const named: string[] = [];
  for (const arg of args) {
    const p = path.resolve(cwd, arg);
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      throw new UsageError(`cannot read '${arg}': ${reason(e)}`);
    }
    if (st.isDirectory()) {
      walk(p, files, true);
    } else if (st.isFile()) {
      const text = host.readRequired(p, arg);
      if (wanted ? true : PIPELINE_NAME.test(p) || looksLikePipeline(uriOfPath(p), text)) {
        addFile(p, files);
        named.push(p);
      } else skipped.push(arg);
    } else {
      throw new UsageError(`cannot read '${arg}': not a regular file or directory`);
    }
  }
  // A named fragment is checked in the context of the main files that import
  // it; look for them beside it and one folder up (the common layouts).
  for (const p of wanted ? [] : named) {
    const dir = path.dirname(p);
    for (const d of [dir, path.dirname(dir)]) {
      try {
        walk(d, neighbours, false);
      } catch {
        // Neighbours are a best effort; only named paths must be readable.
      }
    }
  }
  return { files, neighbours, skipped };
}

// Files as they were at a git revision, read with the repository's own git
// (`git show <ref>:<path>`, spawned without a shell; no network). Used by
// `model --baseline git:<ref>`: the main file and its imports at that revision.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { FileHost } from '../../core/src/index';
import { decodeUtf8, pathOfUri, UsageError } from './files';

const MAX_BYTES = 64 * 1024 * 1024;

function git(args: string[], cwd: string): Buffer {
  return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: MAX_BYTES, windowsHide: true });
}

/** git's own first line of complaint, or why git could not run. */
function gitError(e: unknown): string {
  const err = e as { code?: string; stderr?: Buffer | string; message?: string };
  if (err.code === 'ENOENT') return 'git is not installed (or not on PATH)';
  const stderr = String(err.stderr ?? '').trim();
  const line = stderr.split('\n').find((l) => l.trim()) ?? err.message?.split('\n')[0] ?? String(e);
  return line.replace(/^fatal: /, '');
}

/** Reads files at `ref` through git; paths are taken relative to the main file's folder. */
export class GitRevisionHost implements FileHost {
  private readonly texts = new Map<string, string | undefined>();
  /** The main file's folder relative to the repository root (`git rev-parse --show-prefix`). */
  private readonly prefix: string;

  constructor(
    readonly ref: string,
    private readonly mainDir: string,
  ) {
    if (!ref || ref.startsWith('-') || /[\0\n]/.test(ref)) throw new UsageError(`invalid git revision '${ref}'`);
    try {
      this.prefix = git(['rev-parse', '--show-prefix'], mainDir).toString('utf8').trim();
    } catch (e) {
      throw new UsageError(`cannot read git:${ref}: ${gitError(e)}`);
    }
  }

  /** The repository path of a file below the main file's folder; undefined outside the repository. */
  private repoPath(p: string): string | undefined {
    const rel = path.relative(this.mainDir, p).split(path.sep).join('/');
    const joined = path.posix.normalize(this.prefix + rel);
    return joined.startsWith('../') || path.posix.isAbsolute(joined) ? undefined : joined;
  }

  /** Text at the revision; throws git's complaint (for the file the user named). */
  readRequired(p: string, shown: string): string {
    const repoPath = this.repoPath(p);
    if (repoPath === undefined) throw new UsageError(`cannot read '${shown}' at git:${this.ref}: outside the repository`);
    let bytes: Buffer;
    try {
      bytes = git(['show', `${this.ref}:${repoPath}`], this.mainDir);
    } catch (e) {
      throw new UsageError(`cannot read '${shown}' at git:${this.ref}: ${gitError(e)}`);
    }
    const { text, bad } = decodeUtf8(bytes);
    if (bad) throw new UsageError(`cannot read '${shown}' at git:${this.ref}: not valid UTF-8 (byte offset ${bad.byteOffset})`);
    const stripped = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    return stripped;
  }

  readFile(uri: string): string | undefined {
    if (this.texts.has(uri)) return this.texts.get(uri);
    let text: string | undefined;
    try {
      text = this.readRequired(pathOfUri(uri), uri);
    } catch {
      text = undefined; // a missing import becomes a VX111 finding, as on disk
    }
    this.texts.set(uri, text);
    return text;
  }
}

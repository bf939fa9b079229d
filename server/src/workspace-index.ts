// Which pipeline file imports which, across the workspace: scanned once at
// start (bounded), then kept up to date from open, change and watched-file
// events. It answers "which main files import this fragment" (so a fragment
// is checked in their context) and "which documents depend on this file".
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { ChunkCache, extractFile, importEntry, importersIn, isTestFile, relatedIn, resolveImport, type PipelineFile } from '../../core/src/index';
import { get, scalarString } from '../../core/src/parse/tree';

const PIPELINE = /\.veltrix\.ya?ml$/i;
const SKIP = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);
/** How long the scan works before letting queued requests and analyses run. */
const SLICE_MS = 8;
/**
 * The scan's parses are garbage at once, but V8 lets the heap grow far before it collects: 20,000 small files took
 * the server to 330-515 MB. A full collection after every so many characters read keeps it near the live size.
 */
const COLLECT_EVERY_CHARS = 8_000_000;
/**
 * A file this long (about 500 components) takes tens of milliseconds to parse, in one piece: the scan waits for the
 * user to pause (`pause(true)`) before it, so that it never lands between two keystrokes.
 */
export const LONG_FILE_CHARS = 200_000;

interface Entry {
  /** For a test file: the pipeline it tests (so a change to the pipeline or its fragments reaches its tests). */
  imports: string[];
  fragment: boolean;
  /** A test file: never an importer of fragments, nor a completion candidate for `imports`. */
  test?: boolean;
}

export class WorkspaceIndex {
  private readonly entries = new Map<string, Entry>();

  /** `collect`: a full garbage collection (the server's), run after every `collectEvery` characters the scan reads. */
  constructor(
    private readonly collect: () => void = () => undefined,
    private readonly collectEvery = COLLECT_EVERY_CHARS,
  ) {}

  private scanned = false;
  private whenScanned: Array<() => void> = [];

  /**
   * Scans folders for pipeline files (at most `limit` files, `maxDepth`
   * levels). The directory walk, and then reading and indexing the files,
   * run in slices of a few milliseconds, each after `pause()` resolves (the
   * analyzer is idle), so the documents the user opens are analysed first
   * (the walk of 20,000 files alone takes 50-130 ms). Files already recorded
   * (open documents) are not read again. `pause(true)`: before a long file,
   * whose parse cannot be sliced (the server waits for a pause in the typing).
   */
  async scan(folders: string[], readFile: (uri: string) => string | undefined, pause: (long: boolean) => Promise<void> = async () => undefined, limit = 5000, maxDepth = 12): Promise<number> {
    const uris: string[] = [];
    let slice = -Infinity;
    let read = 0;
    const yieldSometimes = async () => {
      if (Date.now() - slice <= SLICE_MS) return;
      await new Promise((resolve) => setImmediate(resolve));
      await pause(false);
      slice = Date.now();
    };
    const walk = async (dir: string, depth: number) => {
      if (uris.length >= limit || depth > maxDepth) return;
      await yieldSometimes();
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (uris.length >= limit) return;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIP.has(e.name) && !e.name.startsWith('.')) await walk(p, depth + 1);
        } else if (PIPELINE.test(e.name) || isTestFile(e.name)) uris.push(URI.file(p).toString());
      }
    };
    try {
      for (const f of folders) await walk(f, 0);
      for (const uri of uris) {
        await yieldSometimes();
        if (this.entries.has(uri)) continue;
        let text = readFile(uri);
        if (text === undefined) continue;
        if (text.length >= LONG_FILE_CHARS) {
          await pause(true);
          slice = Date.now();
          // Opened meanwhile (the analyzer recorded it), or changed on disk.
          if (this.entries.has(uri) || (text = readFile(uri)) === undefined) continue;
        }
        this.update(uri, text);
        if ((read += text.length) >= this.collectEvery) {
          read = 0;
          this.collect();
        }
      }
    } finally {
      // Whatever happened, fragments waiting for the scan are analysed with what it found.
      this.scanned = true;
      for (const done of this.whenScanned.splice(0)) done();
    }
    return uris.length;
  }

  /** Resolves once the start-up scan is over (importers are known). */
  ready(): Promise<void> {
    return this.scanned ? Promise.resolve() : new Promise((resolve) => this.whenScanned.push(resolve));
  }

  get isReady(): boolean {
    return this.scanned;
  }

  update(uri: string, text: string): void {
    try {
      // A throwaway chunk cache: the fast component-wise parse, not the whole-text one.
      this.record(extractFile(uri, text, new ChunkCache()));
    } catch {
      this.entries.delete(uri);
    }
  }

  /** Records an already extracted file (the analyzer's cached parse: no second parse of open documents). */
  record(file: PipelineFile): void {
    if (isTestFile(file.uri)) {
      const pipeline = file.root && scalarString(get(file.root, 'pipeline'));
      this.entries.set(file.uri, { imports: pipeline ? [resolveImport(file.uri, pipeline)] : [], fragment: false, test: true });
      return;
    }
    this.entries.set(file.uri, importEntry(file));
  }

  remove(uri: string): void {
    this.entries.delete(uri);
  }

  uris(): string[] {
    return [...this.entries].filter(([, e]) => !e.test).map(([u]) => u);
  }

  /** Test files that name `pipeline` as the pipeline under test. */
  testFilesOf(pipeline: string): string[] {
    return [...this.entries].filter(([, e]) => e.test && e.imports[0] === pipeline).map(([u]) => u).sort();
  }

  /** Every indexed pipeline file, and whether it is a fragment (what `imports` may name). */
  files(): Array<{ uri: string; fragment: boolean }> {
    return [...this.entries].filter(([, e]) => !e.test).map(([uri, e]) => ({ uri, fragment: e.fragment }));
  }

  /** Main files that reach `uri` through imports (transitively; core/src/pipeline/importers.ts). */
  importersOf(uri: string): string[] {
    return importersIn([...this.entries].filter(([, e]) => !e.test), uri);
  }

  /** Files related to `uri` either way: what imports it (transitively) and what it imports. */
  related(uri: string): Set<string> {
    return relatedIn(this.entries, uri);
  }
}

// The server's FileHost: open documents' text first, then the disk (cached
// until a watched-file event says the file changed).
import * as fs from 'node:fs';
import { URI } from 'vscode-uri';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileHost } from '../../core/src/index';

export class ServerHost implements FileHost {
  private readonly disk = new Map<string, string | undefined>();

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  readFile(uri: string): string | undefined {
    const open = this.documents.get(uri);
    if (open) return open.getText();
    if (this.disk.has(uri)) return this.disk.get(uri);
    const text = readDisk(uri);
    this.disk.set(uri, text);
    return text;
  }

  /**
   * The same text, without keeping a disk read: the workspace scan reads every pipeline file once for its imports,
   * and 20,000 kept texts would be most of the server's memory. An analysis reads (and keeps) the files it needs.
   */
  peekFile(uri: string): string | undefined {
    const open = this.documents.get(uri);
    if (open) return open.getText();
    return this.disk.has(uri) ? this.disk.get(uri) : readDisk(uri);
  }

  isDirectory(uri: string): boolean {
    try {
      const u = URI.parse(uri);
      return u.scheme === 'file' && fs.statSync(u.fsPath).isDirectory();
    } catch {
      return false;
    }
  }

  /** Forget a disk read (the file changed or was deleted on disk). */
  invalidate(uri: string): void {
    this.disk.delete(uri);
  }
}

function readDisk(uri: string): string | undefined {
  try {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? fs.readFileSync(u.fsPath, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

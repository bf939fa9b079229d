// The diagnostics of a publish as UTF-8 bytes, copied in runs from the last
// publish of the same document. After an edit nearly every finding is the
// very object of the last analysis (core/src/incremental.ts keeps those the
// edit did not move): at 10,000 components of a random DAG a publish carries
// 13,635 diagnostics (5.4 MB of JSON), of which a parallelism edit changes
// about a tenth. Encoding them all again cost 25 ms (100 ms on a loaded
// machine) per keystroke; copying the unchanged runs costs a few. Only the
// last publish's list, bytes and positions are kept (not a piece per finding:
// that held 40 MB more at the peak).
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { Finding } from '../../core/src/index';
import { toDiagnostic } from './convert';
import { RawJsonBytes } from './transport';

interface Sent {
  findings: readonly Finding[];
  /** Each finding's place in the list, made when a finding is not where a run of the next list expects it. */
  index?: Map<Finding, number>;
  /** Where each diagnostic's JSON starts and ends in `bytes`. */
  starts: Int32Array;
  ends: Int32Array;
  /** The list's bytes: the start of `store`. */
  bytes: RawJsonBytes;
  store: Buffer;
}

/**
 * Per document: its last publish, and the store of the one before, written over by the next publish once the
 * transport has copied it into its message. Two stores per document, written over again and again: a new 5 MB
 * buffer per publish outlived the collections of the young heap and piled up until a full one (40-100 MB more at the
 * peak at 10,000 components).
 */
const sent = new Map<string, { last: Sent; spare?: { store: Buffer; bytes: RawJsonBytes } }>();

/** The JSON array of the findings' diagnostics, as bytes; the list of `uri` is kept for its next publish. */
export function diagnosticsBytes(uri: string, findings: readonly Finding[]): RawJsonBytes {
  const kept = sent.get(uri);
  const last = kept?.last;
  const n = findings.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  // What to write, in order: runs of the last list's bytes and new JSON text.
  const parts: Array<Buffer | string> = [];
  let size = 0;
  let text = '[';
  let textBytes = 1;
  // A run of the last list's bytes being copied: [runFrom, runTo) placed at runAt.
  let runFrom = -1;
  let runTo = -1;
  let runAt = 0;
  let lastJ = -2;
  const closeRun = () => {
    if (runFrom < 0) return;
    parts.push(last!.bytes.bytes.subarray(runFrom, runTo));
    size += runTo - runFrom;
    runFrom = -1;
  };
  const closeText = () => {
    if (!text) return;
    parts.push(text);
    size += textBytes;
    text = '';
    textBytes = 0;
  };
  for (let i = 0; i < n; i++) {
    const f = findings[i];
    const j = !last ? undefined : last.findings[lastJ + 1] === f ? lastJ + 1 : (last.index ??= indexOf(last.findings)).get(f);
    if (j !== undefined && runFrom >= 0 && j === lastJ + 1) {
      // The run goes on (the comma between lies in it).
      runTo = last!.ends[j];
      starts[i] = runAt + last!.starts[j] - runFrom;
      ends[i] = runAt + runTo - runFrom;
    } else {
      closeRun();
      if (i > 0) {
        text += ',';
        textBytes++;
      }
      if (j !== undefined) {
        closeText();
        runFrom = last!.starts[j];
        runTo = last!.ends[j];
        runAt = size;
        starts[i] = size;
        ends[i] = size + runTo - runFrom;
      } else {
        const json = JSON.stringify(toDiagnostic(f));
        const bytes = Buffer.byteLength(json, 'utf-8');
        starts[i] = size + textBytes;
        ends[i] = starts[i] + bytes;
        text += json;
        textBytes += bytes;
      }
    }
    lastJ = j ?? -2;
  }
  closeRun();
  text += ']';
  textBytes++;
  closeText();
  // The spare store, unless the transport has not copied its list yet or it is too small.
  const spare = kept?.spare;
  const store = spare && spare.bytes.sent && spare.store.length >= size ? spare.store : Buffer.allocUnsafeSlow(Math.ceil(size * 1.25));
  let at = 0;
  for (const part of parts) at += typeof part === 'string' ? store.write(part, at, 'utf-8') : part.copy(store, at);
  const bytes = new RawJsonBytes(store.subarray(0, size));
  sent.set(uri, { last: { findings, starts, ends, bytes, store }, spare: last && { store: last.store, bytes: last.bytes } });
  return bytes;
}

/**
 * `textDocument/publishDiagnostics`' params with the list as bytes: the stdio writer splices them in, any other
 * transport encodes them through RawJsonBytes' toJSON (the same value).
 */
export function publishParams(uri: string, version: number, findings: readonly Finding[]): PublishDiagnosticsParams {
  return { uri, version, diagnostics: diagnosticsBytes(uri, findings) as unknown as Diagnostic[] };
}

/** Forgets a document's last publish (it was closed). */
export function forgetDiagnostics(uri: string): void {
  sent.delete(uri);
}

function indexOf(findings: readonly Finding[]): Map<Finding, number> {
  const index = new Map<Finding, number>();
  for (let i = 0; i < findings.length; i++) index.set(findings[i], i);
  return index;
}

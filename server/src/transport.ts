// The server's connection. Over stdio (VS Code, Neovim, the benches) its
// writer splices answers that are JSON text already (RawJson) into the
// message instead of encoding them again: the answers VS Code asks for after
// every keystroke (symbols, folding ranges, lenses) are joined from JSON kept
// per component (server/src/answer-json.ts), so an unchanged component costs
// neither an object nor its encoding. Other transports (node-ipc, sockets)
// encode RawJson through its toJSON, the slower path, with the same bytes.
import { format } from 'node:util';
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';
import type { ContentTypeEncoder, Message } from 'vscode-jsonrpc';

/** An answer that is JSON text already. */
export class RawJson {
  constructor(readonly text: string) {}
  /** For any encoder but ours: the value itself. */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** A value that is UTF-8 JSON bytes already (a publish's diagnostics, server/src/diagnostics-bytes.ts). */
export class RawJsonBytes {
  /** Set once the bytes are copied into a message (or encoded otherwise): their store may be written over. */
  sent = false;
  constructor(readonly bytes: Buffer) {}
  /** For any encoder but ours: the value itself. */
  toJSON(): unknown {
    const value: unknown = JSON.parse(this.bytes.toString('utf-8'));
    this.sent = true;
    return value;
  }
}

/** The message with `params.diagnostics` as RawJsonBytes, as bytes with those spliced in; undefined for any other. */
function diagnosticsMessage(msg: Message): Buffer | undefined {
  const m = msg as Message & { params?: { diagnostics?: unknown } };
  if (!(m.params?.diagnostics instanceof RawJsonBytes)) return undefined;
  const { params, ...rest } = m;
  const { diagnostics, ...fields } = params as { diagnostics: RawJsonBytes };
  const head = JSON.stringify(rest);
  const own = JSON.stringify(fields);
  const open = `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"params":${own.slice(0, -1)}${own.length > 2 ? ',' : ''}"diagnostics":`;
  const bytes = Buffer.concat([Buffer.from(open, 'utf-8'), diagnostics.bytes, Buffer.from('}}')]);
  diagnostics.sent = true;
  return bytes;
}

/** JSON encoding of one message; a response whose result is RawJson has it spliced in as it is. */
export function encodeMessage(msg: Message): string {
  const m = msg as Message & { result?: unknown };
  if (!(m.result instanceof RawJson)) return JSON.stringify(msg);
  const { result, ...rest } = m;
  const head = JSON.stringify(rest);
  return `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"result":${result.text}}`;
}

/**
 * Each RawJson's bytes, kept with it: an answer that did not change since the
 * last keystroke is the same RawJson (server/src/answer-json.ts) and is not
 * encoded again. By the object, not its text: comparing a new 1 MB text with
 * the last ones of the same length would copy and read them both.
 */
const rawBytes = new WeakMap<RawJson, Buffer>();

function bytesOf(raw: RawJson): Buffer {
  let bytes = rawBytes.get(raw);
  if (!bytes) rawBytes.set(raw, (bytes = Buffer.from(raw.text, 'utf-8')));
  return bytes;
}

/** The bytes of one message (UTF-8): a RawJson result's bytes are kept and joined to the message around them. */
export function encodeBytes(msg: Message): Buffer {
  const diagnostics = diagnosticsMessage(msg);
  if (diagnostics) return diagnostics;
  const m = msg as Message & { result?: unknown };
  if (!(m.result instanceof RawJson) || m.result.text.length < 4096) return Buffer.from(encodeMessage(msg), 'utf-8');
  const { result, ...rest } = m;
  const head = JSON.stringify(rest);
  return Buffer.concat([Buffer.from(`${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"result":`, 'utf-8'), bytesOf(result), Buffer.from('}')]);
}

const encoder: ContentTypeEncoder = {
  name: 'application/json',
  // The writer's charset is always utf-8 (set below).
  encode: (msg) => Promise.resolve(encodeBytes(msg)),
};

/** Each open document's version in the last change (or open) read from the client, queued or applied. */
const versionsRead = new Map<string, number>();

/**
 * Whether a change of `uri` newer than `version` has been read but not yet
 * applied (it waits in the message queue behind requests): an analysis of
 * `version` scheduled by the typing debounce would be stale at once. Only
 * known over stdio; elsewhere false.
 */
export const newerChangeQueued = (uri: string, version: number): boolean => {
  const read = versionsRead.get(uri);
  return read !== undefined && read !== version;
};

/** The stdio reader, once made. */
let stdioReader: StreamMessageReader | undefined;

/**
 * Whether the stdio reader holds part of a message: its header read, its body
 * still arriving (a whole document's text sent as a change takes several
 * reads), or got bytes a moment ago. Until it is read, a debounced analysis may be about to be
 * overtaken (analyzer.ts waits a little). Read from the reader's state: its
 * length of the message being read is -1 between messages.
 */
export const messageArriving = (): boolean => {
  const length = (stdioReader as unknown as { nextMessageLength?: unknown } | undefined)?.nextMessageLength;
  // A message that ended with the last read may be followed at once by the next: bytes read just now count too.
  return (typeof length === 'number' && length >= 0) || performance.now() - lastRead < READ_QUIET_MS;
};
/** When the stdio reader last got bytes, and how long after that the input counts as quiet. */
let lastRead = -Infinity;
const READ_QUIET_MS = 3;

/**
 * The connection for the transport on the command line. `--stdio` gets the
 * splicing writer; the library's exit on the end of stdin and its console
 * redirection (nothing may be printed to the protocol's stdout) are kept.
 */
export function createServerConnection(): Connection {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const reader = (stdioReader = new StreamMessageReader(process.stdin));
  const writer = new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: encoder });
  let shutdown = false;
  const listen = reader.listen.bind(reader);
  reader.listen = (callback) => {
    const listening = listen((message) => {
      const m = message as { method?: string; params?: { textDocument?: { uri?: unknown; version?: unknown } } };
      if (m.method === 'shutdown') shutdown = true;
      else if (m.method === 'textDocument/didChange' || m.method === 'textDocument/didOpen') {
        const doc = m.params?.textDocument;
        if (typeof doc?.uri === 'string' && typeof doc.version === 'number') versionsRead.set(doc.uri, doc.version);
      } else if (m.method === 'textDocument/didClose' && typeof m.params?.textDocument?.uri === 'string') versionsRead.delete(m.params.textDocument.uri);
      callback(message);
    });
    // After the reader's own listener (a 'data' listener starts the stream: none may be read before the reader listens).
    process.stdin.on('data', () => (lastRead = performance.now()));
    return listening;
  };
  const connection = createConnection(ProposedFeatures.all, reader, writer);
  const end = () => process.exit(shutdown ? 0 : 1);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
  const to = (send: (m: string) => void) => (...args: unknown[]) => send(format(...args));
  console.log = console.info = console.debug = to((m) => connection.console.log(m));
  console.warn = to((m) => connection.console.warn(m));
  console.error = console.trace = to((m) => connection.console.error(m));
  return connection;
}

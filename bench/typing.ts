// What VS Code sends while the user types: after every keystroke a didChange,
// then codeLens, documentSymbol, foldingRange, documentLink and a codeAction
// at the cursor. Replayed against a server over stdio: 24 characters typed
// 33 ms apart into a component's `description`, without waiting for answers
// (the editor does not either). Measures each answer's time, the publishes
// during the burst, the analyses the server ran (when it reports them
// through `veltrix/stats`) and the time from the last keystroke to the
// diagnostics of the last version.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import { BenchClient, type ServerSpec } from './lsp-client';
import { generatePipeline } from './generate';

export interface TypingFigures {
  answers: number[];
  publishes: number;
  analyses: number;
  lastToFinal: number;
  /** Per request method: the JSON size of the last keystroke's answer (what crosses the pipe after every keystroke). */
  bytes: Record<string, number[]>;
  /** Per request method: each answer's time (ms). */
  perMethod: Record<string, number[]>;
  /** Requests cancelled (with `cancel`) and answered as cancelled: not in `answers`. */
  cancelled: number;
  /** From the last keystroke until every answer for the last version has arrived, ms. */
  lastAnswers: number;
  /** The server's CPU time (user + system) from the first keystroke until every answer and the final diagnostics are in, ms; NaN off Linux. */
  serverCpu: number;
  /** The client's (this process's) CPU time over the same span, ms: mostly decoding the answers, as an editor's would. */
  clientCpu: number;
}

/** CPU time (user + system) a process has used, in ms, from /proc (Linux); NaN elsewhere. */
function cpuOf(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

export const KEYSTROKES = 24;
const GAP_MS = 33;
const REQUESTS = ['textDocument/codeLens', 'textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/documentLink', 'textDocument/codeAction'];

/** LSP's RequestCancelled: the answer to a cancelled request. */
const CANCELLED = -32800;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `cancel`: as VS Code does, a request still unanswered when the same one is
 * sent for the next version is cancelled (`$/cancelRequest`: each editor
 * feature cancels its previous request before it asks again); without it,
 * every request waits for its answer (the worst case).
 */
export async function measureTyping(spec: ServerSpec, languageId: string, size: number, dir: string, cancel = false): Promise<TypingFigures> {
  const g = generatePipeline(size);
  const client = new BenchClient(spec, dir);
  const f: TypingFigures = { answers: [], publishes: 0, analyses: NaN, lastToFinal: NaN, bytes: Object.fromEntries(REQUESTS.map((m) => [m, []])), perMethod: Object.fromEntries(REQUESTS.map((m) => [m, []])), serverCpu: NaN, clientCpu: NaN, cancelled: 0, lastAnswers: NaN };
  try {
    await client.initialize(pathToFileURL(dir).toString());
    const file = path.join(dir, `typing${size}-${spec.name}.veltrix.yaml`);
    fs.writeFileSync(file, g.text);
    const uri = pathToFileURL(file).toString();
    const first = client.nextDiagnostics(uri, 1);
    client.open(uri, languageId, g.text, 1);
    await first;
    // The editor's first round of requests on open, then a pause: the burst starts from a settled server.
    await Promise.all(REQUESTS.map((m) => client.request(m, params(m, uri, { line: 0, character: 0 })).catch(() => undefined)));
    await sleep(500);
    const stats = () => client.request<{ analysesStarted: number }>('veltrix/stats', undefined).then((s) => s.analysesStarted, () => NaN);
    const before = await stats();
    // Type at the end of the middle group's filter `description:` (7 lines below its condition).
    const line = g.editLine + 7;
    const lineText = g.text.split('\n')[line];
    if (!/description:/.test(lineText)) throw new Error(`line ${line} is not a description: ${lineText}`);
    let publishes = 0;
    const counting = client.onPublish(uri, () => publishes++);
    const pending: Array<Promise<unknown>> = [];
    let last = 0;
    const version = 1 + KEYSTROKES;
    let final: Promise<unknown> = Promise.resolve();
    const cpuBefore = cpuOf(client.pid);
    const clientBefore = process.cpuUsage();
    const outstanding = new Map<string, CancellationTokenSource>();
    let lastAnswered = NaN;
    const lastResults = new Map<string, unknown>();
    for (let k = 0; k < KEYSTROKES; k++) {
      const at = { line, character: lineText.length + k };
      const start = performance.now();
      if (k === KEYSTROKES - 1) final = client.nextDiagnostics(uri, version, 300_000);
      client.change(uri, 2 + k, { start: at, end: at }, 'x');
      last = performance.now();
      const cursor = { line, character: at.character + 1 };
      for (const m of REQUESTS) {
        if (cancel) outstanding.get(m)?.cancel();
        const source = new CancellationTokenSource();
        outstanding.set(m, source);
        const t = performance.now();
        const answered = (result?: unknown) => {
          if (outstanding.get(m) === source) outstanding.delete(m);
          f.answers.push(performance.now() - t);
          f.perMethod[m].push(performance.now() - t);
          // Sized after the burst: a stringify here (1.6 MB a keystroke at 5,000 components) would hold up the
          // client's reading of the next answers and add to their times.
          if (k === KEYSTROKES - 1) {
            lastAnswered = performance.now();
            lastResults.set(m, result ?? null);
          }
        };
        const failed = (e: { code?: number }) => (e?.code === CANCELLED ? f.cancelled++ : answered());
        pending.push(client.request(m, params(m, uri, cursor), source.token).then(answered, failed));
      }
      const wait = GAP_MS - (performance.now() - start);
      if (wait > 0) await sleep(wait);
    }
    await final;
    f.lastToFinal = performance.now() - last;
    await Promise.all(pending);
    f.lastAnswers = lastAnswered - last;
    for (const [m, result] of lastResults) f.bytes[m].push(JSON.stringify(result).length);
    f.serverCpu = cpuOf(client.pid) - cpuBefore;
    const used = process.cpuUsage(clientBefore);
    f.clientCpu = (used.user + used.system) / 1000;
    await sleep(200);
    counting();
    f.publishes = publishes;
    f.analyses = (await stats()) - before;
    client.close(uri);
  } finally {
    await client.dispose();
  }
  return f;
}

function params(method: string, uri: string, position: { line: number; character: number }): unknown {
  const textDocument = { uri };
  if (method !== 'textDocument/codeAction') return { textDocument };
  // As VS Code asks for the light bulb at the cursor: automatically, with the diagnostics there (none).
  return { textDocument, range: { start: position, end: position }, context: { diagnostics: [], triggerKind: 2 } };
}

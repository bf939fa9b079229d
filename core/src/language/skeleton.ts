// A complete new pipeline: one source, one processor, one sink with its
// dead-letter sink, every reference wired, no finding. One text for the
// empty-file completion and the client's "Veltrix: New Pipeline" command,
// as a snippet (tab stops; a renamed id is renamed where it is referenced).
import type { CompletionEntry } from './types';

/** The skeleton as a snippet (LSP/VS Code snippet syntax). */
export const PIPELINE_SKELETON = [
  'veltrix: 1',
  '',
  'pipeline:',
  '  name: ${1:my-pipeline}',
  '  delivery: ${2|at-least-once,at-most-once,exactly-once|}',
  '',
  'sources:',
  '  ${3:events_in}:',
  '    type: kafka',
  '    brokers: ["${4:localhost:9092}"]',
  '    topic: ${5:events}',
  '    group: ${6:veltrix}',
  '',
  'processors:',
  '  ${7:keep_valid}:',
  '    type: filter',
  '    inputs: [${3}]',
  "    condition: ${8:status != 'invalid'}",
  '',
  'sinks:',
  '  ${9:events_out}:',
  '    type: s3',
  '    inputs: [${7}]',
  '    bucket: ${10:my-bucket}',
  '    dead_letter: ${11:dead_letters}',
  '',
  '  ${11}:',
  '    type: s3',
  '    bucket: ${12:my-dead-letters}',
  '$0',
].join('\n');

/**
 * The snippet with every placeholder at its default (a choice: its first
 * value; a mirror `${3}` or `$3`: its placeholder's default) and escapes
 * resolved: the text the snippet inserts when nothing is typed. Also what a
 * client without snippet support gets instead of the snippet.
 */
export function snippetDefaults(snippet: string): string {
  const defaults = new Map<string, string>();
  const parts: Array<string | { mirror: string }> = [];
  let i = 0;
  let text = '';
  const flush = () => {
    if (text) parts.push(text);
    text = '';
  };
  while (i < snippet.length) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length && '$}\\,|'.includes(snippet[i + 1])) {
      text += snippet[i + 1];
      i += 2;
      continue;
    }
    const m = c === '$' ? /^\$(?:(\d+)|\{(\d+)\}|\{(\d+):((?:\\.|[^}\\])*)\}|\{(\d+)\|((?:\\.|[^|\\])*)\|\})/.exec(snippet.slice(i)) : null;
    if (!m) {
      text += c;
      i++;
      continue;
    }
    flush();
    const unescape = (x: string) => x.replace(/\\(.)/g, '$1');
    if (m[3] !== undefined) {
      defaults.set(m[3], unescape(m[4]));
      parts.push(unescape(m[4]));
    } else if (m[5] !== undefined) {
      const first = unescape(m[6].split(/(?<!\\),/)[0]);
      defaults.set(m[5], first);
      parts.push(first);
    } else parts.push({ mirror: m[1] ?? m[2] });
    i += m[0].length;
  }
  flush();
  return parts.map((p) => (typeof p === 'string' ? p : (defaults.get(p.mirror) ?? ''))).join('');
}

/** A completion entry for a client without snippet support: its insert text at the defaults. */
export function withoutSnippet(e: CompletionEntry): CompletionEntry {
  return e.snippet && e.insertText !== undefined ? { ...e, insertText: snippetDefaults(e.insertText), snippet: false } : e;
}

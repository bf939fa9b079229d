// A complete new pipeline: one source, one processor, one sink with its
// dead-letter sink, every reference wired, no finding. One text for the
// empty-file completion and the client's "Veltrix: New Pipeline" command,
// as a snippet (tab stops; a renamed id is renamed where it is referenced).

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

/** The snippet with every placeholder at its default: the text the snippet inserts when nothing is typed. */
export function snippetDefaults(snippet: string): string {
  const defaults = new Map<string, string>();
  const text = snippet.replace(/\$\{(\d+)(?::([^}]*)|\|([^|]*)\|)\}/g, (_m, n: string, value: string | undefined, choices: string | undefined) => {
    const v = value ?? choices!.split(',')[0];
    defaults.set(n, v);
    return v;
  });
  return text.replace(/\$\{(\d+)\}|\$(\d+)/g, (_m, a: string | undefined, b: string | undefined) => defaults.get(a ?? b!) ?? '');
}

// Text for hovers and code lenses: a short line and a markdown block per
// component. All figures are labelled as estimates; nothing here prints NaN
// or Infinity (see format.ts).
import { componentFigures } from './model';
import { bytesText, loadText, msText, pct, rateText } from './format';
import type { CapacityResult, ComponentFigures } from './types';

export interface ComponentDescription {
  /** For a code lens or inlay hint: `40k/s in · 72% busy · p99 3.1 ms · 120 MiB`. */
  line: string;
  /** For a hover: a small table of the figures, labelled as estimates. */
  markdown: string;
}

/** `an s3 sink`, `a filter`, `a kafka source`: the component's type as a noun, for messages. */
export function typeNoun(f: Pick<ComponentFigures, 'section' | 'type'>): string {
  const kind = f.section === 'sources' ? ' source' : f.section === 'sinks' ? ' sink' : '';
  const name = f.type ?? 'component';
  return `${/^(?:[aeiou]|s3|http|elasticsearch)/i.test(name) ? 'an' : 'a'} ${name}${kind}`;
}

export function memoryParts(f: ComponentFigures): string {
  const parts: string[] = [];
  if (f.memory.buffer) parts.push(`buffer ${bytesText(f.memory.buffer)}`);
  if (f.memory.state) parts.push(`${f.type === 'window' ? 'window state' : f.type === 'dedupe' ? 'dedupe cache' : 'lookup cache'} ${bytesText(f.memory.state)}`);
  if (f.memory.batch) parts.push(`batches ${bytesText(f.memory.batch)}`);
  return parts.join(' + ') || 'none';
}

export function p99Parts(f: ComponentFigures): string {
  if (f.p99Ms === null) return f.inCycle ? 'not modelled (part of a cycle)' : `unbounded: '${f.id}' is overloaded`;
  const parts = [`service ${msText(f.serviceTimeMs)}`];
  if (f.queueWaitMs) parts.push(`queue ${msText(f.queueWaitMs)}`);
  if (f.batchWaitMs) parts.push(`batch fill ${msText(f.batchWaitMs)}`);
  if (f.windowDelayMs) parts.push(`window ${msText(f.windowDelayMs)}`);
  return parts.join(' + ');
}

/** Short line and markdown for one component, or undefined when the model did not run or does not know it. */
export function describeComponent(result: CapacityResult | undefined, id: string): ComponentDescription | undefined {
  const f = componentFigures(result, id);
  if (!result || !f) return undefined;
  if (f.inCycle) {
    const text = 'not modelled: part of a cycle';
    return { line: text, markdown: `**Capacity model (estimate)**: ${text}.` };
  }
  const rateLabel = f.section === 'sources' ? 'out' : 'in';
  const p99 = f.p99Ms === null ? 'p99 unbounded' : `p99 ${msText(f.p99Ms)}`;
  const line = `${rateText(f.inputRate)} ${rateLabel} · ${pct(f.utilization)} busy · ${p99} · ${bytesText(f.memoryBytes)}`;
  const loadNote = result.load !== 1 ? ` at ${loadText(result.load)} load` : '';
  const rows: Array<[string, string]> = [
    [f.section === 'sources' ? 'Emitted rate' : 'Input rate', rateText(f.inputRate)],
    ['Output rate', f.portRates ? Object.entries(f.portRates).map(([k, v]) => `${k} ${rateText(v)}`).join(', ') : rateText(f.outputRate)],
    ['Capacity', `${rateText(f.capacity)}: ${f.parallelism} task${f.parallelism === 1 ? '' : 's'} at ${msText(f.serviceTimeMs)} per event${f.assumed.defaultCost ? ` (the default cost of ${typeNoun(f)}; set \`cost\` to the measured figure)` : ''}`],
    ['Utilisation', pct(f.utilization) + (f.overloaded ? ' — overloaded' : '')],
    ['p99 latency', f.p99Ms === null ? `unbounded: '${f.id}' is overloaded` : `${msText(f.p99Ms)} (${p99Parts(f)})`],
    ['Memory', `${bytesText(f.memoryBytes)} (${memoryParts(f)})`],
    ['Saturates at', f.saturatesAtLoad === null ? '— (no input)' : `${loadText(f.saturatesAtLoad)} the declared load`],
  ];
  const table = ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`)].join('\n');
  const onPath = result.criticalPath.includes(id) ? '\n\nOn the critical (slowest) path.' : '';
  const markdown = `**Capacity model (estimate${loadNote})**\n\n${table}${onPath}`;
  return { line, markdown };
}

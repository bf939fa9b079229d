// Running the rules on in-memory files, for the rule-family unit tests.
import { analyzePipeline, type Finding } from '../../core/src/index';
import { memoryHost } from './host';

export const MAIN = 'file:///w/main.veltrix.yaml';
export const FRAG = 'file:///w/frag.veltrix.yaml';

/** Findings of `text` as the main file (other files by URI), without the capacity model. */
export function run(text: string, files: Record<string, string> = {}): Finding[] {
  return analyzePipeline(MAIN, text, { host: memoryHost({ [MAIN]: text, ...files }), settings: { model: false } }).findings;
}

export function only(findings: Finding[], code: string): Finding[] {
  return findings.filter((f) => f.code === code);
}

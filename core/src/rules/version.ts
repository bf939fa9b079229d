// VX003: `veltrix` must be present and be the integer 1.
import { getPair, isMap } from '../parse/tree';
import type { PipelineFile } from '../pipeline/file';
import type { Finding } from '../types';
import { report } from './context';

export function checkVersion(file: PipelineFile, findings: Finding[]): void {
  if (file.syntax.some((p) => p.code === 'VX001') && !isMap(file.root)) return;
  const pair = getPair(file.root, 'veltrix');
  const data = { kind: 'set-value' as const, key: 'veltrix', value: '1' };
  if (!pair) {
    const at = isMap(file.root) && file.root.pairs.length ? file.root.pairs[0].key : { start: 0, end: Math.min(1, file.text.length) };
    report({ findings }, 'VX003', file, at, "The 'veltrix' version key is missing; add 'veltrix: 1' as the first line", { data });
    return;
  }
  const v = pair.value;
  if (!v || v.kind !== 'scalar' || v.value !== 1) {
    const shown = v && v.kind === 'scalar' ? (v.source || String(v.value)) : 'not a number';
    report({ findings }, 'VX003', file, v ?? pair.key, `Unsupported format version '${shown}'; this tool understands 'veltrix: 1'`, { data: { ...data, keyRange: file.lines.range(pair.key.start, pair.key.end) } });
  }
}

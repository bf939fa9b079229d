// One code lens per component with its modelled figures (an estimate).
import { figuresLine } from './figures';
import { fileOf, primary, type DocScope } from './scope';
import type { LensEntry } from './types';

export function componentLenses(scope: DocScope): LensEntry[] {
  const file = fileOf(scope);
  const a = primary(scope);
  if (!file || !a?.capacity) return [];
  const out: LensEntry[] = [];
  for (const c of file.components) {
    if (c.idNode.shared) continue;
    const line = figuresLine(a.capacity, c.id);
    if (line) out.push({ id: c.id, title: `est. ${line}`, range: file.lines.range(c.idNode.start, c.idNode.end) });
  }
  return out;
}

// One code lens per component with its modelled figures (an estimate). The
// editor asks for lenses after every keystroke: the titles are kept per model
// result and the list per parse, so a keystroke re-places the lenses on the
// new text without describing every component again.
import type { CapacityResult } from '../capacity/types';
import type { PipelineFile } from '../pipeline/file';
import { figuresLine } from './figures';
import { fileOf, primary, type DocScope } from './scope';
import type { LensEntry } from './types';

/** Each component's lens title (or none) under one model result. */
const titles = new WeakMap<CapacityResult, Map<string, string | null>>();
/** The lenses of one parse under one model result. */
const lists = new WeakMap<PipelineFile, { capacity: CapacityResult; lenses: LensEntry[] }>();

export function componentLenses(scope: DocScope): LensEntry[] {
  const file = fileOf(scope);
  const capacity = primary(scope)?.capacity;
  if (!file || !capacity) return [];
  const known = lists.get(file);
  if (known?.capacity === capacity) return known.lenses;
  let byId = titles.get(capacity);
  if (!byId) titles.set(capacity, (byId = new Map()));
  const lenses: LensEntry[] = [];
  for (const c of file.components) {
    if (c.idNode.shared) continue;
    let title = byId.get(c.id);
    if (title === undefined) {
      const line = figuresLine(capacity, c.id);
      byId.set(c.id, (title = line ? `est. ${line}` : null));
    }
    if (title) lenses.push({ id: c.id, title, range: file.lines.range(c.idNode.start, c.idNode.end) });
  }
  lists.set(file, { capacity, lenses });
  return lenses;
}

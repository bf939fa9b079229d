// One code lens per component with its modelled figures (an estimate). The
// editor asks for lenses after every keystroke: the titles are kept per model
// result and the list per parse, so a keystroke re-places the lenses on the
// new text without describing every component again.
import type { CapacityResult } from '../capacity/types';
import type { Component, PipelineFile } from '../pipeline/file';
import { carry, CarriedByUri, movedRange, type Carried } from './carry';
import { figuresLine } from './figures';
import { fileOf, primary, type DocScope } from './scope';
import type { LensEntry } from './types';

/** Each component's lens title (or none) under one model result. */
const titles = new WeakMap<CapacityResult, Map<string, string | null>>();
/** The lenses of one parse under one model result. */
const lists = new WeakMap<PipelineFile, { capacity: CapacityResult; lenses: LensEntry[] }>();

/** A component's lens where its id is now: kept while its parse, position and title are (the server keeps its JSON by it). */
const placed = new WeakMap<Component, LensEntry>();

function lensOf(file: PipelineFile, c: Component, title: string): LensEntry {
  const range = file.lines.range(c.idNode.start, c.idNode.end);
  const known = placed.get(c);
  const same = known && known.title === title && known.range.start.line === range.start.line && known.range.start.character === range.start.character && known.range.end.line === range.end.line && known.range.end.character === range.end.character;
  if (same) return known;
  const lens = { id: c.id, title, range };
  placed.set(c, lens);
  return lens;
}

/** The lenses of a document's last parse under one model result, carried to its next parse under the same result (carry.ts). */
const lastLenses = new CarriedByUri<LensEntry>();
const lastCapacity = new WeakMap<Carried<LensEntry>, CapacityResult>();

export function componentLenses(scope: DocScope): LensEntry[] {
  const file = fileOf(scope);
  const capacity = primary(scope)?.capacity;
  if (!file || !capacity) return [];
  const known = lists.get(file);
  if (known?.capacity === capacity) return known.lenses;
  let byId = titles.get(capacity);
  if (!byId) titles.set(capacity, (byId = new Map()));
  const make = (c: Component): LensEntry | undefined => {
    if (c.idNode.shared) return undefined;
    let title = byId.get(c.id);
    if (title === undefined) {
      const line = figuresLine(capacity, c.id);
      byId.set(c.id, (title = line ? `est. ${line}` : null));
    }
    return title ? lensOf(file, c, title) : undefined;
  };
  const last = lastLenses.get(file.uri);
  const carried = carry(file, last && lastCapacity.get(last) === capacity ? last : undefined, make, (l, lines) => ({ ...l, range: movedRange(l.range, lines) }));
  lastLenses.set(file.uri, carried);
  lastCapacity.set(carried, capacity);
  const lenses: LensEntry[] = [];
  for (const l of carried.entries) if (l) lenses.push(l);
  lists.set(file, { capacity, lenses });
  return lenses;
}

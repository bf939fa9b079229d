// Which sink a dead letter should name: the sinks the pipeline already uses
// as dead letters first (most used first), then the other sinks. Read by the
// sink snippets (completion) and the VX201 quick fix.
import { get } from '../parse/tree';
import type { Component } from '../pipeline/file';
import { known } from '../rules/rule-helpers';

/** Sink ids other sinks name in `dead_letter`, most used first (`except` left out). */
export function deadLettersInUse(components: readonly Component[], except?: string): string[] {
  const uses = new Map<string, number>();
  const sinks = new Set<string>();
  for (const c of components) {
    if (c.section !== 'sinks') continue;
    sinks.add(c.id);
    const id = known(get(c.node, 'dead_letter'));
    if (typeof id === 'string' && id !== c.id) uses.set(id, (uses.get(id) ?? 0) + 1);
  }
  return [...uses].filter(([id]) => sinks.has(id) && id !== except).sort((a, b) => b[1] - a[1]).map(([id]) => id);
}

/** Every sink a new dead letter could name, in the order to offer them. */
export function deadLetterCandidates(components: readonly Component[], except?: string): string[] {
  const others = components.filter((c) => c.section === 'sinks' && c.id !== except).map((c) => c.id);
  return [...new Set([...deadLettersInUse(components, except), ...others])];
}

// Small PromQL writing helpers: selectors with escaped label values, and
// durations Prometheus accepts (integer units only: `36h`, never `1.5d`).

/** A PromQL string literal. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** `metric{a="x",b="y"}`, labels in the order given. */
export function selector(metric: string, labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => (k.endsWith('=~') ? `${k.slice(0, -2)}=~${quote(v)}` : `${k}=${quote(v)}`));
  return `${metric}{${parts.join(',')}}`;
}

/** Seconds as a PromQL duration: the largest unit that divides it. */
export function promDuration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60]] as const) if (s % size === 0) return `${s / size}${unit}`;
  return `${s}s`;
}

/** Component ids as an anchored regex alternative (ids are `[a-z][a-z0-9_]*`, nothing to escape; escaped anyway). */
export function idRegex(ids: string[]): string {
  return ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

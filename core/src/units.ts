// Units of the format (spec section 3): durations, sizes and rates, parsed to
// seconds, bytes and events per second. Figures are formatted for people in
// format.ts; describeUnit here shows a written value's exact conversion.

export type UnitKind = 'duration' | 'size' | 'rate';

export const UNIT_PATTERNS: Record<UnitKind, RegExp> = {
  duration: /^(\d+(?:\.\d+)?)(us|ms|s|m|h)$/,
  size: /^(\d+(?:\.\d+)?)(B|KB|KiB|MB|MiB|GB|GiB)$/,
  rate: /^(\d+(?:\.\d+)?)([kM]?)\/(s|m|h)$/,
};

const DURATION_SECONDS: Record<string, number> = { us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
const SIZE_BYTES: Record<string, number> = { B: 1, KB: 1e3, KiB: 1024, MB: 1e6, MiB: 1024 ** 2, GB: 1e9, GiB: 1024 ** 3 };
const RATE_MULT: Record<string, number> = { '': 1, k: 1e3, M: 1e6 };

const INTERPOLATION = /\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}/;

/** A scalar containing `${NAME}` or `${NAME:-default}` is only known at deploy time. */
export function isInterpolated(value: unknown): boolean {
  // (Most values have no `${` at all: a plain search answers for them.)
  return typeof value === 'string' && value.includes('${') && INTERPOLATION.test(value);
}

/** Seconds, or undefined when malformed or interpolated. */
export function parseDuration(value: unknown): number | undefined {
  const m = typeof value === 'string' ? UNIT_PATTERNS.duration.exec(value.trim()) : undefined;
  return m ? Number(m[1]) * DURATION_SECONDS[m[2]] : undefined;
}

/** Bytes, or undefined. */
export function parseSize(value: unknown): number | undefined {
  const m = typeof value === 'string' ? UNIT_PATTERNS.size.exec(value.trim()) : undefined;
  return m ? Number(m[1]) * SIZE_BYTES[m[2]] : undefined;
}

/** Events per second, or undefined. */
export function parseRate(value: unknown): number | undefined {
  const m = typeof value === 'string' ? UNIT_PATTERNS.rate.exec(value.trim()) : undefined;
  return m ? (Number(m[1]) * RATE_MULT[m[2]]) / DURATION_SECONDS[m[3]] : undefined;
}

export function parseUnit(kind: UnitKind, value: unknown): number | undefined {
  return kind === 'duration' ? parseDuration(value) : kind === 'size' ? parseSize(value) : parseRate(value);
}

const formats = new Map<number, Intl.NumberFormat>();
/** NumberFormat objects are costly to build; one per precision is kept. */
const nf = (max: number): Intl.NumberFormat => {
  let f = formats.get(max);
  if (!f) formats.set(max, (f = new Intl.NumberFormat('en-US', { maximumFractionDigits: max })));
  return f;
};

/** Hover text for a unit value: `1.5s = 1,500 ms`. */
export function describeUnit(kind: UnitKind, raw: string): string | undefined {
  const v = parseUnit(kind, raw);
  if (v === undefined) return undefined;
  if (kind === 'duration') return `${raw} = ${nf(6).format(v * 1e3)} ms`;
  if (kind === 'size') return `${raw} = ${nf(0).format(v)} bytes`;
  return `${raw} = ${nf(3).format(v)} events/s`;
}

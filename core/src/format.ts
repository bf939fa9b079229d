// Figures for people: the one place durations, sizes, rates, percentages,
// load factors and counts become text, for findings, hovers, code lenses,
// the graph, the CLI reports and the monitoring files alike.
//
// At most three significant digits in a unit that keeps the number between
// 1 and 1000: `743 µs`, `75.0 s`, `1.0 MiB`, `1.7k/s`. A value that is exact
// in its unit is shown without a decimal (`20k/s`, `2 GiB`, `1 s`); a rounded
// one keeps it (`75.0 s` is 75.000243 s). Below 1 (only in the smallest
// unit) two significant digits: `0.67/s`. Every function accepts null or a
// non-finite number and answers `—` (or `unbounded` for a latency) rather
// than NaN or Infinity.

/**
 * A whole number with thousands separators, as `Intl.NumberFormat('en-US')`
 * writes it (`-1,234`, `-0`, `∞`), without Intl: building the first
 * NumberFormat loads ICU's locale data, 6-20 ms of every server start.
 */
export function grouped(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '∞' : '-∞';
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  let digits = String(Math.abs(n));
  // From 1e21 String writes an exponent; Intl writes the same shortest digits followed by zeros.
  const e = digits.indexOf('e+');
  if (e >= 0) {
    const mantissa = digits.slice(0, e).replace('.', '');
    digits = mantissa + '0'.repeat(Number(digits.slice(e + 2)) + 1 - mantissa.length);
  }
  return sign + digits.replace(/\B(?=(\d{3})+$)/g, ',');
}

/** A whole number, allowing for the float noise of unit conversions (5e-5 s x 1e6 = 50.00000000000001 µs). */
const whole = (v: number) => Math.abs(v - Math.round(v)) <= 1e-9 * Math.max(1, Math.abs(v));

/** A number already scaled into its unit (see the header). */
export function significant(v: number): string {
  const a = Math.abs(v);
  if (whole(v)) return grouped(Math.round(v));
  if (a >= 99.95) return grouped(Math.round(v));
  if (a >= 0.95) return v.toFixed(1);
  return String(Number(v.toPrecision(2)));
}

/** Scales `v` by `step` until it is below 1000 once rounded (so `1,000 KiB` reads `1.0 MiB`). */
function scaled(v: number, units: string[], step: number, sep: string): string {
  let i = 0;
  let x = v;
  while (Math.abs(x) >= 999.95 && i < units.length - 1) {
    x /= step;
    i++;
  }
  return `${significant(x)}${sep}${units[i]}`;
}

const bad = (v: number | null | undefined): v is null | undefined => v === null || v === undefined || !Number.isFinite(v);

/** Events per second: `186/s`, `1.7k/s`, `20k/s`, `2.5M/s`. */
export function rateText(perSecond: number | null | undefined): string {
  if (bad(perSecond)) return '—';
  return `${scaled(perSecond, ['', 'k', 'M', 'G'], 1000, '')}/s`;
}

/** Bytes in binary units: `512 B`, `1.0 MiB`, `2 GiB`. */
export function bytesText(bytes: number | null | undefined): string {
  if (bad(bytes)) return '—';
  if (Math.abs(bytes) < 1000) return `${significant(Math.round(bytes))} B`;
  return scaled(bytes / 1024, ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'], 1024, ' ');
}

/** A duration in seconds: `743 µs`, `1.2 ms`, `75.0 s`, `2.5 min`, `3 h`; `unbounded` for null or Infinity. */
export function durationText(seconds: number | null | undefined): string {
  if (bad(seconds)) return 'unbounded';
  const a = Math.abs(seconds);
  if (a === 0) return '0 s';
  if (a < 0.00099995) return `${significant(seconds * 1e6)} µs`;
  if (a < 0.99995) return `${significant(seconds * 1e3)} ms`;
  if (a < 120) return `${significant(seconds)} s`;
  if (a < 7200) return `${significant(seconds / 60)} min`;
  return `${significant(seconds / 3600)} h`;
}

/** A duration in milliseconds (the model's unit), as durationText. */
export function msText(ms: number | null | undefined): string {
  return bad(ms) ? 'unbounded' : durationText(ms / 1e3);
}

/** A utilisation or ratio as a percentage: `<1%`, `39%`, `100%`, `250%`. */
export function pct(u: number | null | undefined): string {
  if (bad(u)) return '—';
  const p = u * 100;
  if (p > 0 && p < 1) return '<1%';
  return `${grouped(Math.round(p))}%`;
}

/** A load factor: `1x`, `2.56x`, `1,000x`. */
export function loadText(l: number | null | undefined): string {
  if (bad(l)) return '—';
  return `${whole(l) || Math.abs(l) >= 100 ? grouped(Math.round(l)) : String(Number(l.toPrecision(3)))}x`;
}

/** A modelled count such as busy workers: `18`, `1.5`, `1.36`, `0.03`. */
export function countText(n: number | null | undefined): string {
  if (bad(n)) return '—';
  if (Math.abs(n) >= 100) return grouped(Math.round(n));
  return String(Number(n.toPrecision(Math.abs(n) >= 1 ? 3 : 2)));
}

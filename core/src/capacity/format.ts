// Short human formatting of model figures, shared by findings, hovers and the
// CLI report. Every function accepts null / non-finite input and prints
// "unbounded" (or "—") instead of NaN or Infinity.
import { formatBytes, formatDuration, formatRate } from '../units';

export function pct(u: number | null | undefined): string {
  if (u === null || u === undefined || !Number.isFinite(u)) return '—';
  const p = u * 100;
  if (p > 0 && p < 1) return '<1%';
  return `${Math.round(p)}%`;
}

export function rateText(r: number | null | undefined): string {
  return r === null || r === undefined || !Number.isFinite(r) ? '—' : formatRate(r);
}

export function msText(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return 'unbounded';
  return formatDuration(ms / 1e3);
}

export function bytesText(b: number | null | undefined): string {
  return b === null || b === undefined || !Number.isFinite(b) ? '—' : formatBytes(b);
}

/** A modelled count such as busy workers: `18`, `1.5`, `0.03`. */
export function countText(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  return String(Number(n.toPrecision(n >= 1 ? 3 : 2)));
}

export function loadText(l: number | null | undefined): string {
  if (l === null || l === undefined || !Number.isFinite(l)) return '—';
  if (l >= 1000) return `${Math.round(l).toLocaleString('en-US')}x`;
  return `${Number(l.toFixed(2))}x`;
}

/** Smallest parallelism that brings utilisation to <= target. */
export function parallelismFor(inputRate: number, serviceTimeMs: number, target = 0.7): number {
  const work = (inputRate * serviceTimeMs) / 1e3;
  if (!(work > 0) || !Number.isFinite(work)) return 1;
  if (work / target >= 1e6) return 1e6;
  let p = Math.max(1, Math.ceil(work / target - 1e-9));
  if (work / p > target) p += 1; // the 1e-9 guard rounded down
  return p;
}

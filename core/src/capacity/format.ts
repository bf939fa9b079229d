// The model's fix arithmetic. Figures are formatted in core/src/format.ts (the
// one home of formatting); they are re-exported here for the modules that
// imported them from this path.
export { bytesText, countText, loadText, msText, pct, rateText } from '../format';

/** Smallest parallelism that brings utilisation to <= target. */
export function parallelismFor(inputRate: number, serviceTimeMs: number, target = 0.7): number {
  const work = (inputRate * serviceTimeMs) / 1e3;
  if (!(work > 0) || !Number.isFinite(work)) return 1;
  if (work / target >= 1e6) return 1e6;
  let p = Math.max(1, Math.ceil(work / target - 1e-9));
  if (work / p > target) p += 1; // the 1e-9 guard rounded down
  return p;
}

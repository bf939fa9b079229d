// Numbers as the generated files print them: no float noise (14.4 x 0.01 is
// 0.144, never 0.14400000000000002), no exponent for everyday values.

/** Rounds away binary noise: 12 significant digits are far beyond any threshold's meaning. */
export function clean(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  return Number(x.toPrecision(12));
}

/** A number for PromQL, YAML or prose: `0.144`, `120`, `10215.88`. */
export function num(x: number): string {
  const v = clean(x);
  if (Math.abs(v) >= 1e21 || (v !== 0 && Math.abs(v) < 1e-6)) return v.toExponential();
  return String(v);
}

/** Seconds as the `le` label of a histogram bucket (`0.25`, `1`, `120`), as the Go client prints them. */
export function formatSeconds(s: number): string {
  return num(s);
}

/** Events/s thresholds from the model: two decimals read cleanly; below 1/s, four significant digits (never 0). */
export function rateNum(perSecond: number): string {
  return num(perSecond >= 1 ? Math.round(perSecond * 100) / 100 : Number(perSecond.toPrecision(4)));
}

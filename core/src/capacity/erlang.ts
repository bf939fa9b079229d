// M/M/c queueing formulas used by the capacity model (spec section 7).

/** Above this parallelism the recurrence stops once B(k) is negligible (it only falls for k > a). */
const NEGLIGIBLE = 1e-18;

/**
 * Erlang C: the probability that an arriving event has to wait, for c servers
 * and offered load a = λ·s (in Erlangs). Numerically stable for large c:
 * uses the Erlang B recurrence B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)),
 * then C = B / (1 − ρ(1 − B)) with ρ = a / c. Returns 1 when ρ >= 1 (every
 * event waits, the queue grows without bound) and 0 when a = 0.
 */
export function erlangC(c: number, a: number): number {
  if (!(a > 0)) return 0;
  const servers = Math.max(1, Math.floor(Number.isFinite(c) ? c : 1));
  const rho = a / servers;
  if (!(rho < 1)) return 1;
  let b = 1;
  for (let k = 1; k <= servers; k++) {
    b = (a * b) / (k + a * b);
    if (k > a && b < NEGLIGIBLE) {
      b = 0;
      break;
    }
  }
  const c_ = b / (1 - rho * (1 - b));
  return Number.isFinite(c_) ? Math.min(1, Math.max(0, c_)) : 1;
}

/**
 * p99 queueing wait (seconds) of an M/M/c queue: P(W > t) = C·e^{−(c/s − λ)t},
 * so t99 = max(0, ln(C / 0.01) / (c/s − λ)). Undefined (unbounded) when λ·s >= c.
 */
export function mmcP99Wait(c: number, lambda: number, s: number): { wait: number | undefined; erlangC: number } {
  if (!(lambda > 0) || !(s > 0)) return { wait: 0, erlangC: 0 };
  const a = lambda * s;
  if (a >= c) return { wait: undefined, erlangC: 1 };
  const C = erlangC(c, a);
  if (C <= 0.01) return { wait: 0, erlangC: C };
  const headroom = c / s - lambda;
  if (!(headroom > 0)) return { wait: undefined, erlangC: 1 };
  const wait = Math.log(C / 0.01) / headroom;
  return { wait: Number.isFinite(wait) && wait > 0 ? wait : 0, erlangC: C };
}

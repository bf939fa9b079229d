// The start-up tier. The loader (boot.ts) starts the server with V8's
// optimising compiler (TurboFan) off: the first document of a fresh server
// is parsed and analysed once, a loop over its components, and TurboFan's
// compiles of the functions that get hot meanwhile (on the other core, and
// their installing and deoptimising on this one) cost more than the
// optimised code gives back before the diagnostics are out. Measured at
// 1,000 components: 76 against 90 ms (docs/performance.md, "Start-up").
// It is turned on for good at the first of: the first diagnostics
// published, a document too big for the interpreter alone (above this size
// the optimised code wins within its own first analysis), a workspace scan
// that has worked for about 100 ms (a big workspace; a small one is scanned
// in the start-up tier, so a first document opened after it still is
// analysed in it). The loader installs the switch; without it (the bundle
// run by other means) the compiler was never off.

/** Above this many characters (about 6,000 components) a document's first analysis needs TurboFan. */
export const TIER_UP_CHARS = 1_500_000;

const hook = Symbol.for('veltrix.tierUp');
let tierUpHook = (globalThis as Record<symbol, unknown>)[hook] as (() => void) | undefined;

/** True until the optimising compiler is turned on (always false when the loader did not turn it off). */
export const inStartupTier = (): boolean => tierUpHook !== undefined;

/** Turns V8's optimising compiler on for good (once; nothing when it is on). */
export function tierUp(): void {
  const up = tierUpHook;
  tierUpHook = undefined;
  up?.();
}

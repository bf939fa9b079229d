// The adaptive typing debounce: how long after a change the analysis waits.
// Short when the document re-analyses cheaply (a few milliseconds: the
// diagnostics follow the keystroke within about 50 ms), longer when its
// analyses are expensive, and always longer than the pause between the
// keystrokes of fast typing, so that a burst is analysed once, after it.
// `initializationOptions.debounceMs` replaces it with a fixed delay.

/** Never sooner: a keystroke's change and the next one often arrive within a few milliseconds. */
export const MIN_DELAY_MS = 20;
/** Never later, however expensive the analyses: a stale analysis is dropped at its next step anyway. */
export const MAX_DELAY_MS = 300;
/** Pauses shorter than this between changes are typing (about 7 characters a second and faster). */
export const TYPING_GAP_MS = 150;
/**
 * How many of its own durations the debounce waits after a single keystroke: one. Waiting longer only
 * delays the squiggle (measured: twice cost 60-100 ms at 10,000 components of a random DAG, the largest part of
 * keystroke-to-diagnostics); fast typing is kept to one analysis per burst by the rhythm term (GAP_FACTOR),
 * and an analysis overtaken by a newer change is dropped at its next step.
 */
const COST_FACTOR = 1;
/** A pause this much longer than the typing rhythm ends the burst. */
const GAP_FACTOR = 1.5;
/** An analysis from scratch counts this fraction of its time: the edits after it are analysed incrementally. */
const COLD_SHARE = 1 / 8;

/** How many recent analyses the cost is read from. */
const COST_SAMPLES = 5;

/** The debounce of one document: its analysis cost and its typing rhythm. */
export class TypingPace {
  /**
   * Time of an analysis of this document, in ms of work (waits between steps excluded): the lower median of
   * the last few. One slow analysis (the first edit of a fresh server runs code V8 has not compiled yet: 0.4-1.1 s
   * at 10,000 components, then 50-130 ms) must not lengthen the wait after the keystrokes that follow it.
   */
  get cost(): number | undefined {
    if (!this.samples.length) return undefined;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[(sorted.length - 1) >> 1];
  }
  private samples: number[] = [];
  /** Smoothed pause between changes while the user types; undefined when not typing. */
  gap: number | undefined;
  private lastChange: number | undefined;

  /** A change of the document at time `now` (ms). */
  changed(now: number): void {
    const pause = this.lastChange === undefined ? undefined : now - this.lastChange;
    this.lastChange = now;
    if (pause === undefined || pause >= TYPING_GAP_MS) this.gap = undefined;
    else this.gap = this.gap === undefined ? pause : (this.gap + pause) / 2;
  }

  /** An analysis took `ms` of work; `cold` when it was not incremental (the first of a document). */
  analysed(ms: number, cold: boolean): void {
    this.samples.push(cold ? ms * COLD_SHARE : ms);
    if (this.samples.length > COST_SAMPLES) this.samples.shift();
  }

  /** How long to wait after the last change before analysing. */
  delay(): number {
    let d = Math.max(MIN_DELAY_MS, COST_FACTOR * (this.cost ?? 0));
    if (this.gap !== undefined) d = Math.max(d, GAP_FACTOR * this.gap);
    return Math.round(Math.min(MAX_DELAY_MS, d));
  }
}

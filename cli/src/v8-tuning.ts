// V8 settings for a `check` on several threads. V8's optimising compiler
// (TurboFan) runs on background threads: one thread's check already keeps
// them busy on the other cores, and every further thread compiles the same
// hot functions again (half of the instructions of a run on 300 small files
// were TurboFan's). A smaller inlining budget makes each compile cheaper
// (TurboFan -30%, the whole run's CPU -13 to -14% on 1,000 small files, on
// one thread as on two) for code that runs a few percent slower. On one
// thread the compiles cost no time (a spare core runs them) and the faster
// code wins (on 1,000 files of 50–250 components the smaller budget was no
// faster), so the budget is left alone there (docs/performance.md, "The CLI
// on every core").
import { setFlagsFromString } from 'node:v8';

/** V8 has one set of flags for the process, every thread included. */
export const THREADED_V8_FLAGS = ['--max-inlined-bytecode-size-cumulative=200'];

/** Before the threads run anything hot (the flags are read when a function is optimised). */
export function tuneV8ForThreads(set: (flags: string) => void = setFlagsFromString): void {
  for (const flag of THREADED_V8_FLAGS) set(flag);
}

// What a pipeline test run produces (spec section 11), as plain data: the CLI,
// the language server and the graph preview all read these same results.
import type { Finding, Location, Range } from '../types';
import type { Value } from './expr';

/** What happened to an event at one component (section 11.2). */
export type StepOutcome =
  | 'inserted' // the test put the event in here; it leaves as this component's output
  | 'passed' // a component that does nothing to the event (source, pass-through)
  | 'dropped' // a filter's condition was falsy
  | 'duplicate' // dedupe: a repeat within `within` of the first event
  | 'routed' // route: copies to the matching routes (`routes`)
  | 'unmatched' // route: no route matched, the event went to `_unmatched`
  | 'transformed' // map: fields set and dropped
  | 'enriched' // enrich: lookup hit or miss
  | 'windowed' // folded into a window (`window`); the window's output has its own trace
  | 'emitted' // a window closed and emitted this event (first step of a window trace)
  | 'delivered' // a sink took it
  | 'dead-lettered' // a failing sink gave up and sent it to its dead_letter sink
  | 'lost'; // a failing sink without dead_letter gave up: the event is gone

export interface WindowRef {
  component: string;
  /** Epoch milliseconds. */
  start: number;
  end: number;
  /** The `key_by` value (null without `key_by`). */
  key: Value;
}

export interface TraceStep {
  component: string;
  /** The route output the event arrived through (`eu`, `_unmatched`), when it came from a route. */
  via?: string;
  /** Test clock, milliseconds since `start`. */
  at: number;
  outcome: StepOutcome;
  /** One line for people: "condition amount > 0 was false", "routes eu, vip matched". */
  detail: string;
  /** filter: the condition and its value. */
  condition?: string;
  value?: Value;
  /** dedupe: when the first event with this key arrived (ms since start). */
  firstAt?: number;
  /** route: the routes that matched, in written order. */
  routes?: string[];
  /** map: fields written and removed. */
  set?: string[];
  removed?: string[];
  /** enrich: the key looked up and whether a mock answered. */
  key?: string;
  hit?: boolean;
  /** window: the window the event was folded into (or, for `emitted`, that closed). */
  window?: WindowRef;
  /** sinks: attempts made (failing sinks make `retry.max_attempts`). */
  attempts?: number;
  /** The event as it left this step (absent where it did not go on: drops, sinks). */
  event?: Value;
  /** Where the event went next: one branch per copy (route outputs, several consumers). */
  next: TraceStep[];
}

export interface EventTrace {
  /** `input` for a test's input event; `window` for an event a window emitted. */
  origin: 'input' | 'window';
  /** The input key (component id) or the window component. */
  component: string;
  /** For inputs: index of the event in its input list. */
  index: number;
  /** Test clock, ms since `start`. */
  at: number;
  event: Value;
  /** Where the event was written in the test file (inputs only). */
  range?: Range;
  /** For window events: the window, and the traces (indices) of the events folded into it. */
  window?: WindowRef;
  members?: number[];
  root: TraceStep;
}

/** One event that reached a component (its output), a route output, a sink, or `lost`. */
export interface Arrival {
  event: Value;
  /** ms since start. */
  at: number;
  /** Index of the trace (in TestResult.traces) this event belongs to. */
  trace: number;
}

/** A place an event went instead of where a failing expectation wanted it. */
export interface Elsewhere {
  component: string;
  outcome: StepOutcome;
  detail: string;
  location?: Location;
}

export interface ExpectationFailure {
  /** The expectation's key: a component id, `router.route`, `lost`, or `exhaustive`. */
  target: string;
  /** The expectation in the test file (its key). */
  range: Range;
  kind: 'list' | 'count' | 'contains' | 'all' | 'exhaustive';
  /** One line: what differs. */
  message: string;
  /** For a diff: what was expected and what arrived (lists of events, or counts). */
  expected: Value;
  actual: Value;
  /** The first differing event (list index) and field, when there is one. */
  index?: number;
  field?: string;
  /** The trace (index in TestResult.traces) of the event concerned: the differing one, or one that did not arrive. */
  trace?: number;
  /** Where the events went instead (their traces' end points). */
  elsewhere: Elsewhere[];
}

export type TestStatus = 'passed' | 'failed' | 'error';

export interface TestResult {
  name: string;
  /** Position of the test in the file's `tests` list. */
  index: number;
  /** The whole test entry, and its `name` value (for lenses and JUnit lines). */
  range: Range;
  nameRange: Range;
  /** `error`: it could not run (unknown targets, input at a sink, limit reached). */
  status: TestStatus;
  failures: ExpectationFailure[];
  /** Every input event's trace, in processing order, then every window event's. */
  traces: EventTrace[];
  /** Events that arrived, per target: every sink, `lost`, and the targets the test's expectations name (component ids, `router.route`). */
  arrivals: Record<string, Arrival[]>;
  /** Branches taken (for VX405): `filter:id:pass|drop`, `route:id:name`, `dead-letter:sinkId`. */
  branches: string[];
  eventsProduced: number;
  /** Set when the run stopped at a limit (VX406). */
  limit?: string;
}

export interface TestFileAnalysis {
  uri: string;
  /** The pipeline under test, when `pipeline` names a readable main file. */
  pipelineUri?: string;
  /** Findings on the test file: VX001-VX013, VX014 (in `all`), VX401-VX404, VX406, VX402. */
  findings: Finding[];
  tests: TestResult[];
}

// Plain data types of the analysis core. No editor or LSP types here: the
// server and the CLI convert these at their boundary.

/** 0-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A severity setting as written in `.veltrix-lint.yaml` or settings. */
export type SeverityOverride = Severity | 'off';

export interface Location {
  uri: string;
  range: Range;
}

export interface RelatedInfo {
  location: Location;
  message: string;
}

/**
 * Typed payload for quick fixes, so the language server can build edits
 * without re-analysing and without reading message text.
 */
export type FixData =
  | { kind: 'replace'; candidates: string[] } // did-you-mean replacement of the range's text
  | { kind: 'rename-key'; candidates: string[] } // VX011: rename the key at range
  | { kind: 'insert-key'; key: string; placeholder: string; parentRange: Range; indent: number } // VX010
  | { kind: 'set-value'; key: string; value: string; keyRange?: Range; parentRange?: Range; indent?: number } // VX200, VX205, VX206, VX003
  | { kind: 'create-stub'; id: string; section: 'sources' | 'processors' | 'sinks'; inputs?: string[] } // VX100, VX110
  | { kind: 'add-dead-letter'; sinkId: string; stubId: string } // VX201
  | { kind: 'insert-checkpoint' } // VX204
  | { kind: 'set-parallelism'; componentId: string; value: number } // VX300, VX301
  | { kind: 'remove-entry' } // VX107: remove the schema entry at range
  | { kind: 'add-latency-bucket'; value: string } // VX306: add the SLO (as written) to monitoring.prometheus.latency_buckets
  | { kind: 'enable-prometheus' } // VX307: set monitoring.prometheus.enabled: true
  | { kind: 'rewrite'; title: string; range: Range; newText: string } // VX015 x.f() as f(x), VX016 '10' as 10
  | { kind: 'insert-text'; title: string; position: Position; text: string }; // VX404: insert a mocks entry

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  uri: string;
  range: Range;
  related?: RelatedInfo[];
  data?: FixData;
}

/** Reads files for the analysis. Injected so the core does no IO of its own. */
export interface FileHost {
  /** Returns the text, or undefined when the file does not exist or is unreadable. */
  readFile(uri: string): string | undefined;
  /** Optional: is this URI a directory (imports must name files). */
  isDirectory?(uri: string): boolean;
}

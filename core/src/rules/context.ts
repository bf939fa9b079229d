// What every rule receives, and the one way a rule reports a finding.
import type { Finding, FixData, RelatedInfo, Severity } from '../types';
import type { Component, PipelineFile } from '../pipeline/file';
import type { Workspace } from '../pipeline/workspace';
import type { Graph } from '../pipeline/graph';
import type { SchemaFlow } from '../flow';
import type { CapacityResult } from '../capacity/types';
import { ruleInfo, type RuleCode } from './catalog';

export interface AnalyzeSettings {
  /** Run the capacity model (section 7). Default true. */
  model?: boolean;
  /** What-if load factor applied to every source rate. Default 1. */
  load?: number;
}

export interface RuleContext {
  ws: Workspace;
  graph: Graph;
  flow: SchemaFlow;
  settings: Required<AnalyzeSettings>;
  /** The capacity model, computed with the graph (undefined when it did not run); rules read it, never recompute it. */
  capacity?: CapacityResult;
  findings: Finding[];
}

export interface Span {
  start: number;
  end: number;
}

export interface ReportExtra {
  related?: RelatedInfo[];
  data?: FixData;
  severity?: Severity;
}

/** Reports `code` on a node (or any offset span) of `file`. */
export function report(ctx: { findings: Finding[] }, code: RuleCode, file: PipelineFile, span: Span, message: string, extra: ReportExtra = {}): void {
  const end = Math.max(span.end, span.start + (span.start < file.text.length ? 1 : 0));
  ctx.findings.push({
    code,
    severity: extra.severity ?? ruleInfo(code).severity,
    message,
    uri: file.uri,
    range: file.lines.range(span.start, end),
    ...(extra.related ? { related: extra.related } : {}),
    ...(extra.data ? { data: extra.data } : {}),
  });
}

/** The file a component was defined in. */
export function fileOf(ctx: { ws: Workspace }, c: Component | string): PipelineFile {
  const uri = typeof c === 'string' ? c : c.uri;
  const files = ctx.ws.files;
  for (let i = 0; i < files.length; i++) if (files[i].uri === uri) return files[i];
  return ctx.ws.main;
}

export function locationOf(ctx: { ws: Workspace }, uri: string, span: Span): { uri: string; range: import('../types').Range } {
  const file = fileOf(ctx, uri);
  return { uri, range: file.lines.range(span.start, span.end) };
}

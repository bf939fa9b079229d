// What the generated monitoring is made of, before it is printed: the
// pipeline's facts (stages in topological order, SLOs, the capacity model's
// figures) gathered once from an analysis, and the rule shapes the printers
// (rules.ts, rule-tests.ts, dashboard.ts) write out.
import { get, scalarString } from '../parse/tree';
import type { Analysis } from '../analyze';
import type { Component } from '../pipeline/file';
import type { CapacityResult, ComponentFigures } from '../capacity/types';
import { size } from '../capacity/params';
import { monitoringSettings, type MonitoringSettings } from './settings';

export interface Stage {
  id: string;
  section: Component['section'];
  type: string;
  /** `dead_letter` of a sink. */
  deadLetter?: string;
  /** `buffer.when_full` when it drops events. */
  dropsWhenFull?: string;
  bufferEvents?: number;
  /** Some edge feeds it (a dead-letter sink usually has none). */
  hasInputs: boolean;
  /** The capacity model's figures; undefined when the model did not run or left it out (cycle). */
  figures?: ComponentFigures;
}

export interface PipelineFacts {
  settings: MonitoringSettings;
  /** Every component, in the core's topological order. */
  stages: Stage[];
  capacity?: CapacityResult;
  /** `runtime.memory` in bytes when written and known (the memory alert exists only then). */
  memoryBudget?: number;
  memoryBudgetText?: string;
  /** The pipeline file's path as the user knows it (relative to the workspace or the current directory). */
  path: string;
}

/** Reads the facts from an analysis; `path` is what the descriptions call the file. */
export function pipelineFacts(analysis: Analysis, path: string): PipelineFacts {
  const { graph, capacity } = analysis;
  const figures = new Map((capacity?.components ?? []).filter((f) => !f.inCycle).map((f) => [f.id, f]));
  const stages: Stage[] = [];
  for (const id of graph.order) {
    const c = graph.nodes.get(id);
    if (!c) continue;
    const whenFull = scalarString(get(c.node, 'buffer', 'when_full'));
    const maxEvents = get(c.node, 'buffer', 'max_events');
    const deadLetter = c.section === 'sinks' ? scalarString(get(c.node, 'dead_letter')) : undefined;
    stages.push({
      id,
      section: c.section,
      type: c.type ?? 'unknown',
      hasInputs: (graph.in.get(id)?.length ?? 0) > 0,
      ...(deadLetter ? { deadLetter } : {}),
      ...(whenFull?.startsWith('drop_') ? { dropsWhenFull: whenFull } : {}),
      ...(maxEvents?.kind === 'scalar' && typeof maxEvents.value === 'number' ? { bufferEvents: maxEvents.value } : {}),
      ...(figures.has(id) ? { figures: figures.get(id) } : {}),
    });
  }
  const memoryNode = get(analysis.ws.main.root, 'runtime', 'memory');
  const budget = memoryNode ? (capacity?.memoryBudgetBytes ?? size(memoryNode) ?? undefined) : undefined;
  return {
    settings: monitoringSettings(analysis.ws.main),
    stages,
    ...(capacity ? { capacity } : {}),
    ...(budget ? { memoryBudget: budget, memoryBudgetText: scalarString(memoryNode) } : {}),
    path,
  };
}

// ---- rule shapes -----------------------------------------------------------

export interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

export interface Series {
  series: string;
  values: string;
}

/** One `promtool test rules` case: synthetic series, and which alerts of the name fire at `evalMinutes`. */
export interface AlertCase {
  name: string;
  series: Series[];
  evalMinutes: number;
  firing: AlertRule[];
}

export interface AlertRule {
  alert: string;
  severity: 'page' | 'ticket';
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  cases: AlertCase[];
}

export interface RuleSet {
  recording: RecordingRule[];
  alerts: AlertRule[];
}

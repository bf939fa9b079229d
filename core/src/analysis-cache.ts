// Everything an analysis keeps between versions, behind one object: the
// parses (FileCache: by URI and text, chunk by chunk), the snapshot of the
// last analysis of each entry file under each setting (incremental.ts reuses
// it after an edit), each file's own findings (syntax, version, schema; by
// parse, so an unchanged import is not validated again), and the last
// complete analysis, returned as is when nothing it read has changed (one
// main file checked for each of its fragments is analysed once).
import type { Finding, SeverityOverride } from './types';
import type { PipelineFile } from './pipeline/file';
import type { LintConfig } from './config';
import type { Snapshot } from './incremental';
import { FileCache } from './pipeline/workspace';

/** Snapshots kept per entry file: the editor's settings and one what-if (the graph preview's load slider). */
const SETTINGS_PER_FILE = 2;

/** What a complete analysis was computed from, besides its files: the same objects give the same analysis. */
export interface AnalysisInputs {
  settingsKey: string;
  config: LintConfig | undefined;
  overrides: Record<string, SeverityOverride> | undefined;
}

export class AnalysisCache extends FileCache {
  /** Per entry URI, most recent first, one per settings key. */
  private readonly snapshots = new Map<string, Snapshot[]>();
  private readonly findings = new WeakMap<PipelineFile, Finding[]>();
  private readonly complete = new Map<string, { inputs: AnalysisInputs; files: PipelineFile[]; result: unknown }>();

  /** The last analysis of the pipeline whose entry is `uri` under `settingsKey` (see incremental.ts). */
  snapshot(uri: string, settingsKey: string): Snapshot | undefined {
    return this.snapshots.get(uri)?.find((s) => s.settingsKey === settingsKey);
  }

  /** Keeps `s`; a what-if analysis never replaces the snapshot of other settings (at most two kept). */
  setSnapshot(uri: string, s: Snapshot): void {
    const list = (this.snapshots.get(uri) ?? []).filter((x) => x.settingsKey !== s.settingsKey);
    list.unshift(s);
    this.snapshots.set(uri, list.slice(0, SETTINGS_PER_FILE));
  }

  /** A file's own findings (before config), once computed for this parse of it. */
  fileFindings(file: PipelineFile): Finding[] | undefined {
    return this.findings.get(file);
  }

  setFileFindings(file: PipelineFile, findings: Finding[]): void {
    this.findings.set(file, findings);
  }

  /** The complete analysis of `uri` when its files and inputs are the very ones of the last one. */
  analysis<T>(uri: string, files: PipelineFile[], inputs: AnalysisInputs): T | undefined {
    const last = this.complete.get(uri);
    if (!last || last.files.length !== files.length || files.some((f, i) => f !== last.files[i])) return undefined;
    const same = last.inputs.settingsKey === inputs.settingsKey && last.inputs.config === inputs.config && last.inputs.overrides === inputs.overrides;
    return same ? (last.result as T) : undefined;
  }

  setAnalysis(uri: string, files: PipelineFile[], inputs: AnalysisInputs, result: unknown): void {
    this.complete.set(uri, { inputs, files, result });
  }

  override delete(uri: string): void {
    super.delete(uri);
    this.snapshots.delete(uri);
    this.complete.delete(uri);
  }
}

// `veltrix/monitoring` (spec section 12): the core generates the rules, their
// promtool tests and the dashboard from the server's analysis of the open
// document; the client writes the files. A pipeline with errors, or a
// fragment, gets a message instead (as `veltrix-lint monitor` exits 1 / 2).
// Also the "Generate monitoring" lens on `pipeline.slo`.
import type { CodeLens } from 'vscode-languageserver';
import type { Analysis } from '../../core/src/analyze';
import { generateMonitoring } from '../../core/src/monitoring/index';
import { GENERATE_MONITORING_TITLE, sloLensRange } from '../../core/src/language/monitoring-hover';
import type { DocScope } from '../../core/src/language/index';
import { Commands, type MonitoringParams, type MonitoringResult } from '../../protocol/src/index';

/** The document's analysis with the capacity model (the thresholds come from it). */
export type GetModelledAnalysis = (uri: string) => Promise<Analysis | undefined>;

export function createMonitoringResponder(getAnalysis: GetModelledAnalysis): { respond(params: MonitoringParams): Promise<MonitoringResult | null> } {
  return {
    async respond(params) {
      const analysis = await getAnalysis(params.uri);
      if (!analysis) return null;
      const name = params.path || params.uri.split('/').pop() || params.uri;
      if (analysis.ws.main.isFragment) return { files: [], message: `${name} is a fragment (no pipeline:): generate the monitoring of a main file that imports it.` };
      const errors = analysis.findings.filter((f) => f.severity === 'error').length;
      if (errors) return { files: [], message: `${name} has ${errors} error${errors === 1 ? '' : 's'}: fix ${errors === 1 ? 'it' : 'them'} before generating its monitoring.` };
      const m = generateMonitoring(analysis, name);
      const cases = m.ruleSet.alerts.reduce((n, a) => n + a.cases.length, 0);
      return {
        files: [
          { name: m.names.rules, text: m.rules },
          { name: m.names.tests, text: m.tests },
          { name: m.names.dashboard, text: m.dashboard },
        ],
        summary: `${m.ruleSet.recording.length} recording rules, ${m.ruleSet.alerts.length} alerts, ${cases} rule tests`,
      };
    },
  };
}

/** The lens on `slo`, for clients that run `veltrix.generateMonitoring` (VS Code). */
export function monitoringLens(scope: DocScope, uri: string): CodeLens | undefined {
  const range = sloLensRange(scope);
  return range ? { range, command: { title: GENERATE_MONITORING_TITLE, command: Commands.generateMonitoring, arguments: [uri] } } : undefined;
}

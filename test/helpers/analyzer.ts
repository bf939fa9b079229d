// The server's analyzer in process, over stand-ins for the document store,
// the settings and the workspace index: one document, whose text and version
// a test changes as the editor would.
import { Analyzer, type AnalyzerDeps } from '../../server/src/analyzer';
import { WorkspaceIndex } from '../../server/src/workspace-index';

export interface StandIn {
  analyzer: Analyzer;
  doc: { uri: string; version: number; text: string; getText(): string };
  /** Versions published, in order. */
  published: number[];
}

/** `extra` replaces dependencies (a publish or garbage collection a test watches). */
export function standInAnalyzer(uri: string, text: string, extra: Partial<AnalyzerDeps> = {}): StandIn {
  const doc = { uri, version: 1, text, getText() { return this.text; } };
  const published: number[] = [];
  const index = new WorkspaceIndex();
  void index.scan([], () => undefined);
  const deps = {
    documents: { get: (u: string) => (u === uri ? doc : undefined), all: () => [doc] },
    host: { readFile: () => undefined },
    index,
    settings: { get: async () => ({ enable: true, rules: {}, model: { enabled: true }, trace: { server: 'off' } }) },
    trusted: () => false,
    publish: (_uri: string, version: number) => published.push(version),
    log: () => undefined,
  } as unknown as AnalyzerDeps;
  return { analyzer: new Analyzer({ ...deps, ...extra }), doc, published };
}

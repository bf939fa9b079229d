// `veltrix/graph`: the preview's view of a document (core/src/graph-view,
// the same view every renderer draws), from the server's analysis. While the
// text does not parse (VX001) the last good view of that document is
// returned, marked stale, so the picture never goes blank. server.ts
// registers the request and delegates to this responder.
import type { Analysis } from '../../core/src/analyze';
import { buildGraphView } from '../../core/src/graph-view/model';
import type { GraphParams, GraphResult } from '../../protocol/src/index';

/** The server's (cached) analysis of `uri` at load factor `load`; undefined when the document is unknown. */
export type GetAnalysis = (uri: string, load: number) => Analysis | undefined | Promise<Analysis | undefined>;

export interface GraphResponder {
  respond(params: GraphParams): Promise<GraphResult | null>;
  /** Drop the last good view (document closed). */
  forget(uri: string): void;
}

export function createGraphResponder(getAnalysis: GetAnalysis): GraphResponder {
  const lastGood = new Map<string, GraphResult>();
  return {
    async respond(params) {
      const load = typeof params.load === 'number' && Number.isFinite(params.load) && params.load > 0 ? params.load : 1;
      const analysis = await getAnalysis(params.uri, load);
      if (!analysis) return null;
      const parseError = analysis.findings.some((f) => f.code === 'VX001' && f.uri === params.uri);
      if (parseError) {
        const last = lastGood.get(params.uri);
        return { view: last?.view ?? null, parseError: true, stale: last?.view != null };
      }
      const result: GraphResult = { view: buildGraphView(analysis, { load }) };
      lastGood.set(params.uri, result);
      return result;
    },
    forget(uri) {
      lastGood.delete(uri);
    },
  };
}

// Messages between the graph panel (extension side) and the webview.
import type { GraphView } from '../../core/src/graph-view/model';
import type { TraceOverlay } from './trace-overlay';

/** Extension -> webview. */
export type ToWebview =
  | { type: 'view'; view: GraphView | null; parseError?: boolean; stale?: boolean; message?: string }
  | { type: 'highlight'; id: string | null }
  /** Centre the view on a component and highlight it (a code lens's "show in graph"). */
  | { type: 'focus'; id: string }
  | { type: 'status'; message: string }
  /** A pipeline test's trace over the graph (null: clear it). */
  | { type: 'trace'; trace: TraceOverlay | null };

/** Webview -> extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'setLoad'; load: number }
  | { type: 'reveal'; id: string; uri: string; line: number; character: number }
  | { type: 'export'; svg: string; name: string };

export const MIN_LOAD = 0.5;
export const MAX_LOAD = 3;

export function clampLoad(load: unknown): number {
  const n = typeof load === 'number' && Number.isFinite(load) ? load : 1;
  return Math.min(MAX_LOAD, Math.max(MIN_LOAD, Math.round(n * 100) / 100));
}

// Event schemas flowing downstream (spec section 4): which fields reach each
// component. Filled in by the expressions work; see computeFlow.
import type { Graph } from './pipeline/graph';
import type { Workspace } from './pipeline/workspace';

/** Field name -> type (`string`, `int`, ...). */
export type FieldSet = Map<string, string>;

export interface SchemaFlow {
  /** Fields arriving at each component; undefined when unknown (field checks are skipped). */
  input: Map<string, FieldSet | undefined>;
  /** Fields each component emits; undefined when unknown. */
  output: Map<string, FieldSet | undefined>;
}

export function computeFlow(_ws: Workspace, _graph: Graph): SchemaFlow {
  return { input: new Map(), output: new Map() };
}

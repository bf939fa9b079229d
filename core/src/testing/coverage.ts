// VX405: in a pipeline that has test files, the branches no test event takes
// (a filter's pass or drop, each route output and `_unmatched`, each sink's
// dead-letter path), reported on the pipeline where the branch is written.
import type { Finding } from '../types';
import type { Graph } from '../pipeline/graph';
import type { Workspace } from '../pipeline/workspace';
import { get, getPair } from '../parse/tree';
import { report } from '../rules/context';
import { fileOf } from '../rules/context';
import { programOf } from './program';
import type { TestFileAnalysis } from './types';

/** Every branch of the pipeline with where it is written: `filter:id:pass`, `route:id:name`, `dead-letter:sink`. */
export function branchesOf(graph: Graph): Array<{ key: string; component: string; text: string; span: { start: number; end: number } }> {
  const out: ReturnType<typeof branchesOf> = [];
  for (const n of programOf(graph).nodes) {
    const b = n.behaviour;
    const c = n.component;
    if (b.kind === 'filter') {
      const span = b.condition.node ?? c.idNode;
      out.push({ key: n.branches.pass, component: n.id, text: `no test event passes filter '${n.id}'`, span });
      out.push({ key: n.branches.drop, component: n.id, text: `no test event is dropped by filter '${n.id}'`, span });
    } else if (b.kind === 'route') {
      for (const r of b.routes) out.push({ key: n.branches[r.name], component: n.id, text: `no test event takes route '${n.id}.${r.name}'`, span: r.keyNode });
      out.push({ key: n.branches._unmatched, component: n.id, text: `no test event matches no route of '${n.id}' (its _unmatched output)`, span: getPair(c.node, 'routes')?.key ?? c.idNode });
    } else if (b.kind === 'sink' && b.deadLetter !== undefined && graph.nodes.get(b.deadLetter)?.section === 'sinks') {
      const dl = get(c.node, 'dead_letter');
      // Through an anchor (`<<: *defaults`) the node is written elsewhere, shared by many sinks: report at the sink.
      out.push({ key: n.branches.deadLetter, component: n.id, text: `no test makes sink '${n.id}' fail, so its dead-letter path to '${b.deadLetter}' is untested`, span: dl && !dl.shared ? dl : c.idNode });
    }
  }
  return out;
}

/** VX405 findings for a pipeline, given the analyses of every test file that tests it (none: no findings). */
export function untestedBranches(ws: Workspace, graph: Graph, tests: TestFileAnalysis[]): Finding[] {
  const mine = tests.filter((t) => t.pipelineUri === ws.main.uri);
  if (!mine.length) return [];
  const taken = new Set(mine.flatMap((t) => t.tests.flatMap((r) => r.branches)));
  const findings: Finding[] = [];
  for (const b of branchesOf(graph)) {
    if (taken.has(b.key)) continue;
    const c = graph.nodes.get(b.component)!;
    report({ findings }, 'VX405', fileOf({ ws }, c), b.span, `Untested branch: ${b.text}`);
  }
  return findings;
}

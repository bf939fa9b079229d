// VX100-VX110: references, ids, cycles, routes, dead ends, unused schemas,
// dead letters (VX114, a `schema:` naming nothing, runs with the delivery
// rules: it reads no graph); and the whole-pipeline VX010 checks (a source
// and a sink across the import closure; `inputs` on sinks that are no
// dead-letter target).
// Runs only for a main file (analyze.ts skips it for a standalone fragment);
// findings on imported components land in the fragment that defines them.
import { get, getPair, isMap } from '../parse/tree';
import type { Component, Section } from '../pipeline/file';
import { fileOf, locationOf, report, type RuleContext } from './context';
import { checkConsumers } from './consumers';
import { checkCycles, checkDuplicateIds } from './ids';
import { checkReferences } from './references';
import { insertionPoint, isDeadLetterTarget, known } from './rule-helpers';
import { didYouMean, nearest, suggestBudget } from '../util/suggest';

export function checkTopology(ctx: RuleContext): void {
  checkDuplicateIds(ctx);
  checkReferences(ctx);
  checkCycles(ctx);
  checkConsumers(ctx);
  checkDeadLetters(ctx);
  checkEnds(ctx);
  checkSinkInputs(ctx);
}

/**
 * After an edit of one component's `inputs` alone (incremental.ts: the ids are the last version's): that
 * component's references and whether it is a sink without inputs, every cycle, and whether the components its old
 * and new inputs name (`named`) are consumed. The other topology findings cannot have changed.
 */
export function checkTopologyAround(ctx: RuleContext, changed: Component, named: ReadonlySet<string>): void {
  checkReferences(ctx, changed);
  checkCycles(ctx);
  checkConsumers(ctx, named);
  checkSinkInputs(ctx, changed);
}

/**
 * After the rename of one component alone (incremental.ts: no id repeated before or after): every reference (a
 * reference to the old id now dangles, one to the new id resolves, and the suggestions draw on the ids), every cycle
 * and dead letter, and the renamed component's own findings (its dead ends, a sink without inputs). Its inputs are
 * unchanged, so no other component's dead ends can change.
 */
export function checkTopologyAfterRename(ctx: RuleContext, renamed: Component): void {
  checkReferences(ctx);
  checkCycles(ctx);
  checkConsumers(ctx, new Set([renamed.id]));
  checkDeadLetters(ctx);
  checkSinkInputs(ctx, renamed);
}

/** VX109: `dead_letter` must name another sink. */
function checkDeadLetters(ctx: RuleContext): void {
  let sinkIds: string[] | undefined; // listed when the first unknown target needs suggestions
  for (const c of ctx.ws.components) {
    if (c.section !== 'sinks') continue;
    const node = get(c.node, 'dead_letter');
    const id = known(node);
    if (!node || typeof id !== 'string') continue;
    const file = fileOf(ctx, c);
    if (id === c.id) {
      report(ctx, 'VX109', file, node, `Sink '${c.id}' names itself as its dead_letter; events that failed here would fail again, name another sink`);
      continue;
    }
    const target = ctx.graph.nodes.get(id);
    if (!target) {
      sinkIds ??= [...ctx.graph.nodes.values()].filter((s) => s.section === 'sinks').map((s) => s.id);
      const candidates = nearest(id, sinkIds, suggestBudget(ctx)).filter((s) => s !== c.id);
      report(ctx, 'VX109', file, node, `Dead letter '${id}' of '${c.id}' names no component${didYouMean(candidates, 3) || '; add a sink with that id'}`, {
        data: candidates.length ? { kind: 'replace', candidates } : { kind: 'create-stub', id, section: 'sinks' },
      });
      continue;
    }
    if (target.section !== 'sinks') {
      report(ctx, 'VX109', file, node, `Dead letter '${id}' of '${c.id}' is a ${target.section === 'sources' ? 'source' : 'processor'}, not a sink; name a sink`, {
        related: [{ location: locationOf(ctx, target.uri, target.idNode), message: `'${id}' is defined under ${target.section} here` }],
      });
    }
  }
}

/** VX010: a main file needs a source and a sink somewhere in its import closure. */
function checkEnds(ctx: RuleContext): void {
  const root = ctx.ws.main.root;
  const pipeline = getPair(root, 'pipeline');
  if (!isMap(root) || !pipeline) return;
  const name = known(get(pipeline.value, 'name'));
  const what = typeof name === 'string' ? `Pipeline '${name}'` : 'This pipeline';
  const across = ctx.ws.files.length > 1 ? ' across its imports' : '';
  for (const section of ['sources', 'sinks'] as Section[]) {
    if (ctx.ws.components.some((c) => c.section === section)) continue;
    const one = section === 'sources' ? 'source' : 'sink';
    report(ctx, 'VX010', ctx.ws.main, pipeline.key, `${what} has no ${one}${across}; add one under ${section}:`);
  }
}

/**
 * VX010 on a sink without `inputs`, unless it is the dead_letter of another
 * sink (then it receives only failed events). Processors are required to have
 * `inputs` by the JSON schema; sinks are not, because of this exception.
 */
function checkSinkInputs(ctx: RuleContext, only?: Component): void {
  for (const c of only ? [only] : ctx.ws.components) {
    if (c.section !== 'sinks' || !isMap(c.node) || getPair(c.node, 'inputs') || isDeadLetterTarget(ctx, c)) continue;
    const file = fileOf(ctx, c);
    const at = insertionPoint(file, c.node);
    report(ctx, 'VX010', file, c.idNode, `Sink '${c.id}' has no inputs and is no other sink's dead_letter; add inputs: naming what it consumes`, {
      data: at ? { kind: 'insert-key', key: 'inputs', placeholder: `[${placeholderInput(ctx)}]`, ...at } : undefined,
    });
  }
}

/** A likely input: the last source or processor (in topological order) whose output nothing consumes, else the last one at all. */
function placeholderInput(ctx: RuleContext): string {
  const upstream = ctx.graph.order.filter((id) => ctx.graph.nodes.get(id)?.section !== 'sinks');
  const ends = upstream.filter((id) => (ctx.graph.out.get(id) ?? []).length === 0);
  return ends[ends.length - 1] ?? upstream[upstream.length - 1] ?? 'upstream_id';
}

// What is produced and never consumed: VX106 dead-end, VX107 unused-schema,
// VX110 unmatched-dropped.
//
// A route processor has one output per route plus `_unmatched`. A plain
// reference to the router (or a wildcard matching it) consumes all of its
// events, every port included. Otherwise each named route that nothing
// consumes is a dead end of its own (VX106 on that route's key) and an
// unconsumed `_unmatched` is VX110. A component referenced only through a
// broken route reference (VX100/VX105) counts as consumed, so the one mistake
// is reported once. A component an interpolated reference may name is not
// judged at all.
import { get, isMap } from '../parse/tree';
import { isInterpolated } from '../units';
import { fileOf, report, type RuleContext } from './context';
import { deliveryOf } from './delivery';
import { freeId, known } from './rule-helpers';

/** Checks every component, or only those whose ids are in `only` (with the unused schemas left out). */
export function checkConsumers(ctx: RuleContext, only?: ReadonlySet<string>): void {
  const intended = new Set(ctx.graph.dangling.filter((d) => d.reason === 'unknown-route' || d.reason === 'not-a-router').map((d) => d.ref.target));
  const maybe = maybeConsumed(ctx);
  const delivery = deliveryOf(ctx);
  for (const c of ctx.graph.nodes.values()) {
    if (c.section === 'sinks' || (only && !only.has(c.id)) || maybe(c.id)) continue;
    const out = ctx.graph.out.get(c.id) ?? [];
    const file = fileOf(ctx, c);
    if (out.length === 0 && !intended.has(c.id)) {
      report(ctx, 'VX106', file, c.idNode, `Nothing consumes the output of ${c.section === 'sources' ? 'source' : 'processor'} '${c.id}'; add it to the inputs of a processor or sink, or remove it`);
      continue;
    }
    if (!ctx.graph.routes.has(c.id) || out.some((e) => e.port === undefined)) continue;
    const consumed = new Set(out.map((e) => e.port));
    const routes = get(c.node, 'routes');
    if (isMap(routes))
      for (const p of routes.pairs) {
        const name = String(p.key.value);
        if (consumed.has(name) || p.merged) continue;
        report(ctx, 'VX106', file, p.key, `Route '${name}' of '${c.id}' has no consumer; its events are dropped: add '${c.id}.${name}' to the inputs of a processor or sink, or remove the route`);
      }
    if (!consumed.has('_unmatched') && delivery.mode !== 'at-most-once' && delivery.mode !== undefined) {
      report(
        ctx,
        'VX110',
        file,
        c.idNode,
        `Events that match no route of '${c.id}' are silently dropped (delivery is ${delivery.mode}); consume '${c.id}._unmatched', or set delivery: at-most-once`,
        { data: { kind: 'create-stub', id: freeId(ctx, `${c.id}_unmatched`), section: 'sinks', inputs: [`${c.id}._unmatched`] } },
      );
    }
  }
  if (!only) checkUnusedSchemas(ctx);
}

/**
 * An interpolated reference (`\${UPSTREAM}`, `raw_\${REGION}`) may name any id
 * beginning with the text before its first `\${`: such ids are not judged.
 */
function maybeConsumed(ctx: RuleContext): (id: string) => boolean {
  const prefixes: string[] = [];
  for (const c of ctx.graph.nodes.values())
    for (const ref of c.inputs) if (isInterpolated(ref.text)) prefixes.push(ref.text.slice(0, ref.text.indexOf('${')));
  return (id) => prefixes.some((p) => id.startsWith(p));
}

/** VX107 on each schema that no component's `schema:` names. */
function checkUnusedSchemas(ctx: RuleContext): void {
  const defined = ctx.ws.schemas;
  const used = new Set<string>();
  // Stops as soon as every schema is named (usually at the first sources) or one is interpolated.
  for (let i = 0; i < ctx.ws.components.length && used.size < defined.size; i++) {
    const node = get(ctx.ws.components[i].node, 'schema');
    const v = known(node);
    if (typeof v === 'string') {
      if (defined.has(v)) used.add(v);
    } else if (node) return; // `${SCHEMA}`: could be any of them
  }
  for (const file of ctx.ws.files)
    for (const s of file.schemas) {
      if (used.has(s.name) || s.keyNode.shared) continue;
      report(ctx, 'VX107', file, s.keyNode, `Schema '${s.name}' is not used by any component; remove it, or name it in a source's schema:`, { data: { kind: 'remove-entry' } });
    }
}

// References in `inputs` and `schema:` that resolve to nothing usable:
// VX100 unknown-reference, VX104 sink-as-input, VX105 unknown-route,
// VX108 empty-wildcard, VX114 unknown-schema.
import { get, getPair, isScalar } from '../parse/tree';
import type { Dangling } from '../pipeline/graph';
import type { Component } from '../pipeline/file';
import { isInterpolated } from '../units';
import { fileOf, locationOf, report, type RuleContext } from './context';
import { known } from './rule-helpers';
import { didYouMean, nearest, suggestBudget } from '../util/suggest';

/** Checks every consumer's references, or only those of `only`. */
export function checkReferences(ctx: RuleContext, only?: Component): void {
  for (const d of ctx.graph.dangling) {
    if (only && d.consumer !== only) continue;
    if (isInterpolated(d.ref.text)) continue; // known only at deploy time
    switch (d.reason) {
      case 'unknown-id':
        unknownId(ctx, d);
        break;
      case 'not-a-router':
        notARouter(ctx, d);
        break;
      case 'sink-as-input':
        sinkAsInput(ctx, d);
        break;
      case 'unknown-route':
        unknownRoute(ctx, d);
        break;
      case 'empty-wildcard':
        emptyWildcard(ctx, d);
        break;
    }
  }
  sinkOnlyWildcards(ctx, only);
}

/** Ids a reference could mean: every component that can be an input (not sinks). */
function upstreamIds(ctx: RuleContext): string[] {
  let ids = upstreamCache.get(ctx);
  if (!ids) {
    ids = [...ctx.graph.nodes.values()].filter((c) => c.section !== 'sinks').map((c) => c.id);
    upstreamCache.set(ctx, ids);
  }
  return ids;
}
const upstreamCache = new WeakMap<RuleContext, string[]>();

function unknownId(ctx: RuleContext, { consumer, ref }: Dangling): void {
  const file = fileOf(ctx, consumer);
  const suffix = ref.kind === 'id' ? '' : `.${ref.route}`;
  const candidates = nearest(ref.target, upstreamIds(ctx), suggestBudget(ctx))
    .filter((c) => c !== consumer.id)
    .map((c) => c + suffix);
  if (candidates.length > 0) {
    report(ctx, 'VX100', file, ref.node, `Input '${ref.text}' of '${consumer.id}' names no component${didYouMean(candidates, 3)}`, {
      data: { kind: 'replace', candidates },
    });
    return;
  }
  const what = ref.kind === 'id' ? '' : ' route processor';
  report(ctx, 'VX100', file, ref.node, `Input '${ref.text}' of '${consumer.id}' names no component; fix the id, or create${what} '${ref.target}'`, {
    data: ref.kind === 'id' ? { kind: 'create-stub', id: ref.target, section: 'processors' } : undefined,
  });
}

function notARouter(ctx: RuleContext, { consumer, ref }: Dangling): void {
  const target = ctx.graph.nodes.get(ref.target)!;
  report(
    ctx,
    'VX100',
    fileOf(ctx, consumer),
    ref.node,
    `Input '${ref.text}' of '${consumer.id}': '${ref.target}' is not a route processor; only routes have outputs, use '${ref.target}'`,
    {
      related: [{ location: locationOf(ctx, target.uri, target.idNode), message: `'${target.id}' is a ${target.type ?? 'component'} ${target.section.slice(0, -1)}` }],
      data: { kind: 'replace', candidates: [ref.target] },
    },
  );
}

function sinkAsInput(ctx: RuleContext, { consumer, ref }: Dangling): void {
  const sink = ctx.graph.nodes.get(ref.target)!;
  report(ctx, 'VX104', fileOf(ctx, consumer), ref.node, `Input '${ref.text}' of '${consumer.id}' is a sink; sinks have no output, take input from what feeds '${sink.id}' instead`, {
    related: [{ location: locationOf(ctx, sink.uri, sink.idNode), message: `'${sink.id}' is defined as a sink here` }],
  });
}

function unknownRoute(ctx: RuleContext, { consumer, ref }: Dangling): void {
  const router = ctx.graph.nodes.get(ref.target)!;
  const names = ctx.graph.routes.get(router.id) ?? [];
  const candidates = nearest(ref.route!, names, suggestBudget(ctx)).map((r) => `${router.id}.${r}`);
  const routesPair = getPair(router.node, 'routes');
  const listed = names.length ? ` (its routes: ${names.join(', ')})` : '';
  report(ctx, 'VX105', fileOf(ctx, consumer), ref.node, `'${ref.route}' is not a route of '${router.id}'${listed}${didYouMean(candidates, 3)}`, {
    related: routesPair ? [{ location: locationOf(ctx, router.uri, routesPair.key), message: `routes of '${router.id}'` }] : undefined,
    data: candidates.length ? { kind: 'replace', candidates } : undefined,
  });
}

function emptyWildcard(ctx: RuleContext, { consumer, ref }: Dangling): void {
  report(ctx, 'VX108', fileOf(ctx, consumer), ref.node, `Wildcard '${ref.text}' in the inputs of '${consumer.id}' matches no component; fix the prefix or remove it`);
}

/** A wildcard whose matches are all sinks feeds nothing (sinks have no output): also VX108. */
function sinkOnlyWildcards(ctx: RuleContext, only?: Component): void {
  let sorted: string[] | undefined; // sorted when the first wildcard needs it
  for (const consumer of only ? [only] : ctx.graph.nodes.values())
    for (const ref of consumer.inputs) {
      if (ref.kind !== 'wildcard' || isInterpolated(ref.text)) continue;
      sorted ??= [...ctx.graph.nodes.keys()].sort();
      const matches = idsWithPrefix(sorted, ref.target)
        .filter((id) => id !== consumer.id)
        .map((id) => ctx.graph.nodes.get(id)!);
      if (matches.length === 0 || matches.some((c) => c.section !== 'sinks')) continue;
      report(
        ctx,
        'VX108',
        fileOf(ctx, consumer),
        ref.node,
        `Wildcard '${ref.text}' in the inputs of '${consumer.id}' matches only sinks (${matches.map((c) => c.id).join(', ')}), which have no output; fix the prefix or remove it`,
      );
    }
}

/** Ids of a sorted list that begin with `prefix` (binary search to the first). */
function idsWithPrefix(sorted: string[], prefix: string): string[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && sorted[i].startsWith(prefix); i++) out.push(sorted[i]);
  return out;
}

/**
 * VX114 on a `schema:` that names no schema, for every component or only those in `only`. It reads a component's
 * own value and the schemas defined, never the graph: analyze.ts runs it with the delivery rules, whose findings an
 * edit of one component keeps for the others (incremental.ts).
 */
export function checkSchemaRefs(ctx: RuleContext, only?: ReadonlySet<Component>): void {
  let names: string[] | undefined;
  for (const c of ctx.ws.components) {
    if (only && !only.has(c)) continue;
    const node = get(c.node, 'schema');
    const value = known(node);
    if (!isScalar(node) || typeof value !== 'string' || ctx.ws.schemas.has(value)) continue;
    names ??= [...ctx.ws.schemas.keys()];
    const candidates = nearest(value, names, suggestBudget(ctx));
    const hint = candidates.length ? didYouMean(candidates, 3) : names.length ? `; define it under schemas: (defined: ${names.join(', ')})` : '; define it under schemas:';
    report(ctx, 'VX114', fileOf(ctx, c), node, `Schema '${value}' of '${c.id}' is not defined${hint}`, {
      data: candidates.length ? { kind: 'replace', candidates } : undefined,
    });
  }
}

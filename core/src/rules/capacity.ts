// VX300-VX305 and VX308: findings from the capacity model (spec section 7). The model
// is computed by the analysis next to the graph (ctx.capacity); these rules
// only read it. Interpolated SLOs and budgets are unknown until deploy, so
// nothing is compared against them.
import { get, getPair, isScalar, type YNode } from '../parse/tree';
import type { Component } from '../pipeline/file';
import type { Finding, Range, RelatedInfo } from '../types';
import { DEFAULT_EVENT_SIZE, sourceRate } from '../capacity/params';
import { bytesText, countText, loadText, msText, parallelismFor, pct, rateText } from '../capacity/format';
import { componentFigures } from '../capacity/model';
import type { CapacityResult, ComponentFigures } from '../capacity/types';
import { memoryParts, p99Parts, typeNoun } from '../capacity/describe';
import { fileOf, locationOf, report, type RuleContext } from './context';

const HOT = 0.8;
const TARGET = 0.7;

export function checkCapacity(ctx: RuleContext): void {
  const result = ctx.capacity;
  if (!result) return;
  const at = result.load !== 1 ? ` at ${loadText(result.load)} load` : '';

  for (const f of result.components) {
    if (f.inCycle || f.utilization < HOT) continue;
    const c = ctx.graph.nodes.get(f.id);
    if (!c) continue;
    const v = verdictOf(f, at);
    const made = ctx.findings.length;
    report(ctx, v.code, fileOf(ctx, c), c.idNode, v.message, v.extra);
    // The verdict's finding of the last analysis while it stands at the same place: the same object, as the findings
    // an edit did not touch are (the editor's publish copies those instead of encoding them again).
    const kept = verdictFindings.get(v);
    if (kept && sameRange(kept.range, ctx.findings[made].range) && kept.uri === ctx.findings[made].uri) ctx.findings[made] = kept;
    else verdictFindings.set(v, ctx.findings[made]);
  }

  const main = ctx.ws.main;
  const slo = get(main.root, 'pipeline', 'slo');

  // VX302: end-to-end p99 over the latency SLO.
  const latencyNode = get(slo, 'latency_p99');
  if (result.slo.latencyOk === false && latencyNode) {
    const raw = rawText(latencyNode);
    const path = pathText(result.criticalPath);
    const message =
      result.unboundedAt !== null
        ? `Modelled end-to-end p99 is unbounded: '${result.unboundedAt}' is overloaded, so slo.latency_p99 ${raw} cannot be met (path ${path})`
        : `Modelled end-to-end p99 is ${msText(result.endToEndP99Ms)} on ${path}, over slo.latency_p99 ${raw}; ${largestContributor(result)}`;
    report(ctx, 'VX302', main, latencyNode, message, { related: pathRelated(ctx, result) });
  }

  // VX305: max sustainable ingest below the throughput SLO.
  const throughputNode = get(slo, 'throughput');
  if (result.slo.throughputOk === false && throughputNode && result.breaksFirst) {
    const c = ctx.graph.nodes.get(result.breaksFirst);
    const related: RelatedInfo[] = c ? [{ location: locationOf(ctx, c.uri, c.idNode), message: `'${c.id}' saturates first, at ${loadText(result.breaksFirstAtLoad)} the declared load` }] : [];
    report(
      ctx,
      'VX305',
      main,
      throughputNode,
      `Modelled maximum sustainable ingest is ${rateText(result.maxIngest)}, below slo.throughput ${rawText(throughputNode)}: '${result.breaksFirst}' saturates first (at ${loadText(result.breaksFirstAtLoad)} the declared load); raise its parallelism or lower its cost${restsOnText(componentFigures(result, result.breaksFirst))}`,
      { related },
    );
  }

  // VX303: memory against runtime.memory (default 2 GiB).
  const budget = result.memoryBudgetBytes;
  if (budget !== null) {
    const ratio = budget > 0 ? result.memoryBytes / budget : Infinity;
    if (ratio > HOT) {
      const over = ratio > 1;
      const memoryNode = get(main.root, 'runtime', 'memory');
      const anchor = memoryNode ?? getPair(main.root, 'pipeline')?.key ?? getPair(main.root, 'veltrix')?.key ?? { start: 0, end: 0 };
      const budgetText = memoryNode ? `runtime.memory ${rawText(memoryNode)}` : 'the default runtime.memory of 2GiB';
      const top = topConsumers(result, 3);
      const largest = top.length ? `; largest: ${top.map((f) => `'${f.id}' ${bytesText(f.memoryBytes)}`).join(', ')}` : '';
      // Buffers and batches are counted in events x event size: with the default size the total is a guess.
      const sized = top.some((f) => f.assumed.defaultEventSize && f.memory.buffer + f.memory.batch > 0);
      const restsOn = sized ? `. This rests on the default event size of ${bytesText(DEFAULT_EVENT_SIZE)}: set 'event_size:' on the sources to the real figure` : '';
      const message = over
        ? `Modelled memory ${bytesText(result.memoryBytes)} exceeds ${budgetText} (${pct(ratio)})${largest}; raise the budget or shrink buffers, caches and batches${restsOn}`
        : `Modelled memory ${bytesText(result.memoryBytes)} is ${pct(ratio)} of ${budgetText}, over 80%${largest}${restsOn}`;
      const related = top.map((f) => {
        const c = ctx.graph.nodes.get(f.id)!;
        return { location: locationOf(ctx, c.uri, c.idNode), message: `'${f.id}': ${bytesText(f.memoryBytes)} (${memoryParts(f)})` };
      });
      report(ctx, 'VX303', main, anchor, message, { severity: over && !sized ? 'error' : 'warning', related });
    }
  }

  checkBusyWorkers(ctx, result);

  // VX308: some sources declare a rate and some do not.
  for (const id of result.sourcesWithoutRate) {
    const c = ctx.graph.nodes.get(id);
    if (!c || sourceRate(c).kind !== 'absent') continue; // interpolated or malformed: unknown, not missing
    report(ctx, 'VX308', fileOf(ctx, c), c.idNode, `Source '${id}' declares no rate, so the capacity model counts it as 0 events/s and its figures are incomplete; add 'rate:' (e.g. 'rate: 1k/s')`);
  }
}

interface Verdict {
  code: 'VX300' | 'VX301';
  message: string;
  extra: { data: { kind: 'set-parallelism'; componentId: string; value: number }; severity?: 'warning' };
}

/** Each figures object's VX300/VX301 text: after an edit the model keeps the figures it did not recompute, and their text. */
const verdicts = new WeakMap<ComponentFigures, { at: string; verdict: Verdict }>();

/** Each verdict's last finding. */
const verdictFindings = new WeakMap<Verdict, Finding>();

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

function verdictOf(f: ComponentFigures, at: string): Verdict {
  const known = verdicts.get(f);
  if (known && known.at === at) return known.verdict;
  const value = parallelismFor(f.inputRate, f.serviceTimeMs, TARGET);
  const after = (f.inputRate * f.serviceTimeMs) / 1e3 / value;
  const figures = `${rateText(f.inputRate)} offered vs ${rateText(f.capacity)} capacity (${pct(f.utilization)} busy)${at}`;
  const fix = `set parallelism to ${value} to bring it to ${pct(after)}`;
  const overloaded = f.utilization >= 1;
  // At exactly 100% the two rates read the same: say what that means rather than "overloaded".
  const state = Math.round(f.utilization * 100) === 100 ? 'is at capacity' : overloaded ? 'is overloaded' : 'is running hot';
  const restsOn = rateAssumptions(f);
  const message = `'${f.id}' ${state}: ${figures}; ${fix}${restsOn ? `. ${restsOn}` : ''}`;
  // A verdict that rests on a default the user never wrote is a warning: the real figure may differ.
  const severity = overloaded && restsOn ? 'warning' : undefined;
  const verdict: Verdict = { code: overloaded ? 'VX300' : 'VX301', message, extra: { data: { kind: 'set-parallelism', componentId: f.id, value }, ...(severity ? { severity } : {}) } };
  verdicts.set(f, { at, verdict });
  return verdict;
}

/** VX304: the modelled busy workers (section 7) against runtime.workers; related info lists the busiest stages. */
function checkBusyWorkers(ctx: RuleContext, result: CapacityResult): void {
  const { busyWorkers, workers } = result;
  if (workers === null || !(busyWorkers > workers)) return;
  const root = ctx.ws.main.root;
  const anchor = get(root, 'runtime', 'workers') ?? getPair(root, 'runtime')?.key ?? getPair(root, 'pipeline')?.key;
  if (!anchor) return;
  const busiest = topBy(result.components, (f) => f.busyWorkers, 5);
  const related: RelatedInfo[] = [];
  for (const f of busiest) {
    const c = ctx.graph.nodes.get(f.id);
    if (c) related.push({ location: locationOf(ctx, c.uri, c.idNode), message: `'${f.id}' keeps ${countText(f.busyWorkers)} workers busy (${pct(Math.min(f.utilization, 1))} of ${f.parallelism} task${f.parallelism === 1 ? '' : 's'})` });
  }
  const need = Math.ceil(busyWorkers - 1e-9);
  const written = get(root, 'runtime', 'workers') !== undefined;
  const message = `Modelled busy workers ${countText(busyWorkers)} exceed runtime.workers ${workers}${written ? '' : ' (the default)'}: the offered load needs about ${need} cores; raise runtime.workers to ${need} or lower the cost of the busiest components`;
  report(ctx, 'VX304', ctx.ws.main, anchor, message, { related });
}

/** "This rests on …" for the defaults behind a stage's utilisation (cost, route share), or ''. */
function rateAssumptions(f: ComponentFigures): string {
  const parts: string[] = [];
  if (f.assumed.defaultCost) parts.push(`the default cost of ${typeNoun(f)} (${msText(f.serviceTimeMs)} per event): set 'cost:' to the measured figure`);
  if (f.assumed.defaultShareOf !== null) parts.push(`an unwritten share of '${f.assumed.defaultShareOf}' (routes without one split what is left equally): set 'share:' on it`);
  return parts.length ? `This rests on ${parts.join('; and on ')}` : '';
}

function restsOnText(f: ComponentFigures | undefined): string {
  const text = f ? rateAssumptions(f) : '';
  return text ? `. '${f!.id}': ${text.charAt(0).toLowerCase()}${text.slice(1)}` : '';
}

function rawText(node: YNode): string {
  return isScalar(node) ? node.source || String(node.value) : '(not a value)';
}

function pathText(ids: string[]): string {
  const shown = ids.length > 6 ? [...ids.slice(0, 2), `… ${ids.length - 4} more …`, ...ids.slice(-2)] : ids;
  return shown.join(' → ');
}

function stageParts(f: ComponentFigures): string {
  return f.p99Ms === null ? p99Parts(f) : `${msText(f.p99Ms)} (${p99Parts(f)})`;
}

function figuresById(result: CapacityResult): Map<string, ComponentFigures> {
  return new Map(result.components.map((f) => [f.id, f]));
}

function largestContributor(result: CapacityResult): string {
  const byId = figuresById(result);
  let top: ComponentFigures | undefined;
  for (const id of result.criticalPath) {
    const f = byId.get(id);
    if (f && (top === undefined || (f.p99Ms ?? 0) > (top.p99Ms ?? 0))) top = f;
  }
  return top ? `'${top.id}' contributes most: ${stageParts(top)}` : 'see the path';
}

function pathRelated(ctx: RuleContext, result: CapacityResult): RelatedInfo[] {
  const byId = figuresById(result);
  const out: RelatedInfo[] = [];
  for (const id of result.criticalPath) {
    const c: Component | undefined = ctx.graph.nodes.get(id);
    const f = byId.get(id);
    if (!c || !f) continue;
    out.push({ location: locationOf(ctx, c.uri, c.idNode), message: `'${id}' adds ${stageParts(f)}` });
  }
  return out;
}

function topConsumers(result: CapacityResult, n: number): ComponentFigures[] {
  return topBy(result.components, (f) => f.memoryBytes, n);
}

/**
 * The `n` figures with the largest positive `key`, largest first, the earlier one first on a tie: what a stable sort
 * of the positive ones would put first, in one pass (no sort of every component after each edit).
 */
function topBy(figures: ComponentFigures[], key: (f: ComponentFigures) => number, n: number): ComponentFigures[] {
  const best: ComponentFigures[] = [];
  for (const f of figures) {
    const k = key(f);
    if (!(k > 0) || (best.length === n && !(k > key(best[n - 1])))) continue;
    let i = best.length;
    while (i > 0 && key(best[i - 1]) < k) i--;
    best.splice(i, 0, f);
    if (best.length > n) best.pop();
  }
  return best;
}

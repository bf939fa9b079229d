// Random deep DAGs, the held-out style of file for the edit benchmarks and the
// differential tests: every processor reads one to three earlier components,
// mostly recent ones (long chains, deep fan-in), through route ports too;
// about one processor in seven is a route and one in seven a window, shares
// are sometimes partial, many outputs go unconsumed, so thousands of findings
// at 10,000 components. Seeded: the same arguments give the same text.
// In the middle sits a filter laid out as generate.ts's edit target
// (`mid_valid`, the `condition:` line at `editLine`), so bench/edits.ts
// applies the same edits to both kinds of file.
import type { Generated } from './generate';
import { mulberry32 } from '../test/core/simulation';

export interface DagOptions {
  seed?: number;
  /** Scatter mistakes: unknown references, unknown fields, bad durations. */
  errors?: boolean;
}

export function generateRandomDag(components: number, options: DagOptions = {}): Generated {
  const rnd = mulberry32(options.seed ?? 1);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const head = ['veltrix: 1', 'pipeline:', '  name: random-dag', '  delivery: at-least-once', 'runtime:', `  workers: ${Math.max(8, components)}`, '  memory: 64GiB', 'schemas:', '  Event:', '    id: string', '    amount: float', '    region: string', '    user: string', '    ts: timestamp'];
  const sources: string[] = ['sources:'];
  const processors: string[] = ['processors:'];
  const sinks: string[] = ['sinks:'];
  const nSources = Math.max(1, Math.round(components * 0.06));
  const nSinks = Math.max(1, Math.round(components * 0.1));
  const nProcessors = Math.max(1, components - nSources - nSinks);
  /** What a consumer may name: ids, and route ports. */
  const outputs: string[][] = [];
  for (let i = 0; i < nSources; i++) {
    const id = i === 0 ? 'g0_in' : `src${i}`;
    sources.push(`  ${id}:`, '    type: kafka', '    brokers: ["kafka-1:9092"]', `    topic: t${i}`, `    group: g${i}`, '    partitions: 8', `    parallelism: ${1 + Math.floor(rnd() * 4)}`, '    schema: Event', `    rate: ${1 + Math.floor(rnd() * 50)}k/s`);
    outputs.push([id]);
  }
  const inputsOf = (): string => {
    const n = 1 + Math.floor(rnd() * rnd() * 3);
    const chosen = new Set<string>();
    for (let k = 0; k < n; k++) {
      // Mostly one of the last 40 outputs: long chains; sometimes anything earlier.
      const at = rnd() < 0.8 ? Math.max(0, outputs.length - 1 - Math.floor(rnd() * 40)) : Math.floor(rnd() * outputs.length);
      chosen.add(pick(outputs[at]));
    }
    if (options.errors && rnd() < 0.01) chosen.add(`ghost${Math.floor(rnd() * 1000)}`);
    return `[${[...chosen].join(', ')}]`;
  };
  const field = () => (options.errors && rnd() < 0.01 ? 'amout' : pick(['amount', 'region', 'user']));
  const middle = Math.floor(nProcessors / 2);
  let editInProcessors = -1;
  for (let i = 0; i < nProcessors; i++) {
    const id = `p${i}`;
    if (i === middle) {
      processors.push('  mid_valid:', '    type: filter', `    inputs: ${inputsOf()}`);
      editInProcessors = processors.length;
      processors.push(`    condition: "amount > 0 && region != ''"`, '    selectivity: 0.9', '    parallelism: 1', '    buffer:', '      max_events: 1000', '      when_full: block', '    cost: 5us', '    description: drop empty events');
      outputs.push(['mid_valid']);
      continue;
    }
    const r = rnd();
    const common = [`    inputs: ${inputsOf()}`, `    parallelism: ${1 + Math.floor(rnd() * 3)}`, `    cost: ${1 + Math.floor(rnd() * 200)}us`];
    if (r < 0.15) {
      const routes = ['a', 'b', 'c', 'd'].slice(0, 2 + Math.floor(rnd() * 3));
      const shares = rnd() < 0.6 ? routes.map((n) => `${n}: ${(1 / routes.length).toFixed(2)}`) : routes.slice(1).map((n) => `${n}: 0.2`);
      processors.push(`  ${id}:`, '    type: route', ...common, '    routes:', ...routes.map((n) => `      ${n}: "region == '${n}'"`), `    share: {${shares.join(', ')}}`);
      outputs.push([...routes.map((n) => `${id}.${n}`), `${id}._unmatched`]);
    } else if (r < 0.3) {
      const kind = rnd() < 0.5 ? 'tumbling' : 'sliding';
      processors.push(`  ${id}:`, '    type: window', ...common, `    kind: ${kind}`, '    size: 1m', ...(kind === 'sliding' ? ['    slide: 10s'] : []), `    key_by: ${field()}`, '    aggregate:', '      n: count()', `      total: sum(amount)`, `    key_cardinality: ${10 + Math.floor(rnd() * 1000)}`);
      outputs.push([id]);
    } else if (r < 0.5) {
      processors.push(`  ${id}:`, '    type: filter', ...common, `    condition: "${field()} != ''"`, `    selectivity: ${(0.1 + rnd() * 0.9).toFixed(2)}`);
      outputs.push([id]);
    } else if (r < 0.7) {
      processors.push(`  ${id}:`, '    type: map', ...common, '    set:', `      x${i}: "amount * ${1 + Math.floor(rnd() * 9)}"`, ...(rnd() < 0.3 ? ['    drop: [ts]'] : []));
      outputs.push([id]);
    } else if (r < 0.85) {
      processors.push(`  ${id}:`, '    type: dedupe', ...common, '    key: [id]', `    within: ${options.errors && rnd() < 0.01 ? '5 min' : '5m'}`, `    duplicate_ratio: ${(rnd() * 0.2).toFixed(2)}`);
      outputs.push([id]);
    } else {
      processors.push(`  ${id}:`, '    type: enrich', ...common, '    lookup:', '      kind: redis', '      url: redis://cache:6379', '      timeout: 50ms', `      cache: {size: 1000, ttl: 5m, hit_ratio: 0.9}`, `    key: ${field()}`, '    into: profile');
      outputs.push([id]);
    }
  }
  for (let i = 0; i < nSinks; i++) {
    const id = `out${i}`;
    if (rnd() < 0.5) sinks.push(`  ${id}:`, '    type: kafka', `    inputs: ${inputsOf()}`, '    brokers: ["kafka-1:9092"]', `    topic: out-${i}`, '    acks: all', `    parallelism: ${1 + Math.floor(rnd() * 3)}`, '    batch: {size: 100, timeout: 100ms}');
    else sinks.push(`  ${id}:`, '    type: s3', `    inputs: ${inputsOf()}`, '    bucket: out', `    prefix: o${i}/`, '    format: json', '    batch: {size: 500, timeout: 1s}');
  }
  const lines = [...head, ...sources, ...processors, ...sinks];
  const procStart = head.length + sources.length;
  const editLine = procStart + editInProcessors;
  return { text: lines.join('\n') + '\n', components: nSources + nProcessors + nSinks, probeLine: editLine - 1, probeCharacter: '    inputs: ['.length + 1, editLine };
}

if (require.main === module) {
  const n = Number(process.argv[2] ?? 100);
  process.stdout.write(generateRandomDag(n, { errors: process.argv.includes('--errors'), seed: Number(process.argv[process.argv.indexOf('--seed') + 1]) || 1 }).text);
}

// Synthetic pipelines for the benchmarks: groups of ten components (a kafka
// source, six processors, two sinks and their dead-letter sink), about eleven
// lines per component, like the yaml-language-server figures.
// `errors: true` scatters mistakes (an unknown reference, a bad duration, an
// unknown key) through every 50th group.

export interface Generated {
  text: string;
  components: number;
  /** 0-based line of an `inputs:` value inside the middle group, for completion/hover probes. */
  probeLine: number;
  probeCharacter: number;
  /** 0-based line of a `condition:` in the middle group, used for one-line edits. */
  editLine: number;
}

export function generatePipeline(components: number, options: { errors?: boolean } = {}): Generated {
  const groups = Math.max(1, Math.round(components / 10));
  const out: string[] = ['veltrix: 1', 'pipeline:', '  name: synthetic', '  delivery: at-least-once', 'runtime:', `  workers: ${Math.max(4, groups * 8)}`, '  memory: 64GiB', 'schemas:', '  Event:', '    id: string', '    amount: float', '    region: string', '    user: string', '    ts: timestamp'];
  const sources: string[] = ['sources:'];
  const processors: string[] = ['processors:'];
  const sinks: string[] = ['sinks:'];
  let probe = { line: 0, character: 0 };
  let edit = 0;
  const middle = Math.floor(groups / 2);
  // Line numbers are only known once sections are joined, so record offsets per section and fix up after.
  let probeInProcessors = -1;
  let editInProcessors = -1;
  for (let g = 0; g < groups; g++) {
    const bad = options.errors && g % 50 === 7;
    const p = `g${g}`;
    sources.push(
      `  ${p}_in:`,
      '    type: kafka',
      '    description: Synthetic input stream',
      '    brokers: ["kafka-1:9092", "kafka-2:9092"]',
      `    topic: topic-${g}`,
      `    group: group-${g}`,
      '    partitions: 8',
      '    parallelism: 2',
      '    schema: Event',
      '    rate: 1k/s',
      '    event_size: 512B',
    );
    const proc = (id: string, lines: string[]) => processors.push(`  ${p}_${id}:`, ...lines.map((l) => `    ${l}`));
    proc('valid', ['type: filter', `inputs: [${p}_in]`, `condition: "amount > 0 && region != ''"`, 'selectivity: 0.9', 'parallelism: 1', 'buffer:', '  max_events: 1000', '  when_full: block', 'cost: 5us', 'description: drop empty events']);
    if (g === middle) editInProcessors = processors.length - 8;
    proc('shape', ['type: map', `inputs: [${bad ? p + '_vald' : p + '_valid'}]`, 'set:', '  total: "amount * 1.2"', '  tagged: "true"', 'drop: [ts]', 'parallelism: 1', 'buffer:', '  max_events: 1000', 'description: shape the event']);
    if (g === middle) probeInProcessors = processors.length - 9;
    proc('users', ['type: enrich', `inputs: [${p}_shape]`, 'lookup:', '  kind: redis', '  url: redis://cache:6379', `  timeout: ${bad ? '5 sec' : '50ms'}`, '  cache: {size: 1000, ttl: 5m, hit_ratio: 0.9}', 'key: user', 'into: profile', 'parallelism: 2']);
    proc('split', ['type: route', `inputs: [${p}_users]`, 'routes:', "  eu: \"region == 'eu'\"", "  us: \"region == 'us'\"", 'share: {eu: 0.5, us: 0.5}', 'parallelism: 1', 'buffer:', '  max_events: 1000', 'description: by region']);
    proc('dedup', ['type: dedupe', `inputs: [${p}_split.eu, ${p}_split._unmatched]`, 'key: [id]', 'within: 5m', 'cache_size: 10000', 'duplicate_ratio: 0.01', 'parallelism: 1', 'buffer:', `  ${bad ? 'max_event' : 'max_events'}: 1000`, 'description: drop repeats']);
    proc('agg', ['type: window', `inputs: [${p}_split.us]`, 'kind: tumbling', 'size: 1m', 'key_by: region', 'aggregate:', '  n: count()', '  sum_amount: sum(amount)', 'key_cardinality: 10', 'parallelism: 1']);
    sinks.push(
      `  ${p}_store:`,
      '    type: postgres',
      `    inputs: [${p}_dedup]`,
      '    dsn: postgres://db/events',
      '    table: events',
      '    mode: upsert',
      '    key: [id]',
      `    dead_letter: ${p}_dlq`,
      '    parallelism: 1',
      '    batch: {size: 100, timeout: 200ms}',
      '    retry: {max_attempts: 3, backoff: 1s}',
      `  ${p}_report:`,
      '    type: kafka',
      `    inputs: [${p}_agg]`,
      '    brokers: ["kafka-1:9092"]',
      `    topic: report-${g}`,
      '    acks: all',
      `    dead_letter: ${p}_dlq`,
      '    parallelism: 1',
      '    batch: {size: 100, timeout: 100ms}',
      '    retry: {max_attempts: 3, backoff: 1s}',
      '    description: aggregates out',
      `  ${p}_dlq:`,
      '    type: s3',
      '    bucket: dead-letters',
      `    prefix: ${p}/`,
      '    format: json',
      '    parallelism: 1',
      '    buffer:',
      '      max_events: 1000',
      '      when_full: block',
      '    description: failed events',
      '    batch: {size: 500, timeout: 1s}',
    );
  }
  const head = out.length;
  const lines = [...out, ...sources, ...processors, ...sinks];
  const procStart = head + sources.length;
  probe = { line: procStart + probeInProcessors, character: '    inputs: ['.length + 2 };
  edit = procStart + editInProcessors;
  return { text: lines.join('\n') + '\n', components: groups * 10, probeLine: probe.line, probeCharacter: probe.character, editLine: edit };
}

if (require.main === module) {
  const n = Number(process.argv[2] ?? 100);
  process.stdout.write(generatePipeline(n, { errors: process.argv.includes('--errors') }).text);
}

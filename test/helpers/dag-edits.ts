// Line edits on a generated pipeline for the differential tests of the
// incremental analysis (test/core/incremental-edits.test.ts): the text as
// units (top-level lines, component blocks) and one edit of a given kind on
// a component, described by numbers a property test draws.
/** A text as units: the top-level lines, and each component's block of lines (header first). */
interface Doc {
  units: string[][];
  /** Indices of the component units. */
  components: number[];
}

export function toDoc(text: string): Doc {
  const units: string[][] = [];
  const components: number[] = [];
  let inSection = false;
  for (const line of text.replace(/\n$/, '').split('\n')) {
    if (/^\S/.test(line)) {
      inSection = /^(sources|processors|sinks):/.test(line);
      units.push([line]);
    } else if (inSection && /^ {2}\S/.test(line)) {
      components.push(units.length);
      units.push([line]);
    } else units[units.length - 1].push(line);
  }
  return { units, components };
}

export const textOf = (d: Doc) => d.units.map((u) => u.join('\n')).join('\n') + '\n';

/** Sets `key: value` in a component (replacing its line, or adding one after the header). */
function setKey(unit: string[], key: string, value: string | undefined): void {
  const at = unit.findIndex((l, i) => i > 0 && l.startsWith(`    ${key}:`));
  if (value === undefined) {
    if (at > 0) unit.splice(at, 1);
    return;
  }
  const line = `    ${key}: ${value}`;
  if (at > 0) unit[at] = line;
  else unit.splice(1, 0, line);
}

const idOf = (unit: string[]) => unit[0].trim().replace(/:$/, '');

export type Edit = { kind: string; at: number; pick: number; value: number };

/** Applies one edit to component number `at` (modulo their count); returns nothing, edits in place. */
export function applyEdit(doc: Doc, e: Edit): void {
  const unit = doc.units[doc.components[e.at % doc.components.length]];
  const ids = doc.components.map((i) => idOf(doc.units[i]));
  const other = ids[e.pick % ids.length];
  switch (e.kind) {
    case 'inputs': {
      const choices = [`[${other}]`, `[${other}, ${ids[(e.pick * 7 + 3) % ids.length]}]`, `[${other}.a]`, `[${other}._unmatched]`, '[ghost]', `[${other.slice(0, 2)}*]`, '[]', `[${idOf(unit)}]`];
      setKey(unit, 'inputs', choices[e.value % choices.length]);
      return;
    }
    case 'rename': {
      const names = [`${idOf(unit)}x`, other, 'fresh_id', idOf(unit).replace(/x$/, '')];
      unit[0] = `  ${names[e.value % names.length]}:`;
      return;
    }
    case 'type':
      setKey(unit, 'type', ['filter', 'map', 'route', 'window', 'dedupe', 'enrich', 'kafka', 's3', 'nosuch'][e.value % 9]);
      return;
    case 'value': {
      const [key, values] = ([
        ['parallelism', ['1', '4', '40', 'x']],
        ['cost', ['5us', '2ms', '900us', '5 min']],
        ['selectivity', ['0.1', '0.9', '2']],
        ['rate', ['1k/s', '90k/s', 'fast']],
        ['share', ['{a: 0.9, b: 0.1}', '{a: 0.3}', '{}']],
        ['key_cardinality', ['10', '100000']],
        ['event_size', ['512B', '4KiB']],
        ['acks', ['all', '1', '0']],
        ['buffer', ['{max_events: 10, when_full: drop_newest}', '{max_events: 1000, when_full: block}']],
        ['retry', ['{max_attempts: 3, backoff: 1s}', '{max_attempts: 0}']],
        ['timeout', ['50ms', '30s']],
        // A schema reference (VX114 when it names nothing), kept with the delivery findings across other edits.
        ['schema', ['Event', 'Evnt', 'Nope']],
      ] as const)[e.pick % 12];
      setKey(unit, key, values[e.value % values.length]);
      return;
    }
    case 'expr': {
      const exprs = ['"amount * 2"', '"region"', '"amount > 1"', '"amout > 1"', '"region == 1 &&"'];
      if (unit.some((l) => l.startsWith('    condition:'))) setKey(unit, 'condition', exprs[e.value % exprs.length]);
      else if (unit.some((l) => l.startsWith('    set:'))) {
        const i = unit.findIndex((l) => l.startsWith('    set:'));
        unit.splice(i + 1, 0, `      f${e.value % 3}: ${exprs[e.value % exprs.length]}`);
      } else setKey(unit, 'key_by', ['region', 'amount', 'nofield'][e.value % 3]);
      return;
    }
    case 'break': {
      const line = ['    topic: x: y', '    bad: {a: 1', '    w: }', '     q: 1'][e.value % 4];
      unit.splice(1 + (e.pick % (unit.length - 1 || 1)), 0, line);
      return;
    }
    case 'drop-line':
      if (unit.length > 2) unit.splice(1 + (e.pick % (unit.length - 1)), 1);
      return;
  }
}


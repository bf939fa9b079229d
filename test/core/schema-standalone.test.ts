// The validators the core ships are ajv's standalone code generated at build
// time (scripts/gen-validator.mjs). The whole-file one must give exactly the
// errors a fresh compile of the current schema gives, on every fixture and
// example: a stale or mis-generated validator fails here. The per-type ones
// must lead to the very findings the whole-file one does.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import fc from 'fast-check';
import { FileCache, schemaValidator, sortFindings, SCHEMA, type Finding } from '../../core/src/index';
import { validateComponent } from '../../core/src/rules/schema';
import { mapSchemaErrors } from '../../core/src/schema/errors';
import { AJV_OPTIONS } from '../../scripts/gen-validator.mjs';

const root = path.resolve(__dirname, '..', '..');

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

test('the standalone validator agrees with a fresh compile of the schema on every fixture and example', () => {
  const fresh = new Ajv(AJV_OPTIONS).compile(SCHEMA);
  const shipped = schemaValidator();
  assert.notEqual(shipped, fresh);
  let files = 0;
  let withErrors = 0;
  for (const file of [...yamlFiles(path.join(root, 'test', 'fixtures')), ...yamlFiles(path.join(root, 'examples'))]) {
    let data: unknown;
    try {
      data = parse(fs.readFileSync(file, 'utf8'), { maxAliasCount: 100 });
    } catch {
      continue; // the syntax-error fixtures
    }
    const a = fresh(data);
    const b = shipped(data);
    assert.equal(b, a, file);
    assert.deepEqual(shipped.errors ?? null, fresh.errors ?? null, file);
    files++;
    if (!a) withErrors++;
  }
  assert.ok(files > 40, `only ${files} files compared`);
  assert.ok(withErrors > 10, `only ${withErrors} files with schema errors compared`);
});

/** Findings of the schema rule with every component validated by `route`. */
function schemaFindings(text: string, route: 'by-type' | 'whole-file') {
  const file = new FileCache().get('file:///t.veltrix.yaml', text);
  const errors = file.components.flatMap((c) => validateComponent(c, schemaValidator(), route));
  const findings: Finding[] = [];
  mapSchemaErrors(file, errors, findings);
  return { findings: sortFindings(findings), errors: errors.filter((e) => !['if', 'allOf', 'then'].includes(e.keyword)).map(({ schemaPath: _, ...e }) => e) };
}

test('components validated by their type give the findings of the whole-file validator (fixtures and examples)', () => {
  let compared = 0;
  for (const file of [...yamlFiles(path.join(root, 'test', 'fixtures')), ...yamlFiles(path.join(root, 'examples'))]) {
    const text = fs.readFileSync(file, 'utf8');
    const a = schemaFindings(text, 'by-type');
    const b = schemaFindings(text, 'whole-file');
    assert.deepEqual(a.findings, b.findings, file);
    assert.deepEqual(a.errors, b.errors, file);
    compared += a.findings.length;
  }
  assert.ok(compared > 20, `only ${compared} findings compared`);
});

test('components validated by their type give the findings of the whole-file validator (random components)', () => {
  const section = fc.constantFrom('sources', 'processors', 'sinks');
  const type = fc.constantFrom('kafka', 'http', 'file', 'generator', 'filter', 'map', 'enrich', 'route', 'window', 'dedupe', 'postgres', 's3', 'elasticsearch', 'Kafka', '${T}', '7');
  const key = fc.constantFrom('inputs', 'topic', 'brokers', 'rate', 'parallelism', 'buffer', 'condition', 'batch', 'retry', 'cost', 'selectivity', 'lookup', 'size', 'kind', 'bucket', 'acks', 'bogus', 'description', 'dead_letter', 'schema');
  const scalar = fc.constantFrom('1', '-3', '0.5', 'true', 'null', '10ms', '5 sec', '1k/s', 'abc', '"x"', '[a, b]', '{size: 10, timeout: 1s}', '{max_events: 0, when_full: drop}', '${X}');
  const id = fc.constantFrom('a', 'b_2', 'Bad', '1x', 'a-b', 'ok_id');
  const component = fc.record({ id, type: fc.option(type, { nil: undefined }), pairs: fc.array(fc.tuple(key, scalar), { maxLength: 6 }) });
  let withFindings = 0;
  fc.assert(
    fc.property(section, fc.array(component, { minLength: 1, maxLength: 4 }), (sec, comps) => {
      const body = comps
        .map((c) => `  ${c.id}:\n${c.type !== undefined ? `    type: ${c.type}\n` : ''}${c.pairs.map(([k, v]) => `    ${k}: ${v}\n`).join('')}`)
        .join('');
      const text = `veltrix: 1\n${sec}:\n${body}`;
      const a = schemaFindings(text, 'by-type');
      const b = schemaFindings(text, 'whole-file');
      assert.deepEqual(a.findings, b.findings, text);
      assert.deepEqual(a.errors, b.errors, text);
      if (a.findings.length) withFindings++;
    }),
    { numRuns: 500, seed: 8 },
  );
  assert.ok(withFindings > 250, `only ${withFindings} of 500 random files had schema findings`);
});

test('keys named like Object.prototype members are plain unknown keys, and pollute nothing', () => {
  const text = 'veltrix: 1\nsources:\n  a:\n    type: generator\n    constructor: 1\n    __proto__: {type: kafka}\n    hasOwnProperty: x\n';
  const { findings } = schemaFindings(text, 'by-type');
  const unknown = findings.filter((f) => /Unknown key/i.test(f.message)).map((f) => f.message);
  for (const key of ['constructor', '__proto__', 'hasOwnProperty']) assert.ok(unknown.some((m) => m.includes(`'${key}'`)), `${key}: ${unknown.join(' | ')}`);
  assert.equal(({} as Record<string, unknown>).type, undefined);
});

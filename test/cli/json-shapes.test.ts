// The JSON outputs keep the promise their docs make: every key always present
// (null where there is no value) and in the documented order. The shapes are
// JSON Schemas next to the docs (docs/json/*.schema.json: `required` lists
// every property, in output order, and nothing else is allowed); each output
// of every example and rule fixture is validated against its schema and its
// key order compared with the schema's. The JSON examples in docs/model.md
// and docs/cli.md are held to the same order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { main } from '../../cli/src/cli';
import { runCli } from '../helpers/cli';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const REPO = path.resolve(__dirname, '..', '..');
const schema = (name: string): Json => JSON.parse(fs.readFileSync(path.join(REPO, 'docs', 'json', `${name}.schema.json`), 'utf8'));
const SHAPES = { check: schema('check'), graph: schema('graph'), model: schema('model') };

function pipelineFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return pipelineFiles(p);
    return /\.veltrix\.ya?ml$/.test(e.name) ? [path.relative(REPO, p)] : [];
  });
}
const FILES = [...pipelineFiles(path.join(REPO, 'examples')), ...pipelineFiles(path.join(REPO, 'test', 'fixtures', 'rules'))].sort();

async function output(argv: string[]): Promise<Json> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: {}, cwd: REPO });
  assert.ok(code === 0 || code === 1, `${argv.join(' ')}: exit ${code} ${err}`);
  return JSON.parse(out);
}

/** Every object schema: all its properties required, nothing else allowed. */
function eachObjectSchema(s: Json, at: string, visit: (s: Json, at: string) => void): void {
  if (!s || typeof s !== 'object') return;
  if (s.properties) visit(s, at);
  for (const [k, v] of Object.entries(s.properties ?? {})) eachObjectSchema(v, `${at}.${k}`, visit);
  if (s.items) eachObjectSchema(s.items, `${at}[]`, visit);
}

/** Keys of every object in `value` in the schema's property order. */
function keyOrderErrors(value: Json, s: Json, at: string, errors: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => keyOrderErrors(v, s?.items, `${at}[${i}]`, errors));
    return;
  }
  if (!value || typeof value !== 'object' || !s?.properties) return;
  const expected = Object.keys(s.properties);
  if (JSON.stringify(Object.keys(value)) !== JSON.stringify(expected)) errors.push(`${at}: ${Object.keys(value).join(',')} is not ${expected.join(',')}`);
  for (const k of expected) keyOrderErrors(value[k], s.properties[k], `${at}.${k}`, errors);
}

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = Object.fromEntries(Object.entries(SHAPES).map(([k, s]) => [k, ajv.compile(s)]));

function assertShape(kind: keyof typeof SHAPES, value: Json, what: string): void {
  const validate = validators[kind];
  assert.ok(validate(value), `${what}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  const errors: string[] = [];
  keyOrderErrors(value, SHAPES[kind], what, errors);
  assert.deepEqual(errors, []);
}

test('the shape schemas say "always present": every object lists all its properties as required, and allows nothing else', () => {
  for (const [name, s] of Object.entries(SHAPES)) {
    eachObjectSchema(s, name, (o, at) => {
      assert.deepEqual(o.required, Object.keys(o.properties), `${at}: required = every property, in order`);
      assert.equal(o.additionalProperties, false, `${at}: no undocumented keys`);
    });
  }
});

test('check --format json: the documented shape on every example and rule fixture', () => {
  // The bundled CLI: with many files, check spreads them over worker threads, which run the bundle.
  const r = runCli(['check', ...FILES, '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  assertShape('check', JSON.parse(r.stdout), 'check');
});

test('graph --format json and model --format json (at load 1 and 3): the documented shapes on every example and rule fixture', async () => {
  let withModel = 0;
  for (const file of FILES) {
    const graph = await output(['graph', file, '--format', 'json']);
    assertShape('graph', graph, `graph ${file}`);
    if (graph.model) withModel++;
    for (const load of ['1', '3']) assertShape('model', await output(['model', file, '--format', 'json', '--load', load]), `model ${file} --load ${load}`);
  }
  assert.ok(withModel > 10, 'many files run the model');
});

test('model JSON: edges carry port null for plain outputs, portRates is null except on routes, the file is always named', async () => {
  const model = await output(['model', 'examples/orders.veltrix.yaml', '--format', 'json']);
  assert.equal(model.file, 'examples/orders.veltrix.yaml');
  assert.ok(model.edges.some((e: Json) => e.port === null) && model.edges.some((e: Json) => typeof e.port === 'string'));
  for (const c of model.components) assert.equal(c.portRates === null, c.type !== 'route', c.id);
});

/** The keys of a docs JSON example appear in the schema, in the schema's order (examples may leave keys out). */
function docExampleErrors(value: Json, s: Json, at: string, errors: string[]): void {
  if (Array.isArray(value)) return value.forEach((v, i) => docExampleErrors(v, s?.items, `${at}[${i}]`, errors));
  if (!value || typeof value !== 'object' || !s?.properties) return;
  const order = Object.keys(s.properties);
  const keys = Object.keys(value);
  for (const k of keys) if (!order.includes(k)) errors.push(`${at}.${k} is not in the schema`);
  const positions = keys.map((k) => order.indexOf(k)).filter((i) => i >= 0);
  if (positions.some((p, i) => i > 0 && p < positions[i - 1])) errors.push(`${at}: ${keys.join(',')} is out of order`);
  for (const k of keys) docExampleErrors(value[k], s.properties[k], `${at}.${k}`, errors);
}

test('the JSON examples in docs/model.md and docs/cli.md follow the schemas, and the docs point to them', () => {
  const model = fs.readFileSync(path.join(REPO, 'docs', 'model.md'), 'utf8');
  const cli = fs.readFileSync(path.join(REPO, 'docs', 'cli.md'), 'utf8');
  const jsonBlocks = (md: string) => [...md.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
  const errors: string[] = [];
  const modelExample = jsonBlocks(model).find((j) => j.estimates === true);
  const checkExample = jsonBlocks(cli).find((j) => j.tool?.name === 'veltrix-lint');
  assert.ok(modelExample && checkExample);
  docExampleErrors(modelExample, SHAPES.model, 'docs/model.md', errors);
  docExampleErrors(checkExample, SHAPES.check, 'docs/cli.md', errors);
  assert.deepEqual(errors, []);
  assert.match(model, /docs\/json\/model\.schema\.json/);
  for (const name of ['check', 'graph']) assert.match(cli, new RegExp(`docs/json/${name}\\.schema\\.json`));
});

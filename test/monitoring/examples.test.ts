// examples/monitoring/ holds what `veltrix-lint monitor` generates for
// examples/orders.veltrix.yaml (docs/monitoring.md walks through it); this
// keeps the committed files in step with the generator and the example.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/host';
import { generateFor } from './corpus';

const REGENERATE = 'regenerate: node bin/veltrix-lint.js monitor examples/orders.veltrix.yaml --out examples/monitoring';

test('examples/monitoring is what the generator writes for examples/orders.veltrix.yaml', () => {
  const m = generateFor(path.join(repoRoot, 'examples', 'orders.veltrix.yaml'));
  const dir = path.join(repoRoot, 'examples', 'monitoring');
  for (const [name, text] of [[m.names.rules, m.rules], [m.names.tests, m.tests], [m.names.dashboard, m.dashboard]]) {
    const committed = fs.readFileSync(path.join(dir, name), 'utf8');
    assert.ok(committed === text, `examples/monitoring/${name} is out of date; ${REGENERATE}`);
  }
  assert.deepEqual(fs.readdirSync(dir).sort(), ['README.md', m.names.dashboard, m.names.tests, m.names.rules].sort());
});

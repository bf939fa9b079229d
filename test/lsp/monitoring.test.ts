// Monitoring in the editor, on the real server: `veltrix/monitoring` returns
// exactly the core's generated files, refuses a pipeline with errors or a
// fragment, the "Generate monitoring" lens sits on `pipeline.slo` for a client
// that runs the command, and hovers on `slo` keys show the alert thresholds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzePipeline, FileCache, emptyConfig } from '../../core/src/index';
import { generateMonitoring } from '../../core/src/monitoring/index';
import { DiskHost } from '../../cli/src/files';
import { positionOf, read, repoRoot, startServer, uriOf, type TestServer } from './lsp-client';

const ordersPath = path.join(repoRoot, 'examples', 'orders.veltrix.yaml');
const uri = uriOf(ordersPath);
const text = read(ordersPath);

interface Result {
  files: Array<{ name: string; text: string }>;
  summary?: string;
  message?: string;
}
interface Lens {
  range: { start: { line: number } };
  command?: { title: string; command: string; arguments?: unknown[] };
}

let server: TestServer;
before(async () => {
  server = await startServer();
  server.open(uri, text, 1);
  await server.diagnostics(uri, 1);
});
after(async () => server?.stop());

describe('veltrix/monitoring', () => {
  test('returns the core generator output for the open document', async () => {
    const r = await server.request<Result>('veltrix/monitoring', { uri, path: 'examples/orders.veltrix.yaml' });
    const analysis = analyzePipeline(uri, text, { host: new DiskHost(), cache: new FileCache(), config: emptyConfig(), settings: { model: true } });
    const m = generateMonitoring(analysis, 'examples/orders.veltrix.yaml');
    assert.deepEqual(r.files, [
      { name: 'orders.rules.yaml', text: m.rules },
      { name: 'orders.rules.test.yaml', text: m.tests },
      { name: 'orders.dashboard.json', text: m.dashboard },
    ]);
    assert.match(r.summary!, /^10 recording rules, 34 alerts, 69 rule tests$/);
  });

  test('errors and fragments get a message, unknown documents null', async () => {
    const mistakes = uriOf(path.join(repoRoot, 'examples', 'mistakes.veltrix.yaml'));
    server.open(mistakes, read(path.join(repoRoot, 'examples', 'mistakes.veltrix.yaml')), 1);
    const r = await server.request<Result>('veltrix/monitoring', { uri: mistakes });
    assert.deepEqual(r.files, []);
    assert.match(r.message!, /has \d+ errors: fix them before generating its monitoring/);
    const fragmentPath = path.join(repoRoot, 'examples', 'clickstream', 'enrichment.veltrix.yaml');
    server.open(uriOf(fragmentPath), read(fragmentPath), 1);
    assert.match((await server.request<Result>('veltrix/monitoring', { uri: uriOf(fragmentPath) })).message!, /fragment/);
    assert.equal(await server.request('veltrix/monitoring', { uri: uriOf(path.join(repoRoot, 'nowhere.veltrix.yaml')) }), null);
  });

  test('the Generate monitoring lens is on pipeline.slo', async () => {
    const lenses = await server.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    const slo = lenses.filter((l) => l.command?.command === 'veltrix.generateMonitoring');
    assert.equal(slo.length, 1);
    assert.equal(slo[0].range.start.line, positionOf(text, '  slo:').line);
    assert.deepEqual(slo[0].command!.arguments, [uri]);
    assert.match(slo[0].command!.title, /Generate monitoring/);
  });

  test('hover on slo.latency_p99 shows the burn-rate thresholds it produces', async () => {
    const h = await server.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'latency_p99: 2m', 2) });
    const md = h.contents.value;
    assert.match(md, /Generated alerts/);
    assert.match(md, /VeltrixLatencyBudgetBurn \| page \| share of events slower than le=120s > 0\.144 over 1h and 5m \(14\.4x\), or > 0\.06 over 6h and 30m \(6x\)/);
    assert.match(md, /VeltrixConsumerLag \| ticket \| lag \/ ingest rate > 120s/);
    const t = await server.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'throughput: 8k/s', 2) });
    assert.match(t.contents.value, /VeltrixIngestAboveModel \| ticket \| ingest over 10m > 10229\.66\/s/);
  });
});

describe('a client without the command (Neovim, Helix)', () => {
  test('gets no Generate monitoring lens', async () => {
    const plain = await startServer({ plain: true });
    try {
      plain.open(uri, text, 1);
      await plain.diagnostics(uri, 1);
      const lenses = await plain.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
      assert.ok(!lenses.some((l) => l.command?.command === 'veltrix.generateMonitoring'));
    } finally {
      await plain.stop();
    }
  });
});

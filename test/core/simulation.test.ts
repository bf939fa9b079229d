// The capacity model against a seeded discrete-event simulation (see
// simulation.ts): on generated tandem and fan-out pipelines with utilisation
// between 0.5 and 0.9, the modelled utilisation must be within 5% and the
// modelled p99 queueing wait within 25% of the simulated ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePipeline, type CapacityResult } from '../../core/src/index';
import { memoryHost } from '../helpers/host';
import { mulberry32, simulate, type SimStage } from './simulation';

interface Spec {
  id: string;
  section: 'sources' | 'processors' | 'sinks';
  type: string;
  inputs: string[];
  /** Expected input rate, to size the service time for a target utilisation. */
  rate: number;
  servers: number;
  rho: number;
  shares?: Record<string, number>;
  selectivity?: number;
}

const pick = <T>(rand: () => number, xs: T[]): T => xs[Math.floor(rand() * xs.length)];

function stage(rand: () => number, id: string, section: Spec['section'], type: string, inputs: string[], rate: number, extra: Partial<Spec> = {}): Spec {
  return { id, section, type, inputs, rate, servers: pick(rand, [1, 2, 4, 8]), rho: 0.5 + 0.4 * rand(), ...extra };
}

function tandem(rand: () => number, n: number): Spec[] {
  const rate = 1000;
  const specs = [stage(rand, 'src', 'sources', 'generator', [], rate)];
  for (let i = 0; i < n; i++) specs.push(stage(rand, `m${i}`, 'processors', 'map', [i === 0 ? 'src' : `m${i - 1}`], rate));
  specs.push(stage(rand, 'out', 'sinks', 'kafka', [`m${n - 1}`], rate));
  return specs;
}

function fanout(rand: () => number): Spec[] {
  const rate = 1000;
  const sel = 0.6 + 0.3 * rand();
  const a = 0.2 + 0.3 * rand();
  const b = 0.2 + 0.3 * rand();
  const shares = { a, b };
  const f = rate * sel;
  return [
    stage(rand, 'src', 'sources', 'generator', [], rate),
    stage(rand, 'keep', 'processors', 'filter', ['src'], rate, { selectivity: sel }),
    stage(rand, 'split', 'processors', 'route', ['keep'], f, { shares }),
    stage(rand, 'copy', 'processors', 'map', ['keep'], f),
    stage(rand, 'pa', 'processors', 'map', ['split.a'], f * a),
    stage(rand, 'pb', 'processors', 'map', ['split.b'], f * b),
    stage(rand, 'sa', 'sinks', 'kafka', ['pa'], f * a),
    stage(rand, 'sb', 'sinks', 'kafka', ['pb', 'split._unmatched'], f * b + f * (1 - a - b)),
    stage(rand, 'sc', 'sinks', 'kafka', ['copy'], f),
  ];
}

function toYaml(specs: Spec[]): string {
  const out = ['veltrix: 1', 'pipeline:', '  name: sim'];
  for (const section of ['sources', 'processors', 'sinks'] as const) {
    const list = specs.filter((s) => s.section === section);
    if (!list.length) continue;
    out.push(`${section}:`);
    for (const s of list) {
      // cost = ρ x c / λ, in microseconds.
      const cost = ((s.rho * s.servers) / s.rate) * 1e6;
      out.push(`  ${s.id}:`, `    type: ${s.type}`, `    parallelism: ${s.servers}`, `    cost: ${cost.toFixed(6)}us`);
      if (s.inputs.length) out.push(`    inputs: [${s.inputs.join(', ')}]`);
      if (section === 'sources') out.push(`    rate: ${s.rate}/s`);
      if (s.type === 'kafka') out.push("    brokers: ['k:9092']", '    topic: t');
      if (s.type === 'filter') out.push('    condition: x > 0', `    selectivity: ${s.selectivity}`);
      if (s.shares) {
        out.push('    routes:', ...Object.keys(s.shares).map((k) => `      ${k}: x == '${k}'`));
        out.push('    share:', ...Object.entries(s.shares).map(([k, v]) => `      ${k}: ${v}`));
      }
    }
  }
  return out.join('\n') + '\n';
}

function toSim(specs: Spec[], r: CapacityResult): SimStage[] {
  const fig = new Map(r.components.map((f) => [f.id, f]));
  return specs.map((s) => {
    const f = fig.get(s.id)!;
    return {
      id: s.id,
      service: f.serviceTimeMs / 1e3,
      servers: f.parallelism,
      ...(s.section === 'sources' ? { sourceRate: f.inputRate } : {}),
      inputs: s.inputs.map((i) => {
        const [from, port] = i.split('.');
        return port ? { from, port } : { from };
      }),
      ...(s.shares ? { shares: s.shares } : {}),
      ...(s.selectivity !== undefined ? { selectivity: s.selectivity } : {}),
    };
  });
}

test('model agrees with a discrete-event simulation', () => {
  const rand = mulberry32(Number(process.env.SIM_SEED ?? 20240611));
  const pipelines: Array<[string, Spec[]]> = [
    ['tandem-2', tandem(rand, 2)],
    ['tandem-3', tandem(rand, 3)],
    ['tandem-4', tandem(rand, 4)],
    ['fanout-1', fanout(rand)],
    ['fanout-2', fanout(rand)],
  ];
  let worstU = 0;
  let worstW = 0;
  let checkedWaits = 0;
  const t0 = Date.now();
  for (const [name, specs] of pipelines) {
    const uri = `file:///sim/${name}.veltrix.yaml`;
    const text = toYaml(specs);
    const r = analyzePipeline(uri, text, { host: memoryHost({ [uri]: text }) }).capacity;
    assert.ok(r, `${name}: model ran`);
    const horizon = 200; // 200 s at 1,000 events/s: 200,000 source events
    const sim = simulate(toSim(specs, r), horizon, name.length * 7919 + 17);
    for (const f of r.components) {
      const s = sim.get(f.id)!;
      const du = Math.abs(s.utilization - f.utilization) / f.utilization;
      worstU = Math.max(worstU, du);
      assert.ok(f.utilization >= 0.45 && f.utilization <= 0.95, `${name}/${f.id}: generated utilisation ${f.utilization}`);
      assert.ok(du <= 0.05, `${name}/${f.id}: utilisation model ${f.utilization.toFixed(3)} vs simulated ${s.utilization.toFixed(3)}`);
      // The p99 wait is only meaningful where at least a few percent of events wait.
      if (f.erlangC < 0.03 || !f.queueWaitMs) continue;
      const model = f.queueWaitMs / 1e3;
      const dw = Math.abs(s.p99Wait - model) / model;
      worstW = Math.max(worstW, dw);
      checkedWaits++;
      assert.ok(dw <= 0.25, `${name}/${f.id} (c=${f.parallelism}, C=${f.erlangC.toFixed(3)}): p99 wait model ${(model * 1e3).toFixed(3)} ms vs simulated ${(s.p99Wait * 1e3).toFixed(3)} ms`);
    }
  }
  assert.ok(checkedWaits >= 15, `only ${checkedWaits} waits checked`);
  console.log(`# simulation: worst utilisation error ${(worstU * 100).toFixed(2)}%, worst p99 wait error ${(worstW * 100).toFixed(1)}% over ${checkedWaits} stages, ${Date.now() - t0} ms`);
});

test('mulberry32 is deterministic and uniform enough', () => {
  const a = mulberry32(1);
  const b = mulberry32(1);
  let sum = 0;
  for (let i = 0; i < 10_000; i++) {
    const x = a();
    assert.equal(x, b());
    assert.ok(x >= 0 && x < 1);
    sum += x;
  }
  assert.ok(Math.abs(sum / 10_000 - 0.5) < 0.02);
});

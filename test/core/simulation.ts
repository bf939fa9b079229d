// A small seeded discrete-event simulation of a feed-forward network of M/M/c
// stages, to check the capacity model against. Poisson arrivals at the
// sources, exponential service times, c FCFS servers per stage; a route
// splits events at random by share, a filter thins them at random, and an
// output consumed by several stages is copied to each. Because the network is
// feed-forward, each stage is simulated in turn from its arrival times.

/** mulberry32: a tiny seeded PRNG with uniform output in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function exponential(rand: () => number, rate: number): number {
  return -Math.log(1 - rand()) / rate;
}

export interface SimStage {
  id: string;
  /** Seconds per event per server (mean of the exponential). */
  service: number;
  servers: number;
  /** Events/s emitted by a source stage. */
  sourceRate?: number;
  /** Upstream stage ids (with an optional route port). */
  inputs: Array<{ from: string; port?: string }>;
  /** Route shares per port (`_unmatched` takes the rest). */
  shares?: Record<string, number>;
  /** Filter selectivity. */
  selectivity?: number;
}

export interface SimStats {
  arrivals: number;
  utilization: number;
  /** 99th percentile of the queueing wait (s), after warm-up. */
  p99Wait: number;
}

function percentile(values: Float64Array, p: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Simulates `horizon` seconds; stages must be in topological order. */
export function simulate(stages: SimStage[], horizon: number, seed: number, warmup = 0.05): Map<string, SimStats> {
  const rand = mulberry32(seed);
  // Departure times per (stage, port), sorted.
  const outputs = new Map<string, Float64Array>();
  const stats = new Map<string, SimStats>();
  for (const st of stages) {
    let arrivals: Float64Array;
    if (st.sourceRate !== undefined) {
      const list: number[] = [];
      for (let t = exponential(rand, st.sourceRate); t < horizon; t += exponential(rand, st.sourceRate)) list.push(t);
      arrivals = Float64Array.from(list);
    } else {
      const parts = st.inputs.map((i) => outputs.get(i.port ? `${i.from}.${i.port}` : i.from) ?? new Float64Array());
      const total = parts.reduce((n, p) => n + p.length, 0);
      arrivals = new Float64Array(total);
      let k = 0;
      for (const p of parts) {
        arrivals.set(p, k);
        k += p.length;
      }
      arrivals.sort();
    }
    // FCFS with c servers: each arrival, in order, takes the earliest free server.
    const free = new Float64Array(st.servers);
    const departures = new Float64Array(arrivals.length);
    const waits: number[] = [];
    let busy = 0;
    const from = horizon * warmup;
    for (let i = 0; i < arrivals.length; i++) {
      let m = 0;
      for (let j = 1; j < free.length; j++) if (free[j] < free[m]) m = j;
      const start = Math.max(arrivals[i], free[m]);
      const service = exponential(rand, 1 / st.service);
      free[m] = start + service;
      departures[i] = start + service;
      if (arrivals[i] >= from) {
        waits.push(start - arrivals[i]);
        busy += service;
      }
    }
    departures.sort();
    stats.set(st.id, { arrivals: arrivals.length, utilization: busy / (st.servers * (horizon - from)), p99Wait: percentile(Float64Array.from(waits), 0.99) });
    // Outputs: a route splits at random by share, a filter thins, others pass everything.
    if (st.shares) {
      const ports = Object.keys(st.shares);
      const lists = new Map<string, number[]>([...ports, '_unmatched'].map((p) => [p, []]));
      for (const t of departures) {
        let u = rand();
        let port = '_unmatched';
        for (const p of ports) {
          if (u < st.shares[p]) {
            port = p;
            break;
          }
          u -= st.shares[p];
        }
        lists.get(port)!.push(t);
      }
      for (const [p, l] of lists) outputs.set(`${st.id}.${p}`, Float64Array.from(l));
      outputs.set(st.id, departures);
    } else if (st.selectivity !== undefined) {
      outputs.set(st.id, Float64Array.from([...departures].filter(() => rand() < st.selectivity!)));
    } else outputs.set(st.id, departures);
  }
  return stats;
}

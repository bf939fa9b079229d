// Quick fixes of VX306 (add the SLO to latency_buckets) and VX307 (set
// monitoring.prometheus.enabled: true). Both may have to create the
// `monitoring:` / `prometheus:` maps they write into.
import { getPair, isMap, isScalar, isSeq, type YMap } from '../parse/tree';
import type { PipelineFile } from '../pipeline/file';
import { parseDuration } from '../units';
import { DEFAULT_BUCKET_TEXTS } from '../monitoring/settings';
import { insertAfter, setInMap } from './edit-helpers';
import type { TextEdit } from './types';

const PROMETHEUS_PATH = ['monitoring', 'prometheus'];

export function enablePrometheusEdit(file: PipelineFile): TextEdit | undefined {
  return setNested(file, PROMETHEUS_PATH, 'enabled', 'true');
}

/** The bucket list with the SLO added in order: the written list, else the defaults. */
export function addLatencyBucketEdit(file: PipelineFile, slo: string): TextEdit | undefined {
  const prom = nested(file, PROMETHEUS_PATH);
  const pair = prom.missing.length === 0 ? getPair(prom.map, 'latency_buckets') : undefined;
  if (pair && isSeq(pair.value) && !pair.value.shared) {
    const items = pair.value.items.filter(isScalar).map((i) => i.source || String(i.value));
    const list = bucketList(items, slo);
    if (pair.value.flow) return { range: { start: file.lines.position(pair.value.start), end: file.lines.position(pair.value.end) }, newText: list };
    // A block list becomes a flow list on the key's line (its node's end runs past the last line break).
    const colon = file.text.indexOf(':', pair.key.end);
    const last = pair.value.items[pair.value.items.length - 1];
    if (colon < 0 || !last) return undefined;
    return { range: { start: file.lines.position(colon + 1), end: file.lines.position(last.end) }, newText: ` ${list}` };
  }
  if (pair) return undefined;
  return setNested(file, PROMETHEUS_PATH, 'latency_buckets', bucketList(DEFAULT_BUCKET_TEXTS, slo));
}

function bucketList(items: string[], slo: string): string {
  const seconds = (t: string) => parseDuration(t) ?? Infinity;
  const all = [...items.filter((t) => seconds(t) !== seconds(slo)), slo].sort((a, b) => seconds(a) - seconds(b));
  return `[${all.join(', ')}]`;
}

/** The deepest existing block map along `path`, and the keys still missing below it. */
function nested(file: PipelineFile, path: string[]): { map: YMap | undefined; depth: number; missing: string[] } {
  let map = isMap(file.root) ? file.root : undefined;
  for (let i = 0; i < path.length; i++) {
    const pair = getPair(map, path[i]);
    if (!pair) return { map, depth: i, missing: path.slice(i) };
    if (!isMap(pair.value) || pair.value.flow || pair.value.shared) return { map: undefined, depth: i, missing: path.slice(i) };
    map = pair.value;
  }
  return { map, depth: path.length, missing: [] };
}

/** Sets `key: value` in the map at `path`, creating the missing maps as block mappings. */
function setNested(file: PipelineFile, path: string[], key: string, value: string): TextEdit | undefined {
  const { map, missing } = nested(file, path);
  if (!map) return undefined;
  if (!missing.length) return setInMap(file, map, key, value);
  const first = map.pairs.find((p) => !p.merged && !p.key.shared);
  const base = map === file.root ? 0 : first ? file.lines.position(first.key.start).character : 0;
  const lines = [...missing, key].map((k, i) => `${' '.repeat(base + 2 * i)}${k}:${i === missing.length ? ` ${value}` : ''}`);
  return insertAfter(file, map.end, lines);
}

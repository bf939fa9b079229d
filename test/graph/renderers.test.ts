// One graph view, five renderers (issue 13, item 2): every rule fixture,
// every example and the hostile sample go through DOT, Mermaid, JSON, SVG
// and the data the server sends the webview, and each output is read back
// independently (DOT by Graphviz itself when it is installed) to the same
// nodes, ghosts, edges and dead letters.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyzePipeline, FileCache, type Analysis } from '../../core/src/index';
import { buildGraphView, type GraphView } from '../../core/src/graph-view/model';
import { renderSvg } from '../../core/src/graph-view/svg';
import { cleanText } from '../../core/src/graph-view/labels';
import { formatGraph } from '../../cli/src/graph';
import { createGraphResponder } from '../../server/src/graph-handler';
import { fixtureFiles } from '../helpers/fixtures';
import { diskHost, uriOf } from '../helpers/host';
import * as S from './samples';

/** What a picture shows: node ids (ghosts as `?ref`), and edges as `from>to` with their kind. */
interface Drawn {
  nodes: string[];
  ghosts: string[];
  edges: string[];
}

const sorted = (xs: Iterable<string>) => [...xs].sort();
const edgeKind = (ghost: boolean, deadLetter: boolean) => (ghost ? 'ghost' : deadLetter ? 'dead-letter' : 'input');

function fromView(v: GraphView): Drawn {
  return {
    nodes: sorted(v.nodes.filter((n) => n.kind !== 'ghost').map((n) => cleanText(n.id))),
    ghosts: sorted(v.nodes.filter((n) => n.kind === 'ghost').map((n) => cleanText(n.id))),
    edges: sorted(v.edges.map((e) => `${cleanText(e.from)}>${cleanText(e.to)} ${edgeKind(e.ghost, !!e.deadLetter)}`)),
  };
}

function dotUnquote(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, '$1');
}

const DOT_STR = '"(?:[^"\\\\]|\\\\.)*"';

function fromDot(dot: string): Drawn {
  const nodes: string[] = [];
  const ghosts: string[] = [];
  const edges: string[] = [];
  for (const line of dot.split('\n')) {
    const edge = new RegExp(`^\\s*(${DOT_STR}) -> (${DOT_STR})(?: \\[(.*)\\])?;$`).exec(line);
    if (edge) {
      const attrs = edge[3] ?? '';
      const kind = attrs.includes('color="#dc2626"') && attrs.includes('style=dashed') ? 'ghost' : attrs.includes('label="dead_letter"') ? 'dead-letter' : 'input';
      edges.push(`${cleanText(dotUnquote(edge[1]))}>${cleanText(dotUnquote(edge[2]))} ${kind}`);
      continue;
    }
    const node = new RegExp(`^\\s*(${DOT_STR}) \\[(.*)\\];$`).exec(line);
    if (node) (node[2].includes('fontcolor="#dc2626"') ? ghosts : nodes).push(cleanText(dotUnquote(node[1])));
  }
  return { nodes: sorted(nodes), ghosts: sorted(ghosts), edges: sorted(edges) };
}

function mermaidDecode(s: string): string {
  return s.replace(/#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)));
}

function fromMermaid(mm: string, view: GraphView): Drawn {
  const label = new Map<string, string>();
  const nodes: string[] = [];
  const ghosts: string[] = [];
  const edges: string[] = [];
  for (const line of mm.split('\n')) {
    const node = /^\s*([ng]\d+)[([]+"(.*?)"[)\]]+(:::ghost)?$/.exec(line);
    if (node) {
      const first = mermaidDecode(node[2].split('<br/>')[0]);
      const id = node[1].startsWith('g') ? `?${first}` : first;
      label.set(node[1], id);
      (node[1].startsWith('g') ? ghosts : nodes).push(cleanText(id));
      continue;
    }
    const edge = /^\s*([ng]\d+) (-->|-\.->)(?:\|"(.*)"\|)? ([ng]\d+)$/.exec(line);
    if (edge) edges.push(`${edge[1]}>${edge[4]}|${edge[2]}|${mermaidDecode(edge[3] ?? '')}`);
  }
  // Edge kinds: a dotted arrow out of a ghost or labelled with a ghost reason is a ghost edge; `dead_letter` a dead letter.
  const reasons = new Set(view.edges.flatMap((e) => (e.dangling ? [e.dangling.reasonText] : [])));
  const kinds = edges.map((raw) => {
    const [ends, arrow, text] = raw.split('|');
    const [from, to] = ends.split('>');
    const reason = [...reasons].some((r) => text === r || text.endsWith(`: ${r}`));
    const kind = arrow === '-.->' && (from.startsWith('g') || reason) ? 'ghost' : arrow === '-.->' && text === 'dead_letter' ? 'dead-letter' : 'input';
    return `${cleanText(label.get(from) ?? from)}>${cleanText(label.get(to) ?? to)} ${kind}`;
  });
  return { nodes: sorted(nodes), ghosts: sorted(ghosts), edges: sorted(kinds) };
}

function fromJson(text: string): Drawn {
  const g = JSON.parse(text);
  return {
    nodes: sorted(g.nodes.map((n: { id: string }) => cleanText(n.id))),
    ghosts: sorted(g.ghosts.map((n: { id: string }) => cleanText(n.id))),
    edges: sorted([
      ...g.edges.map((e: { from: string; to: string }) => `${cleanText(e.from)}>${cleanText(e.to)} input`),
      ...g.dangling.map((d: { from: string; consumer: string }) => `${cleanText(d.from)}>${cleanText(d.consumer)} ghost`),
      ...g.deadLetters.map((d: { from: string; to: string }) => `${cleanText(d.from)}>${cleanText(d.to)} dead-letter`),
    ]),
  };
}

function xmlUnescape(s: string): string {
  return s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e as string]!);
}

function fromSvg(svg: string): Drawn {
  const nodes: string[] = [];
  const ghosts: string[] = [];
  const edges: string[] = [];
  for (const m of svg.matchAll(/<g class="([^"]*)" data-index="\d+" data-id="([^"]*)" data-kind="([^"]*)"/g)) (m[3] === 'ghost' ? ghosts : nodes).push(xmlUnescape(m[2]));
  for (const m of svg.matchAll(/<g class="vx-edge([^"]*)" data-index="\d+" data-from="([^"]*)" data-to="([^"]*)"/g)) {
    const kind = edgeKind(m[1].includes('vx-ghost'), m[1].includes('vx-dead-letter'));
    edges.push(`${xmlUnescape(m[2])}>${xmlUnescape(m[3])} ${kind}`);
  }
  return { nodes: sorted(nodes), ghosts: sorted(ghosts), edges: sorted(edges) };
}

/** Graphviz's own reading of the DOT: node names and edges (undefined without `dot`). */
function graphvizRead(dot: string): { nodes: string[]; edges: string[] } | undefined {
  const r = spawnSync('dot', ['-Tjson0'], { input: dot, encoding: 'utf8' });
  if (r.error) return undefined;
  assert.equal(r.status, 0, `Graphviz rejected the DOT: ${r.stderr}\n${dot}`);
  const g = JSON.parse(r.stdout) as { objects?: Array<{ name: string; nodes?: number[]; _gvid: number }>; edges?: Array<{ tail: number; head: number }> };
  // And what a user runs: `veltrix-lint graph p.veltrix.yaml | dot -Tsvg`.
  const svg = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
  assert.equal(svg.status, 0, `dot -Tsvg failed: ${svg.stderr}`);
  assert.match(svg.stdout, /<svg[\s\S]*<\/svg>/);
  const objects = g.objects ?? [];
  const byGvid = new Map(objects.map((o) => [o._gvid, o]));
  const nodes = objects.filter((o) => o.nodes === undefined).map((o) => cleanText(o.name));
  const edges = (g.edges ?? []).map((e) => `${cleanText(byGvid.get(e.tail)!.name)}>${cleanText(byGvid.get(e.head)!.name)}`);
  return { nodes: sorted(nodes), edges: sorted(edges) };
}

const HAVE_DOT = !spawnSync('dot', ['-V']).error;
if (!HAVE_DOT) {
  if (process.env.VELTRIX_REQUIRE_E2E === '1') throw new Error('Graphviz `dot` is required (VELTRIX_REQUIRE_E2E=1): apt-get install graphviz');
  console.warn('SKIPPING the Graphviz checks of the DOT output: `dot` is not installed (apt-get install graphviz)');
}

function analyse(file: string): Analysis {
  return analyzePipeline(uriOf(file), fs.readFileSync(file, 'utf8'), { host: diskHost, cache: new FileCache() });
}

function exampleFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return exampleFiles(p);
    return /\.veltrix\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

const cases: Array<[string, () => Analysis]> = [
  ...fixtureFiles().map((f): [string, () => Analysis] => [path.relative(S.EXAMPLES, f), () => analyse(f)]),
  ...exampleFiles(S.EXAMPLES).map((f): [string, () => Analysis] => [path.relative(S.EXAMPLES, f), () => analyse(f)]),
  ['hostile sample', () => S.analyzeHostile()],
  ['dangling sample', () => S.analyzeText(S.DANGLING)],
  ['cycle sample', () => S.analyzeText(S.CYCLE)],
];

describe('every renderer draws the same graph', () => {
  for (const [name, run] of cases)
    test(name, async () => {
      const analysis = run();
      const view = buildGraphView(analysis);
      const want = fromView(view);
      assert.deepEqual(fromDot(formatGraph(analysis, 'dot')), want, 'DOT');
      assert.deepEqual(fromMermaid(formatGraph(analysis, 'mermaid'), view), want, 'Mermaid');
      assert.deepEqual(fromJson(formatGraph(analysis, 'json')), want, 'JSON');
      assert.deepEqual(fromSvg(renderSvg(view)), want, 'SVG');
      // The webview draws what the server sends: the responder's view, through JSON like the wire.
      const sent = await createGraphResponder(() => analysis).respond({ uri: view.uri });
      if (sent?.view) assert.deepEqual(fromView(JSON.parse(JSON.stringify(sent.view))), want, 'webview data');
      const gv = HAVE_DOT ? graphvizRead(formatGraph(analysis, 'dot')) : undefined;
      if (gv) {
        assert.deepEqual(gv.nodes, sorted([...want.nodes, ...want.ghosts]), 'Graphviz nodes');
        assert.deepEqual(gv.edges, sorted(want.edges.map((e) => e.slice(0, e.lastIndexOf(' ')))), 'Graphviz edges');
      }
    });
});

test('the same ghosts in every format for a broken file (was: DOT 4, SVG 1)', () => {
  const a = S.analyzeText(S.DANGLING);
  const view = buildGraphView(a);
  const ghosts = fromView(view).ghosts;
  assert.deepEqual(fromDot(formatGraph(a, 'dot')).ghosts, ghosts);
  assert.deepEqual(fromSvg(renderSvg(view)).ghosts, ghosts);
  assert.ok(ghosts.length >= 2, ghosts.join());
});

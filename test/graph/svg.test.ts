// The SVG renderer: well-formed, escaped, and inert whatever the configuration says.
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { buildGraphView } from '../../core/src/graph-view/model';
import { layoutGraph } from '../../core/src/graph-view/layout';
import { buildSvgTree, pathData, renderSvg, serialize, type SvgEl } from '../../core/src/graph-view/svg';
import { cleanText, escapeXml, shortText } from '../../core/src/graph-view/labels';
import * as S from './samples';

const ALLOWED_TAGS = new Set(['svg', 'title', 'style', 'defs', 'marker', 'path', 'rect', 'polygon', 'circle', 'text', 'g']);

/** A small XML well-formedness check: balanced tags, quoted attributes, no raw `<` or `&` outside markup/entities. */
function checkWellFormed(xml: string): { tags: string[]; attrs: string[] } {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const tags: string[] = [];
  const attrs: string[] = [];
  const re = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[A-Za-z][\w:-]*="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    if (m[6]) assert.fail(`raw '<' at ${m.index}: ${body.slice(m.index, m.index + 60)}`);
    if (m[5] !== undefined) {
      assert.doesNotMatch(m[5], /&(?!(amp|lt|gt|quot|#39);)/, `bare & in text: ${m[5].slice(0, 60)}`);
      assert.doesNotMatch(m[5], />/, `raw > in text: ${m[5].slice(0, 60)}`);
      continue;
    }
    const [, close, tag, attrText, selfClose] = m;
    if (close) {
      assert.equal(stack.pop(), tag, `mismatched </${tag}>`);
      continue;
    }
    tags.push(tag);
    for (const a of attrText.matchAll(/([A-Za-z][\w:-]*)="([^"]*)"/g)) {
      attrs.push(a[1]);
      assert.doesNotMatch(a[2], /&(?!(amp|lt|gt|quot|#39);)/, `bare & in ${a[1]}`);
    }
    if (!selfClose) stack.push(tag);
  }
  assert.deepEqual(stack, [], 'every element is closed');
  return { tags, attrs };
}

function allText(tree: SvgEl | string): string[] {
  return typeof tree === 'string' ? [tree] : tree.children.flatMap(allText);
}

describe('SVG renderer', () => {
  test('escapes the five XML characters', () => {
    assert.equal(escapeXml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  test('bidi controls are made visible, invalid XML characters replaced, long names cut with an ellipsis', () => {
    assert.equal(cleanText('a\u202Eb\u2066c'), 'a<U+202E>b<U+2066>c');
    assert.equal(cleanText('x\u0000y\u0007z\uD800'), 'x\uFFFDy\uFFFDz\uFFFD');
    const s = shortText('a'.repeat(100), 28);
    assert.equal(Array.from(s).length, 28);
    assert.ok(s.endsWith('…'));
    // Never splits a surrogate pair.
    const emoji = shortText('😀'.repeat(40), 10);
    assert.equal(emoji, `${'😀'.repeat(9)}…`);
  });

  test('orders example: one group per node and edge, colour classes, critical path, legend, standalone', () => {
    const v = buildGraphView(S.analyzeExample('orders.veltrix.yaml'));
    const laid = layoutGraph(v);
    const svg = renderSvg(v, laid);
    const { tags } = checkWellFormed(svg);
    for (const t of tags) assert.ok(ALLOWED_TAGS.has(t), `tag ${t}`);
    assert.equal((svg.match(/<g class="vx-node [^"]*" data-index=/g) ?? []).length, v.nodes.length);
    assert.equal((svg.match(/<g class="vx-edge[ "]/g) ?? []).length, v.edges.length);
    assert.match(svg, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /vx-util-low/);
    assert.match(svg, /class="vx-edge vx-critical"/);
    assert.match(svg, /eu · 2\.0k\/s/);
    assert.match(svg, /Max sustainable ingest: 10.2k\/s \(SLO 8k\/s\)/);
    assert.doesNotMatch(svg, /var\(--/, 'standalone: concrete colours, no CSS variables');
    assert.doesNotMatch(svg, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/, 'no external references');
    // The CLI form lays out by itself.
    assert.equal(renderSvg(v), svg);
    // Dark theme changes the palette only.
    const dark = renderSvg(v, laid, { theme: 'dark' });
    assert.match(dark, /#1e1e1e/);
  });

  test('overloaded and broken pipelines: bottleneck, ghost and cycle styling, badges', () => {
    const hot = renderSvg(buildGraphView(S.analyzeText(S.OVERLOADED)));
    checkWellFormed(hot);
    assert.match(hot, /class="vx-node vx-kind-processor vx-util-over vx-critical vx-bottleneck vx-has-errors"/);
    assert.match(hot, /class="vx-slo-bad"/);
    const dangling = renderSvg(buildGraphView(S.analyzeText(S.DANGLING)));
    checkWellFormed(dangling);
    assert.equal((dangling.match(/class="vx-node vx-kind-ghost/g) ?? []).length, 2);
    assert.match(dangling, /class="vx-edge vx-ghost"/);
    assert.match(dangling, /class="vx-badge vx-badge-error" data-severity="error"><title>2 errors<\/title>/);
    const cycle = renderSvg(buildGraphView(S.analyzeText(S.CYCLE)));
    checkWellFormed(cycle);
    assert.equal((cycle.match(/class="vx-edge vx-cycle"/g) ?? []).length, 4);
  });

  test('hostile text from ids, descriptions, route names, file names and the pipeline name stays text', () => {
    const v = buildGraphView(S.analyzeHostile());
    for (const theme of ['light', 'dark', 'high-contrast'] as const) {
      const svg = renderSvg(v, layoutGraph(v), { theme });
      const { tags, attrs } = checkWellFormed(svg);
      for (const t of tags) assert.ok(ALLOWED_TAGS.has(t), `unexpected element <${t}>`);
      for (const a of attrs) assert.doesNotMatch(a, /^on|^href$|^xlink:href$|^style$/i, `unexpected attribute ${a}`);
      assert.doesNotMatch(svg, /<script|<img|<foreignObject|<a[\s>]|<iframe/i);
      assert.doesNotMatch(svg, /\u202E/, 'no live bidi override');
      // The strings are there, escaped.
      assert.match(svg, /&lt;img src=x onerror=alert\(6\)&gt;/);
      assert.match(svg, /&lt;\/script&gt;&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
      assert.match(svg, /&lt;script&gt;alert\(7\)&lt;\/script&gt;/);
      assert.match(svg, /&lt;img src=x onerror=alert\(9\)&gt;&amp;&#39;.veltrix.yaml/, 'the imported file name');
      assert.match(svg, /&quot;&gt;&lt;svg onload=alert\(4\)&gt;/, 'the pipeline name');
      assert.match(svg, /&#39; onmouseover=&#39;alert\(5\)/, 'a description (in the tooltip)');
      assert.match(svg, /&lt;U\+202E&gt;evil/);
      // Very long ids are cut in the node, complete in the tooltip.
      assert.match(svg, />very_long_component_name_th…</);
      assert.match(svg, /<title>very_long_component_name_that_goes_on_and_on_and_on_forever_and_ever \(processor, map\)/);
    }
    // The tree carries the raw (cleaned) strings as text children only.
    const tree = buildSvgTree(v, layoutGraph(v));
    assert.ok(allText(tree).some((t) => t.includes('<img src=x onerror=alert(6)>')));
    assert.equal(serialize('<x>&'), '&lt;x&gt;&amp;');
  });

  test('edge paths are curves through the layout points', () => {
    assert.equal(pathData([]), '');
    assert.equal(pathData([{ x: 0, y: 0 }, { x: 10, y: 0 }]), 'M0 0L10 0');
    assert.match(pathData([{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 20, y: 10 }]), /^M0 0L1\.7 0C.*L20 10$/);
  });
});

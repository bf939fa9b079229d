// Text that reaches the SVG and webview picture, made safe and short: node
// lines, tooltips and edge labels. Shared by the layout (which sizes nodes
// from it) and those renderers (which draw exactly it). The figures in it are
// formatted by core/src/format.ts; DOT and Mermaid (cli/src/graph.ts) escape
// for their own syntax.
import type { ViewEdge, ViewNode } from './types';
import { loadText, msText, pct, rateText } from '../format';

/** Rates as every other view prints them (kept under this name for the webview's imports). */
export { rateText as formatRate } from '../format';

/** Longest label drawn inside a node or on an edge, in code points. */
export const MAX_LABEL = 28;
export const MAX_EDGE_LABEL = 24;

// Bidi embedding/override/isolate controls and marks: they can make a name
// read differently from what it is (Trojan Source), so they are shown as
// visible escapes instead of being interpreted.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// Characters XML 1.0 does not allow (C0 controls except tab/LF/CR, lone
// surrogates, U+FFFE/U+FFFF): replaced so the SVG stays well-formed.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Anything the three replacements below could touch (controls include \r \n \t).
const NEEDS_CLEANING = /[\u0000-\u001F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Full text, safe to show: bidi controls made visible, invalid characters replaced, newlines folded. */
export function cleanText(s: string): string {
  if (!NEEDS_CLEANING.test(s)) return s;
  return s
    .replace(XML_INVALID, '\uFFFD')
    .replace(BIDI, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`)
    .replace(/[\r\n\t]+/g, ' ');
}

/** Cleaned and cut to `max` code points with an ellipsis. */
export function shortText(s: string, max = MAX_LABEL): string {
  const clean = cleanText(s);
  const cps = Array.from(clean);
  return cps.length <= max ? clean : `${cps.slice(0, max - 1).join('')}…`;
}

const XML_SPECIAL = /[&<>"']/;

/** XML escaping for text and attribute values. */
export function escapeXml(s: string): string {
  if (!XML_SPECIAL.test(s)) return s;
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

export type UtilClass = 'none' | 'low' | 'mid' | 'hot' | 'over';

/** Colour band of a utilisation: <50%, <80% (VX301), <100% (VX300), >=100%. */
export function utilClass(u: number | undefined): UtilClass {
  if (u === undefined || Number.isNaN(u)) return 'none';
  if (u >= 1) return 'over';
  if (u >= 0.8) return 'hot';
  if (u >= 0.5) return 'mid';
  return 'low';
}

export const UTIL_LEGEND: Array<{ cls: UtilClass; label: string }> = [
  { cls: 'low', label: '< 50%' },
  { cls: 'mid', label: '50–80%' },
  { cls: 'hot', label: '80–100%' },
  { cls: 'over', label: '≥ 100% (bottleneck)' },
  { cls: 'none', label: 'not modelled' },
];

/**
 * What a box holds: `figures` id, kind and type, modelled figures; `compact`
 * id and type (the shape shows the kind); `id` the id alone (the webview's
 * last resort to show a big pipeline whole at a readable size; the type is in
 * the tooltip). Compact and id boxes keep the utilisation change while a
 * baseline is shown.
 */
export type BoxText = 'figures' | 'compact' | 'id';

/** The box text an SVG or layout option asks for (`figures: false` is `compact`). */
export function boxTextOf(opts: { boxes?: BoxText; figures?: boolean }): BoxText {
  return opts.boxes ?? (opts.figures === false ? 'compact' : 'figures');
}

/** The lines drawn inside a node: id, type (and file), modelled figures (see BoxText; `false` is compact). */
export function nodeLines(n: ViewNode, text: BoxText | boolean = 'figures'): string[] {
  const box = text === true ? 'figures' : text === false ? 'compact' : text;
  const figures = box === 'figures';
  const lines = [shortText(n.kind === 'ghost' ? n.id.slice(1) : n.id)];
  // Compact boxes name the type only: the shape already shows the kind (rounded source, cut-corner sink).
  let sub = n.kind === 'ghost' || !figures ? n.type : `${n.kind} · ${n.type}`;
  if (n.file) sub += ` · ${n.file}`;
  if (box !== 'id') lines.push(shortText(sub, MAX_LABEL + 6));
  const change = n.utilization === undefined || n.baselineUtilization === undefined ? undefined : `${n.baselineUtilization === null ? 'new' : pct(n.baselineUtilization)} → ${pct(n.utilization)}`;
  if (!figures && change) lines.push(change);
  if (figures && n.utilization !== undefined) {
    let fig = change ?? pct(n.utilization);
    if (n.inputRate !== undefined && n.kind !== 'source') fig += ` · in ${rateText(n.inputRate)}`;
    else if (n.outputRate !== undefined && n.kind === 'source') fig += ` · ${rateText(n.outputRate)}`;
    if (n.p99Ms !== undefined) fig += ` · p99 ${msText(n.p99Ms)}`;
    lines.push(shortText(fig, MAX_LABEL + 12));
  }
  return lines;
}

/** Full description for the node's tooltip (`<title>`). */
export function nodeTitle(n: ViewNode): string {
  const parts: string[] = [];
  if (n.kind === 'ghost') parts.push(`${cleanText(n.id.slice(1))}: ${n.ghostReason ?? 'unresolved reference'}`);
  else parts.push(`${cleanText(n.id)} (${n.kind}, ${cleanText(n.type)})`);
  if (n.file) parts.push(`defined in ${cleanText(n.file)}`);
  if (n.description) parts.push(cleanText(n.description));
  if (n.utilization !== undefined) {
    const f = [`utilisation ${pct(n.utilization)}`];
    if (n.baselineUtilization !== undefined) f.push(n.baselineUtilization === null ? 'not in the baseline' : `baseline ${pct(n.baselineUtilization)}`);
    if (n.inputRate !== undefined) f.push(`input ${rateText(n.inputRate)}`);
    if (n.outputRate !== undefined) f.push(`output ${rateText(n.outputRate)}`);
    if (n.p99Ms !== undefined) f.push(`p99 ${msText(n.p99Ms)}`);
    if (n.saturatesAtLoad != null && Number.isFinite(n.saturatesAtLoad)) f.push(`saturates at ${loadText(n.saturatesAtLoad)} load`);
    parts.push(`model (estimate): ${f.join(', ')}`);
  }
  if (n.isBottleneck) parts.push(n.utilization !== undefined && n.utilization >= 1 ? 'overloaded: it cannot keep up with the offered load' : 'saturates first as the load grows: it limits the maximum sustainable ingest');
  if (n.onCriticalPath) parts.push('on the critical (slowest) path');
  for (const m of n.badges.messages) parts.push(`${m.severity} ${m.code}: ${cleanText(m.message)}`);
  return parts.join('\n');
}

/** An edge's label; with id boxes (the smallest picture) only a route's port name: rates and "dead letter" are in the tooltip, the dash style shows a dead letter. */
export function edgeText(e: ViewEdge, box: BoxText = 'figures'): string | undefined {
  if (box === 'id') return e.port === undefined ? undefined : shortText(e.port, MAX_EDGE_LABEL);
  return e.label === undefined ? undefined : shortText(e.label, MAX_EDGE_LABEL);
}

export function edgeTitle(e: ViewEdge): string {
  const from = e.from.startsWith('?') ? e.from.slice(1) : e.from;
  let t = `${cleanText(from)}${e.port !== undefined ? `.${cleanText(e.port)}` : ''} → ${cleanText(e.to)}`;
  if (e.rate !== undefined) t += ` (${rateText(e.rate)}, estimate)`;
  if (e.wildcard) t += ' via wildcard';
  if (e.inCycle) t += ' — part of a cycle';
  if (e.ghost) t += ' — unresolved reference';
  if (e.deadLetter) t += ' — dead-letter route for failed events';
  return t;
}

/** Approximate advance of a string in the node font (no DOM in the CLI). */
export function textWidth(s: string, px = 12): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 128) {
      w += ASCII_ADVANCE[c];
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        c = (c - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
        i++;
      }
    }
    w += c >= 0x1100 && (c <= 0x115f || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xff60) || c >= 0x1f300) ? 1.0 : 0.58;
  }
  return w * px;
}

/** Advance of ASCII characters, in ems: narrow `ilj.,:;'|!`, wide `mwMW@`, the rest 0.58. */
const ASCII_ADVANCE = (() => {
  const a = new Float64Array(128).fill(0.58);
  for (const ch of "ilj.,:;'|!") a[ch.charCodeAt(0)] = 0.3;
  for (const ch of 'mwMW@') a[ch.charCodeAt(0)] = 0.85;
  return a;
})();

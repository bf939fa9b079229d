// Hover: key docs from the schema, unit values normalised, component ids and
// references (type, inputs, consumers, event schema, modelled figures),
// schema names, and on a diagnostic its rule summary with the docs link.
import type { Finding, Position } from '../types';
import { rangeContains } from '../text';
import { getPair, isScalar, pathAt, scalarString } from '../parse/tree';
import { describeUnit, UNIT_PATTERNS, type UnitKind } from '../units';
import { loadText, msText, rateText } from '../capacity/format';
import { docsUrl, ruleInfo } from '../rules/catalog';
import { componentTypeAt, keyAt, unitAt } from '../schema/index';
import type { Component, SchemaDef } from '../pipeline/file';
import { figuresMarkdown } from './figures';
import { componentById, fileOf, primary, schemaByName, type DocScope } from './scope';
import { symbolAt } from './symbol-at';
import { expressionHover } from './field-hover';
import { sloAlertsHover } from './monitoring-hover';
import type { HoverResult } from './types';
import { URI, Utils } from 'vscode-uri';

export function hover(scope: DocScope, pos: Position, findings: Finding[] = []): HoverResult | null {
  const file = fileOf(scope);
  if (!file) return null;
  const offset = file.lines.offset(pos);
  const parts: string[] = [];
  let range;
  for (const f of findings)
    if (f.uri === scope.uri && rangeContains(f.range, pos)) {
      const info = ruleInfo(f.code);
      parts.push(`**${f.code}** \`${info.name}\`: ${info.summary} [Documentation](${docsUrl(f.code)})`);
    }
  const sym = symbolAt(file, offset);
  const { steps, node, inKey } = pathAt(file.root, offset);
  const path = steps.map((s) => ('key' in s ? s.key : s.index));
  const inExpression = sym ? undefined : expressionHover(scope, file, offset);
  if (sym) {
    range = file.lines.range(sym.start, sym.end);
    if (sym.kind === 'component') {
      const c = componentById(scope, sym.id);
      parts.unshift(c ? componentHover(scope, c) : `Unknown component \`${sym.id}\``);
    } else if (sym.kind === 'schema') {
      const s = schemaByName(scope, sym.name);
      parts.unshift(s ? schemaHover(s) : `Unknown schema \`${sym.name}\``);
    } else if (sym.kind === 'route') {
      const c = componentById(scope, sym.router);
      const cond = c ? scalarString(getPair(getPair(c.node, 'routes')?.value, sym.route)?.value) : undefined;
      parts.unshift(`**route** \`${sym.router}.${sym.route}\`${cond ? `: events where \`${cond}\`` : ''}`);
    } else if (sym.kind === 'wildcard') {
      const matches = (primary(scope)?.ws.components ?? []).filter((c) => c.id.startsWith(sym.prefix) && c.section !== 'sinks');
      parts.unshift(`**wildcard** \`${sym.prefix}*\` matches ${matches.length ? matches.map((c) => `\`${c.id}\``).join(', ') : 'no component'}`);
    }
  } else if (inExpression) {
    // A field or function inside an expression or a field name: about that name, not the key holding it.
    range = file.lines.range(inExpression.start, inExpression.end);
    parts.unshift(inExpression.markdown);
  } else if (isScalar(node) && path.length) {
    const type = componentTypeAt(file.root, path);
    const key = keyAt(path, type);
    range = file.lines.range(node.start, node.end);
    if (!inKey) {
      const raw = scalarString(node) ?? '';
      const unit = unitAt(path, type) ?? guessUnit(raw);
      const normalised = unit ? describeUnit(unit, raw) : undefined;
      if (normalised) parts.unshift(`\`${normalised}\``);
    }
    if (key) {
      const doc = key.markdownDescription ?? key.description;
      if (inKey || !parts.length) parts.push(`**${key.key}**${key.required ? ' (required)' : ''}${doc ? `\n\n${doc}` : ''}`);
    }
  }
  if (path[0] === 'pipeline' && path[1] === 'slo') {
    const slo = sloHover(scope);
    if (slo) parts.push(slo);
    const alerts = sloAlertsHover(scope, path[2]);
    if (alerts) parts.push(alerts);
  }
  if (!parts.length) return null;
  return { markdown: parts.join('\n\n---\n\n'), range };
}

function guessUnit(raw: string): UnitKind | undefined {
  return (Object.keys(UNIT_PATTERNS) as UnitKind[]).find((k) => UNIT_PATTERNS[k].test(raw));
}

/** Fields listed in a component hover before "…" (the full list is one hover away, on the schema). */
const HOVER_FIELDS = 8;

/** What matters first: what it is and its model figures; then where it sits, kept short. Diagnostics follow in `hover`. */
export function componentHover(scope: DocScope, c: Component): string {
  const a = primary(scope);
  const lines = [`**${c.id}** — ${c.type ?? 'untyped'} ${c.section.replace(/s$/, '')}`];
  const figures = figuresMarkdown(a?.capacity, c.id);
  if (figures) lines.push(figures);
  const desc = scalarString(getPair(c.node, 'description')?.value);
  if (desc) lines.push(desc);
  if (c.uri !== scope.uri) lines.push(`Defined in \`${Utils.basename(URI.parse(c.uri))}\``);
  const flow: string[] = [];
  if (c.inputs.length) flow.push(`Inputs: ${c.inputs.map((r) => `\`${r.text}\``).join(', ')}`);
  const consumers = [...new Set((a?.graph.out.get(c.id) ?? []).map((e) => (e.port ? `${e.to} (${e.port})` : e.to)))];
  if (c.section !== 'sinks') flow.push(`Consumers: ${consumers.length ? consumers.map((x) => `\`${x}\``).join(', ') : 'none'}`);
  if (flow.length) lines.push(flow.join('  \n'));
  const schemaName = scalarString(getPair(c.node, 'schema')?.value);
  const fields = a?.flow.output.get(c.id) ?? a?.flow.input.get(c.id);
  if (fields && fields.size) {
    const list = [...fields].slice(0, HOVER_FIELDS).map(([n, t]) => `${n}: ${t}`);
    if (fields.size > HOVER_FIELDS) list.push(`… ${fields.size - HOVER_FIELDS} more`);
    lines.push(`Events: ${schemaName ? `\`${schemaName}\` ` : ''}{ ${list.join(', ')} }`);
  } else if (schemaName) lines.push(`Events: \`${schemaName}\``);
  return lines.join('\n\n');
}

/** On `pipeline.slo`: the modelled figures against the targets (estimates). */
function sloHover(scope: DocScope): string | undefined {
  const cap = primary(scope)?.capacity;
  if (!cap) return undefined;
  const rows = ['| | modelled (estimate) | target | |', '|---|---:|---:|---|'];
  const mark = (ok: boolean | null) => (ok === null ? '' : ok ? '✓ met' : '✗ missed');
  rows.push(`| p99 latency | ${msText(cap.endToEndP99Ms)} | ${cap.slo.latencyP99Ms === null ? '—' : msText(cap.slo.latencyP99Ms)} | ${mark(cap.slo.latencyOk)} |`);
  rows.push(`| max ingest | ${rateText(cap.maxIngest)} | ${rateText(cap.slo.throughput)} | ${mark(cap.slo.throughputOk)} |`);
  const path = cap.criticalPath.length ? `\n\nCritical path: ${cap.criticalPath.map((id) => `\`${id}\``).join(' → ')}` : '';
  const first = cap.breaksFirst ? `\n\nSaturates first: \`${cap.breaksFirst}\`${cap.breaksFirstAtLoad !== null ? ` at ${loadText(cap.breaksFirstAtLoad)} load` : ''}` : '';
  return `**SLO** (capacity model, load ${loadText(cap.load)})\n\n${rows.join('\n')}${path}${first}`;
}

function schemaHover(s: SchemaDef): string {
  return `**schema** \`${s.name}\`\n\n${s.fields.map((f) => `- \`${f.name}\`: ${f.type}${f.optional ? ' (optional)' : ''}`).join('\n')}`;
}

// What named thing is under the cursor: a component id (definition or
// reference), a route, a wildcard or a schema name. Shared by hover,
// definition, references and rename.
import { pathAt, isScalar, type YScalar } from '../parse/tree';
import { parseInputRef } from '../pipeline/file';
import { isComponentSection } from '../schema/index';
import type { PipelineFile } from '../pipeline/file';
import { innerSpan } from './scope';

export type SymbolRef =
  | { kind: 'component'; id: string; start: number; end: number; isDefinition: boolean }
  | { kind: 'route'; router: string; route: string; start: number; end: number; isDefinition: boolean }
  | { kind: 'wildcard'; prefix: string; start: number; end: number }
  | { kind: 'schema'; name: string; start: number; end: number; isDefinition: boolean };

export function symbolAt(file: PipelineFile, offset: number): SymbolRef | undefined {
  const { steps, node, inKey } = pathAt(file.root, offset);
  const keys = steps.map((s) => ('key' in s ? s.key : s.index));
  if (!isScalar(node)) return undefined;
  const span = innerSpan(node, file.text);
  if (inKey) {
    if (keys.length === 2 && isComponentSection(keys[0])) return { kind: 'component', id: String(keys[1]), ...span, isDefinition: true };
    if (keys.length === 2 && keys[0] === 'schemas') return { kind: 'schema', name: String(keys[1]), ...span, isDefinition: true };
    if (keys.length === 4 && keys[0] === 'processors' && keys[2] === 'routes') return { kind: 'route', router: String(keys[1]), route: String(keys[3]), ...span, isDefinition: true };
    return undefined;
  }
  if (!isComponentSection(keys[0]) || keys.length < 3) return undefined;
  if (keys[2] === 'inputs' && keys.length === 4) return refAt(node, span, offset);
  if (keys[2] === 'dead_letter' && keys.length === 3 && node.value !== null) return { kind: 'component', id: String(node.value), ...span, isDefinition: false };
  if (keys[2] === 'schema' && keys.length === 3 && node.value !== null) return { kind: 'schema', name: String(node.value), ...span, isDefinition: false };
  return undefined;
}

function refAt(node: YScalar, span: { start: number; end: number }, offset: number): SymbolRef | undefined {
  if (node.value === null) return undefined;
  const ref = parseInputRef(node);
  if (ref.kind === 'wildcard') return { kind: 'wildcard', prefix: ref.target, ...span };
  const routerEnd = span.start + ref.target.length;
  if ((ref.kind === 'route' || ref.kind === 'unmatched') && offset > routerEnd) return { kind: 'route', router: ref.target, route: ref.route!, start: routerEnd + 1, end: span.end, isDefinition: false };
  return { kind: 'component', id: ref.target, start: span.start, end: routerEnd, isDefinition: false };
}

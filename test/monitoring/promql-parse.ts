// PromQL through Prometheus' own Lezer grammar (@prometheus-io/lezer-promql),
// in-process: the parse errors of an expression, and its syntax tree.
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode, Tree } from '@lezer/common';

export function parsePromql(expr: string): { tree: Tree; errors: string[] } {
  const tree = parser.parse(expr);
  const errors: string[] = [];
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) errors.push(`parse error at ${n.from}: '${expr.slice(Math.max(0, n.from - 10), n.to + 10)}'`);
    },
  });
  return { tree, errors };
}

/** Every node of `name` in the tree. */
export function nodesNamed(tree: Tree, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  tree.iterate({ enter: (n) => void (n.name === name && out.push(n.node)) });
  return out;
}

export function ancestors(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let n = node.parent; n; n = n.parent) out.push(n);
  return out;
}

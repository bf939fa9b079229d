// VX014 (expression syntax) and VX113 (unknown fields against the flowing schema).
import type { RuleContext } from './context';

export function checkExpressions(_ctx: RuleContext): void {}

// VX300-VX306: findings from the capacity model.
import type { RuleContext } from './context';

export function checkCapacity(_ctx: RuleContext): void {}

// VX200-VX207 and VX304: delivery guarantees and static resource rules.
import type { RuleContext } from './context';

export function checkDelivery(_ctx: RuleContext): void {}

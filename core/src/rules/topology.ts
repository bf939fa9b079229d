// VX100-VX110, VX114: references, ids, cycles, routes, dead ends, schemas.
import type { RuleContext } from './context';

export function checkTopology(_ctx: RuleContext): void {}

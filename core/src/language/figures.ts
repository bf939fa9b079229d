// Modelled figures of one component for lenses and hovers, from the capacity
// model's describer (labelled as estimates there).
import type { CapacityResult } from '../capacity/types';
import { describeComponent } from '../capacity/describe';

export function figuresLine(result: CapacityResult | undefined, id: string): string | undefined {
  return describeComponent(result, id)?.line;
}

export function figuresMarkdown(result: CapacityResult | undefined, id: string): string | undefined {
  return describeComponent(result, id)?.markdown;
}

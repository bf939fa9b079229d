// The fixed thresholds of the generated alerts (spec 12.2), shared by the
// rules, their promtool cases and the hovers on `slo` keys.
import { LATENCY_BUDGET } from './settings';
import { clean } from './numbers';

/** Multiwindow burn rates (SRE workbook): factor, long window, short window. */
export const BURN_RATES = {
  page: [
    { factor: 14.4, long: '1h', short: '5m' },
    { factor: 6, long: '6h', short: '30m' },
  ],
  ticket: [
    { factor: 3, long: '1d', short: '2h' },
    { factor: 1, long: '3d', short: '6h' },
  ],
} as const;
export const SLI_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
export const INGEST_WINDOWS = ['5m', '10m'];
/** Busy-ratio thresholds of VeltrixStageSaturated. */
export const SATURATION = { page: { above: 0.9, for: '10m' }, ticket: { above: 0.8, for: '30m' } } as const;
export const MEMORY_SHARE = 0.9;
/** The model's parallelism advice aims at this utilisation, as VX300/VX301 do. */
export const TARGET_UTILISATION = 0.7;

/** Share of slow events at which `factor` x the budget burns: 14.4 -> 0.144. */
export function burnThreshold(factor: number): number {
  return clean(factor * LATENCY_BUDGET);
}


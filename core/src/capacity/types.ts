// Public shape of the capacity model's figures (section 7). Stable: the CLI's
// JSON output and the graph read these fields.
export interface ComponentFigures {
  id: string;
  inputRate: number;
  outputRate: number;
  capacity: number;
  utilization: number;
  p99Ms: number | null;
  memoryBytes: number;
  saturatesAtLoad: number | null;
}

export interface CapacityResult {
  load: number;
  components: ComponentFigures[];
  maxIngest: number | null;
  endToEndP99Ms: number | null;
  criticalPath: string[];
  memoryBytes: number;
}

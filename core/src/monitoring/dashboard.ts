// placeholder until the dashboard lands
import type { PipelineFacts } from "./model";
export function buildDashboard(facts: PipelineFacts): string { return JSON.stringify({ title: facts.settings.pipeline }, null, 2) + "\n"; }

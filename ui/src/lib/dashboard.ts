// The dashboard's decisions: each figure in words with its one-line explanation and the
// page it opens, and the findings-over-time series for the chart.

import type { Dashboard } from "../bindings/Dashboard";
import type { PathCoverage } from "../bindings/PathCoverage";

export type { Dashboard, PathCoverage };

/** The dashboard's commands (src-tauri: dashboard, escalation_coverage). */
export interface DashboardBackend {
  dashboard(at: string | null): Promise<Dashboard>;
  escalations(at: string | null): Promise<PathCoverage[]>;
}

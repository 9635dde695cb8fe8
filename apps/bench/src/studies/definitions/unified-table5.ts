/**
 * `unified-table5` (papers/000, Table 5): convergence and stability under full and quasi (partial)
 * separation at J = 50, σ² = 1.5: % clusters perfectly predicted, average max |β̂|, % blow-up (|β̂| > 20 or
 * no convergence within 100 iterations), % converged, median seconds per replication.
 */
import { unifiedTable5Report } from "../report/unified-table5-report.js";
import type { StudyDefinition } from "../study-definition.js";
import { UNIFIED_COLUMNS, UNIFIED_SIZES } from "./unified-columns.js";

export const unifiedTable5Study: StudyDefinition = {
  name: "unified-table5",
  summary: "entropy paper Table 5: perfect prediction, max |beta|, blow-up, convergence under separation",
  source: "Al-Ameri et al. (papers/000), Table 5; published.json entropy_unified_paper_table5",
  design: "unified",
  cells: [
    { J: 50, sigma2: 1.5, sizes: UNIFIED_SIZES, variant: "full_separation" },
    { J: 50, sigma2: 1.5, sizes: UNIFIED_SIZES, variant: "partial_separation" },
  ],
  estimators: UNIFIED_COLUMNS,
  defaultReplications: 1000,
  defaultSeed: "1",
  report: unifiedTable5Report,
};

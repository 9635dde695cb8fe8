/**
 * `unified-table4` (papers/000, Table 4): MSE and 95 % coverage of β0 and of the cell's named coefficient
 * in the base (J = 50, σ² = 1.5), full-separation (J = 30, σ² = 0.5) and rare-events 2 % (J = 100, σ² = 4)
 * cells, for ML, ridge, MCMC and entropy (empirical-Bayes λ).
 */
import { unifiedTable4Report } from "../report/unified-table4-report.js";
import type { StudyDefinition } from "../study-definition.js";
import { UNIFIED_COLUMNS, UNIFIED_SIZES } from "./unified-columns.js";

export const unifiedTable4Study: StudyDefinition = {
  name: "unified-table4",
  summary: "entropy paper Table 4: MSE and 95% coverage in the base, full-separation and rare-events cells",
  source: "Al-Ameri et al. (papers/000), Table 4; published.json entropy_unified_paper_table4",
  design: "unified",
  cells: [
    { J: 50, sigma2: 1.5, sizes: UNIFIED_SIZES, variant: "base" },
    { J: 30, sigma2: 0.5, sizes: UNIFIED_SIZES, variant: "full_separation" },
    { J: 100, sigma2: 4, sizes: UNIFIED_SIZES, variant: "rare_2pct" },
  ],
  estimators: UNIFIED_COLUMNS,
  defaultReplications: 1000,
  defaultSeed: "1",
  report: unifiedTable4Report,
};

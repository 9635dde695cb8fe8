/**
 * `booth-hobert` (papers/004, §4.1, Figure 1): 10 clusters × 15, x_ij = j/15, no intercept, β = 5,
 * σ² = 0.5; 100 data sets; boxplots of β̂ and log σ̂ per method, and the bias/RMSE table the paper does
 * not print.
 */
import { stochasticStudyReport } from "../report/stochastic-study-report.js";
import type { StudyDefinition } from "../study-definition.js";
import { stochasticColumns } from "./stochastic-columns.js";

export const boothHobertStudy: StudyDefinition = {
  name: "booth-hobert",
  summary: "IMSA paper Figure 1: Booth-Hobert model, ml / imsa / imsa-log / scoresa-1..6, 100 data sets",
  source: "Song & Tan (papers/004), section 4.1, Figure 1; published.json imsa_paper.booth_hobert",
  design: "booth-hobert",
  cells: [{}],
  estimators: stochasticColumns(2000),
  defaultReplications: 100,
  defaultSeed: "1",
  report: (input) => stochasticStudyReport(input, { name: "booth-hobert", figure: "Figure 1" }),
};

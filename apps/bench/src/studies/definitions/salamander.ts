/**
 * `salamander` (papers/004, §4.2, Figure 2): the salamander mating design with crossed female and male
 * effects at Booth and Hobert's MLE (β = (1.03, 0.32, −1.95, 0.99), σ²_f = 1.4, σ²_m = 1.25); 100 data
 * sets; boxplots per method and the bias/RMSE table. The stochastic methods run 4 000 iterations here.
 */
import { stochasticStudyReport } from "../report/stochastic-study-report.js";
import type { StudyDefinition } from "../study-definition.js";
import { stochasticColumns } from "./stochastic-columns.js";

export const salamanderStudy: StudyDefinition = {
  name: "salamander",
  summary: "IMSA paper Figure 2: salamander mating (crossed), ml / imsa / imsa-log / scoresa-1..6, 100 data sets",
  source: "Song & Tan (papers/004), section 4.2, Figure 2; published.json imsa_paper.salamander",
  design: "salamander",
  cells: [{}],
  estimators: stochasticColumns(4000),
  defaultReplications: 100,
  defaultSeed: "1",
  report: (input) => stochasticStudyReport(input, { name: "salamander", figure: "Figure 2" }),
};

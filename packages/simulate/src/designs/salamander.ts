/**
 * `salamander`: the salamander mating model with crossed random effects, as simulated in Song & Tan
 * (2022), "Imputation Maximization Stochastic Approximation …", §4.2 (../shared/papers/004_…): on the
 * 360 observed female × male pairs,
 *     logit P(y_ij = 1) = x_ijᵀβ + u_i^F + u_j^M,  u^F ~ N(0, σ²_F), u^M ~ N(0, σ²_M),
 * with β the four cell means of the species cross, female type first (RR, RW, WR, WW; no intercept),
 * β = (1.03, 0.32, −1.95, 0.99), σ²_F = 1.40, σ²_M = 1.25 — Booth & Hobert's (1999) ML estimates.
 */
import { columnTexts, parseCsv } from "@glmmkit/core";
import { fixedDesignGenerator, type SimulationDesign } from "../design.js";
import { parametersFromNames } from "../named-parameters.js";
import { createSimulatedTable, textColumn } from "../simulated-table.js";
import { prepareModel } from "../simulation-model.js";
import { SALAMANDER_CSV } from "./salamander-data.js";

const FORMULA = "Mate ~ 0 + Cross + (1 | Female) + (1 | Male)";
const BETA = { CrossRR: 1.03, CrossRW: 0.32, CrossWR: -1.95, CrossWW: 0.99 };
const SIGMA2_FEMALE = 1.4;
const SIGMA2_MALE = 1.25;

export const salamanderDesign: SimulationDesign = {
  name: "salamander",
  summary: "salamander mating: 360 observed female x male pairs, four cross means, crossed (1 | Female) + (1 | Male)",
  description: [
    "The 360 observed pairs of lme4's salamander data (60 females crossed with 60 males; a copy ships with this package).",
    "logit P(Mate = 1) = beta_Cross + u_Female + u_Male; Cross = female type then male type (RR, RW, WR, WW), no intercept.",
    "Truth (Booth & Hobert 1999 ML estimates): beta = (1.03, 0.32, -1.95, 0.99), sigma^2_Female = 1.40, sigma^2_Male = 1.25.",
    `Columns as in salamander.csv, Mate simulated; fit with --formula "${FORMULA}" (crossed terms: needs a fitter that takes several terms).`,
    "Source: Song & Tan (2022), IMSA, section 4.2.",
  ],
  cellKeys: [],
  prepare() {
    const data = parseCsv(SALAMANDER_CSV, "salamander design");
    const rows = createSimulatedTable(data.columnNames.map((name) => textColumn(name, columnTexts(data.column(name)))));
    const model = prepareModel(rows, {
      formula: FORMULA,
      parameters: (frame) =>
        parametersFromNames(frame, { beta: BETA, sd: { Female: Math.sqrt(SIGMA2_FEMALE), Male: Math.sqrt(SIGMA2_MALE) } }),
    });
    return fixedDesignGenerator(model);
  },
};
